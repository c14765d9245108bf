// The columnar event store: every loaded CloudTrail event as one row across parallel typed arrays.
//
//   row r ──▶ time[r]                 Float64   ms since epoch; NaN = no usable eventTime
//             column("eventName")[r]  1–4 B     global id ──▶ dict("eventName").get(id)
//             column("eventSource")[r] ...      (one IdColumn per DictField, 22 in all)
//             flags[r]                Uint8     FLAG_* bits from ../ingest/chunk
//             file[r], record[r]      1–4 B ×2  where the record lives, to re-inflate it on demand
//             requestKey[r], sharedKey[r] Uint32×2  hashes of requestID, sharedEventID (0: none)
//             eventKey[4r..4r+2]      Uint32×3  96 bits of the eventID; all zero = no eventID
//             eventKey[4r+3]          Uint32    fingerprint of the whole record (see eventIdTable)
//
//   A row with the eventID and fingerprint of a stored row is a duplicate and is dropped; one
//   with the eventID but another fingerprint is an altered copy: it is kept, and it and every
//   stored row of its eventID get FLAG_CONFLICT.
//
// The columns are ROW_COLUMNS (../ingest/chunk) and one per DictField. An id column, `file` and
// `record` are narrow (./columns): 1 byte a row while their largest value is below 256, 2 below
// 65,536, else 4, widened by one copy in `append` before a wider value is written. A row is
//
//   8 time + 1 flags + 8 request/shared hashes + 16 eventKey  = 33 bytes, fixed
//   + file and record, 1–4 each (under 256 files of under 65,536 records: 1 + 2)
//   + 22 ids, 1–4 each: 22 to 88 (e.g. 10 fields under 256 values, 9 under 65,536 and 3 past
//     it, such as addresses and temporary key ids: 10 + 18 + 12 = 40)
//
// so 57 to 129 bytes a row (76 in that example), plus the dedupe table (one Uint32 slot per
// 0.35–0.7 keyed rows: about 6–11 bytes a row), plus the dictionaries. Capacity doubles up to 2^20 rows, then grows by a quarter
// (./columns `grownCapacity`): past that, capacity is at most about 1.25 × rows.
// `approximateBytes` counts the columns at their real width and capacity.
//
// Columns are usually longer than `rows`: loops run to `rows`, never to `.length`. Any append may
// replace a column (growth, widening): read `column(field)` again after one. Row ids are append
// order and never change until `clear`.

import {
  DICT_FIELDS,
  FLAG_NO_EVENT_ID,
  ROW_COLUMNS,
  type ColumnChunk,
  type DictField,
} from "../ingest/chunk";
import { COPIED_COLUMNS, NARROW_COLUMNS, copyRows, fitted, type IdColumn } from "./columns";
import { Dictionary } from "./dictionary";
import {
  Versions,
  dedupeChunk,
  findHead,
  rebuildTable,
  tableFits,
  tableSizeFor,
} from "./eventIdTable";
import { TableAhead } from "./growAhead";
import { RowColumns } from "./rowColumns";

const DEFAULT_CAPACITY = 4096;
/** Bytes of columns fitStep copies in one step, past its first column: a few ms of copying. */
const FIT_STEP_BYTES = 24 * 1024 * 1024;
/**
 * Bytes of columns growStep copies in one step. The copies go to new memory, given to the array
 * a page at a time as it is first written: about 3 ms a MB on a slow machine (measured: 40–50 ms
 * for 16 MB), so a step stays well under a frame's long-task limit.
 */
const GROW_STEP_BYTES = 8 * 1024 * 1024;
/**
 * Stores below this many rows of capacity grow at once: under a million rows a growth costs tens
 * of ms, less than copying the rows twice and filling the next table row by row would.
 */
const AHEAD_MIN_ROWS = 1 << 20;
/** The share of the capacity past which the next columns are prepared ahead. */
const AHEAD_FILL = 0.75;
/**
 * The share past which growth is prepared when the rows expected (`expectRows`) are within
 * EXPECTED_SLACK of what the capacity, or the table, holds: a forecast a little over the rows the
 * load ends with would otherwise have every row copied for room that is never used.
 */
const LATE_FILL = 0.95;
const EXPECTED_SLACK = 1.05;
/**
 * The share of the table's load past which the next table is filled ahead: early, since every
 * stored row goes into it, and it doubles.
 */
