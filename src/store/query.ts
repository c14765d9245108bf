// Filters, the selection, faceted counts, sorting and the histogram: plain loops over the store's
// typed arrays. Anything that depends on a value's string is worked out once per dictionary
// entry (a mask, a rank, a series index) and then read per row by id.

import { DICT_FIELDS, FLAG_READ_ONLY, FLAG_WRITE, type DictField } from "../ingest/chunk";
import { radixSortStable } from "../lib/radixSort";
import { MISSING_ID, type Dictionary } from "./dictionary";
import type { EventStore } from "./eventStore";

/**
 * What the user picked. Values are strings, not ids: ids are not stable across loads, and the
 * URL must reproduce the view once the same files are loaded again.
 */
export interface Filter {
  /** Per field, the values a row must have one of. An empty or absent list does not filter. */
  include: Partial<Record<DictField, string[]>>;
  /** Per field, the values a row must not have. */
  exclude: Partial<Record<DictField, string[]>>;
  /** Inclusive lower bound, ms since epoch. Rows without a time fail any time bound. */
  timeFrom: number | null;
  /** Exclusive upper bound, so that adjacent ranges (histogram buckets) never overlap. */
  timeTo: number | null;
  /** `readOnly: true` or `readOnly: false`; a record that does not say fails either. */
  readOnly?: "read" | "write" | null;
  /** Rows to keep (1): a query's result, a full-text search's; absent: no such filter. */
  rowMask?: Uint8Array | null;
}

export function emptyFilter(): Filter {
  return { include: {}, exclude: {}, timeFrom: null, timeTo: null, readOnly: null };
}

export interface View {
  /** Matching row ids, newest first; rows with no time last (in row order). */
  rows: Uint32Array;
  shown: number;
  /**
   * Per facet field, counts per global id under every filter except that field's own
   * include/exclude. Zero-length for fields not asked for.
   */
  facets: Record<DictField, Uint32Array>;
}

export interface ValueCount {
  value: string;
  id: number;
  count: number;
}

export interface Histogram {
  /** Start time of each bucket, ms since epoch. */
  buckets: Float64Array;
  /** One series per stack id, in the order given, then "other" (the only series when unstacked). */
  counts: Uint32Array[];
  /** Rows with an errorCode, per bucket. */
  errors: Uint32Array;
}

// ───────────────────────────── time order ─────────────────────────────

interface TimeOrder {
  version: number;
  /** Row ids by time desc (ties by row id), then the rows with no time in row order. */
  order: Uint32Array;
  /** How many rows of `order` have a time; they come first. */
  timed: number;
  /** Inverse of `order`, built on first use by sortRows. */
  position: Uint32Array | null;
}

const timeOrders = new WeakMap<EventStore, TimeOrder>();

function timeOrderOf(store: EventStore): TimeOrder {
  const cached = timeOrders.get(store);
  if (cached && cached.version === store.version) return cached;
  const timed = store.rows - store.noTime;
  const fresh: TimeOrder = {
    version: store.version,
    order: buildTimeOrder(store, timed),
    timed,
    position: null,
  };
  timeOrders.set(store, fresh);
  return fresh;
}

/**
 * Every row id, newest first, rows with no time last. Cached per store version, so every view
 * comes out sorted without sorting.
 */
export function timeOrder(store: EventStore): Uint32Array {
  return timeOrderOf(store).order;
}

