// SQL text from attacker-controlled values: string literals, LIKE patterns, regular expressions
// and IPv4 networks. A value only ever reaches SQL inside a string literal made by `lit`.
import { RE2JS } from "re2js";
import { parseCidr } from "../ip";

/** What a translation gives: SQL text, or why the form cannot say it. */
export type Sql = { ok: true; sql: string } | { ok: false; reason: string };

export const sql = (text: string): Sql => ({ ok: true, sql: text });
export const refuse = (reason: string): Sql => ({ ok: false, reason });

/**
 * A SQL string literal: single quotes doubled, nothing else special (standard SQL, which DuckDB
 * and Trino follow: a backslash is an ordinary character). NUL cannot be in a SQL string.
 */
export function lit(value: string): string {
  return `'${value.replace(/\0/g, "\uFFFD").replace(/'/g, "''")}'`;
}

/** A list of literals for `IN (…)`. */
export function litList(values: readonly string[]): string {
  return values.map(lit).join(", ");
}

/** A value shown in a `--` comment: one line, printable, short. */
export function commentSafe(value: string): string {
  let flat = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    const control =
      code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    flat += control ? " " : ch;
  }
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/**
 * A wildcard pattern of the query language (`*` any run, `?` one character, `\*` `\?` `\\`
 * literal) as the body of a LIKE pattern with `\` as its escape character; folded to lower
 * case unless `cased`.
 */
export function likePattern(pattern: string, cased: boolean): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    let ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length && "*?\\".includes(pattern[i + 1]!)) {
      ch = pattern[++i]!;
    } else if (ch === "*") {
      out += "%";
      continue;
    } else if (ch === "?") {
      out += "_";
      continue;
    }
    const folded = cased ? ch : ch.toLowerCase();
    out += folded.replace(/[%_\\]/g, "\\$&");
  }
  return out;
}

/** A literal text as the body of a LIKE pattern that matches only itself (folded unless cased). */
export function likeLiteral(text: string, cased: boolean): string {
  return (cased ? text : text.toLowerCase()).replace(/[%_\\]/g, "\\$&");
}

/** Whether a wildcard pattern matches the empty text (only `*`s). */
export function matchesEmpty(pattern: string): boolean {
  return /^\**$/.test(pattern);
}

/** The app's regular expression (JavaScript syntax, flags "ims") as RE2 source with inline flags. */
export function re2Source(source: string, flags: string): string {
  const body = RE2JS.translateRegExp(source);
  return flags === "" ? body : `(?${[...new Set(flags)].sort().join("")})${body}`;
}

/** Strict dotted IPv4 as the app reads it: no leading zeros, each part at most 255. */
const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
export const IPV4_RE = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;

/** An IPv4 network as the inclusive range of its addresses as 32-bit numbers. */
export interface Ipv4Range {
  lo: number;
  hi: number;
}

/**
 * The IPv4 range of a CIDR of the query language, or a reason. IPv4 networks (and IPv4-mapped
 * IPv6 networks `::ffff:a.b.c.d/96..128`) are ranges; other IPv6 networks are refused.
 */
export function ipv4Range(cidr: string): Ipv4Range | string {
  const network = parseCidr(cidr);
  if (network === null) return `"${commentSafe(cidr)}" is not a network`;
  const { bytes, prefix } = network;
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (!mapped || prefix < 96) {
    return `the IPv6 network ${commentSafe(cidr)} cannot be matched in SQL the way the app matches it (IPv6 addresses have many spellings)`;
  }
  const bits = prefix - 96;
  const base = ((bytes[12]! << 24) | (bytes[13]! << 16) | (bytes[14]! << 8) | bytes[15]!) >>> 0;
  const size = 2 ** (32 - bits);
  const lo = Math.floor(base / size) * size;
  return { lo, hi: lo + size - 1 };
}

/** `numberOf` in match.ts as an anchored pattern (a decimal number, optional exponent). */
export const NUMBER_RE = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";

/** A canonical eventID UUID (the app compares those ignoring case, others exactly). */
export const UUID_RE =
  "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

/** A number as SQL text (integers exactly; others in JavaScript's shortest form). */
export function num(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 2 ** 53
    ? String(value)
    : value.toExponential();
}
