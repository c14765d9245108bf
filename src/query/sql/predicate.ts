// An Expr (../ast.ts) and the facet filters as a SQL condition, for any dialect that says how to
// read a column and a path. Semantics follow the app exactly where a form can; where it cannot,
// the translation refuses with the reason rather than say something else.
//
//   term on an indexed field ──▶ the column's text ('' when missing; '' never matches but `null`)
//   term on another path     ──▶ the dialect's leaves (any value matches; null when none is there)
//   bare word                ──▶ OR over every indexed column's text
import { DICT_FIELDS, type DictField } from "../../ingest/chunk";
import type { Expr, Match, Term } from "../ast";
import { columnOf } from "../fields";
import { wordPlan } from "../match";
import {
  IPV4_RE,
  NUMBER_RE,
  UUID_RE,
  commentSafe,
  ipv4Range,
  likeLiteral,
  likePattern,
  lit,
  litList,
  matchesEmpty,
  num,
  refuse,
  sql,
  type Sql,
} from "./text";
import type { SqlView } from "./types";

/** The values at a path that is no column, as one dialect reads them. */
export interface Leaves {
  /** True when some value's text (a SQL expression given to `test`) passes the test. */
  some(test: (text: string) => string): string;
  /** True when some value is neither "" nor an empty object (`exists`). */
  exists: string;
  /** True when some value is not an empty object (`null` is its negation). */
  present: string;
}

export interface Dialect {
  /** The form's name, for reasons ("CloudTrail Lake cannot …"). */
  name: string;
  /** An indexed column's text as the store keeps it: never NULL, '' when missing. */
  column(field: DictField): Sql;
  /** The values at a path that is no column, or why this form cannot read them as the app does. */
  path(path: string): Leaves | string;
  /** An unanchored search for the app's regular expression (JavaScript source, flags "ims"). */
  regex(text: string, source: string, flags: string): Sql;
  /** Whether `text` matches `re` (a plain pattern of ours) as a whole. */
  fullMatch(text: string, re: string): string;
  tryDouble(text: string): string;
  tryBigint(text: string): string;
  /** The record's eventID text, NULL or '' when it has none. */
  eventId: string;
  /** Records whose eventTime lies in [from, to) (ms; null: open). */
  time(from: number | null, to: number | null): string;
  /** Whole-record full-text search, when the form can read whole records. */
  fullText?(needle: string): Sql;
}

export const TRUE = "TRUE";
export const FALSE = "FALSE";

function join(op: "AND" | "OR", items: string[], empty: string): string {
  if (items.length === 0) return empty;
  if (items.length === 1) return items[0]!;
  return items.map((item) => `(${item})`).join(` ${op} `);
}

function guarded(text: string, test: string, guard: boolean): string {
  return guard ? `${text} <> '' AND ${test}` : test;
}

/**
 * The test of one text (never NULL) for a Match. `column`: the text is a column's, where ''
 * means missing and matches nothing but `null`; on a path's value "" is a text like any other.
 */
