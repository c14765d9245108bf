import { describe, expect, it } from "vitest";
import { MAX_VALUE_CHARS } from "../ingest/fields";
import { Random } from "../lib/random";
import { invictusLogs, recordsOf } from "../lib/testing/samples";
import type { Expr, Match } from "./ast";
import { parseQuery, termsOf } from "./parse";
import { compileRecordPredicate, remembered, valuesAt } from "./record";
import { randomQueries, referenceMatch } from "./testing/reference";

type JsonObject = Record<string, unknown>;

function invictusRecords(): JsonObject[] {
  return invictusLogs().flatMap(recordsOf);
}

function holds(query: string, record: JsonObject): boolean {
  const result = parseQuery(query);
  if (!result.ok) throw new Error(`${query}: ${result.message}`);
  return compileRecordPredicate(result.expr)(record);
}

const term = (field: string, match: Match): Expr => ({ kind: "term", field, match });

const record: JsonObject = {
  eventName: "PutBucketPolicy",
  EventSource: "s3.amazonaws.com",
  sourceIPAddress: "10.1.2.3",
  awsRegion: "eu-west-1",
  userIdentity: {
    type: "AssumedRole",
    arn: "arn:aws:sts::111122223333:assumed-role/Admin/alice",
    accessKeyId: "ASIAEXAMPLEEXAMPLE12",
  },
  requestParameters: {
    bucketName: "logs",
    policy: { Statement: [{ Effect: "Allow" }] },
    empty: {},
    none: null,
    blank: "",
    count: 12,
    ratio: 0.5,
    enabled: false,
  },
  resources: [
    { ARN: "arn:aws:s3:::logs", type: "AWS::S3::Bucket" },
    { ARN: "arn:aws:iam::111122223333:role/Admin" },
    [{ ARN: "arn:aws:nested" }],
  ],
  tags: ["a", ["b", "c"]],
  noResources: [],
  errorCode: null,
};

describe("valuesAt", () => {
  it("walks a dotted path, looking into arrays on the way and at the end", () => {
    expect(valuesAt(record, "requestParameters.bucketName")).toEqual(["logs"]);
    expect(valuesAt(record, "resources.ARN")).toEqual([
      "arn:aws:s3:::logs",
      "arn:aws:iam::111122223333:role/Admin",
      "arn:aws:nested",
    ]);
    expect(valuesAt(record, "tags")).toEqual(["a", "b", "c"]);
    expect(valuesAt(record, "noResources")).toEqual([]);
    expect(valuesAt(record, "requestParameters.policy.Statement.Effect")).toEqual(["Allow"]);
  });

  it("matches keys exactly, else ignoring case", () => {
    expect(valuesAt(record, "eventSource")).toEqual(["s3.amazonaws.com"]);
    expect(valuesAt(record, "REQUESTPARAMETERS.BUCKETNAME")).toEqual(["logs"]);
    expect(valuesAt({ a: 1, A: 2 }, "A")).toEqual([2]);
  });

  it("gives no value for null, missing or inherited keys", () => {
    expect(valuesAt(record, "errorCode")).toEqual([]);
    expect(valuesAt(record, "requestParameters.none")).toEqual([]);
    expect(valuesAt(record, "nothing.here")).toEqual([]);
    expect(valuesAt(record, "constructor")).toEqual([]);
    expect(valuesAt(record, "eventName.length")).toEqual([]);
    for (const inherited of ["toString", "__proto__", "hasOwnProperty", "userIdentity.valueOf"])
      expect(valuesAt(record, inherited)).toEqual([]);
  });

  it("finds members named like the prototype's when the record has them", () => {
    const own = JSON.parse(
      '{"__proto__": "p", "constructor": "c", "userIdentity": {"toString": "t", "type": "Root"}}',
    ) as JsonObject;
    expect(valuesAt(own, "__proto__")).toEqual(["p"]);
    expect(valuesAt(own, "constructor")).toEqual(["c"]);
    expect(valuesAt(own, "userIdentity.toString")).toEqual(["t"]);
    expect(valuesAt(own, "userIdentity.tostring")).toEqual(["t"]);
  });

  it("derives principal from userIdentity", () => {
    expect(valuesAt(record, "principal")).toEqual(["Admin/alice"]);
    expect(valuesAt({}, "principal")).toEqual([]);
  });
});

