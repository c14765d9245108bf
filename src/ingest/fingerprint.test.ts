import { describe, expect, test } from "vitest";
import { recordFingerprint } from "./fingerprint";

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