export function matchSql(d: Dialect, text: string, match: Match, column: boolean): Sql {
  const folded = (cased: boolean): string => (cased ? text : `lower(${text})`);
  const like = (pattern: string, cased: boolean, guard: boolean): Sql =>
    sql(guarded(text, `${folded(cased)} LIKE ${lit(pattern)} ESCAPE '\\'`, column && guard));
  switch (match.op) {
    case "exists":
      return sql(`${text} <> ''`);
    case "null":
      return sql(`${text} = ''`);
    case "eq":
      if (match.value === "") return sql(column ? FALSE : `${text} = ''`);
      return sql(
        match.cased
          ? `${text} = ${lit(match.value)}`
          : `lower(${text}) = ${lit(match.value.toLowerCase())}`,
      );
    case "wildcard":
      return like(
        likePattern(match.pattern, match.cased),
        match.cased,
        matchesEmpty(match.pattern),
      );
    case "contains":
      return like(`%${likeLiteral(match.value, match.cased)}%`, match.cased, match.value === "");
    case "startswith":
      return like(`${likeLiteral(match.value, match.cased)}%`, match.cased, match.value === "");
    case "endswith":
      return like(`%${likeLiteral(match.value, match.cased)}`, match.cased, match.value === "");
    case "re": {
      const re = d.regex(text, match.source, match.flags);
      return re.ok ? sql(guarded(text, re.sql, column)) : re;
    }
    case "cidr": {
      const range = ipv4Range(match.cidr);
      if (typeof range === "string") return refuse(range);
      // IPv4 as dotted text, or IPv4-mapped as `::ffff:a.b.c.d` (how dual-stack services log it).
      const v4 = `CASE WHEN lower(${text}) LIKE '::ffff:%' THEN substr(${text}, 8) ELSE ${text} END`;
      const part = (k: number): string => d.tryBigint(`split_part(${v4}, '.', ${k})`);
      const value = `${part(1)} * 16777216 + ${part(2)} * 65536 + ${part(3)} * 256 + ${part(4)}`;
      return sql(
        `CASE WHEN ${d.fullMatch(v4, IPV4_RE)} THEN coalesce(${value} BETWEEN ${range.lo} AND ${range.hi}, FALSE) ELSE FALSE END`,
      );
    }
    case "num": {
      const cmp = { lt: "<", lte: "<=", gt: ">", gte: ">=" }[match.cmp];
      return sql(
        `CASE WHEN ${d.fullMatch(text, NUMBER_RE)} THEN coalesce(${d.tryDouble(text)} ${cmp} ${num(match.value)}, FALSE) ELSE FALSE END`,
      );
    }
    case "fieldref":
      return refuse(`${d.name} cannot compare "${commentSafe(match.field)}" with another path`);
  }
}

function termSql(d: Dialect, term: Term): Sql {
  const { field, match } = term;
  if (field.toLowerCase() === "finding") {
    return refuse(
      "finding: terms keep the events the app's detections matched; SQL has no such rules",
    );
  }
  const column = columnOf(field);
  if (column !== null) {
    const x = d.column(column);
    if (!x.ok) return x;
    if (match.op === "fieldref") {
      const otherField = columnOf(match.field);
      if (otherField === null)
        return refuse(`the field reference to ${commentSafe(match.field)} needs a scan`);
      const y = d.column(otherField);
      if (!y.ok) return y;
      return sql(
        match.cased
          ? `${x.sql} <> '' AND ${x.sql} = ${y.sql}`
          : `${x.sql} <> '' AND lower(${x.sql}) = lower(${y.sql})`,
      );
    }
    return matchSql(d, x.sql, match, true);
  }
  if (field.toLowerCase() === "eventid" && match.op === "eq") {
    // The store compares eventIDs by key: a UUID's bits (any case), any other id exactly.
    const id = d.eventId;
    const v = match.value;
    const uuid = new RegExp(`^${UUID_RE}$`).test(v) && /[1-9a-f]/i.test(v);
    return sql(
      `coalesce(${id} <> '' AND ${uuid ? `lower(${id}) = ${lit(v.toLowerCase())}` : `${id} = ${lit(v)}`}, FALSE)`,
    );
  }
  if (match.op === "fieldref") {
    return refuse(
      `${d.name} cannot compare ${commentSafe(field)} with ${commentSafe(match.field)}`,
    );
  }
  const leaves = d.path(field);
  if (typeof leaves === "string") return refuse(leaves);
  if (match.op === "exists") return sql(leaves.exists);
  if (match.op === "null") return sql(`NOT (${leaves.present})`);
  const probe = matchSql(d, "v", match, false);
  if (!probe.ok) return probe;
  return sql(leaves.some((text) => (matchSql(d, text, match, false) as { sql: string }).sql));
}

function wordSql(d: Dialect, word: string): Sql {
  const plan = wordPlan(word);
  const tests: string[] = [];
  for (const field of DICT_FIELDS) {
    const x = d.column(field);
    if (!x.ok) return refuse(`a bare word looks into every indexed field, and ${x.reason}`);
    const lower = `lower(${x.sql})`;
    if (plan.kind === "equals") tests.push(`${lower} = ${lit(plan.value)}`);
    else {
      const pattern =
        plan.kind === "wildcard"
          ? likePattern(plan.pattern, false)
          : `%${likeLiteral(plan.value, false)}%`;
      const empty = plan.kind === "wildcard" ? matchesEmpty(plan.pattern) : plan.value === "";
      tests.push(guarded(x.sql, `${lower} LIKE ${lit(pattern)} ESCAPE '\\'`, empty));
    }
  }
  return sql(join("OR", tests, FALSE));
}

