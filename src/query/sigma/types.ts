// What compiling a Sigma file yields: plain data (no functions, no RegExp objects), so rules cross
// the worker boundary by structured clone like the Expr they carry.
import type { Expr } from "../ast";

export type SigmaLevel = "informational" | "low" | "medium" | "high" | "critical";

/** The rule's `logsource`, as written (only string entries are kept). */
export type SigmaLogsource = Readonly<Record<string, string>>;

/** Metadata common to single-event rules and correlations. */
export interface SigmaMeta {
  /** The rule's `id`, else `<file>#<document number>` (collections may omit ids). */
  id: string;
  /** The rule's `name` (what correlations may reference besides the id), or null. */
  name: string | null;
  title: string;
  description: string;
  /** As written (`stable`, `test`, `experimental`, `unsupported`, …), "" when absent. */
  status: string;
  /** Missing or unknown levels read as "medium". */
  level: SigmaLevel;
  author: string;
  date: string;
  modified: string;
  references: string[];
  tags: string[];
  /** ATT&CK tactic short names from `attack.<tactic>` tags (`_` written as `-`). */
  tactics: string[];
  /** ATT&CK technique ids from `attack.tNNNN[.NNN]` tags, upper case. */
  techniques: string[];
  falsepositives: string[];
  /** The fields the rule suggests showing (`fields:`), as record paths. */
  fields: string[];
  /** The rule's own `license:`, else "DRL-1.1" (SigmaHQ's Detection Rule License). */
  license: string;
  /** Where the license text is (DRL 1.1 asks for a link to it), "" for other licenses. */
  licenseLink: string;
  /**
   * Where the rule comes from, for attribution: with no `license:` of its own the rule is taken
   * as SigmaHQ's (`https://github.com/SigmaHQ/sigma`); otherwise its first reference, else "".
   */
  link: string;
  /** The file name given to compileSigma. */
  file: string;
  logsource: SigmaLogsource;
}

/** A single-event rule: a record matches when `expr` holds for it. */
export interface SigmaRule extends SigmaMeta {
  kind: "rule";
  expr: Expr;
  /**
   * Whether the rule's matches are shown on their own. False for a rule that a correlation of the
   * same file references without `generate: true`, and for the base rules of a legacy
   * aggregation (`| count()`, `| near`): they exist to feed the correlation.
   */
  generate: boolean;
}

export type CorrelationType = "event_count" | "value_count" | "temporal" | "temporal_ordered";

export type CountOp = "gt" | "gte" | "lt" | "lte" | "eq" | "neq";

/** One comparison of a window's count; a condition's bounds must all hold. */
export interface CountBound {
  op: CountOp;
  value: number;
}

export interface CorrelationCondition {
  /** value_count: the field whose distinct values are counted (a record path). */
  field: string | null;
  bounds: CountBound[];
}

/**
 * A rule over sets of rows: the rows of the referenced rules, grouped by the `groupBy` fields'
 * values, counted in windows of `timespanMs` (see evaluate.ts for what is counted per type).
 */
export interface SigmaCorrelation extends SigmaMeta {
  kind: "correlation";
  type: CorrelationType;
  /** The referenced rules' ids or names, as written, in order (the order temporal_ordered needs). */
  rules: string[];
  /** Record paths whose values together make the group key; empty: one group. */
  groupBy: string[];
  /**
   * Sigma's `aliases`: a group-by name that stands for a different field per rule
   * (alias → rule id or name → record path).
   */
  aliases: Record<string, Record<string, string>>;
  /** The window as written (`5m`), and in milliseconds. */
  timespan: string;
  timespanMs: number;
  /**
   * What a window's count must satisfy. event_count: rows; value_count: distinct `field` values;
   * temporal: distinct referenced rules seen (without a written condition, all of them).
   * temporal_ordered asks for all of them in order (evaluate.ts).
   */
  condition: CorrelationCondition;
  /** Sigma's `generate`: whether the referenced rules' own matches are shown too. */
  generate: boolean;
}

export interface SigmaError {
  file: string;
  /** The rule's title when it could be read, else a description of the document. */
  title: string;
  reason: string;
}

export interface SigmaCompileResult {
  rules: SigmaRule[];
  correlations: SigmaCorrelation[];
  errors: SigmaError[];
}
