// Sorting rows by a column: a dictionary field by each entry's rank in string order (worked out
// once per entry, cached until the dictionary grows), time by the cached time order.
import type { DictField } from "../ingest/chunk";
import { radixSortStable } from "../lib/radixSort";
import { MISSING_ID, type Dictionary } from "./dictionary";
import type { EventStore } from "./eventStore";
import { timeOrderOf } from "./timeOrder";

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
