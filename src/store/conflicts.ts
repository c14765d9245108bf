// Conflicting duplicates: rows whose eventID came more than once with different contents (an
// altered copy of a delivered event). The store keeps them all and marks them FLAG_CONFLICT.
import { FLAG_CONFLICT, type EventStore } from "./eventStore";

const cache = new WeakMap<EventStore, { version: number; rows: Uint32Array }>();

/** The rows marked FLAG_CONFLICT, ascending (one pass over the flags per store version). */
export function conflictRows(store: EventStore): Uint32Array {
  const hit = cache.get(store);
  if (hit !== undefined && hit.version === store.version) return hit.rows;
  const rows = new Uint32Array(store.conflictingRows);
  if (rows.length > 0) {
    const flags = store.flags;
    for (let r = 0, k = 0; r < store.rows && k < rows.length; r++)
      if ((flags[r] & FLAG_CONFLICT) !== 0) rows[k++] = r;
  }
  cache.set(store, { version: store.version, rows });
  return rows;
}

/** Whether `row` is one of the versions of an event that came with different contents. */
export function isConflicting(store: EventStore, row: number): boolean {
  return row >= 0 && row < store.rows && (store.flags[row] & FLAG_CONFLICT) !== 0;
}
