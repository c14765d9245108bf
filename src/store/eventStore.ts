// The columnar event store: every loaded CloudTrail event as one row across parallel typed arrays.
//
//   row r ──▶ time[r]                 Float64   ms since epoch; NaN = no usable eventTime
//             column("eventName")[r]  Uint32    global id ──▶ dict("eventName").get(id)
//             column("eventSource")[r] ...      (one Uint32Array per DictField, 13 in all)
//             flags[r]                Uint8     FLAG_* bits from ../ingest/chunk
//             file[r], record[r]      Uint32×2  where the record lives, to re-inflate it on demand
//             requestKey[r], sharedKey[r] Uint32×2  hashes of requestID, sharedEventID (0: none)
//             eventKey[4r..4r+2]      Uint32×3  96 bits of the eventID; all zero = no eventID
//             eventKey[4r+3]          Uint32    fingerprint of the whole record (see eventIdTable)
//
//   A row with the eventID and fingerprint of a stored row is a duplicate and is dropped; one
//   with the eventID but another fingerprint is an altered copy: it is kept, and it and every
//   stored row of its eventID get FLAG_CONFLICT.
//
//   8 + 13×4 + 1 + 8 + 16 = 85 bytes a row, plus the dictionaries, plus the dedupe table
//   (one Uint32 slot per 0.35–0.7 keyed rows, so about 6–11 bytes a row).
//
// Columns grow by doubling, so they are usually longer than `rows`: loops run to `rows`, never to
// `.length`. Row ids are append order and never change until `clear`.

import {
  DICT_FIELDS,
  FLAG_NO_EVENT_ID,
  type ColumnChunk,
  type DictField,
  type DictColumns,
} from "../ingest/chunk";
import { Dictionary } from "./dictionary";
import { dedupeChunk, rebuildTable, rowsOfEventId, tableFits, tableSizeFor } from "./eventIdTable";

const DEFAULT_CAPACITY = 4096;

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

type FieldMap<T> = Record<DictField, T>;

function mapFields<T>(make: (field: DictField) => T): FieldMap<T> {
  const out = {} as FieldMap<T>;
  for (const field of DICT_FIELDS) out[field] = make(field);
  return out;
}

export class EventStore {
  private readonly initialCapacity: number;
  private capacity: number;
  private count = 0;
  private duplicateCount = 0;
  private conflictingCount = 0;
  private conflictRowCount = 0;
  private changes = 0;

  private timeColumn: Float64Array;
  private fieldColumns: DictColumns;
  private flagColumn: Uint8Array;
  private fileColumn: Uint32Array;
  private recordColumn: Uint32Array;
  private requestKeyColumn: Uint32Array;
  private sharedKeyColumn: Uint32Array;
  private keyColumn: Uint32Array;
  private readonly dictionaries: FieldMap<Dictionary> = mapFields(() => new Dictionary());

  // Open-addressing table over row ids (stored as row + 1, 0 = empty slot); the keys themselves
  // are read from keyColumn, so the table costs one Uint32 per slot.
  private slots: Uint32Array;
  private keyedRows = 0;

  private minTime = Infinity;
  private maxTime = -Infinity;
  private noTimeCount = 0;