function buildTimeOrder(store: EventStore, timed: number): Uint32Array {
  const n = store.rows;
  const time = store.time;
  const order = new Uint32Array(n);
  const timedRows = new Uint32Array(timed);
  let t = 0;
  let u = timed;
  let integral = true;
  for (let r = 0; r < n; r++) {
    const value = time[r];
    if (value !== value) order[u++] = r;
    else {
      timedRows[t++] = r;
      if (Math.floor(value) !== value) integral = false;
    }
  }
  const range = store.timeRange();
  if (timed === 0 || range === null) return order;
  // CloudTrail writes eventTime to the second: counting in seconds keeps the keys short (fewer
  // radix passes) and within 32 bits for 136 years, where milliseconds last 49 days. Division,
  // not `%`: fmod is several times slower over a million rows.
  let wholeSeconds = integral;
  for (let j = 0; j < timed && wholeSeconds; j++) {
    const value = time[timedRows[j]];
    if (Math.floor(value / 1000) * 1000 !== value) wholeSeconds = false;
  }
  const unit = wholeSeconds ? 1000 : 1;
  const keySpan = (range.max - range.min) / unit;
  if (integral && keySpan < 2 ** 32) {
    const keys = new Uint32Array(timed);
    for (let j = 0; j < timed; j++) keys[j] = (range.max - time[timedRows[j]]) / unit;
    order.set(radixSortStable(timedRows, keys, keySpan), 0);
  } else {
    // Sub-second times spread over months never come from CloudTrail; a comparator sort is fine.
    timedRows.sort((a, b) => time[b] - time[a] || a - b);
    order.set(timedRows, 0);
  }
  return order;
}

