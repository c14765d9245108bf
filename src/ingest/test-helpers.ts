// Helpers for the tests of this folder (imported by *.test.ts only; pure, no Node APIs).
import { gzip } from "pako";
import type { BatchInput } from "./parse";
import type { ColumnChunk, DictField } from "./chunk";

/** A column of a chunk decoded back to its strings, one per row. */
export function columnStrings(chunk: ColumnChunk, field: DictField): string[] {
  const ids = chunk.fields[field];
  const dict = chunk.dicts[field];
  return Array.from(ids, (id) => dict[id]!);
}

/** How many rows carry each value of a column, most frequent first. */
export function valueCounts(chunk: ColumnChunk, field: DictField): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of columnStrings(chunk, field)) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].toSorted((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The 128-bit event keys of a chunk as hex strings, one per row. */
export function eventKeys(chunk: ColumnChunk): string[] {
  const keys: string[] = [];
  for (let row = 0; row < chunk.rows; row++) {
    let key = "";
    for (let word = 0; word < 4; word++)
      key += chunk.eventKey[row * 4 + word]!.toString(16).padStart(8, "0");
    keys.push(key);
  }
  return keys;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function gzipText(text: string): Uint8Array {
  return gzip(encoder.encode(text));
}

/** A batch input made of text (plain) or bytes, with file indices in order. */
export function inputs(...files: (string | Uint8Array)[]): BatchInput[] {
  return files.map((file, fileIndex) => ({
    fileIndex,
    name: `file${fileIndex}.json`,
    bytes: typeof file === "string" ? utf8(file) : file,
  }));
}

/** One 512-byte tar header (ustar, GNU magic when `gnu`), checksum filled in. */
export function tarHeader(name: string, size: number, type: string, gnu = false): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, at: number) => block.set(encoder.encode(text), at);
  put(name.slice(0, 100), 0);
  put("0000644\0", 100);
  put("0000000\0", 108);
  put("0000000\0", 116);
  put(size.toString(8).padStart(11, "0") + "\0", 124);
  put("00000000000\0", 136);
  put("        ", 148);
  put(type, 156);
  put(gnu ? "ustar  \0" : "ustar\u000000", 257);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return block;
}

/** Bytes padded with zeros to a whole number of 512-byte tar blocks. */
export function tarPadded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 512) * 512);
  out.set(bytes);
  return out;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
