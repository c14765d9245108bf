// Records read again after a load: for the detail view (one record, by the byte offsets a large
// file's load kept, or as the raw text the file holds when it cannot be printed as a tree),
// exports and related events (several records), and free-text search. A file too large to read
// whole is read as a stream.
import { decodeBytes, decodeOrStream, inflateInto, packingOf } from "./decode";
import { isInsight } from "./insight";
import type { BatchInput } from "./parse";
import { detectShape, recordOf, type RecordList } from "./shape";
import { EntryScanner, parseGroup, type EntryGroup } from "./stream";
import { scannerFor, type Scanner } from "./streamLines";

/** Thrown out of the output callback once the wanted bytes are in. */
class Enough extends Error {}

const utf8 = new TextDecoder("utf-8");

/** Bytes `[start, end)` of a file's text, inflating it no further than `end`. */
export function textRange(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const packing = packingOf(bytes);
  if (packing !== "gzip" && packing !== "zlib") return bytes.slice(start, end);
  const out = new Uint8Array(Math.max(0, end - start));
  let at = 0;
  try {
    inflateInto(bytes, packing, (chunk) => {
      const from = Math.max(start - at, 0);
      const to = Math.min(end - at, chunk.length);
      if (to > from) out.set(chunk.subarray(from, to), at + from - start);
      at += chunk.length;
      if (at >= end) throw new Enough();
    });
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
  }
  if (at < end) throw new Error("the file is shorter than when it was loaded");
  return out;
}

/**
 * The record whose text is at `[start, end)` of a file loaded as a stream (the offsets of its
 * outcome). Throws, naming the file, if the bytes there are not a record any more.
 */
export function readRecordAt(name: string, bytes: Uint8Array, start: number, end: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(textRange(bytes, start, end)));
  } catch {
    throw new Error(`${name} has changed since it was loaded: its record is not where it was`);
  }
  // A streamed file holds records, or EventBridge envelopes (see streamRead.ts).
  const record = recordOf(value, "eventbridge");
  if (record === null) throw new Error(`this entry of ${name} is not a CloudTrail record`);
  return record;
}

/**
 * The text a file holds for entry `record` (its index among the file's entries), as written:
 * from the offsets when given, else found in the file's `{"Records":[…]}`, list, or lines. Null
 * when the file's shape does not say where one entry's text is (concatenated values, CSV).
 */
export function rawRecordText(
  bytes: Uint8Array,
  record: number,
  range?: readonly [number, number],
): string | null {
  if (range !== undefined) return utf8.decode(textRange(bytes, range[0], range[1]));
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return null;
  const text = decoded.text;
  let found: string | null = null;
  const scanner = new EntryScanner((group) => {
    const k = record - group.index;
    if (found === null && k >= 0 && k < group.starts.length) {
      found = utf8.decode(
        group.bytes.subarray(group.starts[k]! - group.base, group.ends[k]! - group.base),
      );
    }
  });
  scanner.push(new TextEncoder().encode(text));
  if (found !== null) return found;
  const end = scanner.end();
  if (end.lists > 0 && end.reason === "") return null;
  // One record a line: the `record`-th line that is not blank.
  let index = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (index === record) return line.trim();
    index++;
  }
  return null;
}

/**
 * Each group of entries of a file read as a stream, whatever its size (a file past the text limit
 * is read so). False when its text is not of a shape read as a stream.
 */
export function eachEntryGroup(bytes: Uint8Array, visit: (group: EntryGroup) => void): boolean {
  let scanner: Scanner | null = null;
  const decoded = decodeOrStream(bytes, {
    streamFrom: -1,
    openStream: (head) => {
      const opened = scannerFor(head, visit);
      scanner = opened;
      return opened === null ? null : (chunk) => opened.push(chunk);
    },
  });
  if (scanner !== null) (scanner as Scanner).end();
  return "streamed" in decoded;
}

/**
 * The entries `wanted` of a file too large to read whole, read as a stream (the others are left
 * out of the list, which is as long as the file's); null when the file is not read so. Entries
 * are records or EventBridge envelopes (see streamRead.ts).
 */
export function streamedEntries(bytes: Uint8Array, wanted: readonly number[]): RecordList | null {
  const want = new Set(wanted);
  const entries: unknown[] = [];
  let total = 0;
  const streamed = eachEntryGroup(bytes, (group) => {
    const n = group.starts.length;
    for (let k = 0; k < n; k++) {
      if (!want.has(group.index + k)) continue;
      const slice = group.bytes.subarray(
        group.starts[k]! - group.base,
        group.ends[k]! - group.base,
      );
      try {
        entries[group.index + k] = JSON.parse(utf8.decode(slice)) as unknown;
      } catch {
        // Not JSON: not a record, as when the file was loaded.
      }
    }
    total = group.index + n;
  });
  if (!streamed) return null;
  entries.length = total;
  return { shape: "records", entries, unwrap: "eventbridge" };
}

/** Whether a decode failed only for the size of the text (such a file is read as a stream). */
/** Whether decodeBytes refused a text for its size (then it is read as a stream, if it can be). */
export function tooLarge(decoded: ReturnType<typeof decodeBytes>): boolean {
  return !decoded.ok && decoded.reason.startsWith("too large");
}

/** The file's list of entries; of a file too large to read whole, only the entries `wanted`. */
function locate(name: string, bytes: Uint8Array, wanted: readonly number[]): RecordList {
  return locateRecords(name, bytes, wanted).list;
}

