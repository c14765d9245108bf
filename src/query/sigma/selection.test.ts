// Every value modifier on small inline rules: the Expr produced, then records that match and a
// near miss for each, through query/record.ts (the evaluator the workers run).
import { describe, expect, it } from "vitest";
import type { Expr } from "../ast";
import { eq, exprOf, type JsonObject, matcher, reasonOf, term } from "./testkit";

interface Case {
  name: string;
  detection: string;
  expr?: Expr;
  hits: JsonObject[];
  misses: JsonObject[];
}

const CASES: Case[] = [
  {
    name: "plain value: equal, ignoring case",
    detection: "sel:\n  eventName: DeleteTrail\ncondition: sel",
    expr: eq("eventName", "DeleteTrail"),
    hits: [{ eventName: "DeleteTrail" }, { eventName: "deletetrail" }],
    misses: [{ eventName: "DeleteTrails" }, { eventName: "Delete" }, {}],
  },
  {
    name: "cased",
    detection: "sel:\n  eventName|cased: DeleteTrail\ncondition: sel",
    expr: eq("eventName", "DeleteTrail", true),
    hits: [{ eventName: "DeleteTrail" }],
    misses: [{ eventName: "deletetrail" }],
  },
  {
    name: "a list of values: any one",
    detection: "sel:\n  eventName:\n    - StopLogging\n    - DeleteTrail\ncondition: sel",
    expr: { kind: "or", items: [eq("eventName", "StopLogging"), eq("eventName", "DeleteTrail")] },
    hits: [{ eventName: "StopLogging" }, { eventName: "DeleteTrail" }],
    misses: [{ eventName: "UpdateTrail" }],
  },
  {
    name: "a map: every field",
    detection: "sel:\n  eventSource: s3.amazonaws.com\n  eventName: ListBuckets\ncondition: sel",
    expr: {
      kind: "and",
      items: [eq("eventSource", "s3.amazonaws.com"), eq("eventName", "ListBuckets")],
    },
    hits: [{ eventSource: "s3.amazonaws.com", eventName: "ListBuckets" }],
    misses: [{ eventSource: "ec2.amazonaws.com", eventName: "ListBuckets" }],
  },
  {
    name: "a list of maps: any one map",
    detection:
      "sel:\n  - eventSource: ssm.amazonaws.com\n  - eventName: RegisterManagedInstance\ncondition: sel",
    expr: {
      kind: "or",
      items: [eq("eventSource", "ssm.amazonaws.com"), eq("eventName", "RegisterManagedInstance")],
    },
    hits: [{ eventSource: "ssm.amazonaws.com" }, { eventName: "RegisterManagedInstance" }],
    misses: [{ eventSource: "ec2.amazonaws.com", eventName: "RunInstances" }],
  },
  {
    name: "contains",
    detection: "sel:\n  userAgent|contains: 'S3 Browser'\ncondition: sel",
    expr: term("userAgent", { op: "contains", value: "S3 Browser", cased: false }),
    hits: [{ userAgent: "S3 Browser 10.9.9 https://s3browser.com" }, { userAgent: "x s3 browser" }],
    misses: [{ userAgent: "S3Browser" }],
  },
  {
    name: "contains|all",
    detection: "sel:\n  userAgent|contains|all:\n    - aws-cli\n    - Python\ncondition: sel",
    expr: {
      kind: "and",
      items: [
        term("userAgent", { op: "contains", value: "aws-cli", cased: false }),
        term("userAgent", { op: "contains", value: "Python", cased: false }),
      ],
    },
    hits: [{ userAgent: "aws-cli/2.0 Python/3.11" }],
    misses: [{ userAgent: "aws-cli/2.0 Go/1.21" }],
  },
  {
    name: "contains on an object: its JSON text",
    detection: "sel:\n  requestParameters|contains: Suspended\ncondition: sel",
    hits: [{ requestParameters: { VersioningConfiguration: { Status: "Suspended" } } }],
    misses: [{ requestParameters: { VersioningConfiguration: { Status: "Enabled" } } }],
  },
  {
    name: "contains with a wildcard inside",
    detection: "sel:\n  userAgent|contains: 'aws*cli'\ncondition: sel",
    expr: term("userAgent", { op: "wildcard", pattern: "*aws*cli*", cased: false }),
    hits: [{ userAgent: "x aws-sdk cli y" }],
    misses: [{ userAgent: "cli aws" }],
  },
  {
    name: "contains '*': any value",
    detection: "sel:\n  errorMessage|contains: '*'\ncondition: sel",
    expr: term("errorMessage", { op: "wildcard", pattern: "*", cased: false }),
    hits: [{ errorMessage: "Access denied" }, { errorMessage: { nested: 1 } }],
    misses: [{}, { errorMessage: null }],
  },
  {
    name: "startswith",
    detection: "sel:\n  eventName|startswith: UpdateFunctionConfiguration\ncondition: sel",
    expr: term("eventName", {
      op: "startswith",
      value: "UpdateFunctionConfiguration",
      cased: false,
    }),
    hits: [{ eventName: "UpdateFunctionConfiguration20150331v2" }],
    misses: [{ eventName: "XUpdateFunctionConfiguration" }],
  },
  {
    name: "endswith",
    detection: "sel:\n  userIdentity.arn|endswith: ':root'\ncondition: sel",
    expr: term("userIdentity.arn", { op: "endswith", value: ":root", cased: false }),
    hits: [{ userIdentity: { arn: "arn:aws:iam::111122223333:root" } }],
    misses: [{ userIdentity: { arn: "arn:aws:iam::111122223333:rooted" } }],
  },
  {
    name: "wildcards in a plain value",
    detection: "sel:\n  eventName: 'Get?ucket*'\ncondition: sel",
    expr: term("eventName", { op: "wildcard", pattern: "Get?ucket*", cased: false }),
    hits: [{ eventName: "GetBucketPolicy" }, { eventName: "getbucket" }],
    misses: [{ eventName: "GetBBucket" }],
  },
  {
    name: "an escaped star is literal",
    detection: "sel:\n  requestParameters.key: 'a\\*b'\ncondition: sel",
    expr: eq("requestParameters.key", "a*b"),
    hits: [{ requestParameters: { key: "a*b" } }],
    misses: [{ requestParameters: { key: "axb" } }],
  },
  {
    name: "re",
    detection: "sel:\n  userIdentity.arn|re: '.+:assumed-role/aws:.+'\ncondition: sel",
    expr: term("userIdentity.arn", { op: "re", source: ".+:assumed-role/aws:.+", flags: "" }),
    hits: [{ userIdentity: { arn: "arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1" } }],
    misses: [{ userIdentity: { arn: "arn:aws:sts::1:assumed-role/admin/alice" } }],
  },
  {
    name: "re is case-sensitive without i",
    detection: "sel:\n  eventName|re: '^deletetrail$'\ncondition: sel",
    hits: [{ eventName: "deletetrail" }],
    misses: [{ eventName: "DeleteTrail" }],
  },
  {
    name: "re|i",
    detection: "sel:\n  eventName|re|i: '^deletetrail$'\ncondition: sel",
    expr: term("eventName", { op: "re", source: "^deletetrail$", flags: "i" }),
    hits: [{ eventName: "DeleteTrail" }],
    misses: [{ eventName: "DeleteTrails" }],
  },
  {
    name: "re|m",
    detection: "sel:\n  errorMessage|re|m: '^denied$'\ncondition: sel",
    expr: term("errorMessage", { op: "re", source: "^denied$", flags: "m" }),
    hits: [{ errorMessage: "access\ndenied" }],
    misses: [{ errorMessage: "access denied" }],
  },
  {
    name: "re|s (with i, flags in ims order)",
    detection: "sel:\n  errorMessage|re|s|i: 'ACCESS.DENIED'\ncondition: sel",
    expr: term("errorMessage", { op: "re", source: "ACCESS.DENIED", flags: "is" }),
    hits: [{ errorMessage: "access\ndenied" }],
    misses: [{ errorMessage: "access\n\ndenied" }],
  },
  {
    name: "cidr",
    detection:
      "sel:\n  sourceIPAddress|cidr:\n    - 10.0.0.0/8\n    - '2001:db8::/32'\ncondition: sel",
    expr: {
      kind: "or",
      items: [
        term("sourceIPAddress", { op: "cidr", cidr: "10.0.0.0/8" }),
        term("sourceIPAddress", { op: "cidr", cidr: "2001:db8::/32" }),
      ],
    },
    hits: [{ sourceIPAddress: "10.20.30.40" }, { sourceIPAddress: "2001:db8::1" }],
    misses: [{ sourceIPAddress: "11.0.0.1" }, { sourceIPAddress: "AWS Internal" }],
  },
  {
    name: "exists: true",
    detection: "sel:\n  errorCode|exists: true\ncondition: sel",
    expr: term("errorCode", { op: "exists" }),
    hits: [{ errorCode: "AccessDenied" }],
    misses: [{}, { errorCode: null }],
  },
  {
    name: "exists: false",
    detection: "sel:\n  errorCode|exists: false\ncondition: sel",
    expr: { kind: "not", item: term("errorCode", { op: "exists" }) },
    hits: [{}, { errorCode: null }],
    misses: [{ errorCode: "AccessDenied" }],
  },
  {
    name: "null",
    detection: "sel:\n  errorCode: null\ncondition: sel",
    expr: term("errorCode", { op: "null" }),
    hits: [{}, { errorCode: null }],
    misses: [{ errorCode: "Success" }],
  },
  {
    name: "fieldref",
    detection: "sel:\n  userIdentity.userName|fieldref: requestParameters.userName\ncondition: sel",
    expr: term("userIdentity.userName", {
      op: "fieldref",
      field: "requestParameters.userName",
      cased: false,
    }),
    hits: [{ userIdentity: { userName: "alice" }, requestParameters: { userName: "Alice" } }],
    misses: [{ userIdentity: { userName: "alice" }, requestParameters: { userName: "bob" } }],
  },
  {
    name: "fieldref|cased",
    detection:
      "sel:\n  userIdentity.userName|fieldref|cased: requestParameters.userName\ncondition: sel",
    hits: [{ userIdentity: { userName: "alice" }, requestParameters: { userName: "alice" } }],
    misses: [{ userIdentity: { userName: "alice" }, requestParameters: { userName: "Alice" } }],
  },
  {
    name: "gt",
    detection: "sel:\n  requestParameters.maxResults|gt: 100\ncondition: sel",
    expr: term("requestParameters.maxResults", { op: "num", cmp: "gt", value: 100 }),
    hits: [
      { requestParameters: { maxResults: 101 } },
      { requestParameters: { maxResults: "1000" } },
    ],
    misses: [
      { requestParameters: { maxResults: 100 } },
      { requestParameters: { maxResults: "many" } },
    ],
  },
  {
    name: "gte",
    detection: "sel:\n  requestParameters.maxResults|gte: 100\ncondition: sel",
    hits: [{ requestParameters: { maxResults: 100 } }],
    misses: [{ requestParameters: { maxResults: 99.5 } }],
  },
  {
    name: "lt",
    detection: "sel:\n  requestParameters.durationSeconds|lt: 900\ncondition: sel",
    hits: [{ requestParameters: { durationSeconds: 899 } }],
    misses: [{ requestParameters: { durationSeconds: 900 } }],
  },
  {
    name: "lte",
    detection: "sel:\n  requestParameters.durationSeconds|lte: 900\ncondition: sel",
    hits: [{ requestParameters: { durationSeconds: 900 } }],
    misses: [{ requestParameters: { durationSeconds: 901 } }],
  },
  {
    name: "numbers and booleans as the text written (leading zeros kept)",
    detection:
      "sel:\n  recipientAccountId: 012345678901\n  readOnly: true\n  requestParameters.port: 443\ncondition: sel",
    expr: {
      kind: "and",
      items: [
        eq("recipientAccountId", "012345678901"),
        eq("readOnly", "true"),
        eq("requestParameters.port", "443"),
      ],
    },
    hits: [
      { recipientAccountId: "012345678901", readOnly: true, requestParameters: { port: 443 } },
    ],
    misses: [
      { recipientAccountId: "12345678901", readOnly: true, requestParameters: { port: 443 } },
    ],
  },
  {
    name: "arrays on the path are looked into",
    detection: "sel:\n  resources.ARN|endswith: ':role/Admin'\ncondition: sel",
    hits: [{ resources: [{ ARN: "arn:aws:s3:::logs" }, { ARN: "arn:aws:iam::1:role/Admin" }] }],
    misses: [{ resources: [{ ARN: "arn:aws:iam::1:role/Admins" }] }],
  },
];

