// What the query engines and Firehose give back loads as events: each shape is written here from
// the real invictus records (read in place), and its rows must say what the delivered files say.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { INVICTUS_DAY } from "../lib/testing/samples";
import {
  DICT_FIELDS,
  FLAG_DATA,
  FLAG_MANAGEMENT,
  FLAG_NO_EVENT_ID,
  type BatchResult,
  type DictField,
} from "./chunk";
import {
  athenaIdentity,
  athenaProjection,
  athenaRow,
  cloudWatchEnvelope,
  lakeRows,
  minimal,
  quoted,
  rowText,
} from "./engine-fixtures";
import { parseBatch, readRecord, readRecords, searchRecords } from "./parse";
import { columnStrings, eventKeys, inputs } from "./test-helpers";

type Json = Record<string, unknown>;

const INVICTUS = INVICTUS_DAY;
const RECORDS: Json[] = readdirSync(INVICTUS)
  .toSorted()
  .flatMap(
    (name) =>
      (
        JSON.parse(gunzipSync(readFileSync(join(INVICTUS, name))).toString("utf8")) as {
          Records: Json[];
        }
      ).Records,
  );
const gz = (text: string): Uint8Array => new Uint8Array(gzipSync(text));

/** Every column of every row, and the row's time and flags, as one string per row. */
function rows(result: BatchResult, fields: readonly DictField[] = DICT_FIELDS, flagMask = 0xff) {
  const { chunk } = result;
  const columns = fields.map((field) => columnStrings(chunk, field));
  const keys = eventKeys(chunk);
  return Array.from({ length: chunk.rows }, (_, row) =>
    [
      chunk.time[row],
      chunk.flags[row]! & flagMask,
      // The eventID part of the key: its last word is the record's content, which a query
      // engine's rebuilt record does not keep (see fingerprint.ts).
      keys[row].slice(0, 24),
      ...columns.map((column) => column[row]),
    ].join("|"),
  );
}

/** The rows the delivered records give, as the reference. */
const ORIGINAL = parseBatch(inputs(JSON.stringify({ Records: RECORDS })));

function only(bytes: string | Uint8Array) {
  const result = parseBatch(inputs(bytes));
  return { result, outcome: result.outcomes[0]! };
}

test("the samples are what the tests expect", () => {
  expect(RECORDS).toHaveLength(2900);
  expect(ORIGINAL.chunk.rows).toBe(2900);
});

describe("Athena UNLOAD (gzipped NDJSON, lowercase names)", () => {
  const text = RECORDS.map((record) => JSON.stringify(athenaRow(record))).join("\n") + "\n";
  const bytes = gz(text);
  const { result, outcome } = only(bytes);

  test("every record loads, with the columns of the delivered record", () => {
    expect(outcome).toMatchObject({ kind: "events", shape: "athena", events: 2900, skipped: 0 });
    // Athena's CloudTrail table has no managementEvent column: that flag is all it loses.
    const mask = ~(FLAG_MANAGEMENT | FLAG_DATA) & 0xff;
    expect(rows(result, DICT_FIELDS, mask)).toEqual(rows(ORIGINAL, DICT_FIELDS, mask));
  });

  test("the detail view finds each record under CloudTrail's names", () => {
    for (const k of [0, 1, 17, 999, 2899]) {
      expect(readRecord("unload.json.gz", bytes, k)).toEqual(
        JSON.parse(JSON.stringify(athenaProjection(RECORDS[k]!))),
      );
    }
    const withResources = RECORDS.findIndex((r) => Array.isArray(r.resources));
    const again = readRecords("unload.json.gz", bytes, [withResources]) as Json[];
    expect(again[0]!.resources).toEqual(RECORDS[withResources]!.resources);
  });

  test("a single line (one row) and a JSON list of rows load too", () => {
    const one = only(gz(JSON.stringify(athenaRow(RECORDS[3]!)))).outcome;
    expect(one).toMatchObject({ shape: "athena", events: 1 });
    const list = only(JSON.stringify(RECORDS.slice(0, 5).map(athenaRow))).outcome;
    expect(list).toMatchObject({ shape: "athena", events: 5 });
  });

  test("free-text search reads the rebuilt records", () => {
    const arn = (RECORDS[5]!.userIdentity as Json).arn as string;
    const wanted = RECORDS.filter((r) => JSON.stringify(r).includes(`"arn":"${arn}"`)).length;
    const hits = searchRecords(inputs(bytes), `"arn":"${arn}"`);
    expect(hits.length / 2).toBe(wanted);
  });
});