/** The query as a SQL condition, or the first reason a part of it cannot be said. */
export function exprSql(d: Dialect, expr: Expr): Sql {
  switch (expr.kind) {
    case "all":
      return sql(TRUE);
    case "none":
      return sql(FALSE);
    case "term":
      return termSql(d, expr);
    case "word":
      return wordSql(d, expr.word);
    case "not": {
      const inner = exprSql(d, expr.item);
      return inner.ok ? sql(`NOT (${inner.sql})`) : inner;
    }
    case "and":
    case "or": {
      const items: string[] = [];
      for (const item of expr.items) {
        const part = exprSql(d, item);
        if (!part.ok) return part;
        items.push(part.sql);
      }
      return sql(
        join(expr.kind === "and" ? "AND" : "OR", items, expr.kind === "and" ? TRUE : FALSE),
      );
    }
  }
}

/** Every condition of the view (facets, time, full text, query), one per item; or a reason. */
export function viewConditions(
  d: Dialect,
  view: SqlView,
): { ok: true; items: string[] } | { ok: false; reason: string } {
  const items: string[] = [];
  for (const field of DICT_FIELDS) {
    const include = view.include[field] ?? [];
    const exclude = view.exclude[field] ?? [];
    if (include.length === 0 && exclude.length === 0) continue;
    const x = d.column(field);
    if (!x.ok) return x;
    if (include.length > 0) items.push(`${x.sql} IN (${litList(include)})`);
    if (exclude.length > 0) items.push(`${x.sql} NOT IN (${litList(exclude)})`);
  }
  if (view.timeFrom !== null || view.timeTo !== null)
    items.push(d.time(view.timeFrom, view.timeTo));
  if (view.text !== undefined && view.text !== "") {
    if (d.fullText === undefined)
      return {
        ok: false,
        reason: `${d.name} cannot search whole records for text as "Search records" does`,
      };
    const text = d.fullText(view.text);
    if (!text.ok) return text;
    items.push(text.sql);
  }
  if (view.expr !== null && view.expr.kind !== "all") {
    const query = exprSql(d, view.expr);
    if (!query.ok) return query;
    items.push(query.sql);
  }
  return { ok: true, items };
}

/** Conditions as a WHERE body: one per line, indented. */
export function whereBody(items: readonly string[], indent = "  "): string {
  if (items.length === 0) return TRUE;
  return items.map((item) => (items.length === 1 ? item : `(${item})`)).join(`\n${indent}AND `);
}

/** The indexed fields the view reads: facets, group-by, query terms (a bare word reads them all). */
export function fieldsOf(view: SqlView): Set<DictField> {
  const used = new Set<DictField>(view.group);
  for (const field of DICT_FIELDS) {
    if ((view.include[field]?.length ?? 0) > 0 || (view.exclude[field]?.length ?? 0) > 0)
      used.add(field);
  }
  const visit = (expr: Expr): void => {
    switch (expr.kind) {
      case "and":
      case "or":
        expr.items.forEach(visit);
        return;
      case "not":
        visit(expr.item);
        return;
      case "word":
        for (const field of DICT_FIELDS) used.add(field);
        return;
      case "term": {
        const column = columnOf(expr.field);
        if (column !== null) used.add(column);
        if (expr.match.op === "fieldref") {
          const other = columnOf(expr.match.field);
          if (other !== null) used.add(other);
        }
        return;
      }
      default:
        return;
    }
  };
  if (view.expr !== null) visit(view.expr);
  return used;
}

/** A column's text for SELECT and GROUP BY (the view's conditions have checked it can be read). */
export function columnText(d: Dialect, field: DictField): string {
  const x = d.column(field);
  return x.ok ? x.sql : "''";
}