const TABLE_AHEAD_FILL = 0.6;

/**
 * Store-only flag bit (the FLAG_* bits of ../ingest/chunk use the lower ones): another row has
 * the same eventID with other content. Set on every row of such an eventID.
 */
export const FLAG_CONFLICT = 128;

export interface AppendResult {
  added: number;
  duplicates: number;
  /** Rows kept although a stored row has their eventID with other content. */
  conflicting: number;
  /** The store row of the chunk's first kept row. */
  base: number;
  /**
   * The chunk rows kept, in order (kept row j is store row base + j); null when every row was
   * kept.
   */
  kept: Uint32Array | null;
}

export interface TimeRange {
  min: number;
  max: number;
}

function emptyIdCounts(): Record<DictField, Uint32Array> {
  const out = {} as Record<DictField, Uint32Array>;
  for (const field of DICT_FIELDS) out[field] = new Uint32Array(16);
  return out;
}

export class EventStore {
  private count = 0;
  private duplicateCount = 0;
  private conflictingCount = 0;
  private conflictRowCount = 0;
  private changes = 0;

  /** The row columns and their capacity (./rowColumns). */
  private readonly cols: RowColumns;
  private readonly dictionaries: Record<DictField, Dictionary>;
  /** Rows per dictionary id, per field, kept as rows arrive (longer than the dictionary). */
  private idCounts: Record<DictField, Uint32Array>;

  // Open-addressing table over row ids (stored as row + 1, 0 = empty slot); the keys themselves
  // are read from the eventKey column, so the table costs one Uint32 per slot.
  private slots: Uint32Array;
  private keyedRows = 0;
  private readonly versions = new Versions();
  /** The next table, while it is filled ahead (growStep). */
  private tableAhead: TableAhead | null = null;

  private minTime = Infinity;
  private maxTime = -Infinity;
  private noTimeCount = 0;
  /** The rows a load in progress is expected to end with (`expectRows`); 0 when not known. */
  private expected = 0;

  constructor(initialCapacity = DEFAULT_CAPACITY) {
    this.cols = new RowColumns(Math.max(1, initialCapacity | 0));
    this.dictionaries = {} as Record<DictField, Dictionary>;
    for (const field of DICT_FIELDS) this.dictionaries[field] = new Dictionary();
    this.idCounts = emptyIdCounts();
    this.slots = new Uint32Array(tableSizeFor(this.cols.capacity));
  }

  /** Rows stored, after deduplication. */
  get rows(): number {
    return this.count;
  }

  /** Rows dropped as duplicates of an eventID already stored, over all appends. */
  get duplicates(): number {
    return this.duplicateCount;
  }

  /**
   * Rows kept although an earlier row has their eventID with other content (an altered copy), over
   * all appends: a pair counts 1, three versions of one event 2.
   */
  get conflicting(): number {
    return this.conflictingCount;
  }

  /** Rows marked FLAG_CONFLICT: every row of an eventID that came with different contents. */
  get conflictingRows(): number {
    return this.conflictRowCount;
  }

  /** Bumped on every change, so derived views can memoize on (store, version). */
  get version(): number {
    return this.changes;
  }

  /** Rows whose eventTime was missing or unreadable (time is NaN). */
  get noTime(): number {
    return this.noTimeCount;
  }

  /** Rows the columns have room for (their length; eventKey 4 per row). */
  get rowCapacity(): number {
    return this.cols.capacity;
  }

  /** ms since epoch per row; NaN when unknown. Longer than `rows`. */
  get time(): Float64Array {
    return this.cols.plain.time;
  }

  get flags(): Uint8Array {
    return this.cols.plain.flags;
  }

  /** The file index per row: 1, 2 or 4 bytes, as the largest one needs. */
  get file(): IdColumn {
    return this.cols.narrow.file;
  }

  /** The record's index in its file per row: 1, 2 or 4 bytes, as the largest one needs. */
  get record(): IdColumn {
    return this.cols.narrow.record;
  }

  /** 32-bit hash of requestID per row (0: none), to find related events. */
  get requestKey(): Uint32Array {
    return this.cols.plain.requestKey;
  }

  /** 32-bit hash of sharedEventID per row (0: none). */
  get sharedKey(): Uint32Array {
    return this.cols.plain.sharedKey;
  }

