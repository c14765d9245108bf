// The histogram: counts of a selection per time bucket, optionally stacked by a field, with the
// rows that carry an errorCode per bucket.
import type { DictField } from "../ingest/chunk";
import { runSteps } from "../lib/steps";
import type { IdColumn } from "./columns";
import { MISSING_ID } from "./dictionary";
import type { EventStore } from "./eventStore";

export interface Histogram {
  /** Start time of each bucket, ms since epoch. */
  buckets: Float64Array;
  /** One series per stack id, in the order given, then "other" (the only series when unstacked). */
  counts: Uint32Array[];
  /** Rows with an errorCode, per bucket. */
  errors: Uint32Array;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Bucket sizes the histogram uses, smallest first. Up to a day each divides the next; beyond, a
 * week, 30 days, 90 days and 365 days are fixed lengths (a "month" or a "year" of buckets), so that
 * years of data still get a few hundred bars at most.
 */
export const BUCKET_SIZES_MS: readonly number[] = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  7 * 24 * HOUR,
  30 * 24 * HOUR,
  90 * 24 * HOUR,
  365 * 24 * HOUR,
];

/** A guard against a bucket size that would allocate millions of bars. */
export const MAX_BUCKETS = 100_000;

/**
 * The smallest bucket size that gives at most about `target` buckets over [from, to) (up to 1.5×
 * target, so a week gets hourly bars rather than 3-hour ones). Past the largest size (centuries:
 * eventTime is whatever a record says), the smallest whole multiple of it that does, so the count
 * stays bounded whatever the span.
 */
export function chooseBucketMs(from: number, to: number, target = 120): number {
  const span = to - from;
  if (!(span > 0)) return BUCKET_SIZES_MS[0];
  const most = Math.max(1, target * 1.5);
  for (const size of BUCKET_SIZES_MS) if (span / size <= most) return size;
  const largest = BUCKET_SIZES_MS[BUCKET_SIZES_MS.length - 1];
  if (!Number.isFinite(span)) return largest;
  return largest * Math.ceil(span / most / largest);
}

/** Rows counted between two yields of histogramSteps: a few milliseconds at ten million rows. */
export const HISTOGRAM_STEP_ROWS = 1 << 16;

/**
 * Counts of `rows` per bucket of `bucketMs` from `from` (inclusive) to `to` (exclusive); rows
 * outside are ignored. Every bucket is present, empty ones as zeros, so bars line up with time.
 * With `stackField`/`stackIds`, series k counts rows whose stackField is stackIds[k] and the last
 * series counts the rest. `order` says that `rows` are sorted by time ("desc": newest first, or
 * "asc"), rows without a time last, as views sort them: each bucket is then a run of `rows` found by
 * binary search, and no row's time is read.
 */
export function histogram(
  store: EventStore,
  rows: Uint32Array,
  from: number,
  to: number,
  bucketMs: number,
  stackField?: DictField,
  stackIds?: number[],
  order: "asc" | "desc" | null = null,
): Histogram {
  return runSteps(histogramSteps(store, rows, from, to, bucketMs, stackField, stackIds, order));
}

/**
 * The histogram as steps: it yields after every `stepRows` rows counted (and marked, for a dense
 * selection), so that a large selection is counted in slices between which the page answers.
 * Reading a selection in time order reads the columns at random: at ten million rows, a
 * selection of millions takes more than a frame.
 */