describe("CloudTrail Lake get-query-results", () => {
  const columns = [
    "eventID",
    "eventTime",
    "eventSource",
    "eventName",
    "awsRegion",
    "sourceIPAddress",
    "userAgent",
    "errorCode",
    "userIdentity",
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "readOnly",
    "managementEvent",
    "eventType",
    "eventCategory",
    "recipientAccountId",
  ];
  const page = (resultRows: unknown[]) =>
    JSON.stringify(
      {
        QueryStatus: "FINISHED",
        QueryStatistics: { ResultsCount: resultRows.length, TotalResultsCount: resultRows.length },
        QueryResultRows: resultRows,
      },
      null,
      4,
    );

  test("rows rebuild records with the delivered columns", () => {
    const bytes = page(lakeRows(RECORDS, columns));
    const { result, outcome } = only(bytes);
    expect(outcome).toMatchObject({ kind: "events", shape: "lake", events: 2900, skipped: 0 });
    expect(rows(result)).toEqual(rows(ORIGINAL));
    const k = 1234;
    const record = readRecord("lake.json", new TextEncoder().encode(bytes), k) as Json;
    expect(record.userIdentity).toEqual(RECORDS[k]!.userIdentity);
    expect(record.requestParameters).toEqual(RECORDS[k]!.requestParameters);
    expect(record.readOnly).toBe(RECORDS[k]!.readOnly);
  });

  test("lowercase column names, struct JSON with lowercase keys, and no eventID", () => {
    const records = RECORDS.slice(0, 300);
    const lower = lakeRows(records, columns).map((row, i) =>
      row
        .filter((cell) => !(i % 3 === 0 && "eventID" in cell))
        .map((cell) => {
          const [[key, value]] = Object.entries(cell) as [[string, string]];
          if (key !== "userIdentity") return { [key.toLowerCase()]: value };
          const identity = athenaRow(records[i]!).useridentity;
          return { useridentity: JSON.stringify(identity) };
        }),
    );
    const { result, outcome } = only(page(lower));
    expect(outcome).toMatchObject({ shape: "lake", events: 300, skipped: 0 });
    const original = parseBatch(inputs(JSON.stringify({ Records: records })));
    const fields = DICT_FIELDS;
    const mask = ~FLAG_NO_EVENT_ID & 0xff;
    const strip = (all: string[]) => all.map((row) => row.split("|").toSpliced(2, 1).join("|"));
    expect(strip(rows(result, fields, mask))).toEqual(strip(rows(original, fields, mask)));
    const flags = Array.from(result.chunk.flags, (f) => (f & FLAG_NO_EVENT_ID) !== 0);
    expect(flags).toEqual(records.map((_, i) => i % 3 === 0));
  });

  test("free-text search with quotes finds what the JSON text held", () => {
    const records = RECORDS.slice(0, 400);
    const bytes = page(lakeRows(records, columns));
    const selected = records.map((r) =>
      Object.fromEntries(columns.filter((c) => r[c] != null).map((c) => [c, r[c]])),
    );
    const arn = (records[5]!.userIdentity as Json).arn as string;
    for (const needle of [`"arn":"${arn}"`, `"userName":"`, arn]) {
      const wanted = searchRecords(inputs(JSON.stringify({ Records: selected })), needle);
      expect(wanted.length).toBeGreaterThan(0);
      expect(Array.from(searchRecords(inputs(bytes), needle))).toEqual(Array.from(wanted));
    }
  });

  test("rows written as JSON objects (values as strings) read as columns", () => {
    const records = RECORDS.slice(0, 200);
    const objects = lakeRows(records, columns).map((row) => Object.assign({}, ...row) as Json);
    const original = parseBatch(inputs(JSON.stringify({ Records: records })));
    const array = only(JSON.stringify(objects));
    expect(array.outcome).toMatchObject({ shape: "array", events: 200, skipped: 0 });
    expect(rows(array.result)).toEqual(rows(original));
    const lines = objects.map((o) => JSON.stringify(o)).join("\n");
    expect(rows(only(lines).result)).toEqual(rows(original));
    const k = 77;
    const again = readRecord("rows.ndjson", new TextEncoder().encode(lines), k) as Json;
    expect(again.userIdentity).toEqual(records[k]!.userIdentity);
  });

  test("a failed query and aggregate rows are reported, not loaded as events", () => {
    const failed = only(JSON.stringify({ QueryStatus: "FAILED", ErrorMessage: "bad SQL" }));
    expect(failed.outcome.error).toBe(
      "JSON without CloudTrail records (CloudTrail Lake results without rows, the query is FAILED: bad SQL)",
    );
    const counts = only(page([[{ _col0: "42" }], [{ _col0: "7" }]]));
    expect(counts.outcome).toMatchObject({ kind: "error", events: 0 });
    expect(counts.outcome.error).toBe("none of its 2 entries is a CloudTrail record");
  });
});

