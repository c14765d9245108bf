// One record read again: by the offsets a streamed load kept, and as raw text when it cannot be
// printed. Expected records come from zlib's gunzip and JSON.parse here.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { INVICTUS_DAY } from "../lib/testing/samples";
import { parseBatch, readRecord } from "./parse";
import { rawRecordText, readRecordAt, streamedEntries, textRange } from "./streamRecord";

const INVICTUS = INVICTUS_DAY;
const largest = readdirSync(INVICTUS)
  .map((name) => new Uint8Array(readFileSync(join(INVICTUS, name))))
  .reduce((a, b) => (b.length > a.length ? b : a));
const text = new Uint8Array(gunzipSync(largest));
const records = (JSON.parse(Buffer.from(text).toString("utf8")) as { Records: unknown[] }).Records;

describe("a record by its offsets", () => {
  test.each([
    ["gzip", largest],
    ["plain", text],
  ])("every record of a streamed %s file is the one JSON.parse gives", (_, bytes) => {
    const result = parseBatch([{ fileIndex: 0, name: "x", bytes }], null, 1024);
    const offsets = result.outcomes[0]!.recordOffsets!;
    expect(offsets.length).toBe(2 * records.length);
    for (let k = 0; k < records.length; k++) {
      expect(readRecordAt("x", bytes, offsets[2 * k]!, offsets[2 * k + 1]!)).toEqual(records[k]);
    }
  });

  test("EventBridge envelopes give their detail", () => {
    const envelopes = records.map((detail) => ({
      "detail-type": "AWS API Call via CloudTrail",
      detail,
    }));
    const bytes = new Uint8Array(gzipSync(JSON.stringify(envelopes)));
    const result = parseBatch([{ fileIndex: 0, name: "x", bytes }], null, 1024);
    expect(result.outcomes[0]).toMatchObject({ kind: "events", shape: "eventbridge" });
    const offsets = result.outcomes[0]!.recordOffsets!;
    expect(readRecordAt("x", bytes, offsets[6]!, offsets[7]!)).toEqual(records[3]);
  });

  test("offsets that no longer hold a record name the file", () => {
    expect(() => readRecordAt("moved.json.gz", largest, 1, 40)).toThrow(
      "moved.json.gz has changed since it was loaded",
    );
    expect(() => textRange(largest, 0, text.length + 10)).toThrow("shorter");
  });
});

describe("a record nested too deeply to print", () => {
  const DEPTH = 10_000;
  const deep = `{"eventID":"deep","eventName":"Deep","nested":${"[".repeat(DEPTH)}1${"]".repeat(DEPTH)}}`;
  const file = `{"Records":[{"eventID":"a","eventName":"A"},\n  ${deep}\n]}`;

  test.each([
    ["gzip", new Uint8Array(gzipSync(file))],
    ["plain", new TextEncoder().encode(file)],
  ])("loads, and its raw text is found in a %s file", (_, bytes) => {
    const outcome = parseBatch([{ fileIndex: 0, name: "deep.json", bytes }]).outcomes[0]!;
    expect(outcome).toMatchObject({ kind: "events", events: 2 });
    const record = readRecord("deep.json", bytes, 1);
    expect(() => JSON.stringify(record)).toThrow(RangeError);
    expect(rawRecordText(bytes, 1)).toBe(deep);
    expect(rawRecordText(bytes, 0)).toBe('{"eventID":"a","eventName":"A"}');
  });

  test("one record a line: the line", () => {
    const lines = new TextEncoder().encode(`{"eventID":"a"}\n\n${deep}\n`);
    expect(rawRecordText(lines, 1)).toBe(deep);
  });

  test("by its offsets", () => {
    const bytes = new Uint8Array(gzipSync(file));
    const outcome = parseBatch([{ fileIndex: 0, name: "deep.json", bytes }], null, 16).outcomes[0]!;
    const offsets = outcome.recordOffsets!;
    expect(rawRecordText(bytes, 1, [offsets[2]!, offsets[3]!])).toBe(deep);
  });
});

describe("entries of a file too large to read whole", () => {
  test.each([
    ["gzip", largest],
    ["plain", text],
  ])("the wanted entries of a %s file, read as a stream", (_, bytes) => {
    const wanted = [0, 5, records.length - 1, records.length + 3];
    const list = streamedEntries(bytes, wanted)!;
    expect(list.entries.length).toBe(records.length);
    expect(list.entries[5]).toEqual(records[5]);
    expect(list.entries[records.length - 1]).toEqual(records[records.length - 1]);
    expect(list.entries[1]).toBeUndefined();
  });

  test("a file of one record a line is read so, its entries numbered by line", () => {
    const lines = new TextEncoder().encode(
      `${JSON.stringify(records[0])}\n\n${JSON.stringify(records[1])}\n${JSON.stringify(records[2])}`,
    );
    const list = streamedEntries(lines, [1, 2])!;
    expect(list.entries.length).toBe(3);
    expect(list.entries[0]).toBeUndefined();
    expect(list.entries.slice(1)).toEqual([records[1], records[2]]);
  });

  test("a file of another shape is not read so", () => {
    const csv = "eventName,eventTime\nGetObject,2024-01-01T00:00:00Z\n";
    expect(streamedEntries(new TextEncoder().encode(csv), [0])).toBeNull();
    expect(streamedEntries(new TextEncoder().encode('{"a":1,\n"b":2}'), [0])).toBeNull();
  });
});
