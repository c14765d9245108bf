// The store's dedupe table: open addressing over row ids (stored as row + 1, 0 = empty slot), the
// keys themselves read from the store's eventKey column, so a slot costs one Uint32.
//
//   eventKey[4r..4r+2]  96 bits of the eventID ──▶ which rows are the same event
//   eventKey[4r+3]      32-bit fingerprint of the whole record ──▶ a repeat (equal) or an
//                       altered copy (different: a conflicting duplicate, kept and marked)
//
// Several rows may share an eventID (the conflicting variants); a probe for an eventID meets
// them in the order they were stored.

import { FLAG_NO_EVENT_ID, type ColumnChunk } from "../ingest/chunk";

// Linear probing stays short up to here, and the table stays a small part of a row's bytes.
const MAX_LOAD = 0.7;

// The eventID part is usually already a hash or a UUID's bits, but nothing promises it: mixing
// the words keeps a structured key (a counter) from clustering in the table.
export function hashEventId(k0: number, k1: number, k2: number): number {
  let h = k0 ^ Math.imul(k1, 0x9e3779b1) ^ Math.imul(k2, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export function tableSizeFor(keyedRows: number): number {
  let size = 16;
  while (keyedRows > size * MAX_LOAD) size *= 2;
  return size;
}

/** Whether a table of `size` slots holds `keyedRows` within its load factor. */
export function tableFits(size: number, keyedRows: number): boolean {
  return keyedRows <= size * MAX_LOAD;
}

/**
 * The fingerprint of a row whose record was rebuilt from a query engine's columns (CSV, Lake,
 * Athena results): its content cannot be compared with the delivered record's, so it is
 * deduplicated on its eventID alone, as a copy of any row of that eventID.
 */
export const UNKNOWN_CONTENT = 0;

/** What a probe found for a key: an identical row, rows of the same eventID only, or nothing. */
export const PROBE_NEW = 0;
export const PROBE_IDENTICAL = 1;
export const PROBE_CONFLICT = 2;

/**
 * Probes `slots` for the key at `key[at..at+3]` against the rows' keys in `keys`. Returns
 * PROBE_IDENTICAL (a stored row has the same eventID and fingerprint; or one of the two
 * fingerprints is UNKNOWN_CONTENT and no stored row of the eventID has another known one),
 * PROBE_CONFLICT (stored rows have the eventID with other known contents) or PROBE_NEW; `free`
 * receives the empty slot where a kept row goes.
 */
export function probe(
  slots: Uint32Array,
  keys: Uint32Array,
  key: Uint32Array,
  at: number,
  free: { slot: number },
): number {
  const k0 = key[at];
  const k1 = key[at + 1];
  const k2 = key[at + 2];
  const k3 = key[at + 3];
  const mask = slots.length - 1;
  let slot = hashEventId(k0, k1, k2) & mask;
  let other = false;
  let unknown = false;
  for (;;) {
    const occupant = slots[slot];
    if (occupant === 0) break;
    const o = 4 * (occupant - 1);
    if (keys[o] === k0 && keys[o + 1] === k1 && keys[o + 2] === k2) {
      const stored = keys[o + 3];
      if (stored === k3 || k3 === UNKNOWN_CONTENT) return PROBE_IDENTICAL;
      if (stored === UNKNOWN_CONTENT) unknown = true;
      else other = true;
    }
    slot = (slot + 1) & mask;
  }
  free.slot = slot;
  return other ? PROBE_CONFLICT : unknown ? PROBE_IDENTICAL : PROBE_NEW;
}

/** Calls `visit` with every row stored under the eventID of `key[at..at+2]`, in stored order. */
export function rowsOfEventId(
  slots: Uint32Array,
  keys: Uint32Array,
  key: ArrayLike<number>,
  at: number,
  visit: (row: number) => boolean | void,
): void {
  const k0 = key[at];
  const k1 = key[at + 1];
  const k2 = key[at + 2];
  const mask = slots.length - 1;
  for (let slot = hashEventId(k0, k1, k2) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    const row = slots[slot] - 1;
    const o = 4 * row;
    if (keys[o] === k0 && keys[o + 1] === k1 && keys[o + 2] === k2 && visit(row) === true) return;
  }
}

/** A table of `size` slots holding the keyed rows among the first `rows` (in row order). */
export function rebuildTable(
  size: number,
  keys: Uint32Array,
  keyed: (row: number) => boolean,
  rows: number,
): Uint32Array {
  const slots = new Uint32Array(size);
  const mask = size - 1;
  for (let row = 0; row < rows; row++) {
    if (!keyed(row)) continue;
    const o = 4 * row;
    let slot = hashEventId(keys[o], keys[o + 1], keys[o + 2]) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = row + 1;
  }
  return slots;
}

export interface Dedupe {
  /** The chunk rows kept, in order (the first `kept` entries). */
  keep: Uint32Array;
  kept: number;
  duplicates: number;
  conflicting: number;
  /** Store rows (base + j) kept as conflicting duplicates; rare, so a plain list. */
  conflictRows: number[];
  /** Rows added to the table. */
  keyed: number;
}

/**
 * Pass 1 of an append: which rows of `chunk` are kept, their keys written into `keys` at store
 * rows base, base + 1, … and into `slots` at once, so that a later row of the same chunk with the
 * same eventID finds them. The table must have room for every row of the chunk.
 */
export function dedupeChunk(
  slots: Uint32Array,
  keys: Uint32Array,
  chunk: ColumnChunk,
  base: number,
): Dedupe {
  const n = chunk.rows;
  const keep = new Uint32Array(n);
  let kept = 0;
  let duplicates = 0;
  let conflicting = 0;
  let keyed = 0;
  const conflictRows: number[] = [];
  const chunkKeys = chunk.eventKey;
  const chunkFlags = chunk.flags;
  const free = { slot: 0 };
  for (let i = 0; i < n; i++) {
    const k0 = chunkKeys[4 * i];
    const k1 = chunkKeys[4 * i + 1];
    const k2 = chunkKeys[4 * i + 2];
    const k3 = chunkKeys[4 * i + 3];
    const row = base + kept;
    const hasEventId = (chunkFlags[i] & FLAG_NO_EVENT_ID) === 0 && (k0 | k1 | k2 | k3) !== 0;
    if (hasEventId) {
      const found = probe(slots, keys, chunkKeys, 4 * i, free);
      if (found === PROBE_IDENTICAL) {
        duplicates++;
        continue;
      }
      slots[free.slot] = row + 1;
      keyed++;
      if (found === PROBE_CONFLICT) {
        conflicting++;
        conflictRows.push(row);
      }
    }
    keys[4 * row] = k0;
    keys[4 * row + 1] = k1;
    keys[4 * row + 2] = k2;
    keys[4 * row + 3] = k3;
    keep[kept++] = i;
  }
  return { keep, kept, duplicates, conflicting, conflictRows, keyed };
}