/**
 * The file's list of entries, decoded once: `whole` when it holds every entry (so that any
 * record can be read from it again, recordIn and recordsIn); of a file too large to read whole,
 * only the entries `wanted`, read as a stream. Throws, naming the file, when it holds no records.
 */
export function locateRecords(
  name: string,
  bytes: Uint8Array,
  wanted: readonly number[],
): { list: RecordList; whole: boolean } {
  const decoded = decodeBytes(bytes);
  const streamed = tooLarge(decoded) ? streamedEntries(bytes, wanted) : null;
  return streamed === null
    ? { list: listOf(name, decoded), whole: true }
    : { list: streamed, whole: false };
}

function listOf(name: string, decoded: ReturnType<typeof decodeBytes>): RecordList {
  if (!decoded.ok) throw new Error(`${name}: ${decoded.reason}`);
  const located = detectShape(decoded.text, decoded.gzip);
  if (located.kind === "error") throw new Error(`${name}: ${located.reason}`);
  if (located.kind === "digest")
    throw new Error(`${name} is a CloudTrail digest file: it holds no records`);
  if (located.kind === "keys")
    throw new Error(`${name} holds CloudTrail public keys: it holds no records`);
  return located.list;
}

/**
 * Re-reads one file and returns its record at `record` (the index space of ColumnChunk.record and
 * InsightRecord.record), for the detail view. Throws if there is no record there.
 */
export function readRecord(name: string, bytes: Uint8Array, record: number): unknown {
  return recordIn(locate(name, bytes, [record]), name, record);
}

/** Record `record` of a file's list of entries; throws, naming the file, if there is none. */
export function recordIn(list: RecordList, name: string, record: number): unknown {
  const { entries, unwrap } = list;
  if (!Number.isInteger(record) || record < 0 || record >= entries.length) {
    throw new Error(
      `${name} has no record ${record}: it holds ${entries.length === 1 ? "1 entry" : `${entries.length} entries`}`,
    );
  }
  const value = recordOf(entries[record], unwrap);
  if (value === null) throw new Error(`entry ${record} of ${name} is not a CloudTrail record`);
  return value;
}

/**
 * Several records of one file, decoded once: for exports and related events. An index that is
 * out of range or not a record gives null in its place.
 */
export function readRecords(
  name: string,
  bytes: Uint8Array,
  records: readonly number[],
): (unknown | null)[] {
  return recordsIn(locate(name, bytes, records), records);
}

/** The records at `records` of a file's list of entries (null where there is none). */
export function recordsIn(list: RecordList, records: readonly number[]): (unknown | null)[] {
  const { entries, unwrap } = list;
  return records.map((record) =>
    Number.isInteger(record) && record >= 0 && record < entries.length
      ? recordOf(entries[record], unwrap)
      : null,
  );
}

/**
 * Free-text search over whole records: the rows (fileIndex, record) whose JSON contains `needle`,
 * case-insensitive, as flat pairs. Files that cannot be read match nothing. Insights are not rows
 * and are not searched.
 */
export function searchRecords(files: readonly BatchInput[], needle: string): Uint32Array {
  const wanted = needle.toLowerCase();
  // A quote or backslash is written escaped where records are JSON inside a string (lookup-events,
  // Lake and Athena columns, CloudWatch Logs messages) or a CSV cell (`""`): in a file with such
  // escapes, only its records can say whether they hold the needle.
  const escapes = /["\\]/.test(wanted) ? /\\|""/ : /\\[u/]/;
  const matches: number[] = [];
  for (const input of files) {
    // The loaded files were checked as they loaded: their check values are not computed again.
    const decoded = decodeBytes(input.bytes, undefined, false);
    if (tooLarge(decoded)) {
      searchStreamed(input, wanted, matches);
      continue;
    }
    if (!decoded.ok) continue;
    // Most files of a large load do not contain the needle at all: one scan of the text says so,
    // unless the file uses optional JSON escapes (\/, \u) that its parsed records would not show.
    const lower = decoded.text.toLowerCase();
    if (!lower.includes(wanted) && !escapes.test(lower)) continue;
    const located = detectShape(decoded.text, decoded.gzip);
    if (located.kind !== "events") continue;
    const { entries, unwrap } = located.list;
    for (let i = 0; i < entries.length; i++) {
      const rec = recordOf(entries[i], unwrap);
      if (rec === null || isInsight(rec)) continue;
      let json: string;
      try {
        json = JSON.stringify(rec);
      } catch {
        // Too deeply nested to print: such a record cannot be shown either, so it cannot match.
        continue;
      }
      if (json.toLowerCase().includes(wanted)) matches.push(input.fileIndex, i);
    }
  }
  return Uint32Array.from(matches);
}

/** searchRecords over a file too large to read whole: its entries read as a stream. */
function searchStreamed(input: BatchInput, wanted: string, matches: number[]): void {
  eachEntryGroup(input.bytes, (group) => {
    parseGroup(group).forEach((entry, k) => {
      const rec = recordOf(entry, "eventbridge");
      if (rec === null || isInsight(rec)) return;
      let json: string;
      try {
        json = JSON.stringify(rec);
      } catch {
        return;
      }
      if (json.toLowerCase().includes(wanted)) matches.push(input.fileIndex, group.index + k);
    });
  });
}