describe("CSV (Lake's result_1.csv.gz, Athena results)", () => {
  const header = [
    "eventTime",
    "eventName",
    "eventSource",
    "awsRegion",
    "sourceIPAddress",
    "userAgent",
    "errorCode",
    "errorMessage",
    "eventID",
    "readOnly",
    "managementEvent",
    "eventType",
    "eventCategory",
    "recipientAccountId",
    "userIdentity",
    "requestParameters",
    "responseElements",
    "additionalEventData",
  ];
  const cell = (record: Json, column: string, structs: boolean): string => {
    const value = record[column];
    if (value === undefined || value === null) return "";
    if (structs && column === "userIdentity") return rowText(athenaIdentity(value));
    // Nested columns as pretty JSON: commas, quotes and line breaks inside quoted cells.
    return typeof value === "string" ? value : JSON.stringify(value, null, 1);
  };
  const csv = (
    names: readonly string[],
    quote: (v: string) => string,
    eol: string,
    structs: boolean,
  ) =>
    [
      names.map(quote).join(","),
      ...RECORDS.map((r) => header.map((c) => quote(cell(r, c, structs))).join(",")),
    ]
      .join(eol)
      .concat(eol);

  const lower = header.map((h) => h.toLowerCase());
  test.each([
    ["Lake: canonical names, minimal quoting, CRLF, gzipped", header, minimal, "\r\n", true, false],
    ["Athena: lowercase names, every cell quoted, LF", lower, quoted, "\n", false, false],
    ["Athena: userIdentity printed as {type=…, arn=…}", lower, quoted, "\n", true, true],
  ] as const)("%s", (_name, names, quote, eol, zip, structs) => {
    const text = csv(names, quote, eol, structs);
    const bytes = zip ? gz(text) : new TextEncoder().encode(text);
    const { result, outcome } = only(bytes);
    expect(outcome).toMatchObject({ kind: "events", shape: "csv", events: 2900, skipped: 0 });
    expect(rows(result)).toEqual(rows(ORIGINAL));
    const k = RECORDS.findIndex((r) => typeof r.errorMessage === "string");
    const record = readRecord("result_1.csv.gz", bytes, k) as Json;
    expect(record.errorMessage).toBe(RECORDS[k]!.errorMessage);
    expect(record.requestParameters).toEqual(RECORDS[k]!.requestParameters);
  });

  test("dotted columns nest; a row cut inside a quote is skipped, the others load", () => {
    const text =
      '\uFEFFeventtime,eventname,"useridentity.arn",useridentity.type,"sourceipaddress"\r\n' +
      '2023-07-10 12:00:00.000,"Get""Thing""",arn:aws:iam::1:user/a,IAMUser,"192.0.2.1"\r\n' +
      "\r\n" +
      '2023-07-10 12:00:01.000,"multi\nline, with comma",arn:aws:iam::1:user/b,IAMUser,10.0.0.1\r\n' +
      '2023-07-10 12:00:02.000,"cut off,arn:aws:iam::1:user/c';
    const { result, outcome } = only(text);
    expect(outcome).toMatchObject({ shape: "csv", events: 2, skipped: 1 });
    expect(columnStrings(result.chunk, "eventName")).toEqual([
      'Get"Thing"',
      "multi\nline, with comma",
    ]);
    expect(columnStrings(result.chunk, "userArn")).toEqual([
      "arn:aws:iam::1:user/a",
      "arn:aws:iam::1:user/b",
    ]);
    expect(columnStrings(result.chunk, "principal")).toEqual(["a", "b"]);
    expect(Array.from(result.chunk.record)).toEqual([0, 1]);
    expect(() => readRecord("f.csv", new TextEncoder().encode(text), 2)).toThrow(
      /not a CloudTrail/,
    );
  });

  test("two result files joined: the second header is skipped, not an event", () => {
    const one = "eventTime,eventName\r\n2023-07-10T12:00:00Z,A\r\n";
    const { result, outcome } = only(one + one);
    expect(outcome).toMatchObject({ shape: "csv", events: 2, skipped: 1 });
    expect(Array.from(result.chunk.record)).toEqual([0, 2]);
  });

  test("a CSV without CloudTrail columns is not CloudTrail", () => {
    expect(only("name,age\r\nalice,3\r\n").outcome.error).toBe("not gzip or JSON");
    expect(only(gz("event,when\nx,y\n")).outcome.error).toBe("gzip of data that is not JSON");
  });
});

