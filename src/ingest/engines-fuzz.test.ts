// Hostile input in the shapes the query engines and Firehose give back: cut, empty, one huge
// line, nested deep, flipped, and fields named to hurt. What must hold: no throw, good files
// beside the bad ones keep exactly their rows, a bad file is an error with a reason a person
// understands or gives at most the records it was made of.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { Random } from "../lib/random";
import { INVICTUS_DAY } from "../lib/testing/samples";
import { athenaRow, cloudWatchEnvelope, lakeRows, minimal } from "./engine-fixtures";
import { MAX_VALUE_CHARS } from "./fields";
import { parseBatch, readRecord, type BatchInput } from "./parse";
import { columnStrings, inputs } from "./test-helpers";

type Json = Record<string, unknown>;

const INVICTUS = INVICTUS_DAY;
const NAMES = readdirSync(INVICTUS).toSorted();
const RECORDS: Json[] = NAMES.slice(0, 8).flatMap(
  (name) =>
    (
      JSON.parse(gunzipSync(readFileSync(join(INVICTUS, name))).toString("utf8")) as {
        Records: Json[];
      }
    ).Records,
);
const N = RECORDS.length;
const encoder = new TextEncoder();
const gz = (text: string | Uint8Array): Uint8Array => new Uint8Array(gzipSync(text));
const GOOD = new Uint8Array(readFileSync(join(INVICTUS, NAMES[9]!)));
const GOOD_ROWS = parseBatch(inputs(GOOD)).chunk.rows;

const HUMAN =
  /^(empty file|truncated gzip|corrupt gzip \(.+\)|not gzip or JSON|gzip of data that is not JSON|truncated JSON|invalid JSON \(.+\)|JSON nested too deeply|JSON without CloudTrail records( \(.+\))?|"QueryResultRows" is not a list|none of its \d+ entries is a CloudTrail record|its only entry is not a CloudTrail record)$/;

/** Parses each bad file between two good ones; returns the bad files' outcomes. */
function beside(bad: (string | Uint8Array)[]) {
  const files: BatchInput[] = inputs(GOOD, ...bad, GOOD);
  let result: ReturnType<typeof parseBatch> | undefined;
  expect(() => {
    result = parseBatch(files);
  }).not.toThrow();
  const { outcomes, chunk } = result!;
  const last = files.length - 1;
  expect([outcomes[0]!.events, outcomes[last]!.events]).toEqual([GOOD_ROWS, GOOD_ROWS]);
  const byFile = Array.from(chunk.file);
  expect(byFile.filter((f) => f === 0).length).toBe(GOOD_ROWS);
  expect(byFile.filter((f) => f === last).length).toBe(GOOD_ROWS);
  const problems = outcomes
    .slice(1, last)
    .filter((o) => (o.kind === "error" ? !HUMAN.test(o.error) || o.events !== 0 : o.error !== ""));
  expect(problems).toEqual([]);
  return outcomes.slice(1, last);
}

const FIREHOSE = RECORDS.map((r) => JSON.stringify(r)).join("");
const UNLOAD = RECORDS.map((r) => JSON.stringify(athenaRow(r))).join("\n") + "\n";
const LAKE = JSON.stringify({
  QueryStatus: "FINISHED",
  QueryResultRows: lakeRows(RECORDS, ["eventID", "eventTime", "eventName", "userIdentity"]),
});
const CSV =
  "eventTime,eventName,eventSource,userIdentity,requestParameters\r\n" +
  RECORDS.map((r) =>
    [r.eventTime, r.eventName, r.eventSource, r.userIdentity, r.requestParameters]
      .map((v) => minimal(typeof v === "string" ? v : JSON.stringify(v ?? "")))
      .join(","),
  ).join("\r\n");

