// Shapes, failures and odd records, built in the test so each case says exactly what it checks.
import { describe, expect, test } from "vitest";
import { gzip } from "pako";
import {
  FLAG_DATA,
  FLAG_MANAGEMENT,
  FLAG_NO_EVENT_ID,
  FLAG_NO_TIME,
  FLAG_READ_ONLY,
  FLAG_WRITE,
  type FileOutcome,
} from "./chunk";
import { eventKeyOf } from "./fields";
import { decodeBytes } from "./decode";
import { parseBatch, readRecord, searchRecords } from "./parse";
import { detectShape } from "./shape";
import { ROW_COLUMN_NAMES, DICT_FIELDS } from "./chunk";
import { columnStrings, eventKeys, gzipText, inputs, utf8 } from "./test-helpers";

const UUID_A = "3fcfb182-98f8-4744-bd45-10a395ab61cb";
const UUID_B = "fed06f42-cb12-4764-8c69-121063dc79b9";

function record(eventName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: "1.08",
    eventTime: "2024-01-02T03:04:05Z",
    eventSource: "iam.amazonaws.com",
    eventName,
    awsRegion: "us-east-1",
    sourceIPAddress: "192.0.2.1",
    userAgent: "aws-cli/2",
    userIdentity: {
      type: "IAMUser",
      userName: "alice",
      arn: "arn:aws:iam::111122223333:user/alice",
    },
    eventID: UUID_A,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    eventCategory: "Management",
    recipientAccountId: "111122223333",
    ...extra,
  };
}

const A = record("ListUsers");
const B = record("CreateUser", { eventID: UUID_B, readOnly: false });
const envelope = (detail: unknown) => ({
  version: "0",
  "detail-type": "AWS API Call via CloudTrail",
  source: "aws.iam",
  detail,
});

function only(text: string | Uint8Array) {
  const result = parseBatch(inputs(text));
  return { ...result, outcome: result.outcomes[0]! };
}

