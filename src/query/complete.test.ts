import { describe, expect, it } from "vitest";
import { completeAt, type CompletionSource } from "./complete";

const VALUES: Record<string, { value: string; count: number }[]> = {
  eventName: [
    { value: "ConsoleLogin", count: 1200 },
    { value: "CreateUser", count: 3 },
    { value: "DeleteBucket", count: 7 },
  ],
  sourceIPAddress: [
    { value: "10.0.0.1", count: 5 },
    { value: "2001:db8::1", count: 2 },
  ],
  userAgent: [{ value: 'say "hi" now', count: 1 }],
  errorCode: [
    { value: "-dash", count: 1 },
    { value: "AND", count: 1 },
  ],
};

/** A source that records what it was asked, for checking the path and prefix. */
function source(): CompletionSource & { asked: [string, string][] } {
  const asked: [string, string][] = [];
  return {
    asked,
    fieldNames: () => [
      "eventName",
      "eventSource",
      "requestParameters.bucketName",
      "requestParameters.userName",
      "responseElements.credentials.accessKeyId",
    ],
    values(path, prefix, limit) {
      asked.push([path, prefix]);
      const values = VALUES[path];
      if (values === undefined) return null;
      return values
        .filter((v) => v.value.toLowerCase().startsWith(prefix.toLowerCase()))
        .slice(0, limit);
    },
  };
}

describe("completeAt: field names", () => {
  it("offers aliases first, then fields, by prefix ignoring case", () => {
    const completion = completeAt("RE", 2, source());
    expect(completion?.from).toBe(0);
    expect(completion?.to).toBe(2);
    expect(completion?.items.map((i) => i.label)).toEqual([
      "region",
      "requestUserName",
      "requestRoleArn",
      "requestParameters.bucketName",
      "requestParameters.userName",
      "responseElements.credentials.accessKeyId",
    ]);
    expect(completion?.items[0]).toEqual({
      label: "region",
      insert: "region:",
      detail: "→ awsRegion",
    });
    expect(completion?.items[3]).toEqual({
      label: "requestParameters.bucketName",
      insert: "requestParameters.bucketName:",
      detail: "field",
    });
  });

  it("finds a path by a later segment after the prefix matches", () => {
    const labels = completeAt("bucket", 6, source())?.items.map((i) => i.label);
    expect(labels).toEqual(["bucketName", "requestParameters.bucketName"]);
  });

  it("completes the word under the cursor, after operators and parentheses", () => {
    const completion = completeAt("a AND (-ev", 10, source());
    expect(completion?.from).toBe(8);
    expect(completion?.to).toBe(10);
    expect(completion?.items.map((i) => i.label)).toEqual(["eventName", "eventSource"]);
  });

  it("replaces only the name when a value follows", () => {
    const completion = completeAt("evxx:DeleteBucket", 2, source());
    expect(completion?.from).toBe(0);
    expect(completion?.to).toBe(4);
    expect(completion?.items[0]?.insert).toBe("eventName");
  });

  it("offers nothing for keywords or names nothing starts with", () => {
    expect(completeAt("a AND", 5, source())).toBeNull();
    expect(completeAt("zzz", 3, source())).toBeNull();
  });

  it("offers every field at an empty position", () => {
    const items = completeAt("a ", 2, source())?.items ?? [];
    expect(items[0]?.label).toBe("principal");
    expect(items.some((i) => i.label === "requestParameters.userName")).toBe(true);
  });
});

describe("completeAt: values", () => {
  it("offers the field's values with counts after field:", () => {
    const s = source();
    const completion = completeAt("x AND action:De", 15, s);
    expect(s.asked).toEqual([["eventName", "De"]]);
    expect(completion).toEqual({
      from: 13,
      to: 15,
      items: [{ label: "DeleteBucket", insert: "DeleteBucket", detail: "7 events", count: 7 }],
    });
  });

  it("replaces the whole value token under the cursor", () => {
    const completion = completeAt("eventName:Consolexx AND b", 12, source());
    expect(completion?.from).toBe(10);
    expect(completion?.to).toBe(19);
    expect(completion?.items[0]?.detail).toBe("1,200 events");
  });

  it("quotes values that hold spaces, colons or quotes", () => {
    expect(completeAt("ip:", 3, source())?.items.map((i) => i.insert)).toEqual([
      "10.0.0.1",
      '"2001:db8::1"',
    ]);
    expect(completeAt("userAgent:s", 11, source())?.items[0]?.insert).toBe('"say \\"hi\\" now"');
  });

  it("completes inside an open quote, replacing it whole", () => {
    const s = source();
    const completion = completeAt('userAgent:"say "', 15, s);
    expect(s.asked).toEqual([["userAgent", "say "]]);
    expect(completion?.from).toBe(10);
    expect(completion?.to).toBe(16);
    const open = completeAt('userAgent:"sa', 13, source());
    expect(open?.from).toBe(10);
    expect(open?.to).toBe(13);
  });

  it("completes values inside a field's group, quoting what would read as an operator", () => {
    const s = source();
    const completion = completeAt("errorCode:(x OR ", 16, s);
    expect(s.asked).toEqual([["errorCode", ""]]);
    expect(completion?.from).toBe(16);
    expect(completion?.items.map((i) => i.insert)).toEqual(['"-dash"', '"AND"']);
    expect(completeAt("eventName:(Cre", 14, source())?.items.map((i) => i.label)).toEqual([
      "CreateUser",
    ]);
  });

  it("offers nothing for a field that is not indexed, a finished quote or a comparison", () => {
    expect(completeAt("requestParameters.bucketName:lo", 31, source())).toBeNull();
    expect(completeAt('eventName:"ConsoleLogin"', 24, source())).toBeNull();
    expect(completeAt("eventName:>", 11, source())).toBeNull();
    expect(completeAt('"quoted phr', 11, source())).toBeNull();
  });

  it("reads a bare ARN or IPv6 address as a word, not as a field", () => {
    const items = completeAt("arn:aws:iam", 11, source());
    expect(items).toBeNull();
  });
});
