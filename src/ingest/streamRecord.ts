// One record read again without parsing its whole file: by the byte offsets a large file's load
// kept (recordOffsets), or, for a record that cannot be printed as a tree (nested too deeply), as
// the raw text the file holds for it.
import { decodeBytes, inflateInto, packingOf } from "./decode";
import { recordOf } from "./shape";
import { EntryScanner } from "./stream";

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