describe("cut short", () => {
  test("a Firehose object cut in the middle: the whole ones load, the cut one is skipped", () => {
    const cut = FIREHOSE.slice(0, FIREHOSE.lastIndexOf('{"eventVersion"') + 200);
    const [outcome] = beside([gz(cut)]);
    expect(outcome).toMatchObject({
      kind: "events",
      shape: "concatenated",
      events: N - 1,
      skipped: 1,
    });
  });

  test("NDJSON rows cut mid-line, a CSV cut inside a quote, Lake JSON cut", () => {
    const [unload, csv, lake] = beside([
      gz(UNLOAD.slice(0, UNLOAD.length - 300)),
      CSV.slice(0, CSV.lastIndexOf('"{') + 5),
      LAKE.slice(0, LAKE.length / 2),
    ]);
    expect(unload).toMatchObject({ shape: "athena", events: N - 1, skipped: 1 });
    expect(csv).toMatchObject({ shape: "csv", events: N - 1, skipped: 1 });
    expect(lake).toMatchObject({ kind: "error", error: "truncated JSON" });
  });

  test("each shape gzipped and cut at ten places: an error or fewer records, never a throw", () => {
    const random = new Random(20_261_202, 7);
    const cuts = [FIREHOSE, UNLOAD, LAKE, CSV].flatMap((text) => {
      const bytes = gz(text);
      return Array.from({ length: 10 }, () => bytes.slice(0, 1 + random.int(bytes.length - 1)));
    });
    const outcomes = beside(cuts);
    expect(outcomes.every((o) => o.kind === "error" && o.error === "truncated gzip")).toBe(true);
    const plain = [FIREHOSE, UNLOAD, LAKE, CSV].flatMap((text) =>
      Array.from({ length: 10 }, () => text.slice(0, 1 + random.int(text.length - 1))),
    );
    expect(beside(plain).filter((o) => o.events > N)).toEqual([]);
  });
});

describe("empty and near-empty", () => {
  test("reasons for files with nothing in them", () => {
    const outcomes = beside([
      "",
      " \r\n\t",
      gz(""),
      "{}{}",
      '{"QueryResultRows": "rows"}',
      "eventName,eventTime\r\n",
      '{"QueryResultRows": []}',
      '{"messageType":"CONTROL_MESSAGE","logEvents":[]}',
    ]);
    expect(outcomes.map((o) => [o.kind, o.shape, o.events, o.error])).toEqual([
      ["error", null, 0, "empty file"],
      ["error", null, 0, "empty file"],
      ["error", null, 0, "empty file"],
      ["error", null, 0, "none of its 2 entries is a CloudTrail record"],
      ["error", null, 0, '"QueryResultRows" is not a list'],
      ["events", "csv", 0, ""],
      ["events", "lake", 0, ""],
      ["error", null, 0, "its only entry is not a CloudTrail record"],
    ]);
  });
});

describe("huge and deep", () => {
  test("ten thousand records on one line, one with a 5 MB user agent", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => RECORDS[i % N]!);
    const huge = { ...RECORDS[0]!, userAgent: "x".repeat(5_000_000) };
    const text = [...many, huge].map((r) => JSON.stringify(r)).join("");
    const [outcome] = beside([gz(text)]);
    expect(outcome).toMatchObject({ shape: "concatenated", events: 10_001, skipped: 0 });
    const result = parseBatch(inputs(text));
    const agents = columnStrings(result.chunk, "userAgent");
    expect(agents[10_000]!.length).toBe(MAX_VALUE_CHARS);
  });

  test("values nested a hundred thousand deep among the records", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const deepObject = '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000);
    const record = JSON.stringify(RECORDS[1]);
    const lowercase = { ...athenaRow(RECORDS[2]!), requestparameters: `{"x":${deep}}` };
    const unbalanced = "{".repeat(100_000);
    const outcomes = beside([
      `${record}${deep}${deepObject}${record}`,
      `${JSON.stringify(lowercase)}\n${JSON.stringify(lowercase)}\n`,
      `${record}${unbalanced}`,
      `eventName,userIdentity\r\nA,"${deep}"\r\n`,
    ]);
    expect(outcomes[0]).toMatchObject({ shape: "concatenated", events: 2 });
    expect(outcomes[1]).toMatchObject({ shape: "athena", events: 2 });
    expect(outcomes[2]).toMatchObject({ shape: "concatenated", events: 1, skipped: 1 });
    expect(outcomes[3]).toMatchObject({ shape: "csv", events: 1 });
  });
});

