// Sigma 1's aggregations, written after a `|` in the condition with a `timeframe:`, as the same
// SigmaCorrelation a v2 correlation rule gives:
//
//   sel | count() > 10                 → event_count over `sel`
//   sel | count() by sourceIPAddress > 5 → event_count, grouped
//   sel | count(eventName) by f >= 3    → value_count of eventName
//   sel1 | near sel2 and sel3           → temporal over sel1, sel2, sel3
//
// Each side becomes a base rule (`<id>:events`, or `<id>:1`, `<id>:2`… for near) that the
// correlation references; base rules have generate false (they feed the correlation only).
import type { Expr } from "../ast";
import { pathOf } from "./paths";
import { conditionExpr } from "./condition";
import { MAX_CORRELATED_RULES, parseTimespan } from "./correlation";
import { fail, quote } from "./errors";
import type { CorrelationType, CountOp, SigmaCorrelation, SigmaMeta, SigmaRule } from "./types";
import type { YamlValue } from "./yaml";

const NAME = String.raw`[A-Za-z_$@][\w$@.-]*`;
const COUNT = new RegExp(
  String.raw`^count\(\s*(${NAME})?\s*\)(?:\s+by\s+(${NAME}(?:\s*,\s*${NAME})*))?\s*(>=|<=|==|!=|=|>|<)\s*(\d{1,9})$`,
  "i",
);
const OPS: Readonly<Record<string, CountOp>> = {
  ">": "gt",
  ">=": "gte",
  "<": "lt",
  "<=": "lte",
  "=": "eq",
  "==": "eq",
  "!=": "neq",
};

export interface Compiled {
  rules: SigmaRule[];
  correlation: SigmaCorrelation | null;
}

function baseRule(meta: SigmaMeta, id: string, expr: Expr): SigmaRule {
  return { ...meta, id, name: null, kind: "rule", expr, generate: false };
}

/** `base | aggregation` with its timeframe → base rules and their correlation. */
export function compileAggregation(
  condition: string,
  selections: ReadonlyMap<string, Expr>,
  timeframe: YamlValue | undefined,
  meta: SigmaMeta,
): Compiled {
  const bar = condition.indexOf("|");
  const base = condition.slice(0, bar).trim();
  const aggregation = condition
    .slice(bar + 1)
    .trim()
    .replace(/\s+/g, " ");
  if (aggregation.includes("|")) fail("the condition has more than one `|`");
  const baseExpr = conditionExpr(base, selections);
  const head = /^([a-z]+)/i.exec(aggregation)?.[1]?.toLowerCase() ?? "";
  if (head !== "count" && head !== "near") {
    fail(`aggregation ${quote(aggregation)} is not supported (count() and near are)`);
  }
  if (timeframe === undefined || timeframe === null) {
    fail(
      `${head === "near" ? "near" : "count()"} needs a timeframe (e.g. timeframe: 5m) to become a correlation`,
    );
  }
  const timespanMs = parseTimespan(timeframe, "timeframe");
  const common = {
    ...meta,
    kind: "correlation" as const,
    aliases: {},
    timespan: String(timeframe).trim(),
    timespanMs,
    generate: false,
  };
  if (head === "near") {
    const parts = aggregation
      .slice("near".length)
      .trim()
      .split(/\s+and\s+/i);
    if (parts.some((part) => /^not\b/i.test(part)))
      fail("`near … and not …` cannot be expressed as a correlation");
    const exprs = [baseExpr, ...parts.map((part) => conditionExpr(part, selections))];
    if (exprs.length > MAX_CORRELATED_RULES)
      fail(`near correlates at most ${MAX_CORRELATED_RULES} conditions`);
    const rules = exprs.map((expr, i) => baseRule(meta, `${meta.id}:${i + 1}`, expr));
    return {
      rules,
      correlation: {
        ...common,
        type: "temporal",
        rules: rules.map((rule) => rule.id),
        groupBy: [],
        condition: { field: null, bounds: [{ op: "gte", value: rules.length }] },
      },
    };
  }
  const found = COUNT.exec(aggregation);
  if (found === null)
    fail(`aggregation ${quote(aggregation)} is not of the form count(field) by field > N`);
  const [, counted, by, op, n] = found;
  const type: CorrelationType = counted === undefined ? "event_count" : "value_count";
  const rule = baseRule(meta, `${meta.id}:events`, baseExpr);
  return {
    rules: [rule],
    correlation: {
      ...common,
      type,
      rules: [rule.id],
      groupBy: by === undefined ? [] : by.split(/\s*,\s*/).map(pathOf),
      condition: {
        field: counted === undefined ? null : pathOf(counted),
        bounds: [{ op: OPS[op!]!, value: Number(n) }],
      },
    },
  };
}
