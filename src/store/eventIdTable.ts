// The store's dedupe table: open addressing over row ids (stored as row + 1, 0 = empty slot), the
// keys themselves read from the store's eventKey column, so a slot costs one Uint32.
//
//   eventKey[4r..4r+2]  96 bits of the eventID ──▶ which rows are the same event
//   eventKey[4r+3]      32-bit fingerprint of the whole record ──▶ a repeat (equal) or an
//                       altered copy (different: a conflicting duplicate, kept and marked)
//
// The table holds one row per eventID: the first stored (its head). The other versions of an
// eventID that came with different contents are rare and live in `Versions`, by head; so each
// row costs one probe of a short run, however many versions an eventID has (a hostile file of a
// million records under one eventID stays linear).

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

/** The versions of each eventID that came with different contents, by its head row. */
export class Versions {
  private readonly groups = new Map<number, { rows: number[]; prints: Set<number> }>();

  /** Rows of the eventID whose head is `head`, in stored order; null when it has one version. */
  rowsOf(head: number): readonly number[] | null {
    return this.groups.get(head)?.rows ?? null;
  }

  /** Whether the eventID of `head` already has a version with fingerprint `print`. */
  has(head: number, headPrint: number, print: number): boolean {
    return print === headPrint || (this.groups.get(head)?.prints.has(print) ?? false);
  }

  /** Adds `row`, of fingerprint `print`, as another version of the eventID of `head`. */
  add(head: number, headPrint: number, row: number, print: number): void {
    let group = this.groups.get(head);
    if (group === undefined) {
      group = { rows: [head], prints: new Set([headPrint]) };
      this.groups.set(head, group);
    }
    group.rows.push(row);
    group.prints.add(print);
  }

  clear(): void {
    this.groups.clear();
  }
}

/**
 * The head row stored under the eventID `key[at..at+2]`, or -1; `free` receives the empty slot
 * where the probe ended (where a new head goes).
 */
export function findHead(
  slots: Uint32Array,
  keys: Uint32Array,
  key: ArrayLike<number>,
  at: number,
  free: { slot: number },
): number {
  const k0 = key[at];
  const k1 = key[at + 1];
  const k2 = key[at + 2];
  const mask = slots.length - 1;
  let slot = hashEventId(k0, k1, k2) & mask;
  for (;;) {
    const occupant = slots[slot];
    if (occupant === 0) break;
    const o = 4 * (occupant - 1);
    if (keys[o] === k0 && keys[o + 1] === k1 && keys[o + 2] === k2) return occupant - 1;
    slot = (slot + 1) & mask;
  }
  free.slot = slot;
  return -1;
}

/** Home slots are grouped by their top bits into this many ranges for a rebuild. */
const REBUILD_RANGES_LOG2 = 12;

/**
 * A table of `size` slots (a power of two) holding the head of each eventID among the first
 * `rows`: in row order, the first keyed row of each eventID. A row that `alone` says is the only
 * row of its eventID (most are: copies are dropped as they come) takes the first free slot on its
 * probe path without comparing keys, and these rows go in by ranges of home slots: the table is
 * filled front to back, each write near the last, rather than a million writes scattered over a
 * table larger than the cache. The other rows are then looked up first, in row order.
 */
export function rebuildTable(
  size: number,
  keys: Uint32Array,
  keyed: (row: number) => boolean,
  rows: number,
  alone: (row: number) => boolean = () => false,
): Uint32Array {
  const slots = new Uint32Array(size);
  const mask = size - 1;
  const sizeLog2 = 31 - Math.clz32(size);
  const rangeShift = Math.max(0, sizeLog2 - REBUILD_RANGES_LOG2);
  const ranges = size >>> rangeShift;
  // Each alone row's home slot, and how many rows each range holds.
  const homes = new Int32Array(rows).fill(-1);
  const starts = new Uint32Array(ranges + 1);
  const others: number[] = [];
  for (let row = 0; row < rows; row++) {
    if (!keyed(row)) continue;
    if (!alone(row)) {
      others.push(row);
      continue;
    }
    const at = 4 * row;
    const home = hashEventId(keys[at], keys[at + 1], keys[at + 2]) & mask;
    homes[row] = home;
    starts[(home >>> rangeShift) + 1]++;
  }
  for (let r = 0; r < ranges; r++) starts[r + 1] += starts[r];
  const byRange = new Uint32Array(starts[ranges]);
  for (let row = 0; row < rows; row++) {
    const home = homes[row];
    if (home >= 0) byRange[starts[home >>> rangeShift]++] = row;
  }
  for (let k = 0; k < byRange.length; k++) {
    const row = byRange[k];
    let slot = homes[row];
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = row + 1;
  }
  const free = { slot: 0 };
  for (const row of others) {
    if (findHead(slots, keys, keys, 4 * row, free) < 0) slots[free.slot] = row + 1;
  }
  return slots;
}

export interface Dedupe {
  /** The chunk rows kept, in order (the first `kept` entries). */
  keep: Uint32Array;
  kept: number;
  duplicates: number;
  conflicting: number;
  /**
   * Store rows (base + j) kept as conflicting duplicates, each followed by the head row of its
   * eventID; rare, so a plain list of pairs.
   */
  conflictRows: number[];
  /** Rows added to the table (new heads). */
  keyed: number;
}

/**
 * Pass 1 of an append: which rows of `chunk` are kept, their keys written into `keys` at store
 * rows base, base + 1, … and new heads into `slots` at once, so that a later row of the same
 * chunk with the same eventID finds them; versions go into `versions`. The table must have room
 * for every row of the chunk.
 *
 * A row is a duplicate when a stored row of its eventID has its fingerprint, or when either
 * the row's or the head's content is unknown (UNKNOWN_CONTENT: an eventID alone is all that can
 * be compared); otherwise, under a known eventID, it is a conflicting duplicate, kept.
 */
export function dedupeChunk(
  slots: Uint32Array,
  keys: Uint32Array,
  versions: Versions,
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
      const head = findHead(slots, keys, chunkKeys, 4 * i, free);
      if (head < 0) {
        slots[free.slot] = row + 1;
        keyed++;
      } else {
        const headPrint = keys[4 * head + 3];
        if (
          k3 === UNKNOWN_CONTENT ||
          headPrint === UNKNOWN_CONTENT ||
          versions.has(head, headPrint, k3)
        ) {
          duplicates++;
          continue;
        }
        versions.add(head, headPrint, row, k3);
        conflicting++;
        conflictRows.push(row, head);
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