describe("flipped and hostile", () => {
  test("200 flipped bytes in Firehose text and Athena rows: an error or at most the records", () => {
    const random = new Random(20_261_202, 9);
    const flipped = [FIREHOSE, UNLOAD].flatMap((text) => {
      const bytes = encoder.encode(text);
      return Array.from({ length: 100 }, () => {
        const copy = bytes.slice();
        copy[random.int(copy.length)]! ^= 1 << random.int(8);
        return copy;
      });
    });
    const outcomes = beside(flipped);
    expect(outcomes.filter((o) => o.events + o.skipped > N + 1)).toEqual([]);
    expect(outcomes.filter((o) => o.kind === "events").length).toBeGreaterThan(150);
  });

  test("keys named __proto__ stay fields; odd cells are skipped or kept as text", () => {
    const row = athenaRow(RECORDS[0]!);
    const text = [
      `{"__proto__":{"polluted":1},${JSON.stringify(row).slice(1)}`,
      JSON.stringify({ ...row, requestparameters: "not JSON {", resources: "arn:x" }),
    ].join("\n");
    const bytes = encoder.encode(text);
    expect(beside([bytes])[0]).toMatchObject({ shape: "athena", events: 2 });
    const first = readRecord("f", bytes, 0) as Json;
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    expect(Object.keys(first)).toContain("__proto__");
    expect(({} as Json).polluted).toBeUndefined();
    const second = readRecord("f", bytes, 1) as Json;
    expect([second.requestParameters, second.resources]).toEqual(["not JSON {", "arn:x"]);
    const csv = '__proto__,eventName,constructor\r\n"{""a"":1}",ListUsers,x\r\n';
    const lake = JSON.stringify({
      QueryResultRows: [[1, null, "x", [], { __proto__: "y", eventName: "A" }], "row", []],
    });
    const [c, l] = beside([csv, lake]);
    expect(c).toMatchObject({ shape: "csv", events: 1 });
    expect(l).toMatchObject({ shape: "lake", events: 1, skipped: 2 });
  });

  test("random cells with commas, quotes and line breaks come back whole", () => {
    const random = new Random(20_261_202, 11);
    const pieces = ["a", "Z", ",", '"', '""', "\n", "\r\n", "\r", " ", "é", "𝄞", "=", "{}", "\t"];
    const cell = () => Array.from({ length: random.int(12) }, () => random.pick(pieces)).join("");
    for (const [eol, quote] of [
      ["\r\n", minimal],
      ["\n", (v: string) => `"${v.replaceAll('"', '""')}"`],
    ] as const) {
      const wanted = Array.from({ length: 300 }, () => [`E${cell()}`, cell(), cell()]);
      const text = [
        "eventName,errorMessage,userAgent",
        ...wanted.map((r) => r.map(quote).join(",")),
      ]
        .join(eol)
        .concat(eol);
      const result = parseBatch(inputs(text));
      expect(result.outcomes[0]).toMatchObject({ shape: "csv", events: 300, skipped: 0 });
      expect(columnStrings(result.chunk, "eventName")).toEqual(wanted.map((r) => r[0]));
      expect(columnStrings(result.chunk, "userAgent")).toEqual(wanted.map((r) => r[2]));
      const bytes = encoder.encode(text);
      for (const k of [0, 150, 299])
        expect((readRecord("f.csv", bytes, k) as Json).errorMessage).toBe(
          wanted[k]![1] || undefined,
        );
    }
  });

  test("CloudWatch Logs messages that are not JSON are skipped", () => {
    const envelope = cloudWatchEnvelope(RECORDS.slice(0, 3));
    (envelope.logEvents as Json[])[1]!.message = "START RequestId: 42";
    const [outcome] = beside([JSON.stringify(envelope) + JSON.stringify(envelope)]);
    expect(outcome).toMatchObject({ shape: "cloudwatch-logs", events: 4, skipped: 2 });
  });
});
