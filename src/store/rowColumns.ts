// The store's row columns and their capacity: the ROW_COLUMNS kept as the chunk has them
// (`plain`), `file` and `record` kept narrow (`narrow`), and one id column per DictField
// (`fields`), all `capacity` rows long. They grow at once, or from copies prepared ahead while
// the store fills (./growAhead), and are fitted to the rows once a load is done.

import { DICT_FIELDS, ROW_COLUMNS, type DictField } from "../ingest/chunk";
import {
  NARROW_COLUMNS,
  PLAIN_COLUMNS,
  fitted,
  growPlain,
  grownCapacity,
  narrowColumns,
  plainArrays,
  type IdColumn,
  type NarrowColumn,
  type PlainArrays,
  type PlainColumn,
} from "./columns";
import { ColumnsAhead, type GrownArray } from "./growAhead";

export class RowColumns {
  capacity: number;
  plain: PlainArrays;
  narrow: Record<NarrowColumn, IdColumn>;
  fields: Record<DictField, IdColumn>;
  /** The next capacity's columns, while they are filled ahead (`aheadStep`). */
  private ahead: ColumnsAhead | null = null;

  constructor(readonly initialCapacity: number) {
    this.capacity = initialCapacity;
    this.plain = plainArrays(initialCapacity);
    this.narrow = narrowColumns(NARROW_COLUMNS, initialCapacity);
    this.fields = narrowColumns(DICT_FIELDS, initialCapacity);
  }

  /** Back to the initial capacity, every row dropped. */
  reset(): void {
    this.capacity = this.initialCapacity;
    this.plain = plainArrays(this.capacity);
    this.narrow = narrowColumns(NARROW_COLUMNS, this.capacity);
    this.fields = narrowColumns(DICT_FIELDS, this.capacity);
    this.ahead = null;
  }

  /** The bytes of every column at its current width and capacity. */
  get bytes(): number {
    let bytes = 0;
    for (const name of PLAIN_COLUMNS) bytes += this.plain[name].byteLength;
    for (const name of NARROW_COLUMNS) bytes += this.narrow[name].byteLength;
    for (const field of DICT_FIELDS) bytes += this.fields[field].byteLength;
    return bytes;
  }

  /** The bytes of the copies prepared ahead so far. */
  get aheadBytes(): number {
    return this.ahead?.bytes ?? 0;
  }

  /** Drops the copies prepared ahead; true when there were some. */
  dropAhead(): boolean {
    const had = this.ahead !== null;
    this.ahead = null;
    return had;
  }

  /**
   * One step of preparing the next capacity once `rows` pass `fill` of the capacity: about
   * `stepBytes` of rows copied. Not begun when the next columns would take more than
   * `roomBytes`. Returns whether the copies hold every row (or none is being made), and the bytes
   * the copies begun in this step will take.
   */
  aheadStep(
    rows: number,
    fill: number,
    stepBytes: number,
    roomBytes: number,
    /** Rows the load is expected to end with (0: not known): the next capacity, if it fits. */
    expected = 0,
  ): { done: boolean; begun: number } {
    let begun = 0;
    if (this.ahead === null && rows >= this.capacity * fill) {
      const rowBytes = this.bytes / this.capacity;
      let next = grownCapacity(this.capacity, this.capacity + 1, expected);
      if (rowBytes * next > roomBytes) next = grownCapacity(this.capacity, this.capacity + 1);
      const bytes = rowBytes * next;
      if (bytes <= roomBytes) {
        this.ahead = new ColumnsAhead(next);
        begun = bytes;
      }
    }
    const done = this.ahead?.step(this.named(), rows, stepBytes) ?? true;
    return { done, begun };
  }

  /** Row `row` of the flags changed in place: its copy ahead, if made, changes too. */
  flagsChanged(row: number): void {
    this.ahead?.rewrite("plain:flags", this.plain.flags, row);
  }

  /**
   * Room for `needed` rows, the first `rows` kept: from the copies prepared ahead when they have
   * the room (a column without a copy of its width is copied here), else by growth at once, to
   * `expected` rows when that is more.
   */
  ensure(needed: number, rows: number, expected = 0): void {
    if (needed <= this.capacity) return;
    const ahead = this.ahead;
    this.ahead = null;
    const prepared = ahead !== null && ahead.capacity >= needed ? ahead : null;
    const capacity = prepared?.capacity ?? grownCapacity(this.capacity, needed, expected);
    for (const name of PLAIN_COLUMNS) takePlain(this.plain, name, prepared, capacity, rows);
    for (const name of NARROW_COLUMNS) {
      this.narrow[name] =
        prepared?.take(`narrow:${name}`, this.narrow[name], rows) ??
        fitted(this.narrow[name], 0, capacity, rows);
    }
    for (const field of DICT_FIELDS) {
      this.fields[field] =
        prepared?.take(`field:${field}`, this.fields[field], rows) ??
        fitted(this.fields[field], 0, capacity, rows);
    }
    this.capacity = capacity;
  }

  /** See EventStore.fitStep. */
  fitStep(rows: number, stepBytes: number): boolean {
    this.ahead = null;
    if (rows === 0) return true;
    if (this.capacity > rows) {
      const unused = this.capacity - rows;
      if (this.capacity <= this.initialCapacity || unused < this.capacity / 16) return true;
      this.capacity = rows;
    }
    let copied = 0;
    for (const name of PLAIN_COLUMNS) {
      const perRow = ROW_COLUMNS[name].perRow;
      if (this.plain[name].length === rows * perRow) continue;
      if (copied > 0 && copied >= stepBytes) return false;
      growPlain(this.plain, name, rows, rows);
      copied += this.plain[name].byteLength;
    }
    for (const columns of [this.narrow, this.fields] as Record<string, IdColumn>[]) {
      for (const name of Object.keys(columns)) {
        if (columns[name].length === rows) continue;
        if (copied > 0 && copied >= stepBytes) return false;
        columns[name] = fitted(columns[name], 0, rows, rows);
        copied += columns[name].byteLength;
      }
    }
    return true;
  }

  /** Every column by a name of its own, with its elements per row, for growAhead. */
  private named(): Map<string, { array: GrownArray; perRow: number }> {
    const out = new Map<string, { array: GrownArray; perRow: number }>();
    for (const name of PLAIN_COLUMNS)
      out.set(`plain:${name}`, { array: this.plain[name], perRow: ROW_COLUMNS[name].perRow });
    for (const name of NARROW_COLUMNS)
      out.set(`narrow:${name}`, { array: this.narrow[name], perRow: 1 });
    for (const field of DICT_FIELDS)
      out.set(`field:${field}`, { array: this.fields[field], perRow: 1 });
    return out;
  }
}

/** `plain[name]` moved to `capacity` rows: the copy filled ahead when there is one, else a copy. */
function takePlain<K extends PlainColumn>(
  plain: PlainArrays,
  name: K,
  ahead: ColumnsAhead | null,
  capacity: number,
  rows: number,
): void {
  const taken = ahead?.take(`plain:${name}`, plain[name], rows) ?? null;
  if (taken === null) growPlain(plain, name, capacity, rows);
  else plain[name] = taken;
}
