// Expr → query text, to show a detection's or a Sigma rule's predicate in the words of the query
// box. What the syntax can say reads back through parseQuery to an equal Expr (up to flattening
// and `contains` becoming a wildcard); what it cannot (`cased`, `fieldref`) is shown, not parsed.
import type { Expr, Match, Term } from "./ast";
import { isAddressField } from "./ip";
import { escapeWildcard, hasWildcard, unescapeWildcard } from "./match";

const KEYWORDS = new Set(["AND", "OR", "NOT"]);

/** Characters that end or change an unquoted token. */
const SPECIAL = /[\s()"\\*?:]/;

/** A literal text as a quoted string. */
export function quoteText(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}

/** A value text as the query writes it after `field:` (quoted when it would read otherwise). */
export function valueText(value: string, field: string): string {
  const plain =
    value !== "" &&
    !SPECIAL.test(value) &&
    !/^[<>/]/.test(value) &&
    !(isAddressField(field) && value.includes("/"));
  return plain ? value : quoteText(value);
}

/**
 * A wildcard pattern as an unquoted token: the pattern's own escapes kept, characters that would
 * end the token or read as syntax escaped with a backslash.
 */
function patternToken(pattern: string, bare: boolean): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next === "*" || next === "?" || next === "\\") {
        out += `\\${next}`;
        i++;
      } else {
        out += "\\\\";
      }
    } else if (/[\s()"]/.test(ch) || (i === 0 && /[<>/]/.test(ch)) || (bare && ch === ":")) {
      out += `\\${ch}`;
    } else if (bare && i === 0 && (ch === "-" || ch === "!")) {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
  }
  // A lone `*` reads as `exists` after a field and as "every record" bare.
  if (out === "*") return "**";
  if (bare && KEYWORDS.has(out)) return `\\${out}`;
  return out;
}

function matchText(match: Match, field: string): string {
  switch (match.op) {
    case "exists":
      return "*";
    case "null":
      return "*"; // written as NOT field:* by termText
    case "eq":
      return valueText(match.value, field);
    case "wildcard":
      return hasWildcard(match.pattern)
        ? patternToken(match.pattern, false)
        : valueText(unescapeWildcard(match.pattern), field);
    case "contains":
      return patternToken(`*${escapeWildcard(match.value)}*`, false);
    case "startswith":
      return patternToken(`${escapeWildcard(match.value)}*`, false);
    case "endswith":
      return patternToken(`*${escapeWildcard(match.value)}`, false);
    case "re":
      return `/${match.source.replace(/\\.|\//g, (s) => (s === "/" ? "\\/" : s))}/${match.flags}`;
    case "cidr":
      return match.cidr.includes("/")
        ? match.cidr
        : `${match.cidr}/${match.cidr.includes(":") ? 128 : 32}`;
    case "num": {
      const op = { lt: "<", lte: "<=", gt: ">", gte: ">=" }[match.cmp];
      return `${op}${match.value}`;
    }
    case "fieldref":
      // No query syntax compares two fields; shown for reading only.
      return `\${${match.field}}`;
  }
}

function termText(term: Term): string {
  const text = `${term.field}:${matchText(term.match, term.field)}`;
  return term.match.op === "null" ? `NOT ${text}` : text;
}

function wordText(word: string): string {
  if (hasWildcard(word)) return patternToken(word, true);
  const literal = unescapeWildcard(word);
  const plain =
    literal !== "" && !SPECIAL.test(literal) && !/^[-!<>/]/.test(literal) && !KEYWORDS.has(literal);
  return plain ? literal : quoteText(literal);
}

type Place = "top" | "and" | "or" | "not";

function describe(expr: Expr, place: Place): string {
  switch (expr.kind) {
    case "all":
      return "*";
    case "none":
      return "NOT *";
    case "term":
      return termText(expr);
    case "word":
      return wordText(expr.word);
    case "not":
      return `NOT ${describe(expr.item, "not")}`;
    case "and": {
      if (expr.items.length === 0) return "*";
      if (expr.items.length === 1) return describe(expr.items[0]!, place);
      const text = expr.items.map((item) => describe(item, "and")).join(" AND ");
      return place === "not" || place === "or" ? `(${text})` : text;
    }
    case "or": {
      if (expr.items.length === 0) return "NOT *";
      if (expr.items.length === 1) return describe(expr.items[0]!, place);
      const text = expr.items.map((item) => describe(item, "or")).join(" OR ");
      return place === "not" || place === "and" ? `(${text})` : text;
    }
  }
}

/**
 * The canonical query text of an expression: AND inside OR parenthesised, keywords upper case,
 * values quoted only where needed. Reads back through parseQuery to an equal Expr for what the
 * syntax can say; `cased` is dropped and `fieldref` shown as `field:${other}`.
 */
export function describeExpr(expr: Expr): string {
  return describe(expr, "top");
}

/** Every term node of an expression, in order (a term under NOT included). */
export function termsOf(expr: Expr): Term[] {
  const terms: Term[] = [];
  const visit = (node: Expr): void => {
    if (node.kind === "term") terms.push(node);
    else if (node.kind === "not") visit(node.item);
    else if (node.kind === "and" || node.kind === "or") node.items.forEach(visit);
  };
  visit(expr);
  return terms;
}
