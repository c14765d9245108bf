// "Insights for any trail": per-API per-minute baselines and the minutes that stand out from them.
//
// CloudTrail Insights is paid, opt-in and its detection model is not published, so this is an
// approximation with a rule of our own (see UNUSUAL RULE below), not a reproduction of AWS's output.
//
//   rows ──▶ (series, minute) entries ──▶ per series: sorted distinct minutes + counts (sparse)
//        ──▶ one sweep in time order with a trailing 7-day window ──▶ unusual minutes ──▶ anomalies
//
// Series are sparse (distinct minutes with their counts), never a dense minute array per series:
// a month of data is 43,200 minutes, and a trail can hold thousands of APIs and error codes. Only
// minutes with at least MIN_COUNT events can be unusual, so only those are tested; the window sums
// come from prefix sums over the sparse entries (a minute with no events adds nothing to a sum).
//
// UNUSUAL RULE. For minute t of a series with count k, let the window be [t − 7 days, t) cut to the
// loaded time span (n minutes, n < 7 days when less data precedes t), λ = max(mean of the window,
// RATE_FLOOR) and φ = max(1, variance / max(mean, RATE_FLOOR)) of the window's per-minute counts.
// The minute is unusual when
//   k ≥ MIN_COUNT, at least WARMUP_MINUTES of loaded data precede it, and
//   P(X ≥ k/φ | X ~ Poisson(λ/φ)) < P_THRESHOLD        (Poisson tail, regularized gamma, log space).
// With φ = 1 this is the plain Poisson test against the 7-day average. φ is the quasi-Poisson
// dispersion: real API traffic follows office hours, so a flat 7-day average is far below every
// weekday afternoon, and a plain Poisson test alarms on each busy hour of each busy API. Scaling
// by φ keeps the test honest for rhythmic APIs and leaves steady or rare ones at plain Poisson.
// The mean (and the reported baseline) is the raw average, as AWS describes its own; the spread
// leaves out minutes already judged unusual (they count as an average minute), otherwise one burst
// would inflate φ and hide the next burst of the same API for a week.
// Unusual minutes at most MAX_GAP_MINUTES quiet minutes apart merge into one anomaly.

import { FLAG_MANAGEMENT, FLAG_WRITE } from "../ingest/chunk";
import type { EventStore } from "./eventStore";

export interface BaselineInput {
  rows: number;
  /** ms since epoch; NaN = no time (the row is ignored). */
  time: Float64Array;
  eventSource: Uint32Array;
  eventName: Uint32Array;
  /** id 0 = no error. */
  errorCode: Uint32Array;
  /** FLAG_* from ../ingest/chunk. */
  flags: Uint8Array;
  eventSourceDict: readonly string[];
  eventNameDict: readonly string[];
  errorCodeDict: readonly string[];
}

export type AnomalyKind = "call-rate" | "error-rate";

export interface Anomaly {
  kind: AnomalyKind;
  eventSource: string;
  eventName: string;
  /** "" for call rate. */
  errorCode: string;
  /** ms since epoch, start of the first unusual minute. */
  start: number;
  /** From the first to the last unusual minute, quiet minutes in between included. */
  minutes: number;
  /** Events per minute over the window before `start`. */
  baselineAverage: number;
  /** Events per minute over the anomaly. */
  observedAverage: number;
  /** Most events in one minute of the anomaly. */
  peak: number;
  /** −log10 of the smallest tail probability of the anomaly's minutes, at most SCORE_CAP. */
  score: number;
  /** Minutes of loaded data the baseline was averaged over (WINDOW_MINUTES when the window was full). */
  baselineMinutes: number;
}

export interface AnomalyResult {
  /** Highest score first. */
  anomalies: Anomaly[];
  /**
   * True when the loaded data spans more than the window and every anomaly's baseline covered the
   * whole window; false says some judgement (or, with no anomalies, the data) had less than 7 days.
   */
  fullWindow: boolean;
  /** Distinct series seen (call-rate APIs plus error-rate API × error code pairs). */
  series: number;
  /** Minutes from the first to the last loaded minute, inclusive (0 when no row has a time). */
  spanMinutes: number;
}