describe("shapes", () => {
  const cases: [string, string, string][] = [
    ["records", JSON.stringify({ Records: [A, B] }), "records"],
    ["array", JSON.stringify([A, B]), "array"],
    ["ndjson", `${JSON.stringify(A)}\n${JSON.stringify(B)}\n`, "ndjson"],
    ["ndjson with CRLF", `${JSON.stringify(A)}\r\n${JSON.stringify(B)}\r\n`, "ndjson"],
    [
      "lookup-events",
      JSON.stringify({
        Events: [
          { EventId: UUID_A, EventName: "ListUsers", CloudTrailEvent: JSON.stringify(A) },
          { EventId: UUID_B, EventName: "CreateUser", CloudTrailEvent: JSON.stringify(B) },
        ],
      }),
      "lookup-events",
    ],
    ["eventbridge array", JSON.stringify([envelope(A), envelope(B)]), "eventbridge"],
    [
      "eventbridge ndjson",
      `${JSON.stringify(envelope(A))}\n${JSON.stringify(envelope(B))}`,
      "eventbridge",
    ],
  ];
  test.each(cases)("%s", (_name, text, shape) => {
    const { chunk, outcome } = only(text);
    expect(outcome).toMatchObject({ kind: "events", shape, events: 2, skipped: 0, error: "" });
    expect(columnStrings(chunk, "eventName")).toEqual(["ListUsers", "CreateUser"]);
    expect(Array.from(chunk.record)).toEqual([0, 1]);
    expect(readRecord("f", utf8(text), 1)).toEqual(B);
  });

  test("single record and single EventBridge envelope", () => {
    expect(only(JSON.stringify(A)).outcome).toMatchObject({ shape: "single", events: 1 });
    const { chunk, outcome } = only(JSON.stringify(envelope(B)));
    expect(outcome).toMatchObject({ shape: "eventbridge", events: 1 });
    expect(columnStrings(chunk, "eventName")).toEqual(["CreateUser"]);
    expect(readRecord("f", utf8(JSON.stringify(envelope(B))), 0)).toEqual(B);
  });

  test("NDJSON: a bad line and blank lines are skipped, indices count non-empty lines", () => {
    const text = `${JSON.stringify(A)}\n\n{"eventName": broken\n   \n42\n${JSON.stringify(B)}\n`;
    const { chunk, outcome } = only(text);
    expect(outcome).toMatchObject({ shape: "ndjson", events: 2, skipped: 2 });
    expect(Array.from(chunk.record)).toEqual([0, 3]);
    expect(readRecord("f", utf8(text), 3)).toEqual(B);
    expect(() => readRecord("f", utf8(text), 1)).toThrow(/not a CloudTrail record/);
  });

  test("entries that are not records are counted as skipped", () => {
    const { outcome, chunk } = only(JSON.stringify({ Records: [1, "x", null, A, [B], true] }));
    expect(outcome).toMatchObject({ kind: "events", events: 1, skipped: 5 });
    expect(Array.from(chunk.record)).toEqual([3]);
    expect(
      only(
        JSON.stringify({
          Events: [
            { CloudTrailEvent: "{oops" },
            { EventId: "x" },
            { CloudTrailEvent: JSON.stringify(A) },
          ],
        }),
      ).outcome,
    ).toMatchObject({
      shape: "lookup-events",
      events: 1,
      skipped: 2,
    });
  });

  test("empty lists are valid and empty", () => {
    expect(only('{"Records":[]}').outcome).toMatchObject({
      kind: "events",
      shape: "records",
      events: 0,
    });
    expect(only("[]").outcome).toMatchObject({ kind: "events", shape: "array", events: 0 });
  });

  test("gzip is found by magic bytes, not by name", () => {
    const files = [
      { fileIndex: 0, name: "plain.json.gz", bytes: utf8(JSON.stringify({ Records: [A] })) },
      { fileIndex: 1, name: "zipped.json", bytes: gzipText(JSON.stringify({ Records: [B] })) },
    ];
    const { outcomes, chunk } = parseBatch(files);
    expect(outcomes.map((o) => o.events)).toEqual([1, 1]);
    expect(outcomes[1]!.rawBytes).toBe(JSON.stringify({ Records: [B] }).length);
    expect(outcomes[1]!.compressedBytes).toBe(files[1]!.bytes.length);
    expect(columnStrings(chunk, "eventName")).toEqual(["ListUsers", "CreateUser"]);
  });

  test("UTF-8 BOM and UTF-16 with a BOM decode as text", () => {
    const json = JSON.stringify({ Records: [record("Ünïcode")] });
    const utf16le = new Uint8Array(2 + json.length * 2);
    const utf16be = new Uint8Array(2 + json.length * 2);
    utf16le.set([0xff, 0xfe]);
    utf16be.set([0xfe, 0xff]);
    for (let i = 0; i < json.length; i++) {
      const code = json.charCodeAt(i);
      utf16le[2 + 2 * i] = code & 0xff;
      utf16le[3 + 2 * i] = code >> 8;
      utf16be[2 + 2 * i] = code >> 8;
      utf16be[3 + 2 * i] = code & 0xff;
    }
    const bom8 = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(json)]);
    const { chunk, outcomes } = parseBatch(inputs(bom8, utf16le, utf16be, gzip(utf16le)));
    expect(outcomes.map((o) => [o.kind, o.events])).toEqual([
      ["events", 1],
      ["events", 1],
      ["events", 1],
      ["events", 1],
    ]);
    expect(new Set(columnStrings(chunk, "eventName"))).toEqual(new Set(["Ünïcode"]));
  });

  test("a digest file is a digest, not an error", () => {
    const digest = {
      awsAccountId: "1",
      digestStartTime: "2024-01-01T00:00:00Z",
      digestS3Object: "d",
      logFiles: [{ s3Object: "a", hashValue: "b", hashAlgorithm: "SHA-256" }],
    };
    const { outcome, digests, chunk } = only(gzipText(JSON.stringify(digest)));
    expect(outcome).toMatchObject({ kind: "digest", shape: null, events: 0, error: "" });
    expect(chunk.rows).toBe(0);
    expect(digests[0]!.logFiles).toEqual([
      { s3Object: "a", hashValue: "b", hashAlgorithm: "SHA-256" },
    ]);
    expect(() => readRecord("d.json.gz", gzipText(JSON.stringify(digest)), 0)).toThrow(/digest/);
  });

  test("Insights events are InsightRecords, not rows, in the same index space", () => {
    const insight = {
      eventVersion: "1.07",
      eventTime: "2024-01-02T03:00:00Z",
      eventID: UUID_B,
      eventType: "AwsCloudTrailInsight",
      sharedEventID: "s",
      insightDetails: {
        state: "End",
        eventSource: "iam.amazonaws.com",
        eventName: "CreateUser",
        insightType: "ApiErrorRateInsight",
        errorCode: "AccessDenied",
        insightContext: {
          statistics: { baseline: { average: 0.5 }, insight: { average: "7" }, insightDuration: 3 },
        },
      },
      eventCategory: "Insight",
    };
    const { chunk, outcome, insights } = only(
      JSON.stringify({ Records: [A, insight, { eventCategory: "Insight" }] }),
    );
    expect(outcome).toMatchObject({ events: 1, insights: 2 });
    expect(chunk.rows).toBe(1);
    expect(insights[0]).toMatchObject({
      record: 1,
      state: "End",
      errorCode: "AccessDenied",
      baselineAverage: 0.5,
      insightAverage: 7,
      insightDuration: 3,
      baselineDuration: null,
      attributions: [],
    });
    expect(insights[1]).toMatchObject({ record: 2, state: "", eventName: "", time: Number.NaN });
  });
});

