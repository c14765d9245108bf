// The filter and the view: the selected rows (in the time order) and the faceted counts, in one
// pass over the typed arrays. Anything that depends on a value's string is worked out once per
// dictionary entry (a mask) and then read per row by id.
import { DICT_FIELDS, type DictField } from "../ingest/chunk";
import type { IdColumn } from "./columns";
import type { Dictionary } from "./dictionary";
import type { EventStore } from "./eventStore";
import { OrderedRows } from "./orderedRows";
import { countFromPairs, pairCountsOf } from "./pairCounts";
import { firstBelow, timeOrderOf, type TimeOrder } from "./timeOrder";
import {
  countAllSelected,
  countWith,
  keptBitsFor,
  listBits,
  markFailures,
  maskBits,
  selectedFor,
  statusFor,
} from "./viewPasses";

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
  readonly rows: Uint32Array;
  /** The same rows, listed as far as they are read (`rows` lists them all). */
  ordered: OrderedRows;
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
  const facetNames: DictField[] = [];
  const facetColumns: IdColumn[] = [];
  const facetCounts: Uint32Array[] = [];
  const facetIndex = new Map<DictField, number>();
  for (const field of DICT_FIELDS) facets[field] = new Uint32Array(0);
  for (const field of facetFields) {
    if (facetIndex.has(field)) continue;
    const counts = new Uint32Array(store.dict(field).size);
    facets[field] = counts;
    facetIndex.set(field, facetColumns.length);
    facetNames.push(field);
    facetColumns.push(store.column(field));
    facetCounts.push(counts);
  }

  const activeFields: DictField[] = [];
  const activeColumns: IdColumn[] = [];
  const activeMasks: Uint8Array[] = [];
  const activeFacet: number[] = [];
  for (const field of DICT_FIELDS) {
    const mask = fieldMask(store.dict(field), filter.include[field], filter.exclude[field]);
    if (mask === null) continue;
    activeFields.push(field);
    activeColumns.push(store.column(field));
    activeMasks.push(mask);
    activeFacet.push(facetIndex.get(field) ?? -1);
  }
  // One value picked (or left out) in one field, the common click: its own facet is the counts
  // with no filter, and the rest are counted over the rows it keeps.
  if (activeColumns.length === 1 && !bounded && rowMask === null) {
    const field = activeFields[0];
    const rows = oneFilterView(store, field, activeMasks[0], activeFacet[0], {
      names: facetNames,
      columns: facetColumns,
      counts: facetCounts,
    });
    return viewOf(rows, facets);
  }
  // Walking the time order reads the columns at random: fine for a narrow time window, but over
  // most of a million rows that is a cache miss per column per row. Then scan in row order, column
  // by column (scanView), and read the selection back in time order.
  if ((hi - lo) * 4 >= n && activeColumns.length <= STATUS_BITS) {
    const scan: Scan = { n, lo, hi, from, to, bounded, rowMask, order, time };
    const rows = scanView(scan, activeColumns, activeMasks, activeFacet, facetColumns, facetCounts);
    return viewOf(rows, facets);
  }
  const active = activeColumns.length;
  const facetCount = facetColumns.length;
  const selected = new Uint32Array(hi - lo);
  let shown = 0;
  for (let i = lo; i < hi; i++) {
    const r = order[i];
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
      selected[shown++] = r;
      for (let f = 0; f < facetCount; f++) facetCounts[f][facetColumns[f][r]]++;
    } else if (failing === 1) {
      const f = activeFacet[failedAt];
      if (f >= 0) facetCounts[f][activeColumns[failedAt][r]]++;
    }
  }
  const rows = shown === selected.length ? selected : selected.slice(0, shown);
  return viewOf(OrderedRows.of(rows), facets);
}

function viewOf(ordered: OrderedRows, facets: Record<DictField, Uint32Array>): View {
  return {
    get rows() {
      return ordered.all();
    },
    ordered,
    shown: ordered.length,
    facets,
  };
}

/**
 * The rows whose bit is set in `bits` (scratch) walked out of the time order `order[lo..hi)` as
 * they are read: the walk gets its own copy of the bits.
 */
