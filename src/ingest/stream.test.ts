// Large files read as a stream: the scanner against JSON.parse of the same text (split at every
// piece size), parseBatch streaming (threshold lowered) against parseBatch whole, the offsets of
// each record, and one file past the old 256 MiB text limit. Expected numbers come from zlib's
// gunzip and JSON.parse here, never from the code under test.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createGzip, gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { REAL_SAMPLES } from "../lib/testing/samples";
import { DICT_FIELDS, type BatchResult } from "./chunk";
import { MAX_TEXT_BYTES } from "./decode";
import { parseBatch, readRecord, readRecords, searchRecords } from "./parse";
import { EntryScanner, parseGroup } from "./stream";
import { columnStrings, eventKeys } from "./test-helpers";

const SAMPLES = REAL_SAMPLES;
const INVICTUS = join(
  SAMPLES,
  "invictus-aws-dataset/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10",
);
const gzFiles = readdirSync(INVICTUS)
  .toSorted()
  .map((name) => new Uint8Array(readFileSync(join(INVICTUS, name))));
const largest = gzFiles.reduce((a, b) => (b.length > a.length ? b : a));
const smallest = gzFiles.reduce((a, b) => (b.length < a.length ? b : a));
const textOf = (gz: Uint8Array): Uint8Array => new Uint8Array(gunzipSync(gz));
const recordsOf = (text: Uint8Array): unknown[] =>
  (JSON.parse(Buffer.from(text).toString("utf8")) as { Records: unknown[] }).Records;
const encoder = new TextEncoder();

/** Every entry the scanner finds in `text` fed in pieces of `size` bytes, parsed. */
function scanned(text: Uint8Array, size: number): { entries: unknown[]; complete: boolean } {
  const entries: unknown[] = [];
  const scanner = new EntryScanner((group) => {
    expect(group.index).toBe(entries.length);
    entries.push(...parseGroup(group));
  });
  for (let at = 0; at < text.length; at += size) scanner.push(text.slice(at, at + size));
  return { entries, complete: scanner.end().complete };
}

function rowsOf(result: BatchResult): string[] {
  const { chunk } = result;
  const columns = DICT_FIELDS.map((field) => columnStrings(chunk, field));
  const keys = eventKeys(chunk);
  return Array.from({ length: chunk.rows }, (_, row) =>
    [
      chunk.time[row],
      chunk.flags[row],
      keys[row],
      chunk.file[row],
      chunk.record[row],
      ...columns.map((column) => column[row]),
    ].join("|"),
  );
}

describe("the entry scanner", () => {
  test("a real delivery split at every piece size gives JSON.parse's records", () => {
    const text = textOf(smallest);
    const expected = recordsOf(text);
    expect(expected.length).toBeGreaterThan(0);
    for (let size = 1; size <= text.length; size += size < 200 ? 1 : 97) {
      const { entries, complete } = scanned(text, size);
      expect(complete).toBe(true);
      expect(entries).toEqual(expected);
    }
  });

  test("the largest delivery in pieces of 1 to 64 bytes and a few larger", () => {
    const text = textOf(largest);
    const expected = recordsOf(text);
    for (const size of [1, 2, 3, 5, 7, 13, 31, 64, 1000, 4096, 65_536, text.length]) {
      expect(scanned(text, size).entries).toEqual(expected);
    }
  });

  test("strings with escapes, brackets, commas and multi-byte characters, split anywhere", () => {
    const records = [
      { eventName: 'a"b', note: "x\\", more: "]}[{,", eventID: "1" },
      { eventName: "é中😀", nested: { list: [1, [2, { "}": "]" }]], s: '\\\\"' }, eventID: "2" },
      { eventName: "last", userAgent: "\\u0041", Records: ["not", "these"] },
    ];
    const json = `\uFEFF { "Other" : ["Records", {"Records": [9]}], "Records" : [ ${records
      .map((r) => JSON.stringify(r))
      .join(" ,\n ")} , 42 , "text" ] }  `;
    const text = encoder.encode(json);
    const expected = [...records, 42, "text"];
    for (let size = 1; size <= text.length; size++) {
      const { entries, complete } = scanned(text, size);
      expect(complete).toBe(true);
      expect(entries).toEqual(expected);
    }
  });

  test("several Records values one after another, and a top-level list", () => {
    const a = recordsOf(textOf(gzFiles[0]!));
    const b = recordsOf(textOf(gzFiles[1]!));
    const text = encoder.encode(
      `${JSON.stringify({ Records: a })}\n${JSON.stringify({ Records: b })}`,
    );
    expect(scanned(text, 4096).entries).toEqual([...a, ...b]);
    expect(scanned(encoder.encode(JSON.stringify(a)), 333).entries).toEqual(a);
  });

  test("a cut text is not complete, and gives the entries before the cut", () => {
    const text = textOf(largest);
    const expected = recordsOf(text);
    const cut = scanned(text.subarray(0, Math.floor(text.length / 2)), 1000);
    expect(cut.complete).toBe(false);
    expect(cut.entries.length).toBeGreaterThan(0);
    expect(cut.entries.length).toBeLessThan(expected.length);
    expect(cut.entries).toEqual(expected.slice(0, cut.entries.length));
  });

  test("a bad entry is undefined in its place; the others keep their indices", () => {
    const text = encoder.encode(
      '{"Records":[{"eventID":"a"}, {"eventID": nope}, {"eventID":"c"}]}',
    );
    expect(scanned(text, 7).entries).toEqual([{ eventID: "a" }, undefined, { eventID: "c" }]);
  });
});

