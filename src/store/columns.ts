// The store's columns: narrow integer columns, how capacity grows, and the row columns of
// ROW_COLUMNS (../ingest/chunk) split by how the store keeps them.
//
// A dictionary-id column (and the store's `file` and `record` columns) takes as few bytes a row
// as its largest value needs: a Uint8Array while every value is below 256, then a Uint16Array,
// then a Uint32Array. Widening is one copy, made before the wider values are written; readers
// get whichever array is current, so they take an `IdColumn` and only index it.

import {
  ROW_COLUMNS,
  ROW_COLUMN_NAMES,
  rowArray,
  type RowArrays,
  type RowColumn,
} from "../ingest/chunk";

/** A column of small non-negative integers, 1, 2 or 4 bytes a row. */
export type IdColumn = Uint8Array | Uint16Array | Uint32Array;

export type Width = 1 | 2 | 4;

/** The fewest bytes that hold every value from 0 to `max`. */
export function widthFor(max: number): Width {
  return max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
}

export function newIdColumn(width: Width, length: number): IdColumn {
  return width === 1
    ? new Uint8Array(length)
    : width === 2
      ? new Uint16Array(length)
      : new Uint32Array(length);
}

/**
 * `column` with room for values up to `max` and `length` rows: itself when it already has both,
 * otherwise a copy of its first `used` values in an array as wide as needed (never narrower).
 */
export function fitted(column: IdColumn, max: number, length: number, used: number): IdColumn {
  const width = Math.max(column.BYTES_PER_ELEMENT, widthFor(max)) as Width;
  if (width === column.BYTES_PER_ELEMENT && length === column.length) return column;
  const next = newIdColumn(width, length);
  next.set(column.subarray(0, used));
  return next;
}

/** Rows up to which capacity doubles; past it, it grows by a quarter. */
export const DOUBLING_LIMIT = 1 << 20;
/** Past DOUBLING_LIMIT, capacities are multiples of this many rows. */
const GROWTH_STEP = 1 << 12;

/**
 * The capacity after `capacity` for `needed` rows: doubling while small (few copies), a quarter
 * more at a time past DOUBLING_LIMIT, so that at most a fifth of a large store's column bytes is
 * unused room (a doubled column would be up to half unused); or `expected` rows (rounded up to
 * GROWTH_STEP) when they are at least the rows needed.
 */
export function grownCapacity(capacity: number, needed: number, expected = 0): number {
  // The rows a load is expected to end with, when they are more than needed: one growth instead
  // of several, each of which would copy every row stored so far.
  if (expected >= needed) return Math.ceil(expected / GROWTH_STEP) * GROWTH_STEP;
  let next = Math.max(1, capacity);
  while (next < needed) {
    next =
      next < DOUBLING_LIMIT
        ? Math.min(next * 2, DOUBLING_LIMIT)
        : next + Math.ceil(next / 4 / GROWTH_STEP) * GROWTH_STEP;
  }
  return next;
}

/** The row columns the store keeps narrow (file, record). */
export type NarrowColumn = {
  [K in RowColumn]: (typeof ROW_COLUMNS)[K]["store"] extends "narrow" ? K : never;
}[RowColumn];
/** The row columns the store keeps as the chunk has them (time, flags, keys). */
export type PlainColumn = Exclude<RowColumn, NarrowColumn>;
export type PlainArrays = Pick<RowArrays, PlainColumn>;

export const NARROW_COLUMNS = ROW_COLUMN_NAMES.filter(
  (name): name is NarrowColumn => ROW_COLUMNS[name].store === "narrow",
);
export const PLAIN_COLUMNS = ROW_COLUMN_NAMES.filter(
  (name): name is PlainColumn => ROW_COLUMNS[name].store !== "narrow",
);
/** The plain columns `append` copies (eventKey is written by the dedupe pass). */
export const COPIED_COLUMNS = PLAIN_COLUMNS.filter((name) => ROW_COLUMNS[name].store === "copy");

export function plainArrays(capacity: number): PlainArrays {
  const out = {} as Record<PlainColumn, PlainArrays[PlainColumn]>;
  for (const name of PLAIN_COLUMNS) out[name] = rowArray(name, capacity);
  return out as PlainArrays;
}

export function narrowColumns<K extends string>(
  names: readonly K[],
  capacity: number,
): Record<K, IdColumn> {
  const out = {} as Record<K, IdColumn>;
  for (const name of names) out[name] = newIdColumn(1, capacity);
  return out;
}

/** `plain[name]` moved into an array for `capacity` rows, its first `rows` rows kept. */
export function growPlain<K extends PlainColumn>(
  plain: PlainArrays,
  name: K,
  capacity: number,
  rows: number,
): void {
  const next: PlainArrays[K] = rowArray(name, capacity);
  next.set(plain[name].subarray(0, rows * ROW_COLUMNS[name].perRow));
  plain[name] = next;
}

/** Copies the kept rows of `source` (`perRow` elements each) into `target` from row `base`. */
export function copyRows(
  target: IdColumn | Float64Array,
  source: ArrayLike<number>,
  perRow: number,
  base: number,
  keep: Uint32Array | null,
  kept: number,
): void {
  if (keep === null) {
    target.set(source, base * perRow);
    return;
  }
  for (let j = 0; j < kept; j++) {
    const from = keep[j] * perRow;
    const to = (base + j) * perRow;
    for (let w = 0; w < perRow; w++) target[to + w] = source[from + w];
  }
}