function walkOf(
  order: Uint32Array,
  lo: number,
  hi: number,
  bits: Int32Array,
  n: number,
  shown: number,
): OrderedRows {
  return OrderedRows.walk(order, lo, hi, bits.slice(0, (n + 31) >>> 5), shown);
}

/**
 * The view under one field's filter alone (no time bounds, no row mask). Every row then counts in
 * that field's facet (`ownFacet`, -1 when it is not one): those are the counts with no filter,
 * which also give the number of rows kept. One pass marks the kept rows (a bit each); they are
 * listed from the bits in row order, and the other facets are counted over that list, whose reads
 * of each column go forward (the time order would read every column at random). The rows in time
 * order are walked out of the time order, reading the bits, as far as they are read.
 *
 * When the field's pair counts with the other facets are at hand (store/pairCounts.ts), the counts
 * are added up from those and no row is read at all: the walk reads the field's column for the
 * first screen, and makes the bits when it goes on.
 */
function oneFilterView(
  store: EventStore,
  field: DictField,
  mask: Uint8Array,
  ownFacet: number,
  facets: {
    names: readonly DictField[];
    columns: readonly IdColumn[];
    counts: readonly Uint32Array[];
  },
): OrderedRows {
  const { names, columns: facetColumns, counts: facetCounts } = facets;
  const all = allCounts(store, field);
  let shown = 0;
  for (let id = 0; id < mask.length; id++) if (mask[id] === 1) shown += all[id];
  const n = store.rows;
  const column = store.column(field);
  const { order } = timeOrderOf(store);
  const others = facetColumns.length - (ownFacet >= 0 ? 1 : 0);
  const pairs = others > 0 ? pairCountsOf(store, field, names) : null;
  if (ownFacet >= 0) facetCounts[ownFacet].set(all);
  if (others === 0 || pairs !== null) {
    if (pairs !== null)
      for (let f = 0; f < names.length; f++)
        if (f !== ownFacet)
          countFromPairs(pairs, names[f], mask, allCounts(store, names[f]), facetCounts[f]);
    // No row is read here: the walk reads the column for its first screen.
    return OrderedRows.walkKept(order, 0, n, { column, mask, n }, shown);
  }
  const bits = keptBitsFor(n);
  maskBits(column, mask, n, bits);
  const selected = selectedFor(n);
  const kept = listBits(bits, n, selected);
  const over: number[] = [];
  for (let f = 0; f < facetColumns.length; f++) if (f !== ownFacet) over.push(f);
  countAllSelected(selected, kept, over, facetColumns, facetCounts);
  return walkOf(order, 0, n, bits, n, shown);
}

interface Scan {
  n: number;
  /** The stretch [lo, hi) of the time order inside the time bounds. */
  lo: number;
  hi: number;
  from: number;
  to: number;
  bounded: boolean;
  rowMask: Uint8Array | null;
  order: Uint32Array;
  time: Float64Array;
}

/** A byte's lowest bit, per byte value: a row mask's bytes read as kept (1) or not (0). */
const LOW_BIT = Uint8Array.from({ length: 256 }, (_, v) => v & 1);
/** 1 for a status byte with no mark (a row that fails nothing), per byte value. */
const UNMARKED = Uint8Array.from({ length: 256 }, (_, v) => (v === 0 ? 1 : 0));

/** Field filters a status byte has bits for; past this many, computeView walks the time order. */
const STATUS_BITS = 7;

/**
 * A row's status in scanView, one bit per reason it fails: bit k for the k-th field filter, OUT
 * for the time bounds or the row mask (which no facet counts).
 */
const OUT = 0x80;
/**
 * The view by whole-column passes, each one sequential and on one typed array: first a status per
 * row (which filters it fails), then a bit per selected row (status 0) and the selected rows
 * listed in row order, then each facet's counts, over the selected rows, or, for a filtered field,
 * over every row whose only failure is that field's filter (what else the user could pick there).
 * Returns the selected rows in time order, walked out as far as they are read.
 */