// First position p < timed in `order` whose time is < bound (times descend), or timed.
function firstBelow(order: Uint32Array, time: Float64Array, timed: number, bound: number): number {
  let lo = 0;
  let hi = timed;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[order[mid]] < bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ───────────────────────────── selection and facets ─────────────────────────────

/** Per dictionary id: 1 = passes this field's include/exclude. Null when the field is unfiltered. */
function fieldMask(
  dict: Dictionary,
  include: string[] | undefined,
  exclude: string[] | undefined,
): Uint8Array | null {
  const including = include !== undefined && include.length > 0;
  const excluding = exclude !== undefined && exclude.length > 0;
  if (!including && !excluding) return null;
  const mask = new Uint8Array(dict.size);
  if (including) {
    for (const value of include) {
      const id = dict.idOf(value);
      if (id >= 0) mask[id] = 1;
    }
  } else mask.fill(1);
  if (excluding) {
    for (const value of exclude) {
      const id = dict.idOf(value);
      if (id >= 0) mask[id] = 0;
    }
  }
  return mask;
}

function isBound(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && !Number.isNaN(value);
}

/**
 * The rows matching `filter` and, for each of `facetFields`, the counts a facet panel shows. One
 * pass: a row failing no filter is selected and counted in every facet; a row failing exactly
 * one field's filter is counted in that field's facet only (what else the user could pick there).
 */
export function computeView(
  store: EventStore,
  filter: Filter,
  facetFields: readonly DictField[],
): View {
  if (isUnfiltered(filter)) return unfilteredView(store, facetFields);
  const { order, timed } = timeOrderOf(store);
  const time = store.time;
  const flags = store.flags;

  // Time and readOnly are not facets: a row failing them counts nowhere. The stretch of the time
  // order inside the time bounds is found by binary search.
  const n = store.rows;
  let lo = 0;
  let hi = n;
  const fromBound = isBound(filter.timeFrom);
  const toBound = isBound(filter.timeTo);
  const bounded = fromBound || toBound;
  const from = fromBound ? filter.timeFrom! : -Infinity;
  const to = toBound ? filter.timeTo! : Infinity;
  if (bounded) {
    hi = fromBound ? firstBelow(order, time, timed, from) : timed;
    lo = toBound ? firstBelow(order, time, timed, to) : 0;
    if (lo > hi) lo = hi;
  }
  const requiredFlag =
    filter.readOnly === "read" ? FLAG_READ_ONLY : filter.readOnly === "write" ? FLAG_WRITE : 0;
  const rowMask = filter.rowMask ?? null;

  const facets = {} as Record<DictField, Uint32Array>;
  const facetColumns: Uint32Array[] = [];
  const facetCounts: Uint32Array[] = [];
  const facetIndex = new Map<DictField, number>();
  for (const field of DICT_FIELDS) facets[field] = new Uint32Array(0);
  for (const field of facetFields) {
    if (facetIndex.has(field)) continue;
    const counts = new Uint32Array(store.dict(field).size);
    facets[field] = counts;
    facetIndex.set(field, facetColumns.length);
    facetColumns.push(store.column(field));
    facetCounts.push(counts);
  }

  const activeColumns: Uint32Array[] = [];
  const activeMasks: Uint8Array[] = [];
  const activeFacet: number[] = [];
  for (const field of DICT_FIELDS) {
    const mask = fieldMask(store.dict(field), filter.include[field], filter.exclude[field]);
    if (mask === null) continue;
    activeColumns.push(store.column(field));
    activeMasks.push(mask);
    activeFacet.push(facetIndex.get(field) ?? -1);
  }
  const active = activeColumns.length;
  const facetCount = facetColumns.length;

  // Walking the time order reads the columns at random: fine for a narrow time window, but over
  // most of a million rows that is a cache miss per column per row. Then scan in row order
  // (sequential), mark the selected rows, and read the marks back in time order.
  const viaOrder = (hi - lo) * 4 < n;
  const start = viaOrder ? lo : 0;
  const end = viaOrder ? hi : n;
  const checkTime = bounded && !viaOrder;
  const selected = viaOrder ? new Uint32Array(hi - lo) : null;
  const marked = viaOrder ? null : new Uint8Array(n);
  let shown = 0;
  // One loop for both walks: its branches are on loop-invariant flags, which cost nothing.
  for (let i = start; i < end; i++) {
    const r = viaOrder ? order[i] : i;
    if (checkTime) {
      const t = time[r];
      if (!(t >= from && t < to)) continue;
    }
    if (requiredFlag !== 0 && (flags[r] & requiredFlag) === 0) continue;
    if (rowMask !== null && rowMask[r] !== 1) continue;
    let failing = 0;
    let failedAt = -1;
    for (let k = 0; k < active; k++) {
      if (activeMasks[k][activeColumns[k][r]] === 0) {
        if (++failing > 1) break;
        failedAt = k;
      }
    }
    if (failing === 0) {
      if (selected !== null) selected[shown] = r;
      else marked![r] = 1;
      shown++;
      for (let f = 0; f < facetCount; f++) facetCounts[f][facetColumns[f][r]]++;
    } else if (failing === 1) {
      const f = activeFacet[failedAt];
      if (f >= 0) facetCounts[f][activeColumns[failedAt][r]]++;
    }
  }

  let rows: Uint32Array;
  if (selected !== null) rows = shown === selected.length ? selected : selected.slice(0, shown);
  else {
    rows = new Uint32Array(shown);
    let k = 0;
    for (let p = lo; p < hi && k < shown; p++) {
      const r = order[p];
      if (marked![r] === 1) rows[k++] = r;
    }
  }
  return { rows, shown, facets };
}

// ───────────────────────────── the unfiltered view ─────────────────────────────

function isUnfiltered(filter: Filter): boolean {
  const none = (lists: Partial<Record<DictField, string[]>>) =>
    Object.values(lists).every((list) => list === undefined || list.length === 0);
  return (
    none(filter.include) &&
    none(filter.exclude) &&
    !isBound(filter.timeFrom) &&
    !isBound(filter.timeTo) &&
    !filter.readOnly &&
    (filter.rowMask ?? null) === null
  );
}

const unfilteredCounts = new WeakMap<
  EventStore,
  { version: number; counts: Map<DictField, Uint32Array> }
>();

/**
 * Everything, newest first, with every value's count: the view after a load and after the last
 * filter is removed. The order is the cached time order and the counts are cached per store
 * version, each counted column by column (sequential reads), so going back to it is instant.
 */
function unfilteredView(store: EventStore, facetFields: readonly DictField[]): View {
  let cached = unfilteredCounts.get(store);
  if (!cached || cached.version !== store.version) {
    cached = { version: store.version, counts: new Map() };
    unfilteredCounts.set(store, cached);
  }
  const facets = {} as Record<DictField, Uint32Array>;
  for (const field of DICT_FIELDS) facets[field] = new Uint32Array(0);
  const n = store.rows;
  for (const field of facetFields) {
    let counts = cached.counts.get(field);
    if (!counts) {
      counts = new Uint32Array(store.dict(field).size);
      const column = store.column(field);
      for (let r = 0; r < n; r++) counts[column[r]]++;
      cached.counts.set(field, counts);
    }
    facets[field] = counts;
  }
  // The time order lists timed rows newest first, then the rows with no time: all of them.
  return { rows: timeOrderOf(store).order.subarray(0, n), shown: n, facets };
}

// ───────────────────────────── facet values ─────────────────────────────

function better(counts: Uint32Array, values: readonly string[], a: number, b: number): boolean {
  const ca = counts[a];
  const cb = counts[b];
  if (ca !== cb) return ca > cb;
  return values[a] < values[b];
}

/**
 * The `limit` values with the highest counts (count desc, then value), skipping zeros. For a
 * small limit it keeps a short sorted list instead of sorting every entry: an address facet can
 * hold 100k values, and most of them are rejected by one integer comparison. A limit at least the
 * number of values (Infinity included) is `allValues`.
 */
export function topValues(counts: Uint32Array, dict: Dictionary, limit: number): ValueCount[] {
  const values = dict.values();
  const size = Math.min(counts.length, values.length);
  if (limit <= 0) return [];
  let nonZero = 0;
  for (let id = 0; id < size; id++) if (counts[id] !== 0) nonZero++;
  if (limit >= nonZero) return allValues(counts, dict);
  const best: number[] = [];
  for (let id = 0; id < size; id++) {
    if (counts[id] === 0) continue;
    if (best.length >= limit && !better(counts, values, id, best[best.length - 1])) continue;
    let at = best.length;
    while (at > 0 && better(counts, values, id, best[at - 1])) at--;
    best.splice(at, 0, id);
    if (best.length > limit) best.pop();
  }
  return best.map((id) => ({ value: values[id], id, count: counts[id] }));
}

/**
 * Every value with a count above zero, ordered as `topValues` orders them (for "show all"). Walks
 * the entries in string order (the cached rank) and then sorts stably by count with a radix
 * sort, so 100k addresses cost a few ms rather than 100k string comparisons.
 */
export function allValues(counts: Uint32Array, dict: Dictionary): ValueCount[] {
  const values = dict.values();
  const byValue = dictionaryOrder(dict);
  const ids: number[] = [];
  let maxCount = 0;
  for (let i = 0; i < byValue.length; i++) {
    const id = byValue[i];
    const count = id < counts.length ? counts[id] : 0;
    if (count === 0) continue;
    ids.push(id);
    if (count > maxCount) maxCount = count;
  }
  const keys = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) keys[i] = maxCount - counts[ids[i]];
  const ordered = radixSortStable(Uint32Array.from(ids), keys, maxCount);
  return Array.from(ordered, (id) => ({ value: values[id], id, count: counts[id] }));
}

