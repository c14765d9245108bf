// Test-only: builds a ColumnChunk from plain objects, so a test reads as a list of events rather
// than as typed-array bookkeeping. Not imported by application code.

import {
  DICT_FIELDS,
  FLAG_DATA,
  FLAG_MANAGEMENT,
  FLAG_NO_EVENT_ID,
  FLAG_NO_TIME,
  FLAG_READ_ONLY,
  FLAG_WRITE,
  rowArrays,
  type ColumnChunk,
  type DictColumns,
  type DictField,
  type Dictionaries,
} from "../ingest/chunk";
import { key32 } from "../ingest/fields";

export type TestEvent = Partial<Record<Exclude<DictField, "readOnly">, string>> & {
  /** ISO string or ms since epoch; absent or unparsable = no time. */
  eventTime?: string | number;
  eventID?: string;
  readOnly?: boolean;
  managementEvent?: boolean;
  /** Defaults to 0. */
  file?: number;
  /** Defaults to the event's position in the list. */
  record?: number;
  requestID?: string;
  sharedEventID?: string;
};

export interface ChunkOptions {
  /**
   * Number the local dictionaries in reverse order of first appearance, as a worker that saw the
   * records in another order would: the store must not depend on local id order.
   */
  reverseDictionaries?: boolean;
}

/** Four 32-bit FNV-1a variants over the id: a stand-in for the parsers' 128-bit eventID key. */
export function testEventKey(eventID: string): [number, number, number, number] {
  const seeds = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  const key = seeds.map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < eventID.length; i++) {
      h ^= eventID.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    return (h ^ (h >>> 15)) >>> 0;
  });
  return [key[0], key[1], key[2], key[3]];
}

export function buildChunk(events: TestEvent[], options: ChunkOptions = {}): ColumnChunk {
  const rows = events.length;
  const arrays = rowArrays(rows);
  const { time, flags, eventKey, file, record, requestKey, sharedKey } = arrays;
  const fields = {} as DictColumns;
  const dicts = {} as Dictionaries;

  // readOnly is a boolean in the record and a dictionary column in the store, as in ingest.
  const valueOf = (event: TestEvent, field: DictField): string =>
    field === "readOnly"
      ? event.readOnly === undefined
        ? ""
        : String(event.readOnly)
      : (event[field] ?? "");
  for (const field of DICT_FIELDS) {
    const strings: string[] = [""];
    const ids = new Map<string, number>([["", 0]]);
    for (const event of events) {
      const value = valueOf(event, field);
      if (!ids.has(value)) {
        ids.set(value, strings.length);
        strings.push(value);
      }
    }
    if (options.reverseDictionaries) {
      const reordered = ["", ...strings.slice(1).toReversed()];
      ids.clear();
      reordered.forEach((value, id) => ids.set(value, id));
      dicts[field] = reordered;
    } else dicts[field] = strings;
    const column = new Uint32Array(rows);
    events.forEach((event, r) => {
      column[r] = ids.get(valueOf(event, field))!;
    });
    fields[field] = column;
  }

  events.forEach((event, r) => {
    const t =
      typeof event.eventTime === "number"
        ? event.eventTime
        : event.eventTime === undefined
          ? Number.NaN
          : Date.parse(event.eventTime);
    time[r] = t;
    let bits = 0;
    if (Number.isNaN(t)) bits |= FLAG_NO_TIME;
    if (event.readOnly === true) bits |= FLAG_READ_ONLY;
    if (event.readOnly === false) bits |= FLAG_WRITE;
    if (event.managementEvent === true) bits |= FLAG_MANAGEMENT;
    if (event.managementEvent === false) bits |= FLAG_DATA;
    if (event.eventID === undefined || event.eventID === "") bits |= FLAG_NO_EVENT_ID;
    else eventKey.set(testEventKey(event.eventID), 4 * r);
    flags[r] = bits;
    file[r] = event.file ?? 0;
    record[r] = event.record ?? r;
    requestKey[r] = key32(event.requestID);
    sharedKey[r] = key32(event.sharedEventID);
  });

  return { rows, ...arrays, fields, dicts };
}