  /** 4 words per row. */
  get eventKey(): Uint32Array {
    return this.cols.plain.eventKey;
  }

  /**
   * Global dictionary ids of `field` per row: 1, 2 or 4 bytes as the dictionary's size needs.
   * Longer than `rows`; an append may replace it with a wider or longer array.
   */
  column(field: DictField): IdColumn {
    return this.cols.fields[field];
  }

  dict(field: DictField): Dictionary {
    return this.dictionaries[field];
  }

  /**
   * Rows per id of `field` (one entry per dictionary entry), counted as the rows were appended: the
   * unfiltered facet counts, with no pass over the rows. A live view: copy it to keep it.
   */
  idCountsOf(field: DictField): Uint32Array {
    return this.idCounts[field].subarray(0, this.dictionaries[field].size);
  }

  /** The string of `field` at `row`, for the few rows on screen; loops should read ids instead. */
  value(field: DictField, row: number): string {
    return this.dictionaries[field].get(this.cols.fields[field][row]);
  }

  /** Earliest and latest eventTime, ignoring rows without one; null when no row has a time. */
  timeRange(): TimeRange | null {
    return this.minTime <= this.maxTime ? { min: this.minTime, max: this.maxTime } : null;
  }

  append(chunk: ColumnChunk): AppendResult {
    const n = chunk.rows;
    const base = this.count;
    if (n === 0) return { added: 0, duplicates: 0, conflicting: 0, base, kept: null };
    this.cols.ensure(base + n, base, this.expected);
    this.ensureTable(this.keyedRows + n);

    // Pass 1: dedupe (see eventIdTable.ts); writes the kept rows' eventKey.
    const { keep, kept, duplicates, conflicting, conflictRows, keyed } = dedupeChunk(
      this.slots,
      this.cols.plain.eventKey,
      this.versions,
      chunk,
      base,
    );
    this.keyedRows += keyed;

    // Passes 2..: one per column, each widened first if its new values need it. Without
    // duplicates (the common case) the plain and narrow row columns are block copies.
    const whole = kept === n;
    const rowsKept = whole ? null : keep;
    for (const field of DICT_FIELDS) {
      const dict = this.dictionaries[field];
      const remap = dict.mergeLocal(chunk.dicts[field]);
      const target = fitted(this.cols.fields[field], dict.size - 1, this.cols.capacity, base);
      this.cols.fields[field] = target;
      let counts = this.idCounts[field];
      if (counts.length < dict.size) {
        const grown = new Uint32Array(Math.max(dict.size, 2 * counts.length));
        grown.set(counts);
        this.idCounts[field] = counts = grown;
      }
      const source = chunk.fields[field];
      if (whole) {
        for (let i = 0; i < n; i++) {
          const id = remap[source[i]];
          target[base + i] = id;
          counts[id]++;
        }
      } else {
        for (let j = 0; j < kept; j++) {
          const id = remap[source[keep[j]]];
          target[base + j] = id;
          counts[id]++;
        }
      }
    }
    for (const name of NARROW_COLUMNS) {
      const source = chunk[name];
      let max = 0;
      if (whole) {
        for (let i = 0; i < n; i++) if (source[i] > max) max = source[i];
      } else {
        for (let j = 0; j < kept; j++) if (source[keep[j]] > max) max = source[keep[j]];
      }
      const target = fitted(this.cols.narrow[name], max, this.cols.capacity, base);
      this.cols.narrow[name] = target;
      copyRows(target, source, 1, base, rowsKept, kept);
    }
    for (const name of COPIED_COLUMNS) {
      copyRows(this.cols.plain[name], chunk[name], ROW_COLUMNS[name].perRow, base, rowsKept, kept);
    }

    let minTime = this.minTime;
    let maxTime = this.maxTime;
    let noTime = 0;
    const time = this.cols.plain.time;
    for (let r = base; r < base + kept; r++) {
      const t = time[r];
      if (t !== t) noTime++;
      else {
        if (t < minTime) minTime = t;
        if (t > maxTime) maxTime = t;
      }
    }
    this.minTime = minTime;
    this.maxTime = maxTime;
    this.noTimeCount += noTime;

    this.count = base + kept;
    // After the columns are copied: a conflicting row and the head of its eventID are marked (the
    // versions between them were marked when they came).
    for (let k = 0; k < conflictRows.length; k += 2) {
      this.markConflict(conflictRows[k]!);
      this.markConflict(conflictRows[k + 1]!);
    }
    this.duplicateCount += duplicates;
    this.conflictingCount += conflicting;
    this.changes++;
    return {
      added: kept,
      duplicates,
      conflicting,
      base,
      kept: whole ? null : keep.subarray(0, kept),
    };
  }

