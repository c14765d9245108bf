// Sigma YAML → SigmaRule (an Expr per single-event rule) and SigmaCorrelation. One file may hold
// several documents: each is compiled on its own, and a document that cannot be compiled is
// listed in `errors` with the reason while every other one still compiles. Rule collections:
// `action: global` documents merge into every following document, `action: reset` drops them,
// `action: repeat` is the previous rule with the document's keys merged in.
import type { Expr } from "../ast";
import { conditionExpr } from "./condition";
import { compileCorrelation } from "./correlation";
import { RuleError, fail, quote } from "./errors";
import { or } from "./exprs";
import { compileAggregation, type Compiled } from "./legacy";
import { metaOf } from "./meta";
import { selectionExpr } from "./selection";
import type {
  SigmaCompileResult,
  SigmaCorrelation,
  SigmaError,
  SigmaMeta,
  SigmaRule,
} from "./types";
import { get, isList, isMap, loadYaml, type YamlMap, type YamlValue } from "./yaml";

/** Keys of `detection` that are not selections. */
const RESERVED = new Set(["condition", "timeframe"]);

/** The selections of a detection, in the order written (the order `1 of them` lists them). */
function selectionsOf(detection: YamlMap): Map<string, Expr> {
  const selections = new Map<string, Expr>();
  for (const name of Object.keys(detection)) {
    if (!RESERVED.has(name)) selections.set(name, selectionExpr(name, detection[name]!));
  }
  if (selections.size === 0) fail("the detection has no selection");
  return selections;
}

function conditionsOf(detection: YamlMap): string[] {
  const raw = get(detection, "condition");
  if (raw === undefined || raw === null) fail("the detection has no condition");
  const items = isList(raw) ? raw : [raw];
  if (items.length === 0) fail("the detection has no condition");
  return items.map((item) => {
    if (typeof item !== "string") fail("a condition must be text");
    return item;
  });
}

/** A single-event rule, or the base rules and correlation of a legacy aggregation. */
function compileDetection(doc: YamlMap, meta: SigmaMeta): Compiled {
  const detection = get(doc, "detection");
  if (!isMap(detection)) fail("the rule has no detection map");
  const selections = selectionsOf(detection);
  const conditions = conditionsOf(detection);
  const timeframe = get(detection, "timeframe") ?? get(doc, "timeframe");
  if (conditions.some((condition) => condition.includes("|"))) {
    if (conditions.length > 1) fail("a list of conditions cannot hold an aggregation (`|`)");
    return compileAggregation(conditions[0]!, selections, timeframe, meta);
  }
  if (timeframe !== undefined && timeframe !== null) {
    // One event cannot match what a timeframe asks of several (`sel1 and sel2` within 5m): the
    // rule means a correlation, and compiling it as one event would silently never match.
    fail(
      "timeframe without an aggregation: the rule correlates several events; write it as a " +
        "Sigma correlation (type temporal) or as `| count()` / `| near`",
    );
  }
  // A list of conditions: each one alerts on its own, so a record matches when any does.
  const expr = or(conditions.map((condition) => conditionExpr(condition, selections)));
  return { rules: [{ ...meta, kind: "rule", expr, generate: true }], correlation: null };
}

/** `base` with `over`'s keys merged in (maps key by key, anything else replaced). */
function deepMerge(base: YamlMap, over: YamlMap): YamlMap {
  const out = Object.create(null) as Record<string, YamlValue>;
  for (const key of Object.keys(base)) out[key] = base[key]!;
  for (const key of Object.keys(over)) {
    const mine = over[key]!;
    const theirs = Object.hasOwn(out, key) ? out[key] : undefined;
    out[key] = isMap(mine) && isMap(theirs) ? deepMerge(theirs, mine) : mine;
  }
  return out;
}

function without(map: YamlMap, key: string): YamlMap {
  const out = Object.create(null) as Record<string, YamlValue>;
  for (const name of Object.keys(map)) if (name !== key) out[name] = map[name]!;
  return out;
}

/** The document's title for an error, else its place in the file. */
function titleOf(doc: YamlValue, index: number): string {
  const title = isMap(doc) ? get(doc, "title") : undefined;
  return typeof title === "string" && title.trim() !== "" ? title.trim() : `document ${index}`;
}

/** Rules referenced by a correlation without `generate: true` are shown only through it. */
function markReferenced(rules: SigmaRule[], correlations: SigmaCorrelation[]): void {
  const hidden = new Set<string>();
  for (const correlation of correlations) {
    if (!correlation.generate) for (const ref of correlation.rules) hidden.add(ref);
  }
  for (const rule of rules) {
    if (hidden.has(rule.id) || (rule.name !== null && hidden.has(rule.name))) rule.generate = false;
  }
}

/**
 * Compiles every rule of a Sigma YAML file. Never throws: the file's problems (too large, not
 * YAML) and each document's (unknown modifier, bad condition) are listed in `errors`.
 */
export function compileSigma(text: string, fileName: string): SigmaCompileResult {
  const rules: SigmaRule[] = [];
  const correlations: SigmaCorrelation[] = [];
  const errors: SigmaError[] = [];
  const loaded = loadYaml(text);
  for (const problem of loaded.errors) {
    const title = problem.index === null ? fileName : `document ${problem.index}`;
    errors.push({ file: fileName, title, reason: problem.reason });
  }
  let global: YamlMap | null = null;
  let previous: YamlMap | null = null;
  for (const { index, value } of loaded.documents) {
    try {
      if (!isMap(value)) {
        fail(
          `a Sigma rule is a YAML map; this document is ${isList(value) ? "a list" : `the text ${quote(String(value))}`}`,
        );
      }
      const action = get(value, "action");
      if (action === "global") {
        global = deepMerge(global ?? (Object.create(null) as YamlMap), without(value, "action"));
        continue;
      }
      if (action === "reset") {
        global = null;
        continue;
      }
      let doc = value;
      if (action === "repeat") {
        if (previous === null) fail("`action: repeat` with no rule before it");
        doc = deepMerge(previous, without(value, "action"));
      } else if (action !== undefined) {
        fail(`unknown action ${quote(String(action))} (global, reset, repeat)`);
      } else if (global !== null) {
        doc = deepMerge(global, value);
      }
      previous = doc;
      const meta = metaOf(doc, fileName, index);
      if (get(doc, "correlation") !== undefined) {
        correlations.push(compileCorrelation(doc, meta));
        continue;
      }
      const compiled = compileDetection(doc, meta);
      rules.push(...compiled.rules);
      if (compiled.correlation !== null) correlations.push(compiled.correlation);
    } catch (error) {
      // RuleError is the expected kind; anything else (a stack overflow on a hostile value) is
      // still this document's failure, not the file's.
      const reason = error instanceof RuleError ? error.message : `not compiled: ${String(error)}`;
      errors.push({ file: fileName, title: titleOf(value, index), reason });
    }
  }
  markReferenced(rules, correlations);
  return { rules, correlations, errors };
}