// ───────────────────────────── sorting ─────────────────────────────

interface DictionarySort {
  generation: number;
  /** Ids in string order. */
  order: Uint32Array;
  /** Per id, its position in `order`. */
  rank: Uint32Array;
}

const dictionarySorts = new WeakMap<Dictionary, DictionarySort>();

function dictionarySort(dict: Dictionary): DictionarySort {
  const cached = dictionarySorts.get(dict);
  if (cached && cached.generation === dict.generation) return cached;
  // The built-in sort without a comparator orders strings by code unit without calling back
  // into JS: several times faster than a comparator over ids. Entries are unique, so each
  // sorted string maps back to exactly one id.
  const sorted = dict.values().toSorted();
  const order = new Uint32Array(sorted.length);
  const rank = new Uint32Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const id = dict.idOf(sorted[i]);
    order[i] = id;
    rank[id] = i;
  }
  const fresh = { generation: dict.generation, order, rank };
  dictionarySorts.set(dict, fresh);
  return fresh;
}

/**
 * Per id, the position of its string among all entries in code-unit order (plain `<`: fast and
 * the same on every machine, which a locale collator is not). Cached until the dictionary grows.
 */
export function dictionaryRank(dict: Dictionary): Uint32Array {
  return dictionarySort(dict).rank;
}

/** Every id of `dict`, in the string order of its value. Cached like `dictionaryRank`. */
export function dictionaryOrder(dict: Dictionary): Uint32Array {
  return dictionarySort(dict).order;
}

/**
 * `rows` (distinct row ids) reordered by `column`. Dictionary fields: a stable counting sort on
 * each entry's rank, so equal values keep their input order (the time order, coming from
 * computeView); missing values go last either way. Time: by the cached time order; rows with no
 * time last either way.
 */