  /** Drops every row and dictionary entry and gives the memory back. */
  clear(): void {
    this.cols.reset();
    this.count = 0;
    this.duplicateCount = 0;
    this.conflictingCount = 0;
    this.conflictRowCount = 0;
    for (const field of DICT_FIELDS) this.dictionaries[field].clear();
    this.idCounts = emptyIdCounts();
    this.slots = new Uint32Array(tableSizeFor(this.cols.capacity));
    this.keyedRows = 0;
    this.versions.clear();
    this.dropAhead();
    this.minTime = Infinity;
    this.maxTime = -Infinity;
    this.noTimeCount = 0;
    this.expected = 0;
    this.changes++;
  }

  /**
   * One step of giving back the room that growth left unused (up to a fifth of the column bytes
   * past a million rows): copies columns longer than the rows to their exact length, one at
   * least, then more while under `stepBytes` copied. Returns true once every column fits (at
   * once for a store still at its initial capacity, or when the unused room is under a
   * sixteenth). Safe between any two steps: the capacity is
   * the rows from the first step on, so the next append grows every column again from its rows,
   * whatever its length.
   */
  fitStep(stepBytes = FIT_STEP_BYTES): boolean {
    // The load is done: room prepared for more rows is given back too.
    this.dropAhead();
    return this.cols.fitStep(this.count, stepBytes);
  }

  /** Bytes of the dedupe table (one Uint32 per slot). */
  get dedupeBytes(): number {
    return this.slots.byteLength;
  }

  /**
   * The memory the store holds: every column's bytes at its current width and capacity, the
   * dedupe table, and the dictionaries' estimate of their strings and entries (Dictionary.bytes).
   */
  approximateBytes(): number {
    let bytes = this.slots.byteLength + this.cols.bytes + this.aheadBytes();
    for (const field of DICT_FIELDS) {
      bytes += this.dictionaries[field].bytes + this.idCounts[field].byteLength;
    }
    return bytes;
  }

  /** The bytes of the growth prepared ahead (growStep), counted in approximateBytes. */
  aheadBytes(): number {
    return this.cols.aheadBytes + (this.tableAhead?.slots.byteLength ?? 0);
  }

  /**
   * Gives back the growth prepared ahead (growStep), if any: the next growth is then made at
   * once. True when there was some.
   */
  dropAhead(): boolean {
    const had = this.tableAhead !== null;
    this.tableAhead = null;
    return this.cols.dropAhead() || had;
  }

  /**
   * The first row stored with this eventID key (its first 96 bits; the fingerprint word is not
   * compared), or -1. Other rows of the eventID, if any, are marked FLAG_CONFLICT.
   */
  rowOfKey(key: ArrayLike<number>): number {
    if ((key[0] | key[1] | key[2]) === 0) return -1;
    return findHead(this.slots, this.cols.plain.eventKey, key, 0, { slot: 0 });
  }

  /** Every row stored with the eventID of `row`, in stored order (itself included). */
  rowsOfSameEvent(row: number): number[] {
    if ((this.cols.plain.flags[row] & FLAG_NO_EVENT_ID) !== 0) return [row];
    const keys = this.cols.plain.eventKey;
    const head = findHead(this.slots, keys, keys, 4 * row, { slot: 0 });
    if (head < 0) return [row];
    return [...(this.versions.rowsOf(head) ?? [head])];
  }

  private markConflict(row: number): void {
    const flags = this.cols.plain.flags;
    if ((flags[row] & FLAG_CONFLICT) !== 0) return;
    flags[row] |= FLAG_CONFLICT;
    this.cols.flagsChanged(row);
    this.conflictRowCount++;
  }

