import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SIGMA_RULES, invictusLogs, recordsOf } from "../lib/testing/samples";
import type { Expr, Match, Term } from "./ast";
import { builtinRules } from "./rules";
import { ByEventName, eventNameTest, receivedRules, ruleMatcher } from "./ruleset";
import { compileSigma } from "./sigma";
import { referenceMatch } from "./testing/reference";

const term = (field: string, match: Match): Term => ({ kind: "term", field, match });
const name = (value: string, cased = false): Term => term("eventName", { op: "eq", value, cased });
const prefix = (pattern: string): Term =>
  term("eventName", { op: "wildcard", pattern, cased: false });
const other: Term = term("errorCode", { op: "exists" });

describe("eventNameTest", () => {
  it("tests the name an expression asks for, in any case, through AND and OR", () => {
    const test = (expr: Expr, value: string) => eventNameTest(expr)!(value);
    expect(test(name("DeleteBucket"), "deletebucket")).toBe(true);
    expect(test(name("DeleteBucket"), "DeleteBuckets")).toBe(false);
    expect(test(name("DeleteBucket", true), "deletebucket")).toBe(false);
    expect(test(prefix("Describe*"), "DescribeInstances")).toBe(true);
    expect(test(prefix("Describe*"), "ListBuckets")).toBe(false);
    const either: Expr = { kind: "or", items: [name("A"), prefix("Get*")] };
    expect(["A", "GetObject", "B"].map((v) => test(either, v))).toEqual([true, true, false]);
    const both: Expr = { kind: "and", items: [other, prefix("Get*"), name("GetObject")] };
    expect(["GetObject", "GetBucketAcl"].map((v) => test(both, v))).toEqual([true, false]);
    expect(test({ kind: "none" }, "A")).toBe(false);
  });

  it("says nothing where the name is not bound", () => {
    expect(eventNameTest(other)).toBeNull();
    expect(eventNameTest({ kind: "not", item: name("A") })).toBeNull();
    expect(eventNameTest({ kind: "or", items: [name("A"), other] })).toBeNull();
    expect(eventNameTest(term("eventName", { op: "exists" }))).toBeNull();
    expect(eventNameTest(term("eventName", { op: "null" }))).toBeNull();
    expect(eventNameTest(term("eventName", { op: "re", source: "^A", flags: "" }))).toBeNull();
    expect(eventNameTest({ kind: "all" })).toBeNull();
  });
});

describe("ByEventName", () => {
  it("lists the expressions a name may satisfy, and all of them for a name that is no text", () => {
    const byName = new ByEventName([name("A"), prefix("Get*"), other, null, { kind: "none" }]);
    expect(byName.of("a")).toEqual([0, 2]);
    expect(byName.of("GetObject")).toEqual([1, 2]);
    expect(byName.of("Z")).toEqual([2]);
    expect(byName.of(undefined)).toEqual([0, 1, 2, 4]);
    expect(byName.of(["A"])).toEqual([0, 1, 2, 4]);
  });
});

describe("ruleMatcher on the real sample", () => {
  it("finds, rule by rule, exactly the records the reference evaluator finds", () => {
    const all = invictusLogs().flatMap(recordsOf);
    const names = [...new Set(all.map((r) => String(r.eventName)))].sort();
    const sigma = readdirSync(SIGMA_RULES)
      .filter((file) => /\.ya?ml$/.test(file))
      .sort()
      .flatMap((file) =>
        compileSigma(readFileSync(join(SIGMA_RULES, file), "utf8"), file).rules.map((r) => r.expr),
      );
    const exprs: Expr[] = [
      ...builtinRules().rules.map((rule) => rule.expr),
      ...sigma,
      prefix(`${names[3]!.slice(0, 4).toUpperCase()}*`),
      { kind: "or", items: [name(names[0]!), name(names[1]!.toLowerCase())] },
      { kind: "and", items: [name(names[2]!, true), other] },
      { kind: "not", item: name(names[0]!) },
      // An uncompilable rule matches nothing and is never tried.
      term("x", { op: "re", source: "(a)\\1", flags: "" }),
    ];
    // Some records without a usable eventName are tested against every rule.
    const tested = all.map((record, i) =>
      i % 97 === 0
        ? { ...record, eventName: i % 2 === 0 ? undefined : [record.eventName] }
        : record,
    );
    const matcher = ruleMatcher({ key: `test:${exprs.length}`, exprs });
    tested.forEach((record, row) => matcher.match(record, row));
    const pairs = matcher.pairs();
    const found = exprs.map((): number[] => []);
    for (let i = 0; i < pairs.length; i += 2) found[pairs[i]!]!.push(pairs[i + 1]!);
    let fired = 0;
    exprs.forEach((expr, k) => {
      const expected =
        k === exprs.length - 1
          ? []
          : tested.flatMap((record, row) => (referenceMatch(expr, record) ? [row] : []));
      expect({ k, rows: found[k]!.sort((a, b) => a - b) }).toEqual({ k, rows: expected });
      if (expected.length > 0) fired++;
    });
    expect(fired).toBeGreaterThan(20);
  });
});

describe("receivedRules", () => {
  it("keeps a set sent whole, finds it by its key, and refuses a key it was never sent", () => {
    const set = { key: "received-a", exprs: [] };
    expect(receivedRules(set)).toBe(set);
    expect(receivedRules({ key: "received-a" })).toBe(set);
    expect(() => receivedRules({ key: "received-never" })).toThrow(/not sent/);
    // The latest few sets are kept: the oldest goes once more than eight came after it.
    for (let i = 0; i < 8; i++) receivedRules({ key: `received-${i}`, exprs: [] });
    expect(() => receivedRules({ key: "received-a" })).toThrow(/not sent/);
    expect(receivedRules({ key: "received-7" }).key).toBe("received-7");
  });
});
