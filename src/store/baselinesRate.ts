// One series' per-minute rate around a window, with the baseline of each minute beneath it and
// how much of that baseline's window its account and region had data in: the chart's data.

import { FLAG_MANAGEMENT } from "../ingest/chunk";
import {
  type ApiRate,
  type BaselineInput,
  type BaselineOptions,
  COVERAGE_BUCKET_MINUTES,
  hasUsableTime,
  idsOf,
  meetsRule,
  MINUTE_MS,
  type RateKey,
  resolveOptions,
  windowBuckets,
  WRITE_MANAGEMENT,
} from "./baselinesCommon";

/**
 * Per-minute counts of one series over [from, to) (ms, widened to whole minutes) with the
 * baseline of each minute beneath, as computeAnomalies judges it: the account and region's
 * write management calls of the API (call rate), or its management calls failing with the code
 * (error rate).
 */
export function apiRate(
  input: BaselineInput,
  key: RateKey,
  from: number,
  to: number,
  options?: Partial<BaselineOptions>,
): ApiRate {
  const opt = resolveOptions(options);
  const window = opt.windowMinutes;
  const buckets = windowBuckets(opt);
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
    coverage: new Float64Array(length),
    judged: new Uint8Array(length),
  };
  for (let i = 0; i < length; i++) out.minutes[i] = (first + i) * MINUTE_MS;

  const isError = key.errorCode !== null && key.errorCode !== "";
  const accounts = key.account === null ? null : idsOf(input.accountDict, key.account);
  const regions = key.awsRegion === null ? null : idsOf(input.awsRegionDict, key.awsRegion);
  const sources = idsOf(input.eventSourceDict, key.eventSource);
  const names = idsOf(input.eventNameDict, key.eventName);
  const errors = isError ? idsOf(input.errorCodeDict, key.errorCode!) : null;

  // Dense over [first − window, end): enough to give every charted minute its full window; the
  // scope's events per clock hour over the same stretch, for coverage.
  const denseFirst = first - window;
  const dense = new Uint32Array(end - denseFirst);
  const firstHour = Math.floor(first / COVERAGE_BUCKET_MINUTES) - buckets;
  const hourly = new Float64Array(Math.floor((end - 1) / COVERAGE_BUCKET_MINUTES) - firstHour + 1);
  let scopeFirst = Infinity;
  const { rows, time, flags } = input;
  for (let r = 0; r < rows; r++) {
    const t = time[r]!;
    if (!hasUsableTime(t)) continue;
    if (accounts !== null && !accounts.has(input.account[r]!)) continue;
    if (regions !== null && !regions.has(input.awsRegion[r]!)) continue;
    const minute = Math.floor(t / MINUTE_MS);
    if (minute < scopeFirst) scopeFirst = minute;
    const hour = Math.floor(minute / COVERAGE_BUCKET_MINUTES) - firstHour;
    if (hour >= 0 && hour < hourly.length) hourly[hour]!++;
    const f = flags[r]!;
    if (isError) {
      if ((f & FLAG_MANAGEMENT) === 0 || !errors!.has(input.errorCode[r]!)) continue;
    } else if ((f & WRITE_MANAGEMENT) !== WRITE_MANAGEMENT) continue;
    if (!sources.has(input.eventSource[r]!) || !names.has(input.eventName[r]!)) continue;
    const slot = minute - denseFirst;
    if (slot >= 0 && slot < dense.length) dense[slot]!++;
  }

  let windowSum = 0;
  for (let i = 0; i < window; i++) windowSum += dense[i]!;
  for (let i = 0; i < length; i++) {
    const minute = first + i;
    const slot = i + window;
    out.counts[i] = dense[slot]!;
    const windowMinutes = minute - Math.max(minute - window, scopeFirst);
    out.baseline[i] = windowMinutes > 0 ? windowSum / windowMinutes : NaN;
    windowSum += dense[slot]! - dense[i]!;
  }

  // Coverage per charted hour: a sliding count of the hours with events and of their events.
  const hourOf = (i: number) => Math.floor((first + i) / COVERAGE_BUCKET_MINUTES) - firstHour;
  let covered = 0;
  let events = 0;
  for (let h = 0; h < buckets && h < hourly.length; h++) {
    if (hourly[h]! > 0) covered++;
    events += hourly[h]!;
  }
  let at = buckets; // the window [at − buckets, at) in hourly
  for (let i = 0; i < length; i++) {
    const hour = hourOf(i);
    while (at < hour) {
      if (hourly[at]! > 0) covered++;
      events += hourly[at]!;
      if (hourly[at - buckets]! > 0) covered--;
      events -= hourly[at - buckets]!;
      at++;
    }
    out.coverage[i] = covered / buckets;
    out.judged[i] = meetsRule(covered / buckets, events, opt) ? 1 : 0;
  }
  return out;
}
