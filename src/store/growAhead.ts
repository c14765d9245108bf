// Growth prepared ahead of need. A large store that grows at once copies every column into
// longer arrays and rebuilds its dedupe table in the task of the append that needed the room:
// hundreds of ms past a few million rows. Instead, once the store is three quarters full, the
// next capacity's columns and the next table are filled a few MB at a time, in tasks of their
// own (EventStore.growStep), while the store fills; the append that needs the room then only
// copies the rows that came since and swaps the arrays in.
//
//   columns  copy of rows [0, copied) at the next capacity ──▶ rows [copied, rows) at the swap
//   table    heads of rows [0, rows) at twice the slots  ──▶ rows that came since at the swap
//
// A column widened meanwhile (its ids outgrew a byte) drops its copy, which is made again; a row
// changed in place (a conflict mark) is written to its copy too (`rewrite`).

import { FLAG_NO_EVENT_ID } from "../ingest/chunk";
import { findHead, hashEventId } from "./eventIdTable";

/** The store's columns as growth sees them: typed arrays of `perRow` elements a row. */
export type GrownArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

interface Copy {
  array: GrownArray;
  /** Rows copied so far (rows [0, copied) are in `array`). */
  copied: number;
  perRow: number;
}

/** An empty array of the same kind as `like`, `length` elements long. */
function sameKind(like: GrownArray, length: number): GrownArray {
  if (like instanceof Float64Array) return new Float64Array(length);
  if (like instanceof Uint32Array) return new Uint32Array(length);
  if (like instanceof Uint16Array) return new Uint16Array(length);
  return new Uint8Array(length);
}

function sameWidth(a: GrownArray, b: GrownArray): boolean {
  return (
    a.BYTES_PER_ELEMENT === b.BYTES_PER_ELEMENT &&
    a instanceof Float64Array === b instanceof Float64Array
  );
}

/** The columns of the next capacity, filled ahead of the append that needs them. */
export class ColumnsAhead {
  private readonly copies = new Map<string, Copy>();

  constructor(readonly capacity: number) {}

  /**
   * Copies rows of the current `columns` (by name, with their elements per row) into the next
   * capacity's arrays, up to about `stepBytes`. True once every column holds all `rows`.
   */
  step(
    columns: ReadonlyMap<string, { array: GrownArray; perRow: number }>,
    rows: number,
    stepBytes: number,
  ): boolean {
    let budget = stepBytes;
    for (const [name, { array, perRow }] of columns) {
      let copy = this.copies.get(name);
      if (copy !== undefined && !sameWidth(copy.array, array)) copy = undefined;
      if (copy === undefined) {
        copy = { array: sameKind(array, this.capacity * perRow), copied: 0, perRow };
        this.copies.set(name, copy);
      }
      if (copy.copied >= rows) continue;
      if (budget <= 0) return false;
      const rowBytes = perRow * array.BYTES_PER_ELEMENT;
      const end = Math.min(rows, copy.copied + Math.max(1, Math.ceil(budget / rowBytes)));
      copy.array.set(array.subarray(copy.copied * perRow, end * perRow), copy.copied * perRow);
      budget -= (end - copy.copied) * rowBytes;
      copy.copied = end;
      if (end < rows) return false;
    }
    return true;
  }

  /**
   * The next capacity's array for `current` holding its first `rows` rows, or null when there is
   * no copy of the same width. A column is taken once.
   */
  take<T extends GrownArray>(name: string, current: T, rows: number): T | null {
    const copy = this.copies.get(name);
    this.copies.delete(name);
    if (copy === undefined || !sameWidth(copy.array, current)) return null;
    const { perRow } = copy;
    if (copy.copied < rows)
      copy.array.set(current.subarray(copy.copied * perRow, rows * perRow), copy.copied * perRow);
    return copy.array as T;
  }

  /** Row `row` of `current` changed in place: its copy, if made, changes too. */
  rewrite(name: string, current: GrownArray, row: number): void {
    const copy = this.copies.get(name);
    if (copy === undefined || row >= copy.copied || !sameWidth(copy.array, current)) return;
    for (let k = 0; k < copy.perRow; k++)
      copy.array[row * copy.perRow + k] = current[row * copy.perRow + k];
  }

  get bytes(): number {
    let bytes = 0;
    for (const copy of this.copies.values()) bytes += copy.array.byteLength;
    return bytes;
  }
}

/** Rows of the store's table the next table takes in one step: a few ms of scattered writes. */
const TABLE_STEP_ROWS = 1 << 16;
/**
 * Slots of the next table written in one step before any row goes in: a new array's memory is
 * given to it a page at a time as it is first written, and rows scattered over a fresh table
 * would touch nearly every page in one step (a third of a second for a 64 MB table, measured),
 * where writing it in order a few MB a step costs a few ms each.
 */
const TABLE_TOUCH_SLOTS = 1 << 21;

/**
 * The dedupe table of the next size, filled ahead in row order with the head of each eventID
 * (the first keyed row), as rebuildTable fills it at once: a row not marked `conflict` is the
 * only one of its eventID so far and takes the first free slot on its probe path; a marked row is
 * looked up first. Rows are only ever added and a later version is marked when it comes, so the
 * heads of rows [0, rows) stay the heads whatever comes after.
 */
export class TableAhead {
  readonly slots: Uint32Array;
  private rows = 0;
  /** Slots written in order so far (see TABLE_TOUCH_SLOTS). */
  private touched = 0;
  private readonly free = { slot: 0 };

  constructor(
    size: number,
    private readonly touchSlots = TABLE_TOUCH_SLOTS,
  ) {
    this.slots = new Uint32Array(size);
  }

  /**
   * Writes the next slots of the table in order, then takes up to `most` more rows (every one
   * when `most` is infinite); true once it holds every one of `rows`.
   */
  step(
    keys: Uint32Array,
    flags: Uint8Array,
    conflict: number,
    rows: number,
    most = TABLE_STEP_ROWS,
  ): boolean {
    const { slots, free } = this;
    if (this.touched < slots.length) {
      const all = most === Number.POSITIVE_INFINITY;
      const end = all ? slots.length : Math.min(slots.length, this.touched + this.touchSlots);
      slots.fill(0, this.touched, end);
      this.touched = end;
      if (!all) return false;
    }
    const mask = slots.length - 1;
    const end = Math.min(rows, this.rows + most);
    for (let row = this.rows; row < end; row++) {
      const at = 4 * row;
      if ((flags[row] & FLAG_NO_EVENT_ID) !== 0) continue;
      if ((keys[at] | keys[at + 1] | keys[at + 2] | keys[at + 3]) === 0) continue;
      if ((flags[row] & conflict) === 0) {
        let slot = hashEventId(keys[at], keys[at + 1], keys[at + 2]) & mask;
        while (slots[slot] !== 0) slot = (slot + 1) & mask;
        slots[slot] = row + 1;
      } else if (findHead(slots, keys, keys, at, free) < 0) {
        slots[free.slot] = row + 1;
      }
    }
    this.rows = end;
    return end >= rows;
  }
}
