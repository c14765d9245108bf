// For tests only. A reference evaluator of Expr over one record, written apart from match.ts and
// record.ts on purpose (plain recursion, arrays materialised, its own wildcard and CIDR code) so
// that a fast evaluator can be checked against it: query/record.ts here, and the columnar
// evaluator in the store. `randomQueries` (./queries.ts) makes the queries to check with.
//
// Semantics, as in ast.ts:
//   - a path's values: arrays on the way and at the end looked into; a key matched exactly, else
//     the first key equal ignoring case; null and missing are no value; `principal` is
//     principalOf(userIdentity) ("" = no value)
//   - a value's text: strings as they are, numbers and booleans printed, objects as JSON
//   - a term holds when some value matches; `exists` needs a value that is not "" nor an empty
//     object; `null` holds when every value is an empty object (or there is none)
//   - a word is tested on the indexed columns' texts (ingest's text(), clipped, "" when missing)
import { text as columnText } from "../../ingest/fields";
import { principalOf } from "../../ingest/principal";
import type { Expr, Match } from "../ast";
import { COLUMN_PATHS, PRINCIPAL_PATH } from "../fields";

export { randomQueries } from "./queries";

type JsonObject = Record<string, unknown>;

function leaves(node: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => leaves(item, path));
  if (node === null || node === undefined) return [];
  if (path.length === 0) return [node];
  if (typeof node !== "object") return [];
  const object = node as JsonObject;
  const [head, ...rest] = path as [string, ...string[]];
  const key = Object.hasOwn(object, head)
    ? head
    : Object.keys(object).find((k) => k.toLowerCase() === head.toLowerCase());
  return key === undefined ? [] : leaves(object[key], rest);
}

/** The values of a field in a record, by the rules above. */
export function referenceValues(record: JsonObject, field: string): unknown[] {
  if (field === PRINCIPAL_PATH) {
    const principal = principalOf(record.userIdentity);
    return principal === "" ? [] : [principal];
  }
  return leaves(record, field.split("."));
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

// ---- wildcards: dynamic programming over (pattern position, text position) -------------------

type GlobToken = { kind: "star" } | { kind: "one" } | { kind: "char"; ch: string };

function globTokens(pattern: string, fold: boolean): GlobToken[] {
  const tokens: GlobToken[] = [];
  // UTF-16 units, as the evaluators count `?`.
  const chars = pattern.split("");
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\\" && ["*", "?", "\\"].includes(chars[i + 1] ?? "")) {
      tokens.push({ kind: "char", ch: chars[++i]! });
    } else if (c === "*") tokens.push({ kind: "star" });
    else if (c === "?") tokens.push({ kind: "one" });
    else {
      for (const ch of (fold ? c.toLowerCase() : c).split("")) tokens.push({ kind: "char", ch });
    }
  }
  return tokens;
}

// Memoised only to keep the property tests quick; the logic stays the plain one.
const globCache = new Map<string, GlobToken[]>();

export function referenceGlob(pattern: string, value: string, cased: boolean): boolean {
  const key = `${cased ? 1 : 0}${pattern}`;
  let tokens = globCache.get(key);
  if (tokens === undefined) {
    tokens = globTokens(pattern, !cased);
    globCache.set(key, tokens);
  }
  const text = cased ? value : value.toLowerCase();
  // row[j]: the tokens so far match text[0..j).
  let row = new Uint8Array(text.length + 1);
  let next = new Uint8Array(text.length + 1);
  row[0] = 1;
  for (const token of tokens) {
    next.fill(0);
    for (let j = 0; j <= text.length; j++) {
      if (token.kind === "star") next[j] = row[j]! || (j > 0 && next[j - 1]!) ? 1 : 0;
      else if (j > 0 && row[j - 1]) {
        next[j] = token.kind === "one" || token.ch === text[j - 1] ? 1 : 0;
      }
    }
    [row, next] = [next, row];
  }
  return row[text.length] === 1;
}

// ---- addresses as 128-bit integers -----------------------------------------------------------

function ipv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256))
    return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

