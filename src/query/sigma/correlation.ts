// Sigma v2 correlation rules → SigmaCorrelation (plain data; evaluate.ts runs it over rows):
//
//   correlation:
//     type: event_count          # value_count, temporal, temporal_ordered
//     rules: [rule-id-or-name]
//     group-by: [userIdentity.arn]
//     timespan: 5m
//     condition: { gte: 10 }     # value_count: { field: eventName, gte: 3 }
//     generate: false            # also show the referenced rules' own matches
import { pathOf } from "./paths";
import { numberOf } from "../match";
import { fail, quote } from "./errors";
import type {
  CorrelationCondition,
  CorrelationType,
  CountBound,
  CountOp,
  SigmaCorrelation,
  SigmaMeta,
} from "./types";
import { get, isList, isMap, type YamlMap, type YamlValue } from "./yaml";

/** A row's rules are one bit each in evaluate.ts's input. */
export const MAX_CORRELATED_RULES = 30;

const TYPES = new Set<string>(["event_count", "value_count", "temporal", "temporal_ordered"]);
const OPS = new Set<string>(["gt", "gte", "lt", "lte", "eq", "neq"]);
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** `30s`, `5m`, `1h`, `2d`, `1w` → milliseconds. */
export function parseTimespan(text: YamlValue | undefined, what: string): number {
  if (typeof text !== "string") fail(`${what} is missing (a time like 5m)`);
  const found = /^\s*(\d{1,9})\s*([smhdw])\s*$/.exec(text);
  if (found === null) fail(`${what} ${quote(text)} is not a time like 30s, 5m, 1h or 2d`);
  const ms = Number(found[1]) * UNIT_MS[found[2]!]!;
  if (ms <= 0) fail(`${what} must be longer than 0`);
  return ms;
}

/** A string or a list of strings as a list (anything else refused). */
function stringList(value: YamlValue | undefined, what: string): string[] {
  if (value === undefined || value === null) return [];
  const items = isList(value) ? value : [value];
  return items.map((item) => {
    if (typeof item !== "string" || item.trim() === "") fail(`${what} must be names`);
    return item.trim();
  });
}

function countOf(value: YamlValue | undefined, op: string): number {
  const n = typeof value === "string" ? numberOf(value.trim()) : NaN;
  if (Number.isNaN(n)) fail(`condition ${quote(op)} needs a number`);
  return n;
}

function parseCondition(
  raw: YamlValue | undefined,
  type: CorrelationType,
  rules: number,
): CorrelationCondition {
  const temporal = type === "temporal" || type === "temporal_ordered";
  if (raw === undefined || raw === null) {
    if (!temporal) fail(`a ${type} correlation needs a condition (e.g. gte: 10)`);
    return { field: null, bounds: [{ op: "gte", value: rules }] };
  }
  if (!isMap(raw)) fail("the correlation's condition must be a map like { gte: 10 }");
  let field: string | null = null;
  const bounds: CountBound[] = [];
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (key === "field") {
      if (typeof value !== "string" || value.trim() === "")
        fail("condition field must be a field name");
      field = pathOf(value.trim());
    } else if (OPS.has(key)) {
      bounds.push({ op: key as CountOp, value: countOf(value, key) });
    } else {
      fail(`unknown condition ${quote(key)} (gt, gte, lt, lte, eq, neq, field)`);
    }
  }
  if (bounds.length === 0)
    fail("the correlation's condition compares nothing (gt, gte, lt, lte, eq, neq)");
  if (type === "value_count" && field === null)
    fail("a value_count condition needs the field whose values are counted");
  if (type !== "value_count" && field !== null) fail(`a ${type} condition takes no field`);
  return { field, bounds };
}

function parseAliases(raw: YamlValue | undefined): Record<string, Record<string, string>> {
  // Null-prototype maps: names are written by the rule (`__proto__` is only a name here).
  const aliases = Object.create(null) as Record<string, Record<string, string>>;
  if (raw === undefined || raw === null) return aliases;
  if (!isMap(raw)) fail("aliases must map a name to { rule: field }");
  for (const alias of Object.keys(raw)) {
    const perRule = raw[alias];
    if (!isMap(perRule)) fail(`alias ${quote(alias)} must map rules to fields`);
    const fields = Object.create(null) as Record<string, string>;
    for (const rule of Object.keys(perRule)) {
      const field = perRule[rule];
      if (typeof field !== "string" || field.trim() === "")
        fail(`alias ${quote(alias)} needs field names`);
      fields[rule] = pathOf(field.trim());
    }
    aliases[alias] = fields;
  }
  return aliases;
}

function parseBoolean(value: YamlValue | undefined, what: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string" && /^(true|false)$/i.test(value))
    return value.toLowerCase() === "true";
  fail(`${what} must be true or false`);
}

/** A correlation document (its `correlation:` map and the document's metadata). */
export function compileCorrelation(doc: YamlMap, meta: SigmaMeta): SigmaCorrelation {
  const body = get(doc, "correlation");
  if (!isMap(body)) fail("correlation must be a map (type, rules, group-by, timespan, condition)");
  const type = get(body, "type");
  if (typeof type !== "string" || !TYPES.has(type)) {
    fail(
      `correlation type ${quote(String(type))} is not supported (event_count, value_count, temporal, temporal_ordered)`,
    );
  }
  const correlationType = type as CorrelationType;
  const rules = stringList(get(body, "rules"), "the correlation's rules");
  if (rules.length === 0) fail("the correlation references no rules");
  if (rules.length > MAX_CORRELATED_RULES) {
    fail(`the correlation references ${rules.length} rules (at most ${MAX_CORRELATED_RULES})`);
  }
  const aliases = parseAliases(get(body, "aliases"));
  const groupBy = stringList(get(body, "group-by"), "group-by").map((name) =>
    Object.hasOwn(aliases, name) ? name : pathOf(name),
  );
  const timespanText = get(body, "timespan");
  const timespanMs = parseTimespan(timespanText, "timespan");
  const generateRaw = get(body, "generate") ?? get(doc, "generate");
  return {
    ...meta,
    kind: "correlation",
    type: correlationType,
    rules,
    groupBy,
    aliases,
    timespan: String(timespanText).trim(),
    timespanMs,
    condition: parseCondition(get(body, "condition"), correlationType, rules.length),
    generate: parseBoolean(generateRaw, "generate"),
  };
}
