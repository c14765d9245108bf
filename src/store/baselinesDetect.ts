// The anomaly detector: every series (account × region × API, and × error code for error rate)
// swept once in time order against its trailing window, raised only where its account and region
// had enough data in that window (BASELINE_RULE). The model is described in baselines.ts.

import { FLAG_MANAGEMENT } from "../ingest/chunk";
import {
  type Anomaly,
  type AnomalyKind,
  type AnomalyResult,
  type BaselineInput,
  type BaselineOptions,
  meetsRule,
  MINUTE_MS,
  resolveOptions,
  windowBuckets,
  WRITE_MANAGEMENT,
} from "./baselinesCommon";
import { coverageAt, type Scopes, scopesOf } from "./baselinesCoverage";
import { logRegularizedGammaP, logSeriesLead } from "./baselinesGamma";

interface SeriesInfo {
  kind: AnomalyKind;
  scope: number;
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

/** What the sweeps share: the input, the scopes, the options and what they report. */
interface Sweep {
  input: BaselineInput;
  scopes: Scopes;
  opt: BaselineOptions;
  buckets: number;
  scratch: Scratch;
  out: Anomaly[];
  withheld: number;
  /** Per scope, 1 when it holds a withheld stretch. */
  withheldIn: Uint8Array;
}

export function computeAnomalies(
  input: BaselineInput,
  options?: Partial<BaselineOptions>,
): AnomalyResult {
  const opt = resolveOptions(options);
  const scopes = scopesOf(input);
  const spanMinutes =
    scopes.spanLast >= scopes.spanFirst ? scopes.spanLast - scopes.spanFirst + 1 : 0;
  const { rows, time, eventSource, eventName, errorCode, flags } = input;
  const { rowScope } = scopes;

  // Series keys are numbers built from the scope and dictionary ids; the strides come from the ids
  // actually present so an id past its dictionary (a malformed store) still gets its own key.
  let maxSource = 0;
  let maxName = 0;
  let maxError = 0;
  for (let r = 0; r < rows; r++) {
    if (eventSource[r]! > maxSource) maxSource = eventSource[r]!;
    if (eventName[r]! > maxName) maxName = eventName[r]!;
    if (errorCode[r]! > maxError) maxError = errorCode[r]!;
  }
  const nameStride = maxName + 1;
  const apiStride = (maxSource + 1) * nameStride;
  const errorStride = maxError + 1;
  const numericKeys = Number.isSafeInteger((scopes.count + 1) * apiStride * errorStride);

  const callIndex = new Map<number | string, number>();
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
    const scope = rowScope[r]!;
    if (scope < 0) continue;
    const minute = Math.floor(time[r]! / MINUTE_MS);
    const source = eventSource[r]!;
    const name = eventName[r]!;
    const scopedApi = scope * apiStride + source * nameStride + name;
    if ((f & WRITE_MANAGEMENT) === WRITE_MANAGEMENT) {
      const key = numericKeys ? scopedApi : `${scope}:${source}:${name}`;
      let s = callIndex.get(key);
      if (s === undefined) {
        s = series.length;
        callIndex.set(key, s);
        series.push({ kind: "call-rate", scope, source, name, error: 0, total: 0 });
      }
      push(s, minute);
    }
    const error = errorCode[r]!;
    if (error !== 0) {
      const key = numericKeys
        ? scopedApi * errorStride + error
        : `${scope}:${source}:${name}:${error}`;
      let s = errorIndex.get(key);
      if (s === undefined) {
        s = series.length;
        errorIndex.set(key, s);
        series.push({ kind: "error-rate", scope, source, name, error, total: 0 });
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

  const sweep: Sweep = {
    input,
    scopes,
    opt,
    buckets: windowBuckets(opt),
    scratch: makeScratch(largest),
    out: [],
    withheld: 0,
    withheldIn: new Uint8Array(scopes.count),
  };
  for (let s = 0; s < series.length; s++) {
    const from = offsets[s]!;
    const to = offsets[s + 1]!;
    if (to - from < opt.minCount) continue;
    // In place on purpose: `sorted` is scratch, and a copy per series would double the memory.
    // oxlint-disable-next-line unicorn/no-array-sort
    const minutes = sorted.subarray(from, to).sort();
    sweepSeries(sweep, series[s]!, minutes);
  }

  const anomalies = sweep.out.sort(compareAnomalies);
  let withheldScopes = 0;
  for (let s = 0; s < scopes.count; s++) withheldScopes += sweep.withheldIn[s]!;
  return {
    anomalies,
    withheld: sweep.withheld,
    withheldScopes,
    series: series.length,
    scopes: scopes.count,
    spanMinutes,
  };
}

function sweepSeries(sweep: Sweep, info: SeriesInfo, sortedMinutes: Int32Array): void {
  const { input, scopes, opt, buckets, out } = sweep;
  const { mins, counts, sum, cleanSum, cleanSq } = sweep.scratch;
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
  // The window never reaches before the scope's own first event: an account and region loaded
  // from Tuesday has no Monday, and averaging Monday in as zeros would understate its baseline.
  const scopeFirst = scopes.first[info.scope]!;
  sum[0] = 0;
  cleanSum[0] = 0;
  cleanSq[0] = 0;
  let lo = 0;
  let lastWithheld = -Infinity;

  // The anomaly being built: indices into the sparse entries.
  let runStart = -1;
  let runLast = -1;
  let runMinLogP = 0;
  let runBaseline = 0;
  let runBaselineMinutes = 0;
  let runCoverage = 0;
  let runEvents = 0;

  const closeRun = (): void => {
    if (runStart < 0) return;
    const startMinute = mins[runStart]!;
    const length = mins[runLast]! - startMinute + 1;
    let runPeak = 0;
    for (let j = runStart; j <= runLast; j++) if (counts[j]! > runPeak) runPeak = counts[j]!;
    out.push({
      kind: info.kind,
      account: input.accountDict[scopes.account[info.scope]!] ?? "",
      awsRegion: input.awsRegionDict[scopes.region[info.scope]!] ?? "",
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
      coverage: runCoverage,
      baselineEvents: runEvents,
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
    if (k >= opt.minCount) {
      while (mins[lo]! < m - window) lo++;
      windowMinutes = m - Math.max(m - window, scopeFirst);
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
    // A minute that stands out from a window too thin to judge is withheld, not raised, and
    // counts in the spread as it is (as minutes did before anything could be judged).
    let coverage = 0;
    let events = 0;
    if (unusual) {
      ({ coverage, events } = coverageAt(scopes, info.scope, m, buckets));
      if (!meetsRule(coverage, events, opt)) {
        unusual = false;
        if (m - lastWithheld - 1 > opt.maxGapMinutes) sweep.withheld++;
        lastWithheld = m;
        sweep.withheldIn[info.scope] = 1;
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
      runCoverage = coverage;
      runEvents = events;
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
    compareStrings(a.account, b.account) ||
    compareStrings(a.awsRegion, b.awsRegion) ||
    compareStrings(a.eventSource, b.eventSource) ||
    compareStrings(a.eventName, b.eventName) ||
    compareStrings(a.errorCode, b.errorCode)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