/** An address as a 128-bit number, IPv4 as ::ffff:a.b.c.d; null if the text is none. */
export function referenceAddress(text: string): bigint | null {
  if (!text.includes(":")) {
    const v4 = ipv4(text);
    return v4 === null ? null : (0xffffn << 32n) | v4;
  }
  let body = text;
  let tail: bigint | null = null;
  if (text.includes(".")) {
    const cut = text.lastIndexOf(":");
    tail = ipv4(text.slice(cut + 1));
    if (tail === null) return null;
    body = text.slice(0, cut + 1);
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const wanted = tail === null ? 8 : 6;
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const all = [...head, ...rest];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  if (halves.length === 1 ? all.length !== wanted : all.length >= wanted) return null;
  const filled = [...head, ...Array<string>(wanted - all.length).fill("0"), ...rest];
  let value = filled.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
  if (tail !== null) value = (value << 32n) | tail;
  return value;
}

export function referenceCidr(cidr: string, value: string): boolean {
  const address = referenceAddress(value);
  if (address === null) return false;
  const [net, bits, extra] = cidr.split("/");
  if (extra !== undefined) return false;
  const network = referenceAddress(net!);
  if (network === null) return false;
  const v4 = !cidr.includes(":");
  let prefix = 128;
  if (bits !== undefined) {
    if (!/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > (v4 ? 32 : 128)) return false;
    prefix = Number(bits) + (v4 ? 96 : 0);
  }
  const shift = BigInt(128 - prefix);
  return network >> shift === address >> shift;
}

// ---- one match, one record -------------------------------------------------------------------

function isNumberText(text: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(Number(text));
}

const regexCache = new Map<string, RegExp>();

function matchesText(match: Match, text: string): boolean {
  const fold = (s: string): string => ("cased" in match && match.cased ? s : s.toLowerCase());
  switch (match.op) {
    case "eq":
      return fold(text) === fold(match.value);
    case "wildcard":
      return referenceGlob(match.pattern, text, match.cased);
    case "contains":
      return fold(text).includes(fold(match.value));
    case "startswith":
      return fold(text).startsWith(fold(match.value));
    case "endswith":
      return fold(text).endsWith(fold(match.value));
    case "re": {
      const key = `${match.flags}/${match.source}`;
      let re = regexCache.get(key);
      if (re === undefined) {
        re = new RegExp(match.source, match.flags);
        regexCache.set(key, re);
      }
      return re.test(text);
    }
    case "cidr":
      return referenceCidr(match.cidr, text);
    case "num": {
      if (!isNumberText(text)) return false;
      const n = Number(text);
      const v = match.value;
      return { lt: n < v, lte: n <= v, gt: n > v, gte: n >= v }[match.cmp];
    }
    default:
      throw new Error(`${match.op} is not a test of one text`);
  }
}

function termMatches(record: JsonObject, field: string, match: Match): boolean {
  const values = referenceValues(record, field);
  switch (match.op) {
    case "exists":
      return values.some((v) => v !== "" && !isEmptyObject(v));
    case "null":
      return values.every(isEmptyObject);
    case "fieldref": {
      const fold = (v: unknown): string => (match.cased ? textOf(v) : textOf(v).toLowerCase());
      const others = referenceValues(record, match.field)
        .map(fold)
        .filter((t) => t !== "");
      return values.some((v) => others.includes(fold(v)));
    }
    default:
      return values.some((v) => matchesText(match, textOf(v)));
  }
}

const columnCache = new WeakMap<JsonObject, string[]>();

/** The texts of the indexed columns of a record: what a bare word is tested on. */
export function referenceColumnTexts(record: JsonObject): string[] {
  const known = columnCache.get(record);
  if (known !== undefined) return known;
  const texts = Object.values(COLUMN_PATHS).map((path) => {
    if (path === PRINCIPAL_PATH) return columnText(principalOf(record.userIdentity));
    let node: unknown = record;
    for (const key of path.split(".")) {
      const object =
        typeof node === "object" && node !== null && !Array.isArray(node)
          ? (node as JsonObject)
          : null;
      node = object !== null && Object.keys(object).includes(key) ? object[key] : undefined;
    }
    return columnText(node);
  });
  columnCache.set(record, texts);
  return texts;
}

function isIdentifier(word: string): boolean {
  return (
    word.startsWith("arn:") ||
    /^(AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{12,}$/.test(word) ||
    referenceAddress(word) !== null
  );
}

function wordMatches(record: JsonObject, word: string): boolean {
  const texts = referenceColumnTexts(record);
  const wild = /(^|[^\\])(\\\\)*[*?]/.test(word);
  if (wild) return texts.some((t) => referenceGlob(word, t, false));
  const literal = word.replace(/\\([*?\\])/g, "$1");
  const lower = literal.toLowerCase();
  if (isIdentifier(literal)) return texts.some((t) => t.toLowerCase() === lower);
  return texts.some((t) => t.toLowerCase().includes(lower));
}

/** A term or a bare word: the leaves of an expression. */
export type Leaf = Extract<Expr, { kind: "term" | "word" }>;

/**
 * Whether `expr` holds, by the straightforward reading of ast.ts's AND, OR and NOT, given
 * whether each of its leaves holds.
 */
export function referenceHolds(expr: Expr, leaf: (leaf: Leaf) => boolean): boolean {
  switch (expr.kind) {
    case "all":
      return true;
    case "none":
      return false;
    case "not":
      return !referenceHolds(expr.item, leaf);
    case "and":
      return expr.items.every((item) => referenceHolds(item, leaf));
    case "or":
      return expr.items.some((item) => referenceHolds(item, leaf));
    case "term":
    case "word":
      return leaf(expr);
  }
}

/** Whether `expr` holds for `record`, by the straightforward reading of ast.ts. */
export function referenceMatch(expr: Expr, record: JsonObject): boolean {
  return referenceHolds(expr, (leaf) =>
    leaf.kind === "term"
      ? termMatches(record, leaf.field, leaf.match)
      : wordMatches(record, leaf.word),
  );
}
