// Matchers for one value text, compiled from the plain-data Match of an Expr where they run (the
// record scan in workers, the column passes on the main thread). Every one of them is linear in
// the text: a query is typed by whoever investigates, but a Sigma rule may come from anywhere, and
// a backtracking pattern over a 4 KB user agent would freeze the page.
import { RE2JS } from "re2js";
import type { Match } from "./ast";
import { cidrContains, parseAddress, parseCidr } from "./ip";

/** A test of one value text. */
export type ValueTest = (value: string) => boolean;

// ---- wildcards ------------------------------------------------------------------------------

/** A run of a wildcard pattern between two `*`: literal characters, `?` marked in `any`. */
interface Piece {
  text: string;
  /** `any[i]`: position i is a `?` (null when the piece has none). */
  any: boolean[] | null;
}

/**
 * The runs of a pattern between its unescaped `*`s (a pattern without `*` is one run). `\*`, `\?`
 * and `\\` stand for the character; any other backslash is itself.
 */
function piecesOf(pattern: string, fold: boolean): Piece[] {
  const pieces: Piece[] = [];
  let text = "";
  let any: boolean[] | null = null;
  for (let i = 0; i < pattern.length; i++) {
    let ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length && "*?\\".includes(pattern[i + 1]!)) {
      ch = pattern[++i]!;
    } else if (ch === "*") {
      pieces.push({ text, any });
      text = "";
      any = null;
      continue;
    } else if (ch === "?") {
      any ??= Array.from({ length: text.length }, () => false);
      any.push(true);
      text += "?";
      continue;
    }
    const add = fold ? ch.toLowerCase() : ch;
    if (any !== null) for (let k = 0; k < add.length; k++) any.push(false);
    text += add;
  }
  pieces.push({ text, any });
  return pieces;
}

function pieceAt(piece: Piece, text: string, at: number): boolean {
  if (piece.any === null) return text.startsWith(piece.text, at);
  for (let i = 0; i < piece.text.length; i++) {
    if (!piece.any[i] && text.charCodeAt(at + i) !== piece.text.charCodeAt(i)) return false;
  }
  return true;
}

/** The first position ≥ from where the piece fits and ends by `end`, or -1. */
function findPiece(piece: Piece, text: string, from: number, end: number): number {
  const last = end - piece.text.length;
  if (piece.any === null) {
    const at = text.indexOf(piece.text, from);
    return at >= 0 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (pieceAt(piece, text, at)) return at;
  return -1;
}

/**
 * A wildcard test that never backtracks: the first and last runs are pinned to the ends, each
 * middle run taken at its leftmost fit (leaving the most room for the rest), so the cost is
 * O(text × pattern) whatever the pattern. Case folding is toLowerCase, as for eq and contains.
 */
export function compileWildcard(pattern: string, cased: boolean): ValueTest {
  const fold = !cased;
  const pieces = piecesOf(pattern, fold);
  const first = pieces[0]!;
  if (pieces.length === 1) {
    return (value) => {
      const text = fold ? value.toLowerCase() : value;
      return text.length === first.text.length && pieceAt(first, text, 0);
    };
  }
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  let least = 0;
  for (const piece of pieces) least += piece.text.length;
  return (value) => {
    const text = fold ? value.toLowerCase() : value;
    if (text.length < least) return false;
    const end = text.length - last.text.length;
    if (!pieceAt(first, text, 0) || !pieceAt(last, text, end)) return false;
    let at = first.text.length;
    for (const piece of middle) {
      const found = findPiece(piece, text, at, end);
      if (found < 0) return false;
      at = found + piece.text.length;
    }
    return true;
  };
}

/**
 * The same pattern as an anchored RegExp (every other character escaped, `s`, `i` unless cased),
 * for callers that need a RegExp. It backtracks on patterns with many `*`: match with
 * compileWildcard.
 */
export function wildcardRegExp(pattern: string, cased: boolean): RegExp {
  const source = piecesOf(pattern, false)
    .map((piece) => {
      let out = "";
      for (let i = 0; i < piece.text.length; i++) {
        out += piece.any?.[i] ? "." : piece.text[i]!.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
      }
      return out;
    })
    .join(".*");
  return new RegExp(`^${source}$`, cased ? "s" : "is");
}

/** Whether a pattern has an unescaped `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length && "*?\\".includes(pattern[i + 1]!)) i++;
    else if (ch === "*" || ch === "?") return true;
  }
  return false;
}

/** A pattern's literal text: `\*`, `\?`, `\\` as their character (for a pattern without wildcards). */
export function unescapeWildcard(pattern: string): string {
  return pattern.replace(/\\([*?\\])/g, "$1");
}

/** A literal text as a pattern that matches only itself. */
export function escapeWildcard(text: string): string {
  return text.replace(/[*?\\]/g, "\\$&");
}

/** The literal runs a pattern's matches must contain (between wildcards), folded when asked. */
export function wildcardLiterals(pattern: string, fold: boolean): string[] {
  const runs: string[] = [];
  for (const { text, any } of piecesOf(pattern, fold)) {
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || any?.[i]) {
        runs.push(text.slice(start, i));
        start = i + 1;
      }
    }
  }
  return runs.filter((run) => run !== "");
}

// ---- regular expressions --------------------------------------------------------------------

