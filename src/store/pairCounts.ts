// Counts by pair of values: for one field, per value of it, how many of its rows have each value
// of every other facet field. A click on that field's values alone (the commonest click) then
// adds up a few short lists instead of reading every row of every facet column.
//
// Worked out once per field and store version, in steps (a generator that yields between
// slices of rows), and kept for the last few fields asked.
import type { DictField } from "../ingest/chunk";
import type { IdColumn } from "./columns";
import type { EventStore } from "./eventStore";

/** One other field's counts per value of the field, as sparse lists. */
interface PairList {
  /** Per id of the field, where its entries start in `ids` and `counts`; one more at the end. */
  start: Uint32Array;
  /** The other field's ids... */
  ids: Uint32Array;
  /** ...and their counts among the rows of that value. */
  counts: Uint32Array;
}

export interface PairCounts {
  readonly field: DictField;
  /** The store's version they were counted at: any later change makes them stale. */
  readonly version: number;
  readonly lists: ReadonlyMap<DictField, PairList>;
}

/** Rows of work between yields: a millisecond or two. */
export const STEP_ROWS = 1 << 16;
/** Entries the lists may always hold, however few the rows (a megabyte). */
export const LIST_FLOOR = 1 << 17;
/** Fields whose pair counts a store keeps (the most recently counted). */
const KEEP = 3;

const kept = new WeakMap<EventStore, PairCounts[]>();
/** Per store, the fields whose lists came out too long, at the version they were tried. */
const refused = new WeakMap<EventStore, { version: number; fields: Set<DictField> }>();

/** Whether `field`'s pair counts were tried at the store's current version and not kept. */
export function pairCountsRefused(store: EventStore, field: DictField): boolean {
  const tried = refused.get(store);
  return tried !== undefined && tried.version === store.version && tried.fields.has(field);
}

function refuse(store: EventStore, version: number, field: DictField): void {
  let tried = refused.get(store);
  if (tried === undefined || tried.version !== version) {
    tried = { version, fields: new Set() };
    refused.set(store, tried);
  }
  tried.fields.add(field);
}

/**
 * The pair counts of `field` against every field of `others` (other than itself), as of the
 * store's current version; null when they have not been counted (or are stale).
 */
export function pairCountsOf(
  store: EventStore,
  field: DictField,
  others: readonly DictField[],
): PairCounts | null {
  const list = kept.get(store);
  if (list === undefined) return null;
  for (const pairs of list) {
    if (pairs.field !== field || pairs.version !== store.version) continue;
    if (others.every((other) => other === field || pairs.lists.has(other))) return pairs;
  }
  return null;
}

function keep(store: EventStore, pairs: PairCounts): void {
  const list = (kept.get(store) ?? []).filter(
    (p) => p.version === store.version && p.field !== pairs.field,
  );
  list.unshift(pairs);
  kept.set(store, list.slice(0, KEEP));
}

/**
 * Counts the pairs of `field` with each of `others`, yielding after about `stepRows` rows of
 * work; keeps and returns them. Null (nothing kept) when the store changed meanwhile, or when
 * the lists would hold more entries than a quarter of the rows (and than `listFloor`): then they
 * would save little, and the field is not tried again at this version (`pairCountsRefused`).
 *
 * The rows are first listed by value of `field` (a counting sort, each value's rows in row order),
 * then, per other field, each value's rows are counted into a table with a list of the ids it
 * touched, which are then read out and cleared.
 */