export interface ApiRate {
  /** ms since epoch of each minute's start. */
  minutes: Float64Array;
  counts: Uint32Array;
  /** Events per minute over the window before each minute; NaN when no loaded data precedes it. */
  baseline: Float64Array;
}

export interface BaselineOptions {
  minCount: number;
  pThreshold: number;
  rateFloor: number;
  warmupMinutes: number;
  windowMinutes: number;
  maxGapMinutes: number;
  scoreCap: number;
}

export const MINUTE_MS = 60_000;

/** 7 days, the window AWS states for its own baselines. */
export const WINDOW_MINUTES = 7 * 24 * 60;

/**
 * A minute needs at least this many events to be unusual: an API called a handful of times a
 * month would otherwise alarm whenever someone uses it twice in a minute.
 */
export const MIN_COUNT = 5;

/**
 * One in a million per tested minute. A week of one busy API is ~10,000 minutes, a trail has tens
 * to hundreds of series, so noise alone yields well under one false anomaly per loaded week.
 */
export const P_THRESHOLD = 1e-6;

/**
 * λ never goes below 0.1 per minute (6 an hour): a rare API's average is mostly noise, and an API
 * never seen before would otherwise have λ = 0 and alarm on anything. With MIN_COUNT = 5 a new API
 * called 5 times in one minute is still unusual (P ≈ 8e-8).
 */
export const RATE_FLOOR = 0.1;

/**
 * A full day of data before anything alarms. A baseline that has not seen a whole day cannot know
 * office hours: data loaded from midnight would alarm on every busy API at 9 o'clock. (AWS, too,
 * takes up to 36 hours after Insights is enabled before it reports anything.)
 */
export const WARMUP_MINUTES = 24 * 60;

/** Up to 2 quiet minutes inside a burst keep it one anomaly. */
export const MAX_GAP_MINUTES = 2;

/** Scores stay readable (−log10 of 1e-300) and comparable; beyond this a burst is simply huge. */
export const SCORE_CAP = 300;

export const DEFAULT_BASELINE_OPTIONS: Readonly<BaselineOptions> = {
  minCount: MIN_COUNT,
  pThreshold: P_THRESHOLD,
  rateFloor: RATE_FLOOR,
  warmupMinutes: WARMUP_MINUTES,
  windowMinutes: WINDOW_MINUTES,
  maxGapMinutes: MAX_GAP_MINUTES,
  scoreCap: SCORE_CAP,
};

const WRITE_MANAGEMENT = FLAG_WRITE | FLAG_MANAGEMENT;

// ---------------------------------------------------------------------------------------------
// Poisson tail

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln of the leading term of the series for P(a, x): the tail is at least this large, so when it
 * is already above a threshold the full series need not be summed.
 */
function logSeriesLead(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a + 1);
}

/**
 * ln P(a, x), the regularized lower incomplete gamma function. For integer k,
 * P(X ≥ k | X ~ Poisson(λ)) = P(k, λ); the gamma form also gives the tail at a non-integer
 * k, which the dispersion-scaled test needs.
 */
export function logRegularizedGammaP(a: number, x: number): number {
  if (!(a > 0)) return 0;
  if (!(x > 0)) return -Infinity;
  if (x < a + 1) {
    // Series: P = x^a e^-x / Γ(a+1) · Σ x^n / ((a+1)…(a+n)); terms shrink by x/(a+n) < 1.
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return logSeriesLead(a, x) + Math.log(sum);
  }
  // Continued fraction for Q = 1 − P (modified Lentz); here P ≥ ~0.5, so log1p(−Q) is exact enough.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const logQ = a * Math.log(x) - x - logGamma(a) + Math.log(h);
  return Math.log1p(-Math.exp(logQ));
}

