// The one predicate form that a typed query, a Sigma rule and a built-in detection compile to.
//
//   query text ──parseQuery──▶ Expr ──▶ columns (store/queryEval.ts, typed-array passes)
//   Sigma YAML ──compileSigma─┘      └──▶ nested paths (query/record.ts, in the workers)
//
// An Expr is plain data (no functions, no RegExp objects), so it crosses the worker boundary by
// structured clone and serves as a cache key (`exprKey`). Matchers are compiled from it where they
// run (query/match.ts).

/** How a field's value is tested. Every string comparison is case-insensitive unless `cased`. */
export type Match =
  /** Present, not null, not "" (an empty array or object counts as absent). */
  | { op: "exists" }
  /** Missing or null: Sigma's `field: null`. */
  | { op: "null" }
  /** Equal to `value`. */
  | { op: "eq"; value: string; cased: boolean }
  /** `*` (any run) and `?` (one character) anywhere; `\*`, `\?` and `\\` are literal. */
  | { op: "wildcard"; pattern: string; cased: boolean }
  | { op: "contains"; value: string; cased: boolean }
  | { op: "startswith"; value: string; cased: boolean }
  | { op: "endswith"; value: string; cased: boolean }
  /** A regular expression (JavaScript syntax, Sigma's `re`); `flags` from "ims". */
  | { op: "re"; source: string; flags: string }
  /** An IPv4 or IPv6 network, `10.0.0.0/8`, `2001:db8::/32`; a bare address is a /32 or /128. */
  | { op: "cidr"; cidr: string }
  /** A number compared with `value` (values that are not numbers never match). */
  | { op: "num"; cmp: "lt" | "lte" | "gt" | "gte"; value: number }
  /** Equal to the value of another field of the same record (Sigma's `fieldref`). */
  | { op: "fieldref"; field: string; cased: boolean };

export type Expr =
  | { kind: "and"; items: Expr[] }
  | { kind: "or"; items: Expr[] }
  | { kind: "not"; item: Expr }
  /**
   * `field` is a dotted path into the record (`userIdentity.sessionContext.sessionIssuer.arn`),
   * aliases already resolved to their canonical path (`ip` → `sourceIPAddress`). Arrays on the way
   * are looked into: the term holds when any element's value matches.
   */
  | { kind: "term"; field: string; match: Match }
  /**
   * A bare word: a case-insensitive substring of some indexed field; with `*`/`?` a wildcard over
   * the indexed fields; a word that looks like an IP address, an access key id or an ARN must
   * equal an indexed field's value (case-insensitive).
   */
  | { kind: "word"; word: string }
  /** Every record (the empty query). */
  | { kind: "all" }
  /** No record. */
  | { kind: "none" };

export type Term = Extract<Expr, { kind: "term" }>;

/** A stable text for an expression: equal expressions give equal keys (cache keys). */
export function exprKey(expr: Expr): string {
  return JSON.stringify(expr);
}