describe("value modifiers: the Expr", () => {
  const withExpr = CASES.filter((c) => c.expr !== undefined);
  it.each(withExpr)("$name", ({ detection, expr }) => {
    expect(exprOf(detection)).toEqual(expr);
  });
});

describe("value modifiers: records, and a near miss for each", () => {
  it.each(CASES)("$name", ({ detection, hits, misses }) => {
    const test = matcher(detection);
    expect(hits.filter((record) => !test(record))).toEqual([]);
    expect(misses.filter((record) => test(record))).toEqual([]);
  });
});

describe("rejected with a reason", () => {
  const REJECTED: [string, string, RegExp][] = [
    [
      "an unknown modifier",
      "sel:\n  eventName|sounds_like: x\ncondition: sel",
      /unknown modifier "sounds_like"/,
    ],
    ["base64", "sel:\n  eventName|base64: x\ncondition: sel", /modifier "base64" is not supported/],
    [
      "windash",
      "sel:\n  eventName|windash: x\ncondition: sel",
      /modifier "windash" is not supported/,
    ],
    [
      "expand",
      "sel:\n  src_ip|expand: '%ips%'\ncondition: sel",
      /modifier "expand" is not supported: .*placeholder/,
    ],
    [
      "a backreference",
      "sel:\n  eventName|re: '(a)\\1'\ncondition: sel",
      /regular expression .* not supported/,
    ],
    [
      "lookahead",
      "sel:\n  eventName|re: '(?=a)b'\ncondition: sel",
      /regular expression .* not supported/,
    ],
    [
      "keywords (a list)",
      "keywords:\n  - evil\n  - bad\ncondition: keywords",
      /keyword selection "keywords"/,
    ],
    ["keywords (a value)", "sel: evil\ncondition: sel", /keyword selection "sel"/],
    ["i without re", "sel:\n  eventName|contains|i: x\ncondition: sel", /apply only after "re"/],
    [
      "cased with re",
      "sel:\n  eventName|re|cased: x\ncondition: sel",
      /"cased" does not apply to "re"/,
    ],
    ["two kinds", "sel:\n  eventName|contains|startswith: x\ncondition: sel", /cannot be combined/],
    ["exists: maybe", "sel:\n  eventName|exists: maybe\ncondition: sel", /true or false/],
    ["lt of a word", "sel:\n  count|lt: many\ncondition: sel", /needs a number/],
    [
      "cidr of a word",
      "sel:\n  sourceIPAddress|cidr: intranet\ncondition: sel",
      /not an IP network/,
    ],
    [
      "null with contains",
      "sel:\n  errorCode|contains: null\ncondition: sel",
      /null cannot take modifiers/,
    ],
    ["a map as a value", "sel:\n  eventName:\n    a: b\ncondition: sel", /values are scalars/],
    ["an empty selection", "sel: {}\ncondition: sel", /selection "sel" is empty/],
    ["an empty list of values", "sel:\n  eventName: []\ncondition: sel", /empty list of values/],
    ["a repeated modifier", "sel:\n  eventName|all|all: [a]\ncondition: sel", /repeated/],
  ];
  it.each(REJECTED)("%s", (_name, detection, reason) => {
    expect(reasonOf(detection)).toMatch(reason);
  });
});