export function* pairCountSteps(
  store: EventStore,
  field: DictField,
  others: readonly DictField[],
  stepRows = STEP_ROWS,
  listFloor = LIST_FLOOR,
): Generator<void, PairCounts | null> {
  const version = store.version;
  const n = store.rows;
  const column = store.column(field);
  const size = store.dict(field).size;
  const perId = store.idCountsOf(field);
  const start = new Uint32Array(size + 1);
  for (let id = 0; id < size; id++) start[id + 1] = start[id] + perId[id];
  if (start[size] !== n) return null;

  const at = start.slice(0, size);
  const byValue = new Uint32Array(n);
  for (let from = 0; from < n; from += stepRows) {
    const end = Math.min(n, from + stepRows);
    for (let r = from; r < end; r++) byValue[at[column[r]]++] = r;
    yield;
    if (store.version !== version) return null;
  }

  const limit = Math.max(listFloor, n >>> 2);
  let entries = 0;
  const lists = new Map<DictField, PairList>();
  for (const other of new Set(others)) {
    if (other === field) continue;
    const counting = countPairs(
      byValue,
      start,
      store.column(other),
      store.dict(other).size,
      stepRows,
    );
    let step = counting.next();
    while (step.done !== true) {
      yield;
      if (store.version !== version) return null;
      step = counting.next();
    }
    entries += step.value.ids.length;
    if (entries > limit) {
      refuse(store, version, field);
      return null;
    }
    lists.set(other, step.value);
  }
  const pairs: PairCounts = { field, version, lists };
  keep(store, pairs);
  return pairs;
}

/**
 * One other field's lists (`column`, with ids below `size`): `byValue` holds the rows of each id
 * of the field at `start[id]..start[id + 1]`. Yields after about `stepRows` rows.
 */
function* countPairs(
  byValue: Uint32Array,
  start: Uint32Array,
  column: IdColumn,
  size: number,
  stepRows: number,
): Generator<void, PairList> {
  const seen = new Uint32Array(size);
  const touched = new Uint32Array(size);
  const values = start.length - 1;
  const listStart = new Uint32Array(values + 1);
  let outIds: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  let outCounts: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  let used = 0;
  let budget = stepRows;
  for (let v = 0; v < values; v++) {
    let t = 0;
    let i = start[v];
    const end = start[v + 1];
    while (i < end) {
      const stop = Math.min(end, i + budget);
      budget -= stop - i;
      for (; i < stop; i++) {
        const id = column[byValue[i]];
        if (seen[id]++ === 0) touched[t++] = id;
      }
      if (budget <= 0) {
        yield;
        budget = stepRows;
      }
    }
    if (used + t > outIds.length) {
      const room = Math.max(used + t, outIds.length * 2);
      outIds = grown(outIds, room, used);
      outCounts = grown(outCounts, room, used);
    }
    for (let k = 0; k < t; k++) {
      const id = touched[k];
      outIds[used] = id;
      outCounts[used] = seen[id];
      seen[id] = 0;
      used++;
    }
    listStart[v + 1] = used;
    // A value costs a step of its own too: a field of many values with few rows each.
    if (--budget <= 0) {
      yield;
      budget = stepRows;
    }
  }
  return { start: listStart, ids: outIds.slice(0, used), counts: outCounts.slice(0, used) };
}

function grown(array: Uint32Array, length: number, used: number): Uint32Array<ArrayBuffer> {
  const copy = new Uint32Array(length);
  copy.set(array.subarray(0, used));
  return copy;
}

/**
 * Into `counts` (zeroed, one entry per id of `other`): the counts of `other` over the rows whose
 * id of the pairs' field passes `mask` (1 per id). `all` is `other`'s counts over every row: when
 * most values pass, those minus the lists of the values that do not are the shorter sum.
 */
export function countFromPairs(
  pairs: PairCounts,
  other: DictField,
  mask: Uint8Array,
  all: Uint32Array,
  counts: Uint32Array,
): void {
  const list = pairs.lists.get(other);
  if (list === undefined) throw new Error(`no pair counts of ${pairs.field} with ${other}`);
  const { start, ids, counts: pairCounts } = list;
  const values = start.length - 1;
  let passing = 0;
  for (let v = 0; v < values; v++) if (mask[v] === 1) passing += start[v + 1] - start[v];
  const add = passing * 2 <= ids.length;
  if (!add) counts.set(all.subarray(0, counts.length));
  for (let v = 0; v < values; v++) {
    if ((mask[v] === 1) !== add) continue;
    const end = start[v + 1];
    if (add) for (let j = start[v]; j < end; j++) counts[ids[j]] += pairCounts[j];
    else for (let j = start[v]; j < end; j++) counts[ids[j]] -= pairCounts[j];
  }
}