describe("parseBatch reading a file as a stream", () => {
  const STREAM_FROM = 1024;

  test("every real delivery: the same rows as read whole, offsets giving each record", () => {
    for (const gz of gzFiles) {
      const text = textOf(gz);
      const expected = recordsOf(text);
      const input = [{ fileIndex: 3, name: "x.json.gz", bytes: gz }];
      const whole = parseBatch(input);
      const streamed = parseBatch(input, null, STREAM_FROM);
      const outcome = streamed.outcomes[0]!;
      expect(outcome.events + outcome.insights + outcome.skipped).toBe(expected.length);
      expect(outcome).toMatchObject({ kind: "events", shape: "records", rawBytes: text.length });
      expect(outcome.warning).toBeUndefined();
      expect(rowsOf(streamed)).toEqual(rowsOf(whole));
      if (text.length <= STREAM_FROM) continue;
      const offsets = outcome.recordOffsets!;
      expect(offsets.length).toBe(2 * expected.length);
      for (let k = 0; k < expected.length; k++) {
        const slice = text.subarray(offsets[2 * k], offsets[2 * k + 1]);
        expect(JSON.parse(Buffer.from(slice).toString("utf8"))).toEqual(expected[k]);
      }
    }
  });

  test("a small file read whole keeps no offsets", () => {
    const result = parseBatch([{ fileIndex: 0, name: "x.json.gz", bytes: largest }]);
    expect(result.outcomes[0]!.recordOffsets).toBeUndefined();
  });

  test("plain (not gzipped) text, and a list of records, stream too", () => {
    const text = textOf(largest);
    const expected = recordsOf(text);
    const list = encoder.encode(JSON.stringify(expected));
    for (const bytes of [text, list]) {
      const input = [{ fileIndex: 0, name: "x.json", bytes }];
      expect(rowsOf(parseBatch(input, null, STREAM_FROM))).toEqual(rowsOf(parseBatch(input)));
    }
  });

  test("a cut large file keeps the records before the cut, with a warning", () => {
    const text = textOf(largest);
    const expected = recordsOf(text);
    const cut = largest.subarray(0, Math.floor(largest.length * 0.6));
    const result = parseBatch([{ fileIndex: 0, name: "cut.json.gz", bytes: cut }], null, 1024);
    const outcome = result.outcomes[0]!;
    expect(outcome.kind).toBe("events");
    expect(outcome.events).toBeGreaterThan(0);
    expect(outcome.events).toBeLessThan(expected.length);
    expect(outcome.warning).toMatch(/^truncated gzip: the \d+ records before the damage loaded$/);
    const whole = rowsOf(parseBatch([{ fileIndex: 0, name: "cut.json.gz", bytes: largest }]));
    expect(rowsOf(result)).toEqual(whole.slice(0, result.chunk.rows));
  });

  test("a large file of something else is an error, not rows", () => {
    const text = encoder.encode(JSON.stringify({ Records: [1, 2, 3].map((n) => ({ n })) }));
    const result = parseBatch([{ fileIndex: 0, name: "x.json", bytes: text }], null, 8);
    expect(result.outcomes[0]).toMatchObject({ kind: "error", events: 0 });
    expect(result.outcomes[0]!.error).toMatch(/^JSON without CloudTrail records/);
  });
});

// About 260 MB of text: tens of seconds on a loaded machine, so run on demand
// (TRAILVIEW_BIG_FILE=1 npx vitest run src/ingest/stream.test.ts).
describe.skipIf(process.env.TRAILVIEW_BIG_FILE !== "1")("a file past the old text limit", () => {
  test("a gzip of more than 256 MiB of text loads every record", async () => {
    const base = recordsOf(textOf(largest)) as Record<string, unknown>[];
    const head = encoder.encode('{"Records":[');
    const pieces: Buffer[] = [];
    const gzip = createGzip({ level: 1 });
    gzip.on("data", (piece: Buffer) => pieces.push(piece));
    const done = new Promise<void>((resolve) => gzip.on("end", resolve));
    gzip.write(head);
    let written = head.length;
    let records = 0;
    while (written <= MAX_TEXT_BYTES + (1 << 20)) {
      // The same real records under new event IDs, 1 MB at a time.
      const batch = base.map((r, i) =>
        JSON.stringify({
          ...r,
          eventID: `00000000-0000-4000-8000-${String(records + i).padStart(12, "0")}`,
        }),
      );
      const piece = encoder.encode((records === 0 ? "" : ",") + batch.join(","));
      gzip.write(piece);
      written += piece.length;
      records += batch.length;
    }
    gzip.end("]}");
    await done;
    const bytes = new Uint8Array(Buffer.concat(pieces));
    pieces.length = 0;
    const result = parseBatch([{ fileIndex: 0, name: "big.json.gz", bytes }]);
    const outcome = result.outcomes[0]!;
    expect(outcome.error).toBe("");
    expect(outcome.rawBytes).toBe(written + 2);
    expect(outcome.rawBytes).toBeGreaterThan(MAX_TEXT_BYTES);
    expect(outcome.events + outcome.insights).toBe(records);
    expect(outcome.recordOffsets!.length).toBe(2 * records);
    // Read again past the text limit: one record, several, and a search, each as a stream.
    const last = `00000000-0000-4000-8000-${String(records - 1).padStart(12, "0")}`;
    expect((readRecord("big.json.gz", bytes, records - 1) as { eventID: string }).eventID).toBe(
      last,
    );
    const again = readRecords("big.json.gz", bytes, [0, records - 1, records]);
    expect(again.map((r) => (r as { eventID?: string } | null)?.eventID ?? null)).toEqual([
      "00000000-0000-4000-8000-000000000000",
      last,
      null,
    ]);
    expect(Array.from(searchRecords([{ fileIndex: 4, name: "big.json.gz", bytes }], last))).toEqual(
      [4, records - 1],
    );
  }, 300_000);
});