const RE_FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/**
 * An unanchored search with RE2 (linear time). Throws an Error naming the pattern when RE2 cannot
 * take it (backreferences, lookaround) or a flag is not one of "ims".
 */
export function compileRegex(source: string, flags: string): ValueTest {
  let bits = 0;
  for (const flag of flags) {
    const bit = RE_FLAGS[flag];
    if (bit === undefined)
      throw new Error(`regular expression /${source}/${flags}: unknown flag "${flag}"`);
    bits |= bit;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `regular expression /${source}/ is not supported: ${reason.replace(/^error parsing regexp: /, "")}`,
      { cause: error },
    );
  }
  return (value) => re.test(value);
}

// ---- numbers and identifiers ----------------------------------------------------------------

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a value text writes in decimal (`42`, `-1.5`, `2e3`), else NaN. */
export function numberOf(text: string): number {
  if (!NUMBER.test(text)) return NaN;
  const n = Number(text);
  return Number.isFinite(n) ? n : NaN;
}

const ACCESS_KEY = /^(AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{12,}$/;

/**
 * Whether a bare word names one thing (an IP address, an access key id, an ARN): such a word must
 * equal a field, since as a substring `10.0.0.1` would also find `10.0.0.10`.
 */
export function looksLikeIdentifier(word: string): boolean {
  return word.startsWith("arn:") || ACCESS_KEY.test(word) || parseAddress(word) !== null;
}

/** What a bare word asks of an indexed field's text. Values are lower case. */
export type WordPlan =
  | { kind: "wildcard"; pattern: string }
  | { kind: "equals"; value: string }
  | { kind: "contains"; value: string };

/**
 * The plan of a bare word (see Expr `word`): with an unescaped `*`/`?` a case-insensitive
 * wildcard, an identifier must equal the text, anything else is a substring. A word keeps `\*`,
 * `\?` and `\\` escaped (a quoted `"a*b"` is the word `a\*b`).
 */
export function wordPlan(word: string): WordPlan {
  if (hasWildcard(word)) return { kind: "wildcard", pattern: word };
  const literal = unescapeWildcard(word);
  if (looksLikeIdentifier(literal)) return { kind: "equals", value: literal.toLowerCase() };
  return { kind: "contains", value: literal.toLowerCase() };
}

/** The test of one indexed text for a bare word; a record matches when any of its texts does. */
export function compileWord(word: string): ValueTest {
  const plan = wordPlan(word);
  if (plan.kind === "wildcard") return compileWildcard(plan.pattern, false);
  const { value } = plan;
  if (plan.kind === "equals") return (text) => text.toLowerCase() === value;
  return (text) => text.toLowerCase().includes(value);
}

// ---- one Match ------------------------------------------------------------------------------

function compileUncached(match: Match): ValueTest {
  switch (match.op) {
    case "exists":
      return (value) => value !== "";
    case "null":
      return (value) => value === "";
    case "eq": {
      const wanted = match.value;
      if (match.cased) return (value) => value === wanted;
      const folded = wanted.toLowerCase();
      return (value) => value === wanted || value.toLowerCase() === folded;
    }
    case "wildcard":
      return compileWildcard(match.pattern, match.cased);
    case "contains": {
      const wanted = match.cased ? match.value : match.value.toLowerCase();
      if (match.cased) return (value) => value.includes(wanted);
      return (value) => value.toLowerCase().includes(wanted);
    }
    case "startswith": {
      const wanted = match.cased ? match.value : match.value.toLowerCase();
      if (match.cased) return (value) => value.startsWith(wanted);
      return (value) => value.toLowerCase().startsWith(wanted);
    }
    case "endswith": {
      const wanted = match.cased ? match.value : match.value.toLowerCase();
      if (match.cased) return (value) => value.endsWith(wanted);
      return (value) => value.toLowerCase().endsWith(wanted);
    }
    case "re":
      return compileRegex(match.source, match.flags);
    case "cidr": {
      const network = parseCidr(match.cidr);
      if (network === null) throw new Error(`invalid CIDR "${match.cidr}"`);
      return (value) => {
        const address = parseAddress(value);
        return address !== null && cidrContains(network, address);
      };
    }
    case "num": {
      const { cmp, value: bound } = match;
      return (value) => {
        const n = numberOf(value);
        if (Number.isNaN(n)) return false;
        return cmp === "lt"
          ? n < bound
          : cmp === "lte"
            ? n <= bound
            : cmp === "gt"
              ? n > bound
              : n >= bound;
      };
    }
    case "fieldref":
      throw new Error(`a fieldref match (to "${match.field}") compares two fields of a record`);
  }
}

// Rules and queries repeat the same few matches; a RE2 compile costs far more than a lookup.
const CACHE_LIMIT = 512;
const cache = new Map<string, ValueTest>();

/**
 * The test of one value text for a Match. `exists` holds for a non-empty text and `null` for the
 * empty one (a column's "" is a missing value); whether any or none of a record's values holds is
 * the caller's business (record.ts). Throws for an invalid `re` or `cidr`, and for `fieldref`,
 * which needs the record.
 */
export function compileMatch(match: Match): ValueTest {
  const key = JSON.stringify(match);
  const known = cache.get(key);
  if (known !== undefined) return known;
  const test = compileUncached(match);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, test);
  return test;
}