  /**
   * Says how many rows the store is expected to hold once the load in progress is done (0: not
   * known). Growth then goes there at once rather than by doublings and quarters, each of which
   * copies every stored row again and, for the dedupe table, puts every row in again. A growth
   * at once copies only the rows stored, whatever the capacity it goes to; one prepared ahead
   * (`growStep`) goes there when its room allows. A wrong guess costs room, given back by
   * `fitStep`, or one more growth. Not taken when the growth would need more than `roomBytes`
   * (at the bytes a row of capacity takes now).
   */
  expectRows(rows: number, roomBytes = Number.POSITIVE_INFINITY): void {
    const capacity = this.cols.capacity;
    const fits = (rows - capacity) * (this.approximateBytes() / capacity) <= roomBytes;
    this.expected = Number.isFinite(rows) && rows > this.count && fits ? Math.ceil(rows) : 0;
  }

  /**
   * One step of preparing the next growth while the store fills (./growAhead): once the rows
   * pass three quarters of the capacity, the next capacity's columns are copied about
   * `stepBytes` at a time; once the keyed rows pass TABLE_AHEAD_FILL of what the table holds,
   * the next table takes a few tens of thousands of rows at a time; both wait for LATE_FILL
   * instead while the rows expected (`expectRows`) nearly fit. Neither is begun when it would
   * grow the store by more than `roomBytes` once it replaces what it copies: a growth at once
   * would take as much, old and new side by side while it copies, and would hold the page while
   * it did (a second at ten million rows). True when nothing is left to do until more rows come.
   * Stores under `minRows` of capacity grow at once.
   */
  growStep(
    stepBytes = GROW_STEP_BYTES,
    minRows = AHEAD_MIN_ROWS,
    roomBytes = Number.POSITIVE_INFINITY,
  ): boolean {
    const rows = this.count;
    if (this.cols.capacity < minRows) return true;
    const columnBytes = this.cols.bytes;
    const { capacity } = this.cols;
    const expected = this.expected;
    const columns = this.cols.aheadStep(
      rows,
      expected > 0 && expected <= capacity * EXPECTED_SLACK ? LATE_FILL : AHEAD_FILL,
      stepBytes,
      roomBytes + columnBytes,
      expected,
    );
    const grownBy = columns.begun > 0 ? columns.begun - columnBytes : 0;
    const size = this.slots.length;
    const tableFill =
      expected > 0 && tableFits(size, expected / EXPECTED_SLACK) ? LATE_FILL : TABLE_AHEAD_FILL;
    if (this.tableAhead === null && !tableFits(size, this.keyedRows / tableFill)) {
      // Sized for the rows expected when they fit, else twice the size.
      const expectedSize = Math.max(2 * size, tableSizeFor(expected));
      const room = roomBytes - grownBy + this.slots.byteLength;
      const next = 4 * expectedSize <= room ? expectedSize : 2 * size;
      if (4 * next <= room) this.tableAhead = new TableAhead(next);
    }
    // Both in each step: the table is not left behind while the columns are copied.
    const { eventKey, flags } = this.cols.plain;
    const table = this.tableAhead?.step(eventKey, flags, FLAG_CONFLICT, rows) ?? true;
    return columns.done && table;
  }

  // Sized for the worst case of a whole chunk being new, so the probe loop never has to stop
  // and rehash halfway through a chunk.
  private ensureTable(keyedRows: number): void {
    if (tableFits(this.slots.length, keyedRows)) return;
    const keys = this.cols.plain.eventKey;
    const flags = this.cols.plain.flags;
    // The table filled ahead, when it holds them: only the rows that came since go in here.
    const ahead = this.tableAhead;
    this.tableAhead = null;
    if (ahead !== null && tableFits(ahead.slots.length, keyedRows)) {
      ahead.step(keys, flags, FLAG_CONFLICT, this.count, Number.POSITIVE_INFINITY);
      this.slots = ahead.slots;
      return;
    }
    // Not past a million rows' table at once for the rows expected: a rebuild scatters its rows
    // over every page of a fresh table in one task; a larger one is filled ahead (growStep).
    this.slots = rebuildTable(
      tableSizeFor(Math.max(keyedRows, Math.min(this.expected, AHEAD_MIN_ROWS))),
      keys,
      (row) =>
        (flags[row] & FLAG_NO_EVENT_ID) === 0 &&
        (keys[4 * row] | keys[4 * row + 1] | keys[4 * row + 2] | keys[4 * row + 3]) !== 0,
      this.count,
      // A row of an eventID that came with other contents is marked so, as are all of its rows;
      // any other keyed row is the only one of its eventID.
      (row) => (flags[row] & FLAG_CONFLICT) === 0,
    );
  }
}