/** ln P(X ≥ k) for X ~ Poisson(λ); k may be non-integer (gamma continuation). */
export function logPoissonUpperTail(k: number, lambda: number): number {
  return logRegularizedGammaP(k, lambda);
}

/** P(X ≥ k) for X ~ Poisson(λ). Underflows to 0 far out in the tail: use logPoissonUpperTail. */
export function poissonUpperTail(k: number, lambda: number): number {
  return Math.exp(logPoissonUpperTail(k, lambda));
}

// ---------------------------------------------------------------------------------------------
// Shared scanning

interface Span {
  /** First and last loaded minute (minutes since epoch); first > last when nothing has a time. */
  first: number;
  last: number;
}

function loadedSpan(input: BaselineInput): Span {
  const { rows, time } = input;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < rows; r++) {
    const t = time[r]!;
    if (!Number.isFinite(t)) continue;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  if (lo > hi) return { first: 0, last: -1 };
  return { first: Math.floor(lo / MINUTE_MS), last: Math.floor(hi / MINUTE_MS) };
}

/** Minutes of [t − window, t) that lie inside the loaded span. */
function windowMinutesAt(t: number, span: Span, window: number): number {
  return Math.max(0, Math.min(t, span.last + 1) - Math.max(t - window, span.first));
}

function resolveOptions(options: Partial<BaselineOptions> | undefined): BaselineOptions {
  return { ...DEFAULT_BASELINE_OPTIONS, ...options };
}

// ---------------------------------------------------------------------------------------------
// Anomalies

interface SeriesInfo {
  kind: AnomalyKind;
  source: number;
  name: number;
  error: number;
  total: number;
}

/** Reused between series so the sweep allocates per call, not per series. */
interface Scratch {
  mins: Int32Array;
  counts: Int32Array;
  /** Prefix sums over the sparse entries: raw counts, and the cleaned counts and squares. */
  sum: Float64Array;
  cleanSum: Float64Array;
  cleanSq: Float64Array;
}

function makeScratch(size: number): Scratch {
  return {
    mins: new Int32Array(size),
    counts: new Int32Array(size),
    sum: new Float64Array(size + 1),
    cleanSum: new Float64Array(size + 1),
    cleanSq: new Float64Array(size + 1),
  };
}