  constructor(initialCapacity = DEFAULT_CAPACITY) {
    this.initialCapacity = Math.max(1, initialCapacity | 0);
    this.capacity = this.initialCapacity;
    this.timeColumn = new Float64Array(this.capacity);
    this.fieldColumns = mapFields(() => new Uint32Array(this.capacity));
    this.flagColumn = new Uint8Array(this.capacity);
    this.fileColumn = new Uint32Array(this.capacity);
    this.recordColumn = new Uint32Array(this.capacity);
    this.requestKeyColumn = new Uint32Array(this.capacity);
    this.sharedKeyColumn = new Uint32Array(this.capacity);
    this.keyColumn = new Uint32Array(this.capacity * 4);
    this.slots = new Uint32Array(tableSizeFor(this.capacity));
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

  /** ms since epoch per row; NaN when unknown. Longer than `rows`. */
  get time(): Float64Array {
    return this.timeColumn;
  }

  get flags(): Uint8Array {
    return this.flagColumn;
  }

  get file(): Uint32Array {
    return this.fileColumn;
  }

  get record(): Uint32Array {
    return this.recordColumn;
  }

  /** 32-bit hash of requestID per row (0: none), to find related events. */
  get requestKey(): Uint32Array {
    return this.requestKeyColumn;
  }

  /** 32-bit hash of sharedEventID per row (0: none). */
  get sharedKey(): Uint32Array {
    return this.sharedKeyColumn;
  }

  /** 4 words per row. */
  get eventKey(): Uint32Array {
    return this.keyColumn;
  }

  /** Global dictionary ids of `field` per row. Longer than `rows`. */
  column(field: DictField): Uint32Array {
    return this.fieldColumns[field];
  }

  dict(field: DictField): Dictionary {
    return this.dictionaries[field];
  }

  /** The string of `field` at `row`, for the few rows on screen; loops should read ids instead. */
  value(field: DictField, row: number): string {
    return this.dictionaries[field].get(this.fieldColumns[field][row]);
  }

  /** Earliest and latest eventTime, ignoring rows without one; null when no row has a time. */
  timeRange(): TimeRange | null {
    return this.minTime <= this.maxTime ? { min: this.minTime, max: this.maxTime } : null;
  }

  append(chunk: ColumnChunk): AppendResult {
    const n = chunk.rows;
    const base = this.count;
    if (n === 0) return { added: 0, duplicates: 0, conflicting: 0, base, kept: null };
    this.ensureCapacity(base + n);
    this.ensureTable(this.keyedRows + n);

    // Pass 1: dedupe (see eventIdTable.ts).
    const { keep, kept, duplicates, conflicting, conflictRows, keyed } = dedupeChunk(
      this.slots,
      this.keyColumn,
      chunk,
      base,
    );
    this.keyedRows += keyed;

    // Passes 2..: one per column. Without duplicates (the common case) the plain columns are
    // block copies.
    const whole = kept === n;
    for (const field of DICT_FIELDS) {
      const remap = this.dictionaries[field].mergeLocal(chunk.dicts[field]);
      const source = chunk.fields[field];
      const target = this.fieldColumns[field];
      if (whole) {
        for (let i = 0; i < n; i++) target[base + i] = remap[source[i]];
      } else {
        for (let j = 0; j < kept; j++) target[base + j] = remap[source[keep[j]]];
      }
    }
    if (whole) {
      this.timeColumn.set(chunk.time, base);
      this.flagColumn.set(chunk.flags, base);
      this.fileColumn.set(chunk.file, base);
      this.recordColumn.set(chunk.record, base);
      this.requestKeyColumn.set(chunk.requestKey, base);
      this.sharedKeyColumn.set(chunk.sharedKey, base);
    } else {
      for (let j = 0; j < kept; j++) {
        const i = keep[j];
        this.timeColumn[base + j] = chunk.time[i];
        this.flagColumn[base + j] = chunk.flags[i];
        this.fileColumn[base + j] = chunk.file[i];
        this.recordColumn[base + j] = chunk.record[i];
        this.requestKeyColumn[base + j] = chunk.requestKey[i];
        this.sharedKeyColumn[base + j] = chunk.sharedKey[i];
      }
    }

    let minTime = this.minTime;
    let maxTime = this.maxTime;
    let noTime = 0;
    const time = this.timeColumn;
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
    // After the columns are copied: a conflicting row and every row of its eventID, stored earlier
    // or earlier in this chunk, are marked.
    for (const row of conflictRows) this.markConflict(row);
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
    this.capacity = this.initialCapacity;
    this.count = 0;
    this.duplicateCount = 0;
    this.conflictingCount = 0;
    this.conflictRowCount = 0;
    this.timeColumn = new Float64Array(this.capacity);
    this.fieldColumns = mapFields(() => new Uint32Array(this.capacity));
    this.flagColumn = new Uint8Array(this.capacity);
    this.fileColumn = new Uint32Array(this.capacity);
    this.recordColumn = new Uint32Array(this.capacity);
    this.requestKeyColumn = new Uint32Array(this.capacity);
    this.sharedKeyColumn = new Uint32Array(this.capacity);
    this.keyColumn = new Uint32Array(this.capacity * 4);
    for (const field of DICT_FIELDS) this.dictionaries[field].clear();
    this.slots = new Uint32Array(tableSizeFor(this.capacity));
    this.keyedRows = 0;
    this.minTime = Infinity;
    this.maxTime = -Infinity;
    this.noTimeCount = 0;
    this.changes++;
  }

  /**
   * Roughly the memory the store holds: its columns at their current capacity, the dedupe
   * table and the dictionaries. For the load's memory budget, not for accounting to the byte.
   */
  approximateBytes(): number {
    // time 8, flags 1, file 4, record 4, requestKey 4, sharedKey 4, eventKey 16, one id per field.
    const perRow = 41 + 4 * DICT_FIELDS.length;
    let bytes = this.capacity * perRow + this.slots.byteLength;
    for (const field of DICT_FIELDS) bytes += this.dictionaries[field].bytes;
    return bytes;
  }

  /**
   * The first row stored with this eventID key (its first 96 bits; the fingerprint word is not
   * compared), or -1. Other rows of the eventID, if any, are marked FLAG_CONFLICT.
   */
  rowOfKey(key: ArrayLike<number>): number {
    if ((key[0] | key[1] | key[2]) === 0) return -1;
    let found = -1;
    rowsOfEventId(this.slots, this.keyColumn, key, 0, (row) => {
      found = row;
      return true;
    });
    return found;
  }

  /** Every row stored with the eventID of `row`, in stored order (itself included). */
  rowsOfSameEvent(row: number): number[] {
    const out: number[] = [];
    if ((this.flagColumn[row] & FLAG_NO_EVENT_ID) !== 0) return [row];
    rowsOfEventId(this.slots, this.keyColumn, this.keyColumn, 4 * row, (r) => {
      out.push(r);
    });
    return out.length === 0 ? [row] : out;
  }

  private markConflict(row: number): void {
    const flags = this.flagColumn;
    rowsOfEventId(this.slots, this.keyColumn, this.keyColumn, 4 * row, (r) => {
      if ((flags[r] & FLAG_CONFLICT) === 0) {
        flags[r] |= FLAG_CONFLICT;
        this.conflictRowCount++;
      }
    });
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < needed) capacity *= 2;
    const count = this.count;
    this.timeColumn = grow(new Float64Array(capacity), this.timeColumn, count);
    for (const field of DICT_FIELDS) {
      this.fieldColumns[field] = grow(new Uint32Array(capacity), this.fieldColumns[field], count);
    }
    this.flagColumn = grow(new Uint8Array(capacity), this.flagColumn, count);
    this.fileColumn = grow(new Uint32Array(capacity), this.fileColumn, count);
    this.recordColumn = grow(new Uint32Array(capacity), this.recordColumn, count);
    this.requestKeyColumn = grow(new Uint32Array(capacity), this.requestKeyColumn, count);
    this.sharedKeyColumn = grow(new Uint32Array(capacity), this.sharedKeyColumn, count);
    this.keyColumn = grow(new Uint32Array(capacity * 4), this.keyColumn, count * 4);
    this.capacity = capacity;
  }

  // Sized for the worst case of a whole chunk being new, so the probe loop never has to stop
  // and rehash halfway through a chunk.
  private ensureTable(keyedRows: number): void {
    if (tableFits(this.slots.length, keyedRows)) return;
    const keys = this.keyColumn;
    const flags = this.flagColumn;
    this.slots = rebuildTable(
      tableSizeFor(keyedRows),
      keys,
      (row) =>
        (flags[row] & FLAG_NO_EVENT_ID) === 0 &&
        (keys[4 * row] | keys[4 * row + 1] | keys[4 * row + 2] | keys[4 * row + 3]) !== 0,
      this.count,
    );
  }
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(
  target: T,
  source: T,
  used: number,
): T {
  target.set(source.subarray(0, used));
  return target;
}