describe("files that cannot be read", () => {
  const json = JSON.stringify({ Records: [A, B, record("GetUser"), record("DeleteUser")] });
  const zipped = gzipText(json);
  const reasonOf = (bytes: string | Uint8Array): string => {
    const { outcome } = only(bytes);
    expect(outcome).toMatchObject({ kind: "error", shape: null, events: 0 });
    return outcome.error;
  };

  test("empty", () => {
    expect(reasonOf(new Uint8Array(0))).toBe("empty file");
    expect(reasonOf(" \n\t\r\n")).toBe("empty file");
    expect(reasonOf(gzipText(""))).toBe("empty file");
  });

  test("truncated gzip, wherever it is cut", () => {
    const cuts = [2, 5, 10, 11, 30, zipped.length >> 1, zipped.length - 8, zipped.length - 1];
    const reasons = cuts.map((cut) => [cut, reasonOf(zipped.slice(0, cut))]);
    expect(reasons).toEqual(cuts.map((cut) => [cut, "truncated gzip"]));
  });

  test("corrupt gzip", () => {
    const corrupt = zipped.slice();
    for (let i = 12; i < corrupt.length - 8; i += 7) corrupt[i] ^= 0x5a;
    expect(reasonOf(corrupt)).toMatch(/^corrupt gzip \(.+\)$/);
    const badCrc = zipped.slice();
    badCrc[badCrc.length - 6] ^= 1;
    expect(reasonOf(badCrc)).toBe(
      "corrupt gzip (the data does not match its checksum: the file is damaged)",
    );
  });

  test("not JSON, plain or gzipped, text or binary", () => {
    expect(reasonOf("hello, this is a text file\n")).toBe("not gzip or JSON");
    expect(reasonOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0x10, 0x80]))).toBe(
      "not gzip or JSON",
    );
    expect(reasonOf(gzipText("plain text inside gzip"))).toBe("gzip of data that is not JSON");
  });

  test("JSON that is invalid, truncated, or not CloudTrail", () => {
    expect(reasonOf('{"Records": [ {"eventName": x} ]}')).toMatch(/^invalid JSON \(.+\)$/);
    expect(reasonOf(json.slice(0, 100))).toBe("truncated JSON");
    expect(reasonOf(gzipText(json.slice(0, json.length - 3)))).toBe("truncated JSON");
    expect(reasonOf('{"Records": null}')).toBe('"Records" is null, not a list');
    expect(reasonOf('{"Records": {"a": 1}}')).toBe('"Records" is not a list');
    expect(reasonOf('{"hello": "world"}')).toBe("JSON without CloudTrail records");
    expect(reasonOf("[1, 2, 3]")).toBe("JSON without CloudTrail records");
    expect(reasonOf("42")).toBe("JSON without CloudTrail records");
  });

  test("decodeBytes and detectShape say the same on their own", () => {
    expect(decodeBytes(zipped.slice(0, 20))).toEqual({
      ok: false,
      reason: "truncated gzip",
      rawBytes: 0,
    });
    expect(detectShape("{}")).toEqual({ kind: "error", reason: "JSON without CloudTrail records" });
  });

  test("one batch mixing good and bad files keeps every good file's rows", () => {
    const files = inputs(
      json,
      new Uint8Array(0),
      zipped.slice(0, 40),
      zipped,
      "not json",
      `${JSON.stringify(A)}\n{bad\n`,
      '{"Records": null}',
    );
    const { chunk, outcomes } = parseBatch(files);
    expect(outcomes.map((o: FileOutcome) => [o.fileIndex, o.kind, o.events])).toEqual([
      [0, "events", 4],
      [1, "error", 0],
      [2, "error", 0],
      [3, "events", 4],
      [4, "error", 0],
      [5, "events", 1],
      [6, "error", 0],
    ]);
    expect(chunk.rows).toBe(9);
    expect(Array.from(chunk.file)).toEqual([0, 0, 0, 0, 3, 3, 3, 3, 5]);
    expect(Array.from(chunk.record)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0]);
  });

  test("readRecord throws clear errors", () => {
    expect(() => readRecord("a.json", utf8(json), 4)).toThrow(
      "a.json has no record 4: it holds 4 entries",
    );
    expect(() => readRecord("a.json", utf8(json), -1)).toThrow(/has no record -1/);
    expect(() => readRecord("b.json.gz", zipped.slice(0, 30), 0)).toThrow(
      "b.json.gz: truncated gzip",
    );
  });
});

