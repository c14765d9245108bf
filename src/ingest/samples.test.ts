// The parsers against real files, read in place from the shared samples (never copied here).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REAL_SAMPLES } from "../lib/testing/samples";
import { FLAG_NO_EVENT_ID, FLAG_NO_TIME } from "./chunk";
import { parseBatch, readRecord, type BatchInput } from "./parse";
import { columnStrings, eventKeys, valueCounts } from "./test-helpers";

const SAMPLES = REAL_SAMPLES;

function load(dir: string, filter: (name: string) => boolean): BatchInput[] {
  const names = (readdirSync(join(SAMPLES, dir), { recursive: true }) as string[])
    .filter(filter)
    .toSorted();
  return names.map((name, fileIndex) => ({
    fileIndex,
    name,
    bytes: new Uint8Array(readFileSync(join(SAMPLES, dir, name))),
  }));
}

describe("invictus-aws-dataset", () => {
  const files = load("invictus-aws-dataset", (name) => name.endsWith(".json.gz"));
  const { chunk, outcomes, insights, digests } = parseBatch(files);

  test("every file is a CloudTrail delivery", () => {
    expect(files).toHaveLength(55);
    expect(
      outcomes.every((o) => o.kind === "events" && o.shape === "records" && o.skipped === 0),
    ).toBe(true);
    expect(outcomes.reduce((sum, o) => sum + o.events, 0)).toBe(2900);
    expect(outcomes.every((o) => o.rawBytes > o.compressedBytes)).toBe(true);
    expect(insights).toEqual([]);
    expect(digests).toEqual([]);
  });

  test("columns hold what the records say", () => {
    expect(chunk.rows).toBe(2900);
    expect(new Set(eventKeys(chunk)).size).toBe(2900);
    const distinct = (field: Parameters<typeof columnStrings>[1]) =>
      new Set(columnStrings(chunk, field)).size;
    expect(distinct("eventName")).toBe(260);
    expect(distinct("eventSource")).toBe(29);
    expect(distinct("awsRegion")).toBe(1);
    expect(distinct("sourceIPAddress")).toBe(16);
    expect(valueCounts(chunk, "eventName")[0]).toEqual(["Decrypt", 178]);
    expect(chunk.time.every((t) => Number.isFinite(t))).toBe(true);
    expect(chunk.flags.every((f) => (f & (FLAG_NO_TIME | FLAG_NO_EVENT_ID)) === 0)).toBe(true);
  });

  test("arrays are exactly sized for transfer", () => {
    for (const array of [
      chunk.time,
      chunk.flags,
      chunk.file,
      chunk.record,
      ...Object.values(chunk.fields),
    ]) {
      expect(array.length).toBe(2900);
      expect(array.buffer.byteLength).toBe(array.byteLength);
    }
    expect(chunk.eventKey.length).toBe(4 * 2900);
    expect(chunk.eventKey.buffer.byteLength).toBe(chunk.eventKey.byteLength);
  });

  test("a row's locator finds its record again", () => {
    for (const row of [0, 1234, 2899]) {
      const record = readRecord(
        files[chunk.file[row]!]!.name,
        files[chunk.file[row]!]!.bytes,
        chunk.record[row]!,
      );
      expect(record).toMatchObject({ eventName: columnStrings(chunk, "eventName")[row] });
      expect(Date.parse((record as { eventTime: string }).eventTime)).toBe(chunk.time[row]);
    }
  });
});

