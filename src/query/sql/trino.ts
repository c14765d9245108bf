// What Athena and CloudTrail Lake share: both run Trino SQL, with Java-style regular expressions.
import type { Expr } from "../ast";
import type { Dialect, Leaves } from "./predicate";
import type { IdentitySql } from "./principal";
import { lit, sql, type Sql } from "./text";

/** Values of one scalar field (NULL when missing). */
export function scalarLeaves(field: string): Leaves {
  return {
    some: (test) => `${field} IS NOT NULL AND ${test(field)}`,
    exists: `coalesce(${field}, '') <> ''`,
    present: `${field} IS NOT NULL`,
  };
}

/** The app's JavaScript regular expression with its flags inline, for regexp_like. */
export function javaRegex(text: string, source: string, flags: string): Sql {
  const inline = flags === "" ? "" : `(?${[...new Set(flags)].sort().join("")})`;
  return sql(`regexp_like(${text}, ${lit(inline + source)})`);
}

export const trinoFunctions: Pick<Dialect, "regex" | "fullMatch" | "tryDouble" | "tryBigint"> = {
  regex: javaRegex,
  fullMatch: (text, re) => `regexp_like(${text}, ${lit(`^${re}$`)})`,
  tryDouble: (text) => `try_cast(${text} AS double)`,
  tryBigint: (text) => `try_cast(${text} AS bigint)`,
};

/** The last path segment of an ARN expression (see principal.ts). */
export function lastSegment(arn: string): string {
  return `CASE WHEN strpos(${arn}, '/') > 0 THEN coalesce(regexp_extract(${arn}, '[^/]*$'), '') ELSE coalesce(regexp_extract(${arn}, '[^:]*$'), '') END`;
}

/** The userIdentity fields of a Trino struct column named `ui` (case as the form spells it). */
export function identityOf(
  ui: string,
  names: Record<keyof Omit<IdentitySql, "lastSegment">, string>,
): IdentitySql {
  const field = (name: string): string => `coalesce(${ui}.${name}, '')`;
  return {
    type: field(names.type),
    arn: field(names.arn),
    principalId: field(names.principalId),
    userName: field(names.userName),
    accountId: field(names.accountId),
    invokedBy: field(names.invokedBy),
    issuerUserName: field(names.issuerUserName),
    onBehalfOfUserId: field(names.onBehalfOfUserId),
    lastSegment,
  };
}

/** Whether the query holds a regular expression (they run as Java patterns here, RE2 in the app). */
export function hasRegex(expr: Expr | null): boolean {
  if (expr === null) return false;
  switch (expr.kind) {
    case "and":
    case "or":
      return expr.items.some(hasRegex);
    case "not":
      return hasRegex(expr.item);
    case "term":
      return expr.match.op === "re";
    default:
      return false;
  }
}

export const REGEX_NOTE = [
  "-- Note: regexp_like runs Java-style regular expressions; the app runs RE2. They agree on",
  "-- ordinary patterns; they differ on $ before a final line break (Java matches there),",
  "-- lookaround and backreferences (Java only) and \\p{…} class names.",
];

/** An ISO 8601 instant of ms since epoch. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