describe("compileRecordPredicate", () => {
  it("matches terms on any value, with each value's text", () => {
    expect(holds("eventName:putbucketpolicy", record)).toBe(true);
    expect(holds("resources.ARN:arn:aws:iam::111122223333:role/Admin", record)).toBe(true);
    expect(holds("resources.type:AWS\\:\\:S3*", record)).toBe(true);
    expect(holds("requestParameters.count:12", record)).toBe(true);
    expect(holds("requestParameters.count:>11", record)).toBe(true);
    expect(holds("requestParameters.ratio:<1", record)).toBe(true);
    expect(holds("requestParameters.enabled:false", record)).toBe(true);
    expect(holds("requestParameters.policy:*Allow*", record)).toBe(true);
    expect(
      holds('requestParameters.policy:"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\"}]}"', record),
    ).toBe(true);
    expect(holds("ip:10.0.0.0/8", record)).toBe(true);
    expect(holds("ip:10.1.2.0/30", record)).toBe(true);
    expect(holds("ip:10.1.3.0/24", record)).toBe(false);
    expect(holds("principal:admin/*", record)).toBe(true);
  });

  it("holds exists for a present, non-empty value", () => {
    expect(holds("requestParameters.bucketName:*", record)).toBe(true);
    expect(holds("requestParameters.count:*", record)).toBe(true);
    expect(holds("requestParameters.enabled:*", record)).toBe(true);
    expect(holds("requestParameters.policy:*", record)).toBe(true);
    expect(holds("requestParameters.blank:*", record)).toBe(false);
    expect(holds("requestParameters.empty:*", record)).toBe(false);
    expect(holds("requestParameters.none:*", record)).toBe(false);
    expect(holds("noResources:*", record)).toBe(false);
    expect(holds("errorCode:*", record)).toBe(false);
  });

  it("holds null where there is no present value", () => {
    const isNull = (field: string): boolean =>
      compileRecordPredicate(term(field, { op: "null" }))(record);
    expect(isNull("errorCode")).toBe(true);
    expect(isNull("missing")).toBe(true);
    expect(isNull("noResources")).toBe(true);
    expect(isNull("requestParameters.empty")).toBe(true);
    expect(isNull("requestParameters.none")).toBe(true);
    expect(isNull("requestParameters.blank")).toBe(false);
    expect(isNull("eventName")).toBe(false);
  });

  it("compares a fieldref with any value of the other field", () => {
    const rec = { a: "Admin", b: ["x", "admin"], c: "", d: "" };
    const check = (field: string, other: string, cased = false): boolean =>
      compileRecordPredicate(term(field, { op: "fieldref", field: other, cased }))(rec);
    expect(check("a", "b")).toBe(true);
    expect(check("a", "b", true)).toBe(false);
    expect(check("c", "d")).toBe(false);
    expect(check("a", "missing")).toBe(false);
    // Arrays on either side are looked into.
    expect(check("b", "a")).toBe(true);
  });

  it("tests words on the indexed columns' texts only", () => {
    expect(holds("putbucket", record)).toBe(true);
    expect(holds("alice", record)).toBe(true);
    // Not indexed: requestParameters.bucketName is, requestParameters.policy is not.
    expect(holds("logs", record)).toBe(true);
    expect(holds("Allow", record)).toBe(false);
    // The columns read exact keys: `EventSource` is not the eventSource column.
    expect(holds("s3.amazonaws", record)).toBe(false);
    // Identifiers must equal a column's text.
    expect(holds("10.1.2.3", record)).toBe(true);
    expect(holds("10.1.2.30", { sourceIPAddress: "10.1.2.3" })).toBe(false);
    expect(holds("10.1.2.3", { sourceIPAddress: "10.1.2.30" })).toBe(false);
    expect(holds("asiaexampleexample12", record)).toBe(true);
    expect(holds("PutBucket*", record)).toBe(true);
    expect(holds("*Bucket", record)).toBe(false);
  });

  it("tests words on texts clipped as the columns clip them", () => {
    const long = { userAgent: `${"a".repeat(MAX_VALUE_CHARS + 10)}TAIL` };
    expect(holds("TAIL", long)).toBe(false);
    expect(holds("userAgent:*TAIL", long)).toBe(true);
  });

  it("combines with and, or, not, all and none", () => {
    expect(holds("eventName:PutBucketPolicy AND region:eu-west-1", record)).toBe(true);
    expect(holds("eventName:PutBucketPolicy AND region:us-east-1", record)).toBe(false);
    expect(holds("eventName:x OR region:eu-west-1", record)).toBe(true);
    expect(holds("NOT errorCode:*", record)).toBe(true);
    expect(holds("", record)).toBe(true);
    expect(holds("NOT *", record)).toBe(false);
  });

  it("throws a clear error for a regular expression RE2 refuses", () => {
    expect(() =>
      compileRecordPredicate(term("x", { op: "re", source: "(a)\\1", flags: "" })),
    ).toThrow(/\(a\)\\1/);
  });
});