describe("aws-docs-examples", () => {
  test("the records NDJSON: 20 rows and 3 Insights events", () => {
    const files = load("aws-docs-examples", (name) => name.endsWith(".ndjson"));
    const { chunk, outcomes, insights } = parseBatch(files);
    expect(outcomes[0]).toMatchObject({
      kind: "events",
      shape: "ndjson",
      events: 20,
      insights: 3,
      skipped: 0,
    });
    expect(chunk.rows).toBe(20);
    expect(insights.map((i) => i.record)).toEqual([11, 18, 19]);
    const start = insights[0]!;
    expect(start).toMatchObject({
      state: "Start",
      eventSource: "autoscaling.amazonaws.com",
      eventName: "CompleteLifecycleAction",
      insightType: "ApiCallRateInsight",
      sharedEventID: "7bb000gg-22b3-4c03-94af-c74tj0c8m7c0",
      baselineAverage: 0.0000882145,
      insightAverage: 0.6,
      insightDuration: 5,
      baselineDuration: 11336,
      account: "838185438692",
      time: Date.UTC(2020, 6, 21, 20, 56),
    });
    expect(start.attributions.map((a) => a.attribute)).toEqual([
      "userIdentityArn",
      "userAgent",
      "errorCode",
    ]);
    expect(start.attributions[0]!.insight).toHaveLength(3);
    expect(start.attributions[1]!.baseline).toEqual([
      { value: "codedeploy.amazonaws.com", average: 0.0000882145 },
    ]);
    expect(insights.slice(1).map((i) => [i.state, i.sharedEventID])).toEqual([
      ["Start", "EXAMPLE2-1729-42f1-b735-5d8c0EXAMPLE"],
      ["End", "EXAMPLE2-1729-42f1-b735-5d8c0EXAMPLE"],
    ]);
    // Line 10 holds only a userIdentity: still a row, without time or eventID.
    const row = chunk.record.indexOf(10);
    expect(columnStrings(chunk, "principal")[row]).toBe("DevRole/Dev1");
    expect(chunk.flags[row]! & (FLAG_NO_TIME | FLAG_NO_EVENT_ID)).toBe(
      FLAG_NO_TIME | FLAG_NO_EVENT_ID,
    );
    expect(valueCounts(chunk, "principal")).toEqual([
      ["Alice", 6],
      ["anaya", 5],
      ["root (111122223333)", 5],
      ["AWS Internal", 2],
      ["DevRole/Dev1", 1],
      ["Mary_Major", 1],
    ]);
  });

  test("the digest files are digests, with their log files", () => {
    const files = load("aws-docs-examples", (name) => name.includes("digest"));
    const { chunk, outcomes, digests } = parseBatch(files);
    expect(chunk.rows).toBe(0);
    expect(outcomes.map((o) => o.kind)).toEqual(["digest", "digest"]);
    expect(digests[0]).toMatchObject({
      fileIndex: 0,
      awsAccountId: "111122223333",
      digestStartTime: "2015-08-17T14:01:31Z",
      previousDigestHashValue: "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
      logFiles: [
        {
          s3Object:
            "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz",
          hashValue: "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6",
          hashAlgorithm: "SHA-256",
        },
      ],
    });
    expect(digests[1]!.fileIndex).toBe(1);
    expect(digests[1]!.digestStartTime).toBe("2015-08-20T17:01:31Z");
    expect(Array.isArray(digests[1]!.logFiles)).toBe(true);
  });
});

describe("aws-parser-fixtures", () => {
  const files = load("aws-parser-fixtures", (name) => name.startsWith("Serializer"));
  const { chunk, outcomes } = parseBatch(files);
  const outcomeOf = (name: string) => outcomes[files.findIndex((f) => f.name === name)]!;

  test("the malformed file is an error with a reason, the others load", () => {
    expect(outcomeOf("SerializerTestFileBadJsonFormat.json")).toMatchObject({
      kind: "error",
      shape: null,
      events: 0,
    });
    expect(outcomeOf("SerializerTestFileBadJsonFormat.json").error).toMatch(
      /^invalid JSON \(.+\)$/,
    );
    for (const [index, file] of files.entries()) {
      if (file.name === "SerializerTestFileBadJsonFormat.json") continue;
      const outcome = outcomes[index]!;
      expect({ name: file.name, ...outcome }).toMatchObject({
        name: file.name,
        kind: "events",
        shape: "records",
        error: "",
      });
      expect(outcome.events).toBeGreaterThan(0);
    }
  });

  test("the gzip fixture gives the same rows as its plain twin", () => {
    expect(outcomeOf("SerializerTestFileCompact.json.gz")).toMatchObject({
      events: 6,
      compressedBytes: 904,
      rawBytes: 4769,
    });
    expect(outcomeOf("SerializerTestFileCompact.json").events).toBe(6);
  });

  test("records whose fields are all null are kept", () => {
    const fileIndex = files.findIndex((f) => f.name === "SerializerAllFieldsNull.json");
    expect(outcomeOf("SerializerAllFieldsNull.json")).toMatchObject({ events: 2, skipped: 0 });
    const rows = [...chunk.file.keys()].filter((row) => chunk.file[row] === fileIndex);
    const [nulls, full] = rows;
    expect(chunk.flags[nulls!]! & (FLAG_NO_TIME | FLAG_NO_EVENT_ID)).toBe(
      FLAG_NO_TIME | FLAG_NO_EVENT_ID,
    );
    expect(Number.isNaN(chunk.time[nulls!])).toBe(true);
    expect(columnStrings(chunk, "eventName")[nulls!]).toBe("");
    expect(columnStrings(chunk, "principal")[nulls!]).toBe("");
    expect(columnStrings(chunk, "eventName")[full!]).toBe("eventName2");
    expect(columnStrings(chunk, "principal")[full!]).toBe("userIdentityUserName2");
    expect(chunk.time[full!]).toBe(Date.UTC(2013, 10, 1));
  });
});