describe("Firehose: concatenated JSON", () => {
  const sample = RECORDS.slice(0, 700);
  const reference = parseBatch(inputs(JSON.stringify({ Records: sample })));

  test.each([
    ["no separator", sample.map((r) => JSON.stringify(r)).join("")],
    [
      "white space and pretty-printed",
      sample.map((r) => JSON.stringify(r, null, 2)).join("\r\n \n"),
    ],
    [
      "one line per record, two records on some lines",
      sample.map((r, i) => JSON.stringify(r) + (i % 3 === 0 ? "" : "\n")).join(""),
    ],
  ])("%s", (_name, text) => {
    const bytes = gz(text);
    const { result, outcome } = only(bytes);
    expect(outcome).toMatchObject({
      kind: "events",
      shape: "concatenated",
      events: 700,
      skipped: 0,
    });
    expect(rows(result)).toEqual(rows(reference));
    expect(readRecord("firehose.gz", bytes, 699)).toEqual(sample[699]);
  });

  test("CloudWatch Logs envelopes, each gzipped apart as Firehose stores them", () => {
    const envelopes = [
      cloudWatchEnvelope(sample.slice(0, 300)),
      cloudWatchEnvelope([], "CONTROL_MESSAGE"),
      cloudWatchEnvelope(sample.slice(300)),
    ];
    const bytes = Buffer.concat(envelopes.map((e) => gzipSync(JSON.stringify(e))));
    const { result, outcome } = only(new Uint8Array(bytes));
    // The control message (a health check) is one entry that is not a record.
    expect(outcome).toMatchObject({ shape: "cloudwatch-logs", events: 700, skipped: 1 });
    expect(rows(result)).toEqual(rows(reference).map((row) => row));
    expect(Array.from(result.chunk.record).slice(299, 302)).toEqual([299, 301, 302]);
    expect(readRecord("cwl.gz", new Uint8Array(bytes), 301)).toEqual(sample[300]);
    const single = only(JSON.stringify(envelopes[0])).outcome;
    expect(single).toMatchObject({ shape: "cloudwatch-logs", events: 300 });
  });

  test("delivered files concatenated, and EventBridge envelopes one after another", () => {
    const files = `${JSON.stringify({ Records: sample.slice(0, 350) })}${JSON.stringify({ Records: sample.slice(350) })}`;
    expect(rows(only(files).result)).toEqual(rows(reference));
    const bridge = sample
      .slice(0, 3)
      .map((detail) => JSON.stringify({ "detail-type": "AWS API Call via CloudTrail", detail }))
      .join("");
    expect(only(bridge).outcome).toMatchObject({ shape: "concatenated", events: 3 });
  });
});