describe("compileRecordPredicate against the reference evaluator", () => {
  const records = invictusRecords();

  it("loads the sample", () => {
    expect(records.length).toBeGreaterThan(1000);
  });

  // Heavy by design (queries × records × two evaluators): room for a busy machine.
  it("agrees on every record for random queries", { timeout: 120_000 }, () => {
    const queries = randomQueries(20240611, records, 200);
    let selective = 0;
    for (const query of queries) {
      const result = parseQuery(query);
      if (!result.ok) throw new Error(`${query}: ${result.message}`);
      const predicate = compileRecordPredicate(result.expr);
      let matched = 0;
      for (const [index, rec] of records.entries()) {
        const fast = predicate(rec);
        if (fast !== referenceMatch(result.expr, rec)) {
          throw new Error(`${query} disagrees on record ${index}: compiled says ${fast}`);
        }
        if (fast) matched++;
      }
      if (matched > 0 && matched < records.length) selective++;
    }
    // The queries are worth the check only if many of them split the records.
    expect(selective).toBeGreaterThan(queries.length / 4);
  });

  it(
    "agrees on the matches no query text writes (Sigma's modifiers, null, fieldref)",
    { timeout: 120_000 },
    () => {
      const rng = new Random(99);
      const terms = randomQueries(5, records, 150).flatMap((query) => {
        const result = parseQuery(query);
        return result.ok ? termsOf(result.expr) : [];
      });
      const fields = [...new Set(terms.map((t) => t.field)), "recipientAccountId"];
      const exprs: Expr[] = [];
      for (const t of terms) {
        if (t.match.op !== "eq" || exprs.length >= 300) continue;
        const { value } = t.match;
        const cut = value.slice(rng.int(value.length), rng.int(value.length + 1));
        const cased = rng.chance(0.5);
        exprs.push(
          term(t.field, { op: "eq", value, cased }),
          term(t.field, { op: "contains", value: cut, cased }),
          term(t.field, { op: "startswith", value: value.slice(0, 4), cased }),
          term(t.field, { op: "endswith", value: value.slice(-4), cased }),
          term(t.field, { op: "null" }),
          term(t.field, { op: "fieldref", field: rng.pick(fields), cased }),
        );
      }
      exprs.push(
        term("userIdentity.accountId", {
          op: "fieldref",
          field: "recipientAccountId",
          cased: true,
        }),
      );
      expect(exprs.length).toBeGreaterThan(200);
      for (const expr of exprs) {
        const predicate = compileRecordPredicate(expr);
        const disagreeing = records.findIndex(
          (rec) => predicate(rec) !== referenceMatch(expr, rec),
        );
        expect({ expr, disagreeing }).toEqual({ expr, disagreeing: -1 });
      }
    },
  );
});

describe("remembered", () => {
  it("answers as the test does, asking it once per text while its texts repeat", () => {
    let asked = 0;
    const test = (value: string) => {
      asked++;
      return value.toLowerCase().includes(":i-");
    };
    const memo = remembered(test);
    const texts = ["a:i-1", "A:I-2", "b", "a:i-1", "b", "A:I-2"];
    expect(texts.map(memo)).toEqual(texts.map((t) => t.toLowerCase().includes(":i-")));
    expect(asked).toBe(3);
    const long = `x:i-${"y".repeat(300)}`;
    expect([memo(long), memo(long)]).toEqual([true, true]);
    expect(asked).toBe(5);
  });

  it("stays right past its size, over texts that never repeat and texts that do", () => {
    const test = (value: string) => value.endsWith("7");
    const memo = remembered(test);
    for (let i = 0; i < 200_000; i++) {
      const text = i % 3 === 0 ? `repeat-${i % 17}` : `unique-${i}`;
      if (memo(text) !== test(text)) throw new Error(`wrong answer for ${text}`);
    }
    expect(memo("repeat-7")).toBe(true);
    expect(memo("unique-8")).toBe(false);
  });
});