export function computeAnomalies(
  input: BaselineInput,
  options?: Partial<BaselineOptions>,
): AnomalyResult {
  const opt = resolveOptions(options);
  const span = loadedSpan(input);
  const spanMinutes = span.last >= span.first ? span.last - span.first + 1 : 0;
  const { rows, time, eventSource, eventName, errorCode, flags } = input;

  // Series keys are numbers built from dictionary ids; the strides come from the ids actually
  // present so an id past its dictionary (a malformed store) still gets its own key.
  let maxName = 0;
  let maxError = 0;
  for (let r = 0; r < rows; r++) {
    if (eventName[r]! > maxName) maxName = eventName[r]!;
    if (errorCode[r]! > maxError) maxError = errorCode[r]!;
  }
  const nameStride = maxName + 1;
  const errorStride = maxError + 1;
  const errorKeysFit = Number.isSafeInteger(2 ** 32 * nameStride * errorStride);

  const callIndex = new Map<number, number>();
  const errorIndex = new Map<number | string, number>();
  const series: SeriesInfo[] = [];
  // One entry per (row, series) pair: a failed write management call is in both kinds.
  let entrySeries = new Int32Array(Math.max(16, rows));
  let entryMinute = new Int32Array(entrySeries.length);
  let entries = 0;

  const push = (s: number, minute: number): void => {
    if (entries === entrySeries.length) {
      const grownSeries = new Int32Array(entries * 2);
      grownSeries.set(entrySeries);
      entrySeries = grownSeries;
      const grownMinute = new Int32Array(entries * 2);
      grownMinute.set(entryMinute);
      entryMinute = grownMinute;
    }
    entrySeries[entries] = s;
    entryMinute[entries] = minute;
    entries++;
    series[s]!.total++;
  };

  for (let r = 0; r < rows; r++) {
    const f = flags[r]!;
    if ((f & FLAG_MANAGEMENT) === 0) continue;
    const t = time[r]!;
    if (!Number.isFinite(t)) continue;
    const minute = Math.floor(t / MINUTE_MS);
    const source = eventSource[r]!;
    const name = eventName[r]!;
    const apiKey = source * nameStride + name;
    if ((f & WRITE_MANAGEMENT) === WRITE_MANAGEMENT) {
      let s = callIndex.get(apiKey);
      if (s === undefined) {
        s = series.length;
        callIndex.set(apiKey, s);
        series.push({ kind: "call-rate", source, name, error: 0, total: 0 });
      }
      push(s, minute);
    }
    const error = errorCode[r]!;
    if (error !== 0) {
      const key = errorKeysFit ? apiKey * errorStride + error : `${apiKey}:${error}`;
      let s = errorIndex.get(key);
      if (s === undefined) {
        s = series.length;
        errorIndex.set(key, s);
        series.push({ kind: "error-rate", source, name, error, total: 0 });
      }
      push(s, minute);
    }
  }

  // Counting sort of the entries by series; series too small to ever reach MIN_COUNT are dropped.
  const offsets = new Int32Array(series.length + 1);
  let largest = 0;
  for (let s = 0; s < series.length; s++) {
    const total = series[s]!.total;
    offsets[s + 1] = offsets[s]! + (total >= opt.minCount ? total : 0);
    if (total > largest) largest = total;
  }
  const sorted = new Int32Array(offsets[series.length]!);
  const fill = offsets.slice(0, series.length);
  for (let e = 0; e < entries; e++) {
    const s = entrySeries[e]!;
    if (series[s]!.total < opt.minCount) continue;
    sorted[fill[s]!++] = entryMinute[e]!;
  }

  const scratch = makeScratch(largest);
  const anomalies: Anomaly[] = [];
  for (let s = 0; s < series.length; s++) {
    const from = offsets[s]!;
    const to = offsets[s + 1]!;
    if (to - from < opt.minCount) continue;
    // In place on purpose: `sorted` is scratch, and a copy per series would double the memory.
    // oxlint-disable-next-line unicorn/no-array-sort
    const minutes = sorted.subarray(from, to).sort();
    sweepSeries(input, series[s]!, minutes, span, opt, scratch, anomalies);
  }

  anomalies.sort(compareAnomalies);
  const fullWindow =
    spanMinutes > opt.windowMinutes &&
    anomalies.every((a) => a.baselineMinutes >= opt.windowMinutes);
  return { anomalies, fullWindow, series: series.length, spanMinutes };
}

