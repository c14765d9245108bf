// A session over a large file (read as a stream, each record found again by its offsets) and a
// record nested too deeply to print. Expected records come from JSON.parse here.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { STREAM_TEXT_BYTES } from "../ingest/streamRead";
import { INVICTUS, newSession, source } from "./testing";

const DAY = join(INVICTUS, "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10");

test("a file past the stream threshold loads, and its records read again by offsets", async () => {
  const largest = readdirSync(DAY)
    .map((name) => readFileSync(join(DAY, name)))
    .reduce((a, b) => (b.length > a.length ? b : a));
  const base = (JSON.parse(gunzipSync(largest).toString("utf8")) as { Records: object[] }).Records;
  const records: object[] = [];
  let size = 0;
  while (size <= STREAM_TEXT_BYTES) {
    for (const r of base) {
      const record = { ...r, eventID: `id-${records.length}` };
      records.push(record);
      size += JSON.stringify(record).length + 1;
    }
  }
  const session = newSession(1);
  await session.load([
    source(
      "big.json.gz",
      new Uint8Array(gzipSync(JSON.stringify({ Records: records }), { level: 1 })),
    ),
  ]);
  const outcome = session.files[0]!.outcome!;
  expect(outcome.kind).toBe("events");
  expect(outcome.events + outcome.insights).toBe(records.length);
  expect(outcome.recordOffsets!.length).toBe(2 * records.length);
  for (const k of [0, 1, Math.floor(records.length / 2), records.length - 1]) {
    const read = await session.reads.recordRead(0, k);
    expect(read.raw).toBe(false);
    expect(JSON.parse(read.json)).toEqual(records[k]);
  }
}, 60_000);

test("a record nested too deeply to print comes back as its raw text, flagged", async () => {
  const deep = `{"eventID":"deep","eventName":"Deep","nested":${"[".repeat(10_000)}1${"]".repeat(10_000)}}`;
  const file = `{"Records":[{"eventID":"a","eventName":"A"},${deep}]}`;
  const session = newSession(1);
  await session.load([source("deep.json.gz", new Uint8Array(gzipSync(file)))]);
  expect(session.store.rows).toBe(2);
  expect(await session.reads.recordRead(0, 1)).toEqual({ json: deep, raw: true });
  expect(await session.reads.recordText(0, 1)).toBe(deep);
  expect(await session.reads.recordRead(0, 0)).toEqual({
    json: JSON.stringify({ eventID: "a", eventName: "A" }, null, 2),
    raw: false,
  });
});
