// Large files of one record a line read as a stream: the line scanner against JSON.parse of each
// line (split at every piece size), and parseBatch streaming against parseBatch whole. Expected
// values come from zlib's gunzip and JSON.parse here.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { REAL_SAMPLES } from "../lib/testing/samples";
import { DICT_FIELDS, type BatchResult } from "./chunk";
import { parseBatch, readRecord } from "./parse";
import { readRecordAt } from "./streamRecord";
import { parseGroup } from "./stream";
import { LineScanner, linesHead } from "./streamLines";
import { columnStrings, eventKeys } from "./test-helpers";

const INVICTUS = join(
  REAL_SAMPLES,
  "invictus-aws-dataset/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10",
);
const records = readdirSync(INVICTUS)
  .toSorted()
  .slice(0, 6)
  .flatMap(
    (name) =>
      (
        JSON.parse(gunzipSync(readFileSync(join(INVICTUS, name))).toString("utf8")) as {
          Records: unknown[];
        }
      ).Records,
  );
const encoder = new TextEncoder();

function scanned(text: Uint8Array, size: number): unknown[] {
  const entries: unknown[] = [];
  const scanner = new LineScanner((group) => {
    expect(group.index).toBe(entries.length);
    entries.push(...parseGroup(group));
  });
  for (let at = 0; at < text.length; at += size) scanner.push(text.slice(at, at + size));
  scanner.end();
  return entries;
}

function rowsOf(result: BatchResult): string[] {
  const { chunk } = result;
  const columns = DICT_FIELDS.map((field) => columnStrings(chunk, field));
  const keys = eventKeys(chunk);
  return Array.from({ length: chunk.rows }, (_, row) =>
    [chunk.time[row], keys[row], chunk.record[row], ...columns.map((c) => c[row])].join("|"),
  );
}

describe("the line scanner", () => {
  test("real records one a line, blank lines and CRLF, split at every piece size", () => {
    const few = records.slice(0, 5);
    const text = encoder.encode(
      `\uFEFF${few.map((r) => JSON.stringify(r)).join("\r\n\n")}\n  \n${JSON.stringify(records[5])}`,
    );
    const expected = [...few, records[5]];
    for (let size = 1; size <= text.length; size += size < 100 ? 1 : 61) {
      expect(scanned(text, size), `pieces of ${size}`).toEqual(expected);
    }
  });

  test("a line that is not JSON stays in its place as nothing; the others keep their indices", () => {
    const text = encoder.encode(
      [JSON.stringify(records[0]), "{not json", JSON.stringify(records[1])].join("\n"),
    );
    expect(scanned(text, 7)).toEqual([records[0], undefined, records[1]]);
  });

  test("is chosen for a text whose first line is a whole object followed by another", () => {
    const lines = encoder.encode(records.map((r) => JSON.stringify(r)).join("\n"));
    expect(linesHead(lines.subarray(0, 65_536))).toBe(true);
    expect(linesHead(encoder.encode(JSON.stringify(records[0], null, 2)))).toBe(false);
    expect(linesHead(encoder.encode(`${JSON.stringify({ Records: records })}\n`))).toBe(true);
    expect(linesHead(encoder.encode("[1,\n2]"))).toBe(false);
  });
});

describe("parseBatch reading a file of one record a line as a stream", () => {
  test("the same rows as read whole, shape ndjson, and offsets that find each record", () => {
    const text = encoder.encode(records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    for (const bytes of [text, new Uint8Array(gzipSync(text))]) {
      const input = [{ fileIndex: 2, name: "lines.json.gz", bytes }];
      const whole = parseBatch(input);
      const streamed = parseBatch(input, null, 1024);
      const outcome = streamed.outcomes[0]!;
      expect(whole.outcomes[0]!.shape).toBe("ndjson");
      expect(outcome).toMatchObject({ kind: "events", shape: "ndjson", rawBytes: text.length });
      expect(outcome.events + outcome.insights + outcome.skipped).toBe(records.length);
      expect(rowsOf(streamed)).toEqual(rowsOf(whole));
      const offsets = outcome.recordOffsets!;
      expect(offsets.length).toBe(2 * records.length);
      for (const k of [0, 1, Math.floor(records.length / 2), records.length - 1]) {
        const slice = text.subarray(offsets[2 * k], offsets[2 * k + 1]);
        expect(JSON.parse(Buffer.from(slice).toString("utf8"))).toEqual(records[k]);
        const at = readRecordAt("lines.json.gz", bytes, offsets[2 * k]!, offsets[2 * k + 1]!);
        expect(at).toEqual(records[k]);
        // The record index is the same as read whole.
        expect(readRecord("lines.json.gz", bytes, k)).toEqual(records[k]);
      }
    }
  });
});