function sweepSeries(
  input: BaselineInput,
  info: SeriesInfo,
  sortedMinutes: Int32Array,
  span: Span,
  opt: BaselineOptions,
  scratch: Scratch,
  out: Anomaly[],
): void {
  const { mins, counts, sum, cleanSum, cleanSq } = scratch;
  // Run-length: distinct minutes with their counts.
  let n = 0;
  let peak = 0;
  for (let i = 0; i < sortedMinutes.length; i++) {
    const m = sortedMinutes[i]!;
    if (n > 0 && mins[n - 1] === m) {
      counts[n - 1]!++;
    } else {
      mins[n] = m;
      counts[n] = 1;
      n++;
    }
    if (counts[n - 1]! > peak) peak = counts[n - 1]!;
  }
  if (peak < opt.minCount) return;

  const logThreshold = Math.log(opt.pThreshold);
  const window = opt.windowMinutes;
  const warmupEnd = span.first + opt.warmupMinutes;
  sum[0] = 0;
  cleanSum[0] = 0;
  cleanSq[0] = 0;
  let lo = 0;

  // The anomaly being built: indices into the sparse entries.
  let runStart = -1;
  let runLast = -1;
  let runMinLogP = 0;
  let runBaseline = 0;
  let runBaselineMinutes = 0;

  const closeRun = (): void => {
    if (runStart < 0) return;
    const startMinute = mins[runStart]!;
    const length = mins[runLast]! - startMinute + 1;
    let runPeak = 0;
    for (let j = runStart; j <= runLast; j++) if (counts[j]! > runPeak) runPeak = counts[j]!;
    out.push({
      kind: info.kind,
      eventSource: input.eventSourceDict[info.source] ?? "",
      eventName: input.eventNameDict[info.name] ?? "",
      errorCode: info.kind === "error-rate" ? (input.errorCodeDict[info.error] ?? "") : "",
      start: startMinute * MINUTE_MS,
      minutes: length,
      baselineAverage: runBaseline,
      observedAverage: (sum[runLast + 1]! - sum[runStart]!) / length,
      peak: runPeak,
      score: Math.min(opt.scoreCap, -runMinLogP / Math.LN10),
      baselineMinutes: runBaselineMinutes,
    });
    runStart = -1;
  };

  for (let i = 0; i < n; i++) {
    const m = mins[i]!;
    const k = counts[i]!;
    let unusual = false;
    let mean = 0;
    let cleanMean = 0;
    let logP = 0;
    let windowMinutes = 0;
    if (k >= opt.minCount && m >= warmupEnd) {
      while (mins[lo]! < m - window) lo++;
      windowMinutes = windowMinutesAt(m, span, window);
      if (windowMinutes > 0) {
        mean = (sum[i]! - sum[lo]!) / windowMinutes;
        cleanMean = (cleanSum[i]! - cleanSum[lo]!) / windowMinutes;
        const variance = Math.max(0, (cleanSq[i]! - cleanSq[lo]!) / windowMinutes - cleanMean ** 2);
        const lambda = Math.max(mean, opt.rateFloor);
        const phi = Math.max(1, variance / Math.max(cleanMean, opt.rateFloor));
        const a = k / phi;
        const x = lambda / phi;
        // The series' first term bounds the tail from below: most minutes stop here.
        if (logSeriesLead(a, x) < logThreshold) {
          logP = logRegularizedGammaP(a, x);
          unusual = logP < logThreshold;
        }
      }
    }
    sum[i + 1] = sum[i]! + k;
    const clean = unusual ? cleanMean : k;
    cleanSum[i + 1] = cleanSum[i]! + clean;
    cleanSq[i + 1] = cleanSq[i]! + clean * clean;

    if (!unusual) continue;
    if (runStart >= 0 && m - mins[runLast]! - 1 > opt.maxGapMinutes) closeRun();
    if (runStart < 0) {
      runStart = i;
      runMinLogP = logP;
      runBaseline = mean;
      runBaselineMinutes = windowMinutes;
    }
    runLast = i;
    if (logP < runMinLogP) runMinLogP = logP;
  }
  closeRun();
}

function compareAnomalies(a: Anomaly, b: Anomaly): number {
  return (
    b.score - a.score ||
    b.peak - a.peak ||
    a.start - b.start ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.eventSource, b.eventSource) ||
    compareStrings(a.eventName, b.eventName) ||
    compareStrings(a.errorCode, b.errorCode)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// One API's rate, for the chart

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

/** Ids whose string equals `value` (a merged dictionary should hold it once; this does not assume so). */
function idsOf(dict: readonly string[], value: string): Set<number> {
  const ids = new Set<number>();
  for (let i = 0; i < dict.length; i++) if (dict[i] === value) ids.add(i);
  return ids;
}

/** The store's columns as computeAnomalies and apiRate read them; no copy. */
export function baselineInputOf(store: EventStore): BaselineInput {
  return {
    rows: store.rows,
    time: store.time,
    eventSource: store.column("eventSource"),
    eventName: store.column("eventName"),
    errorCode: store.column("errorCode"),
    flags: store.flags,
    eventSourceDict: store.dict("eventSource").values(),
    eventNameDict: store.dict("eventName").values(),
    errorCodeDict: store.dict("errorCode").values(),
  };
}
