import { describe, expect, it } from "vitest";
import { MAX_VALUE_CHARS } from "../ingest/fields";
import { parseBatch } from "../ingest/parse";
import { invictusLogs, recordsOf } from "../lib/testing/samples";
import type { Expr, Match } from "./ast";
import { parseQuery } from "./parse";
import { compileRowPredicate } from "./rowPredicate";
import { ruleMatcher } from "./ruleset";
import { randomQueries, referenceMatch } from "./testing/reference";

type JsonObject = Record<string, unknown>;

const term = (field: string, match: Match): Expr => ({ kind: "term", field, match });
const eq = (field: string, value: string): Expr => term(field, { op: "eq", value, cased: false });

let keys = 0;

/**
 * Per expression, the rows the detection rules' matcher finds when the records are parsed as one
 * file of a batch (rows are the records, in order: none of them is an Insights event).
 */
function rowsFound(batches: JsonObject[][], exprs: Expr[]): number[][][] {
  const set = { key: `row-predicate:${keys++}`, exprs };
  return batches.map((records) => {
    const matcher = ruleMatcher(set);
    const bytes = new TextEncoder().encode(JSON.stringify({ Records: records }));
    const result = parseBatch([{ fileIndex: 0, name: "t.json", bytes }], matcher);
    expect(result.chunk.rows).toBe(records.length);
    const pairs = matcher.pairs();
    const found = exprs.map((): number[] => []);
    for (let i = 0; i < pairs.length; i += 2) found[pairs[i]!]!.push(pairs[i + 1]!);
    return found.map((rows) => rows.sort((a, b) => a - b));
  });
}

function expected(records: JsonObject[], expr: Expr): number[] {
  return records.flatMap((record, row) => (referenceMatch(expr, record) ? [row] : []));
}

/**
 * Records whose indexed fields are not plain strings at their exact paths: where the column's
 * text and the record's values part (arrays, objects, keys in another case, clipped text).
 */
function hostile(base: JsonObject[]): JsonObject[] {
  const long = `${"a".repeat(MAX_VALUE_CHARS + 10)}tail`;
  const edits: ((r: JsonObject) => void)[] = [
    (r) => (r.eventName = [r.eventName, "CreateUser"]),
    (r) => (r.userIdentity = { ...(r.userIdentity as JsonObject), type: {} }),
    (r) => (r.userIdentity = { ...(r.userIdentity as JsonObject), type: ["Root", "IAMUser"] }),
    (r) => {
      delete r.eventSource;
      r.EventSource = "iam.amazonaws.com";
    },
    (r) => (r.UserIdentity = { type: "Root" }),
    (r) => {
      r.UserIdentity = { type: "Root" };
      delete r.userIdentity;
    },
    (r) => (r.userAgent = long),
    (r) => (r.userAgent = `${long.slice(0, MAX_VALUE_CHARS)}`),
    (r) => (r.errorCode = 403),
    (r) => (r.errorCode = "403"),
    (r) => (r.readOnly = "TRUE"),
    (r) => (r.awsRegion = ""),
    (r) => delete r.awsRegion,
    (r) => (r.userIdentity = [r.userIdentity]),
    (r) => (r.sourceIPAddress = { ip: "10.0.0.1" }),
    (r) => (r.requestParameters = [{ userName: "alice" }]),
    (r) => (r.requestParameters = { username: "alice" }),
  ];
  return base.map((record, i) => {
    const copy = structuredClone(record);
    if (i % 3 === 0) edits[(i / 3) % edits.length]!(copy);
    return copy;
  });
}

describe("compileRowPredicate in the detection rules' matcher", () => {
  const sample = invictusLogs().flatMap(recordsOf);
  const records = hostile(sample);

  it("finds for hand-made terms on indexed paths what the reference finds in the records", () => {
    const exprs: Expr[] = [
      eq("eventName", "CreateUser"),
      eq("userIdentity.type", "Root"),
      term("userIdentity.type", { op: "exists" }),
      term("userIdentity.type", { op: "null" }),
      eq("eventSource", "iam.amazonaws.com"),
      term("userAgent", { op: "endswith", value: "tail", cased: false }),
      term("userAgent", { op: "wildcard", pattern: "a*", cased: false }),
      eq("errorCode", "403"),
      eq("readOnly", "true"),
      term("awsRegion", { op: "null" }),
      term("awsRegion", { op: "exists" }),
      term("sourceIPAddress", { op: "cidr", cidr: "10.0.0.0/8" }),
      eq("requestParameters.userName", "alice"),
      {
        kind: "and",
        items: [
          eq("userIdentity.type", "Root"),
          { kind: "not", item: term("userIdentity.invokedBy", { op: "exists" }) },
        ],
      },
    ];
    const [found] = rowsFound([records], exprs);
    let fired = 0;
    exprs.forEach((expr, k) => {
      const rows = expected(records, expr);
      expect({ k, rows: found![k] }).toEqual({ k, rows });
      if (rows.length > 0) fired++;
    });
    expect(fired).toBe(exprs.length);
  });

  it("agrees with the reference on random queries", { timeout: 120_000 }, () => {
    const exprs = randomQueries(20261206, sample, 150).map((query) => {
      const result = parseQuery(query);
      if (!result.ok) throw new Error(`${query}: ${result.message}`);
      return result.expr;
    });
    const [found] = rowsFound([records], exprs);
    let selective = 0;
    exprs.forEach((expr, k) => {
      const rows = expected(records, expr);
      expect({ k, rows: found![k] }).toEqual({ k, rows });
      if (rows.length > 0 && rows.length < records.length) selective++;
    });
    expect(selective).toBeGreaterThan(exprs.length / 4);
  });

  it("tests each value of a chunk's own dictionary: ids of one batch mean nothing in the next", () => {
    const record = (eventName: string, type: string): JsonObject => ({
      eventName,
      eventID: `${eventName}-${type}`,
      userIdentity: { type },
    });
    // The same values in the other order: each batch numbers them the other way round.
    const first = [record("A", "Root"), record("B", "IAMUser"), record("A", "IAMUser")];
    const second = [record("B", "IAMUser"), record("A", "Root"), record("B", "Root")];
    const exprs = [eq("userIdentity.type", "Root"), eq("eventName", "B")];
    expect(rowsFound([first, second], exprs)).toEqual([
      [[0], [1]],
      [
        [1, 2],
        [0, 2],
      ],
    ]);
  });

  it("reads the record alone when it is given no columns", () => {
    const predicate = compileRowPredicate(eq("userIdentity.type", "Root"));
    expect(predicate({ userIdentity: { type: "root" } }, 0)).toBe(true);
    expect(predicate({ userIdentity: { type: "IAMUser" } }, 0)).toBe(false);
  });
});