function scanView(
  scan: Scan,
  activeColumns: readonly IdColumn[],
  activeMasks: readonly Uint8Array[],
  activeFacet: readonly number[],
  facetColumns: readonly IdColumn[],
  facetCounts: readonly Uint32Array[],
): OrderedRows {
  const { n, lo, hi, from, to, bounded, rowMask, order, time } = scan;
  const bits = keptBitsFor(n);
  // A row mask alone (a query's or a search's result, nothing else): its bits are the kept rows.
  // Otherwise a status per row, and the kept rows are those it marks with nothing.
  let status: Uint8Array | null = null;
  if (rowMask !== null && !bounded && activeColumns.length === 0) {
    maskBits(rowMask, LOW_BIT, n, bits);
  } else {
    status = statusFor(n).subarray(0, n);
    if (bounded) {
      for (let r = 0; r < n; r++) {
        const t = time[r];
        // NaN (no time) compares false both ways: out.
        status[r] = ((+(t >= from) & +(t < to)) ^ 1) * OUT;
      }
    } else status.fill(0);
    if (rowMask !== null) for (let r = 0; r < n; r++) status[r] |= ((rowMask[r] & 1) ^ 1) * OUT;
    for (let k = 0; k < activeColumns.length; k++)
      markFailures(status, activeColumns[k], activeMasks[k], k);
    maskBits(status, UNMARKED, n, bits);
  }
  // The selected rows in row order (the bits stay for the walk of the time order).
  const selected = selectedFor(n);
  const shown = listBits(bits, n, selected);

  const ownFilter = new Int32Array(facetColumns.length).fill(-1);
  for (let k = 0; k < activeFacet.length; k++)
    if (activeFacet[k] >= 0) ownFilter[activeFacet[k]] = k;
  const over: number[] = [];
  for (let f = 0; f < facetColumns.length; f++) {
    if (status !== null && ownFilter[f] >= 0)
      countWith(status, 1 << ownFilter[f], facetColumns[f], facetCounts[f]);
    else over.push(f);
  }
  countAllSelected(selected, shown, over, facetColumns, facetCounts);

  return walkOf(order, lo, hi, bits, n, shown);
}

/**
 * The field whose values alone `filter` picks or leaves out (no other field, no time bounds, no
 * row mask): the facet click that oneFilterView answers, and that pair counts serve. Else null.
 */
export function soleFilteredField(filter: Filter): DictField | null {
  if (isBound(filter.timeFrom) || isBound(filter.timeTo) || (filter.rowMask ?? null) !== null)
    return null;
  const filtered = new Set<DictField>();
  for (const lists of [filter.include, filter.exclude])
    for (const [field, values] of Object.entries(lists) as [DictField, string[] | undefined][])
      if (values !== undefined && values.length > 0) filtered.add(field);
  return filtered.size === 1 ? [...filtered][0] : null;
}

/** Whether `filter` keeps every row (no value picked or left out, no time bounds, no row mask). */
export function isUnfiltered(filter: Filter): boolean {
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

/** Every value's count in `field` with no filter, as of the store's version. */
function allCounts(store: EventStore, field: DictField): Uint32Array {
  let cached = unfilteredCounts.get(store);
  if (!cached || cached.version !== store.version) {
    cached = { version: store.version, counts: new Map() };
    unfilteredCounts.set(store, cached);
  }
  let counts = cached.counts.get(field);
  if (!counts) {
    // The store counts ids as rows arrive; a copy, so that later rows do not change this one.
    counts = store.idCountsOf(field).slice();
    cached.counts.set(field, counts);
  }
  return counts;
}

/**
 * Everything, newest first, with every value's count: the view after a load and after the last
 * filter is removed. The order is the cached time order and the counts are cached per store
 * version, each counted column by column (sequential reads), so going back to it is instant.
 */
function unfilteredView(store: EventStore, facetFields: readonly DictField[]): View {
  const facets = {} as Record<DictField, Uint32Array>;
  for (const field of DICT_FIELDS) facets[field] = new Uint32Array(0);
  for (const field of facetFields) facets[field] = allCounts(store, field);
  // The time order lists timed rows newest first, then the rows with no time: all of them. The
  // same object each time for the same order, as the same array was.
  const time = timeOrderOf(store);
  let ordered = everyRow.get(time);
  if (ordered === undefined || ordered.length !== store.rows) {
    ordered = OrderedRows.of(time.order.subarray(0, store.rows));
    everyRow.set(time, ordered);
  }
  return viewOf(ordered, facets);
}

const everyRow = new WeakMap<TimeOrder, OrderedRows>();
