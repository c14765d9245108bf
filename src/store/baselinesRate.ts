// One API's per-minute rate around a window, with the baseline of each minute beneath it.

import { FLAG_MANAGEMENT } from "../ingest/chunk";
import {
  type ApiRate,
  type BaselineInput,
  type BaselineOptions,
  idsOf,
  loadedSpan,
  MINUTE_MS,
  resolveOptions,
  windowMinutesAt,
  WRITE_MANAGEMENT,
} from "./baselinesCommon";

/**
 * Per-minute counts of one API over [from, to) (ms, widened to whole minutes) with the baseline
 * of each minute beneath it. `errorCode` null (or "") is the call rate (write management calls);
 * a code is that code's error rate (management calls).
 */
export function apiRate(
  input: BaselineInput,
  eventSource: string,
  eventName: string,
  errorCode: string | null,
  from: number,
  to: number,
  options?: Partial<BaselineOptions>,
): ApiRate {
  const window = resolveOptions(options).windowMinutes;
  const first = Math.floor(from / MINUTE_MS);
  const end = Math.max(first, Math.ceil(to / MINUTE_MS));
  const length = end - first;
  if (!Number.isFinite(length) || length > 10_000_000) {
    throw new RangeError(`apiRate: ${length} minutes is too many to chart`);
  }
  const out: ApiRate = {
    minutes: new Float64Array(length),
    counts: new Uint32Array(length),
    baseline: new Float64Array(length),
  };
  for (let i = 0; i < length; i++) out.minutes[i] = (first + i) * MINUTE_MS;

  const span = loadedSpan(input);
  const isError = errorCode !== null && errorCode !== "";
  const sources = idsOf(input.eventSourceDict, eventSource);
  const names = idsOf(input.eventNameDict, eventName);
  const errors = isError ? idsOf(input.errorCodeDict, errorCode) : null;

  // Dense over [first − window, end): enough to give every charted minute its full window.
  const denseFirst = first - window;
  const dense = new Uint32Array(end - denseFirst);
  const { rows, time, flags } = input;
  for (let r = 0; r < rows; r++) {
    const f = flags[r]!;
    if (isError) {
      if ((f & FLAG_MANAGEMENT) === 0 || !errors!.has(input.errorCode[r]!)) continue;
    } else if ((f & WRITE_MANAGEMENT) !== WRITE_MANAGEMENT) continue;
    if (!sources.has(input.eventSource[r]!) || !names.has(input.eventName[r]!)) continue;
    const t = time[r]!;
    if (!Number.isFinite(t)) continue;
    const slot = Math.floor(t / MINUTE_MS) - denseFirst;
    if (slot >= 0 && slot < dense.length) dense[slot]!++;
  }

  let windowSum = 0;
  for (let i = 0; i < window; i++) windowSum += dense[i]!;
  for (let i = 0; i < length; i++) {
    const slot = i + window;
    out.counts[i] = dense[slot]!;
    const windowMinutes = windowMinutesAt(first + i, span, window);
    out.baseline[i] = windowMinutes > 0 ? windowSum / windowMinutes : NaN;
    windowSum += dense[slot]! - dense[i]!;
  }
  return out;
}
