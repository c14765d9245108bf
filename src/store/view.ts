// The filter and the view: the selected rows (in the time order) and the faceted counts, in one
// pass over the typed arrays. Anything that depends on a value's string is worked out once per
// dictionary entry (a mask) and then read per row by id.
import { DICT_FIELDS, type DictField } from "../ingest/chunk";
import type { IdColumn } from "./columns";
import type { Dictionary } from "./dictionary";
import type { EventStore } from "./eventStore";
import { firstBelow, timeOrderOf } from "./timeOrder";

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
  /** Rows to keep (1): a query's result, a full-text search's; absent: no such filter. */
  rowMask?: Uint8Array | null;
}

export function emptyFilter(): Filter {
  return { include: {}, exclude: {}, timeFrom: null, timeTo: null };
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

  // Time and the row mask are not facets: a row failing them counts nowhere. The stretch of the time
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
  const rowMask = filter.rowMask ?? null;

  const facets = {} as Record<DictField, Uint32Array>;
  const facetColumns: IdColumn[] = [];
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

  const activeColumns: IdColumn[] = [];
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

function isUnfiltered(filter: Filter): boolean {
  const none = (lists: Partial<Record<DictField, string[]>>) =>
    Object.values(lists).every((list) => list === undefined || list.length === 0);
  return (
    none(filter.include) &&
    none(filter.exclude) &&
    !isBound(filter.timeFrom) &&
    !isBound(filter.timeTo) &&
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