describe("columns", () => {
  test("fields, flags and keys of ordinary records", () => {
    const { chunk } = only(
      JSON.stringify({
        Records: [
          A,
          B,
          record("GetObject", {
            managementEvent: "false",
            readOnly: "true",
            eventCategory: "Data",
          }),
        ],
      }),
    );
    expect(columnStrings(chunk, "principal")).toEqual(["alice", "alice", "alice"]);
    expect(columnStrings(chunk, "userType")).toEqual(["IAMUser", "IAMUser", "IAMUser"]);
    expect(columnStrings(chunk, "account")[0]).toBe("111122223333");
    expect(columnStrings(chunk, "eventCategory")).toEqual(["Management", "Management", "Data"]);
    expect(Array.from(chunk.flags)).toEqual([
      FLAG_READ_ONLY | FLAG_MANAGEMENT,
      FLAG_WRITE | FLAG_MANAGEMENT,
      FLAG_READ_ONLY | FLAG_DATA,
    ]);
    // The key's first 96 bits are the UUID's key (eventKeyOf); its last word is the record's
    // content fingerprint.
    const first96 = (id: string) =>
      Array.from(eventKeyOf(id).subarray(0, 3), (w) => w.toString(16).padStart(8, "0")).join("");
    expect(
      eventKeys(chunk)
        .map((key) => key.slice(0, 24))
        .slice(0, 2),
    ).toEqual([first96(UUID_A), first96(UUID_B)]);
    expect(eventKeys(chunk)[0]!.slice(0, 16)).toBe(UUID_A.replaceAll("-", "").slice(0, 16));
    expect(chunk.time[0]).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(chunk.dicts.eventName[0]).toBe("");
    expect(chunk.dicts.eventName).toHaveLength(4);
  });

  test("a console sign-in's result is a column", () => {
    const { chunk } = only(
      JSON.stringify({
        Records: [
          record("ConsoleLogin", {
            responseElements: { ConsoleLogin: "Failure" },
            errorMessage: "Failed authentication",
          }),
          record("ConsoleLogin", { responseElements: { ConsoleLogin: "Success" } }),
          record("GetObject", { responseElements: { ConsoleLogin: { odd: true } } }),
          record("CreateUser", { responseElements: null }),
        ],
      }),
    );
    expect(columnStrings(chunk, "consoleLogin")).toEqual([
      "Failure",
      "Success",
      '{"odd":true}',
      "",
    ]);
  });

  test("records with odd field types are kept", () => {
    const odd = [
      record("x", {
        eventName: 42,
        userIdentity: "someone",
        eventTime: undefined,
        eventID: 7,
        readOnly: "maybe",
      }),
      record("y", {
        eventName: { nested: [1] },
        eventTime: "not a date",
        eventID: null,
        userIdentity: null,
      }),
      record("z", { eventName: true, awsRegion: ["us-east-1"], eventID: "", userIdentity: [1] }),
    ];
    const { chunk, outcome } = only(JSON.stringify({ Records: odd }));
    expect(outcome).toMatchObject({ events: 3, skipped: 0 });
    expect(columnStrings(chunk, "eventName")).toEqual(["42", '{"nested":[1]}', "true"]);
    expect(columnStrings(chunk, "awsRegion")[2]).toBe('["us-east-1"]');
    expect(columnStrings(chunk, "principal")).toEqual(["someone", "", ""]);
    expect(columnStrings(chunk, "userType")).toEqual(["", "", ""]);
    expect(Array.from(chunk.time, Number.isNaN)).toEqual([true, true, false]);
    expect(chunk.flags[0]! & (FLAG_NO_TIME | FLAG_NO_EVENT_ID | FLAG_READ_ONLY | FLAG_WRITE)).toBe(
      FLAG_NO_TIME,
    );
    expect(chunk.flags[1]! & (FLAG_NO_TIME | FLAG_NO_EVENT_ID)).toBe(
      FLAG_NO_TIME | FLAG_NO_EVENT_ID,
    );
    expect(chunk.flags[2]! & FLAG_NO_EVENT_ID).toBe(FLAG_NO_EVENT_ID);
    expect(eventKeys(chunk)[2]).toBe("0".repeat(32));
    expect(eventKeys(chunk)[0]).not.toBe("0".repeat(32));
  });

  test("the principal cache keeps identities of different types apart", () => {
    const records = [
      record("a", {
        userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/R/s1" },
      }),
      record("b", {
        userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/R/s2" },
      }),
      record("c", {
        userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/R/s1" },
      }),
      record("d", { userIdentity: { type: "Root", principalId: "1", accountId: "1" } }),
      record("e", { userIdentity: { type: "IAMUser", principalId: "1", userName: "bob" } }),
      record("f", { userIdentity: { type: "AWSService", invokedBy: "ec2.amazonaws.com" } }),
    ];
    const { chunk } = only(JSON.stringify(records));
    expect(columnStrings(chunk, "principal")).toEqual([
      "R/s1",
      "R/s2",
      "R/s1",
      "root (1)",
      "bob",
      "ec2.amazonaws.com",
    ]);
  });

  test("a large file grows the arrays and trims them to the rows", () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      record(`E${i % 7}`, { eventID: `id-${i}` }),
    );
    const { chunk } = parseBatch(inputs(JSON.stringify(many), JSON.stringify([A])));
    expect(chunk.rows).toBe(5001);
    expect(chunk.time.buffer.byteLength).toBe(5001 * 8);
    expect(chunk.eventKey.length).toBe(5001 * 4);
    expect(new Set(eventKeys(chunk)).size).toBe(5001);
    expect(chunk.file[5000]).toBe(1);
  });
});

