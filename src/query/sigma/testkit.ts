// Helpers for the tests of this folder (imported by *.test.ts only; no Node APIs).
import type { Expr, Match } from "../ast";
import { compileRecordPredicate } from "../record";
import { compileSigma } from "./compile";
import type { SigmaCompileResult, SigmaRule } from "./types";

export type JsonObject = Record<string, unknown>;

/** A rule around a detection block (written as at the top level, indented here). */
export function ruleText(detection: string, head = "title: Test rule\nid: test-1\n"): string {
  const body = detection
    .trim()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
  return `${head}logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n${body}\n`;
}

export function compileText(text: string, file = "test.yml"): SigmaCompileResult {
  return compileSigma(text, file);
}

/** The one rule a detection compiles to (the test fails with the reason if it does not). */
export function ruleOf(detection: string): SigmaRule {
  const result = compileText(ruleText(detection));
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.reason).join("; "));
  if (result.rules.length !== 1) throw new Error(`${result.rules.length} rules`);
  return result.rules[0]!;
}

export function exprOf(detection: string): Expr {
  return ruleOf(detection).expr;
}

/** Why a detection does not compile ("" when it does). */
export function reasonOf(detection: string): string {
  return compileText(ruleText(detection))
    .errors.map((e) => e.reason)
    .join("; ");
}

/** A test of records by a detection, through query/record.ts. */
export function matcher(detection: string): (record: JsonObject) => boolean {
  return compileRecordPredicate(exprOf(detection));
}

export const term = (field: string, match: Match): Expr => ({ kind: "term", field, match });
export const eq = (field: string, value: string, cased = false): Expr =>
  term(field, { op: "eq", value, cased });
