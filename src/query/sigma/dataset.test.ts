// Every rule of the shared SigmaHQ rules (samples/sigma/rules) run over the real Invictus AWS dataset: the records
// that compileRecordPredicate(rule.expr) matches are exactly those that naive.ts (an interpreter
// of the rule's YAML written apart from compile.ts) matches, and those that the query layer's
// reference evaluator of the same Expr matches.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLES, invictusLogs, recordsOf } from "../../lib/testing/samples";
import { compileRecordPredicate } from "../record";
import { referenceMatch } from "../testing/reference";
import { compileSigma } from "./compile";
import { naiveRule } from "./naive";
import type { JsonObject } from "./testkit";

const SHARED = SAMPLES;
const RULES = join(SHARED, "sigma/rules");

const records: JsonObject[] = invictusLogs().flatMap(recordsOf);

/** Matches per rule file, filled by the tests below, checked last. */
const counts = new Map<string, number>();

describe("the sample rules over the Invictus dataset", () => {
  it("has records", () => expect(records.length).toBeGreaterThan(1000));

  const names = readdirSync(RULES)
    .filter((name) => name.endsWith(".yml"))
    .sort();
  it.each(names)("%s", (name) => {
    const text = readFileSync(join(RULES, name), "utf8");
    const [rule] = compileSigma(text, name).rules;
    const compiled = compileRecordPredicate(rule!.expr);
    const naive = naiveRule(text);
    const disagree: string[] = [];
    let matched = 0;
    for (const record of records) {
      const got = compiled(record);
      if (got) matched++;
      if (got !== naive(record) || got !== referenceMatch(rule!.expr, record)) {
        disagree.push(`${String(record.eventID)} (compiled: ${got})`);
      }
    }
    expect(disagree.slice(0, 5)).toEqual([]);
    counts.set(name, matched);
  });

  it("some rules find something, most find nothing (a real, mostly quiet trail)", () => {
    const found = [...counts].filter(([, n]) => n > 0);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(counts.size);
  });
});