test("searchRecords finds rows by any text of the record, case-insensitive", () => {
  const files = inputs(
    JSON.stringify({
      Records: [A, record("X", { requestParameters: { roleArn: "arn:aws:iam::1:role/Needle" } })],
    }),
    gzipText(JSON.stringify([record("Y", { userAgent: "NEEDLE-agent" })])),
    "bad",
  );
  expect(Array.from(searchRecords(files, "needle"))).toEqual([0, 1, 1, 0]);
  expect(Array.from(searchRecords(files, "nothing-like-this"))).toEqual([]);
});

describe("one batch after another", () => {
  test("a batch reads the same after a batch of other records as after itself", () => {
    // The first records fill every column; these leave most of them empty.
    const sparse = JSON.stringify({
      Records: [
        { eventTime: "2024-01-02T03:04:05Z", eventName: "A" },
        { eventID: UUID_B, eventName: "B", userIdentity: "not an object" },
        { eventTime: "not a time", requestParameters: { bucketName: "b" } },
      ],
    });
    const rich = record("AssumeRole", {
      errorCode: "AccessDenied",
      recipientAccountId: "111122223333",
      additionalEventData: { MFAUsed: "Yes" },
      userIdentity: {
        type: "AssumedRole",
        arn: "arn:aws:sts::111122223333:assumed-role/Admin/alice",
        accessKeyId: "ASIAEXAMPLE",
        sessionContext: {
          sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/A" },
        },
      },
      requestParameters: { userName: "bob", roleArn: "arn:aws:iam::1:role/B", bucketName: "logs" },
      responseElements: {
        credentials: { accessKeyId: "ASIANEW" },
        accessKey: { accessKeyId: "AKIANEW" },
        ConsoleLogin: "Success",
      },
    });
    const full = JSON.stringify({ Records: [rich, rich, rich, rich] });
    const snapshot = () => {
      const { chunk, outcomes } = parseBatch(inputs(sparse));
      return {
        rows: chunk.rows,
        outcomes,
        arrays: ROW_COLUMN_NAMES.map((column) => Array.from(chunk[column])),
        fields: DICT_FIELDS.map((field) => columnStrings(chunk, field)),
      };
    };
    snapshot();
    const afterItself = snapshot();
    const { chunk } = parseBatch(inputs(full));
    const empty = DICT_FIELDS.filter((field) => chunk.fields[field][2] === 0);
    expect(empty).toEqual([]);
    const afterFull = snapshot();
    expect(afterFull.rows).toBe(3);
    expect(afterFull).toEqual(afterItself);
    expect(afterFull.fields[DICT_FIELDS.indexOf("eventName")]).toEqual(["A", "B", ""]);
  });
});
