import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { invictusLogs } from "../lib/testing/samples";
import { recordFingerprint } from "./fingerprint";
import { parseBatch } from "./parse";

const record = {
  eventVersion: "1.08",
  eventTime: "2023-07-10T12:01:02Z",
  eventName: "GetObject",
  sourceIPAddress: "198.51.100.7",
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice" },
  requestParameters: { bucketName: "logs", key: "a/b.txt", tags: ["x", "y"] },
  readOnly: true,
  eventID: "3fcfb182-98f8-4744-bd45-10a395ab61cb",
};

describe("recordFingerprint", () => {
  test("equal records, also with members in another order at any depth, have one fingerprint", () => {
    const copy = JSON.parse(JSON.stringify(record)) as unknown;
    expect(recordFingerprint(copy)).toBe(recordFingerprint(record));
    const reordered = {
      eventID: record.eventID,
      readOnly: true,
      requestParameters: { tags: ["x", "y"], key: "a/b.txt", bucketName: "logs" },
      userIdentity: { arn: record.userIdentity.arn, type: "IAMUser" },
      sourceIPAddress: record.sourceIPAddress,
      eventName: record.eventName,
      eventTime: record.eventTime,
      eventVersion: record.eventVersion,
    };
    expect(recordFingerprint(reordered)).toBe(recordFingerprint(record));
  });

  test("a changed value, an added or removed member, a reordered array or a changed type differ", () => {
    const base = recordFingerprint(record);
    const variants: unknown[] = [
      { ...record, sourceIPAddress: "198.51.100.8" },
      { ...record, errorCode: "AccessDenied" },
      { ...record, requestParameters: { ...record.requestParameters, key: "a/c.txt" } },
      { ...record, requestParameters: { ...record.requestParameters, tags: ["y", "x"] } },
      { ...record, readOnly: "true" },
      { ...record, readOnly: false },
      { ...record, requestParameters: null },
      Object.fromEntries(Object.entries(record).filter(([key]) => key !== "readOnly")),
      { ...record, eventVersion: 1.08 },
      // The same text moved between a member's name and its value.
      { ...record, userIdentity: { typeIAMUser: "", arn: record.userIdentity.arn } },
    ];
    const seen = new Set([base]);
    for (const variant of variants) seen.add(recordFingerprint(variant));
    expect(seen.size).toBe(variants.length + 1);
  });

  test("a record nested past any reasonable depth still gets a fingerprint", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(Number.isInteger(recordFingerprint({ ...record, deep }))).toBe(true);
    let other: unknown = "other";
    for (let i = 0; i < 100; i++) other = [other];
    expect(recordFingerprint({ ...record, deep: other })).not.toBe(
      recordFingerprint({ ...record, deep: [[["other"]]] }),
    );
  });
});

describe("the fingerprints of a parse", () => {
  /** Every event record of `records` in a file, and its fingerprint as the parse wrote it. */
  function parsedPrints(records: unknown[]): number[] {
    const bytes = new TextEncoder().encode(JSON.stringify({ Records: records }));
    const { chunk } = parseBatch([{ fileIndex: 0, name: "x.json", bytes }]);
    return Array.from({ length: chunk.rows }, (_, row) => chunk.eventKey[row * 4 + 3]!);
  }
  /** The same records' fingerprints, each from a copy of its own (no value known beforehand). */
  const plainPrints = (records: unknown[]): number[] =>
    records.map((r) => recordFingerprint(structuredClone(r)));

  test("are the fingerprint of each record, for the real deliveries", () => {
    let checked = 0;
    for (const file of invictusLogs()) {
      const records = (
        JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as {
          Records: { eventType?: string }[];
        }
      ).Records.filter((r) => r.eventType !== "AwsCloudTrailInsight");
      expect(parsedPrints(records)).toEqual(plainPrints(records));
      checked += records.length;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  test("whatever the known members hold: long, empty, not strings, repeated, or named alike elsewhere", () => {
    const long = `arn:aws:iam::111122223333:role/${"x".repeat(5000)}`;
    const identity = (arn: unknown, type: unknown) => ({
      type,
      arn,
      accessKeyId: "AKIAEXAMPLE",
      sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::1:role/r" } },
    });
    const records = [
      { ...record, userIdentity: identity(record.userIdentity.arn, "IAMUser") },
      { ...record, userIdentity: identity(record.userIdentity.arn, "IAMUser") },
      { ...record, userIdentity: identity(long, "IAMUser"), userAgent: long },
      { ...record, userIdentity: identity(`${long}y`, "IAMUser"), userAgent: `${long}y` },
      { ...record, userIdentity: identity("", 7), userAgent: "", eventName: "" },
      { ...record, readOnly: "true", userIdentity: identity(["arn"], null) },
      { ...record, readOnly: true, eventSource: { not: "a string" } },
      // Members named as known ones in other objects, with other values.
      {
        ...record,
        requestParameters: { arn: "other", type: "other", accessKeyId: "other", userName: "u" },
        responseElements: {
          ConsoleLogin: "Success",
          credentials: { accessKeyId: "ASIA1" },
          accessKey: { accessKeyId: "AKIA2", arn: "arn:aws:iam::1:user/u" },
        },
        additionalEventData: { MFAUsed: "Yes", type: "IAMUser" },
      },
      { ...record, userIdentity: "a string identity" },
    ];
    const prints = parsedPrints(records);
    expect(prints).toEqual(plainPrints(records));
    // Each differs from the others, except the two copies of the first record.
    expect(new Set(prints).size).toBe(records.length - 1);
  });
});