export function sortRows(
  store: EventStore,
  rows: Uint32Array,
  column: DictField | "time",
  direction: "asc" | "desc",
): Uint32Array {
  if (column === "time") return sortRowsByTime(store, rows, direction);
  const dict = store.dict(column);
  const rank = dictionaryRank(dict);
  const size = rank.length;
  // Bucket per dictionary entry, computed once per entry; the missing value takes the last one.
  const bucketOf = new Uint32Array(size);
  for (let id = 0; id < size; id++) {
    bucketOf[id] =
      id === MISSING_ID ? size - 1 : direction === "asc" ? rank[id] - 1 : size - 1 - rank[id];
  }
  // The column is read once, at random (rows come in time order); the sort then runs on keys.
  const values = store.column(column);
  const keys = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) keys[i] = bucketOf[values[rows[i]]];
  return radixSortStable(rows, keys, size - 1);
}

function sortRowsByTime(
  store: EventStore,
  rows: Uint32Array,
  direction: "asc" | "desc",
): Uint32Array {
  const cached = timeOrderOf(store);
  const { order, timed } = cached;
  const n = store.rows;
  if (rows.length * 8 < n) {
    // Few rows: sort them by their position in the time order.
    if (cached.position === null) {
      const position = new Uint32Array(order.length);
      for (let p = 0; p < order.length; p++) position[order[p]] = p;
      cached.position = position;
    }
    const position = cached.position;
    const keys = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const p = position[rows[i]];
      keys[i] = direction === "desc" || p >= timed ? p : timed - 1 - p;
    }
    return radixSortStable(rows, keys, Math.max(0, n - 1));
  }
  // Many rows: mark them, then read the marks back along the time order.
  const marked = new Uint8Array(n);
  for (let i = 0; i < rows.length; i++) marked[rows[i]] = 1;
  const out = new Uint32Array(rows.length);
  let k = 0;
  if (direction === "desc") {
    for (let p = 0; p < timed; p++) if (marked[order[p]] === 1) out[k++] = order[p];
  } else {
    for (let p = timed - 1; p >= 0; p--) if (marked[order[p]] === 1) out[k++] = order[p];
  }
  for (let p = timed; p < n; p++) if (marked[order[p]] === 1) out[k++] = order[p];
  return out;
}

// ───────────────────────────── histogram ─────────────────────────────

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

/**
 * Counts of `rows` per bucket of `bucketMs` from `from` (inclusive) to `to` (exclusive); rows
 * outside are ignored. Every bucket is present, empty ones as zeros, so bars line up with time.
 * With `stackField`/`stackIds`, series k counts rows whose stackField is stackIds[k] and the last
 * series counts the rest.
 */
export function histogram(
  store: EventStore,
  rows: Uint32Array,
  from: number,
  to: number,
  bucketMs: number,
  stackField?: DictField,
  stackIds?: number[],
): Histogram {
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
  let stackColumn: Uint32Array | null = null;
  if (stacked) {
    seriesOf = new Uint32Array(store.dict(stackField).size).fill(other);
    stackIds.forEach((id, k) => {
      if (id >= 0 && id < seriesOf!.length) seriesOf![id] = k;
    });
    stackColumn = store.column(stackField);
  }

  const time = store.time;
  const errorCode = store.column("errorCode");
  const single = counts[0];
  // A selection comes in time order, which reads the columns at random; when it holds much of
  // the store, mark it and walk the columns in row order instead (as computeView does).
  const n = store.rows;
  const dense = rows.length * 4 >= n;
  let marked: Uint8Array | null = null;
  if (dense) {
    marked = new Uint8Array(n);
    for (let i = 0; i < rows.length; i++) marked[rows[i]] = 1;
  }
  const end = dense ? n : rows.length;
  for (let i = 0; i < end; i++) {
    let r = i;
    if (marked !== null) {
      if (marked[i] === 0) continue;
    } else r = rows[i];
    const t = time[r];
    if (!(t >= from && t < to)) continue;
    const b = Math.floor((t - from) / bucketMs);
    if (seriesOf !== null && stackColumn !== null) counts[seriesOf[stackColumn[r]]][b]++;
    else single[b]++;
    if (errorCode[r] !== MISSING_ID) errors[b]++;
  }
  return { buckets, counts, errors };
}