export function* histogramSteps(
  store: EventStore,
  rows: Uint32Array,
  from: number,
  to: number,
  bucketMs: number,
  stackField?: DictField,
  stackIds?: number[],
  order: "asc" | "desc" | null = null,
  stepRows = HISTOGRAM_STEP_ROWS,
): Generator<void, Histogram> {
  const bucketCount = to > from && bucketMs > 0 ? Math.ceil((to - from) / bucketMs) : 0;
  if (bucketCount > MAX_BUCKETS) {
    throw new RangeError(
      `histogram: ${bucketCount} buckets of ${bucketMs} ms is more than ${MAX_BUCKETS}`,
    );
  }
  const buckets = new Float64Array(bucketCount);
  for (let b = 0; b < bucketCount; b++) buckets[b] = from + b * bucketMs;

  const stacked = stackField !== undefined && stackIds !== undefined;
  const seriesCount = stacked ? stackIds.length + 1 : 1;
  const counts: Uint32Array[] = [];
  for (let s = 0; s < seriesCount; s++) counts.push(new Uint32Array(bucketCount));
  const errors = new Uint32Array(bucketCount);
  if (bucketCount === 0) return { buckets, counts, errors };

  const other = seriesCount - 1;
  let seriesOf: Uint32Array | null = null;
  let stackColumn: IdColumn | null = null;
  if (stacked) {
    seriesOf = new Uint32Array(store.dict(stackField).size).fill(other);
    stackIds.forEach((id, k) => {
      if (id >= 0 && id < seriesOf!.length) seriesOf![id] = k;
    });
    stackColumn = store.column(stackField);
  }
  const step = Math.max(1, stepRows);
  const time = store.time;
  const errorCode = store.column("errorCode");
  if (order !== null) {
    const bounds = bucketRuns(time, rows, order, from, bucketMs, bucketCount);
    let left = step;
    for (let b = 0; b < bucketCount; b++) {
      // Ascending rows run from bucket 0 up, descending ones from the last bucket down.
      let lo: number = order === "asc" ? bounds[b] : bounds[bucketCount - 1 - b];
      const hi: number = order === "asc" ? bounds[b + 1] : bounds[bucketCount - b];
      if (seriesOf === null || stackColumn === null) counts[0][b] = hi - lo;
      while (lo < hi) {
        const stop = Math.min(hi, lo + left);
        errors[b] += countRun(rows, lo, stop, b, errorCode, counts, seriesOf, stackColumn);
        left -= stop - lo;
        lo = stop;
        if (left === 0) {
          yield;
          left = step;
        }
      }
    }
    return { buckets, counts, errors };
  }
  // A selection comes in time order, which reads the columns at random; when it holds much of
  // the store, mark it and walk the columns in row order instead (as computeView does).
  const n = store.rows;
  const dense = rows.length * 4 >= n;
  let marked: Uint8Array | null = null;
  if (dense) {
    marked = new Uint8Array(n);
    for (let lo = 0; lo < rows.length; lo += step) {
      const hi = Math.min(rows.length, lo + step);
      for (let i = lo; i < hi; i++) marked[rows[i]] = 1;
      yield;
    }
  }
  const end = dense ? n : rows.length;
  for (let lo = 0; lo < end; lo += step) {
    const hi = Math.min(end, lo + step);
    for (let i = lo; i < hi; i++) {
      let r = i;
      if (marked !== null) {
        if (marked[i] === 0) continue;
      } else r = rows[i];
      const t = time[r];
      if (!(t >= from && t < to)) continue;
      const b = Math.floor((t - from) / bucketMs);
      if (seriesOf !== null && stackColumn !== null) counts[seriesOf[stackColumn[r]]][b]++;
      else counts[0][b]++;
      if (errorCode[r] !== MISSING_ID) errors[b]++;
    }
    if (hi < end) yield;
  }
  return { buckets, counts, errors };
}

/**
 * Counts rows[lo..hi), all in bucket `b`, into their series (when stacked: the caller has counted
 * an unstacked bucket by its length); returns how many carry an errorCode.
 */
function countRun(
  rows: Uint32Array,
  lo: number,
  hi: number,
  b: number,
  errorCode: IdColumn,
  counts: Uint32Array[],
  seriesOf: Uint32Array | null,
  stackColumn: IdColumn | null,
): number {
  let errorsHere = 0;
  if (seriesOf !== null && stackColumn !== null) {
    for (let i = lo; i < hi; i++) {
      const r = rows[i];
      counts[seriesOf[stackColumn[r]]][b]++;
      if (errorCode[r] !== MISSING_ID) errorsHere++;
    }
  } else {
    for (let i = lo; i < hi; i++) if (errorCode[rows[i]] !== MISSING_ID) errorsHere++;
  }
  return errorsHere;
}

/**
 * Where the buckets' edges fall in time-sorted `rows` (rows without a time last): for "asc",
 * bounds[b] is the first index at or after edge b (from + b × bucketMs), so bucket b is
 * [bounds[b], bounds[b + 1]); for "desc", bounds[k] is the first index before edge
 * bucketCount − k, so bucket bucketCount − 1 − k is [bounds[k], bounds[k + 1]). Each edge is a
 * binary search over the timed rows.
 */
function bucketRuns(
  time: Float64Array,
  rows: Uint32Array,
  order: "asc" | "desc",
  from: number,
  bucketMs: number,
  bucketCount: number,
): Uint32Array {
  let timed = rows.length;
  while (timed > 0 && Number.isNaN(time[rows[timed - 1]])) timed--;
  const bounds = new Uint32Array(bucketCount + 1);
  let lo = 0;
  for (let k = 0; k <= bucketCount; k++) {
    const edge = from + (order === "asc" ? k : bucketCount - k) * bucketMs;
    // The first index from `lo` on whose time is past the edge: at or after it ascending, before
    // it descending. Edges come in the rows' own order, so each search starts where the last ended.
    let hi = timed;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = time[rows[mid]];
      if (order === "asc" ? t < edge : t >= edge) lo = mid + 1;
      else hi = mid;
    }
    bounds[k] = lo;
  }
  return bounds;
}
