// Query text → Expr: a Kibana/Lucene-like syntax (see README.md for the grammar).
//
//   eventName:Delete* AND NOT errorCode:* OR (ip:10.0.0.0/8 -region:us-east-1) "access denied"
//
// A recursive descent over the characters rather than over a token list: what a token is depends
// on where it stands (after `field:` a value runs to the next space, colons and all, so an IPv6
// address or an ARN needs no quotes; a `(` there opens a group of values for that field).
import type { Expr, Match } from "./ast";
import { canonicalPath } from "./fields";
import { isAddressField, parseCidr } from "./ip";
import { compileRegex, escapeWildcard, numberOf } from "./match";

export { describeExpr, termsOf } from "./describe";

export type ParseResult = { ok: true; expr: Expr } | { ok: false; message: string; at: number };

/** A field name as a query may write it; anything else before a `:` makes the token a word. */
export const FIELD_NAME = /^[A-Za-z_$@][\w$@.-]*$/;
const FIELD_CHAR = /[\w$@.-]/;
/** An ARN written bare is a word, not the field `arn` (userIdentity.arn) with value `aws:…`. */
const BARE_ARN = /^arn:aws[a-z-]*:/i;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
/** Parentheses and NOTs nest at most this deep: deeper is a hostile paste, not a query. */
const MAX_DEPTH = 200;

class ParseError extends Error {
  constructor(
    readonly why: string,
    readonly at: number,
  ) {
    super(`${why} at ${at}`);
  }
}

/** Inside `field:( … )`: every token there is a value of that field. */
interface FieldContext {
  field: string;
  /** The name as typed, for messages. */
  name: string;
}

interface Unquoted {
  /** The text with escapes resolved. */
  literal: string;
  /** The text as a wildcard pattern: `\*`, `\?`, `\\` kept escaped, other escapes resolved. */
  pattern: string;
  /** Whether an unescaped `*` or `?` occurs. */
  wildcard: boolean;
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** Where an unquoted token ends. */
function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || ch === "(" || ch === ")" || isSpace(ch);
}

function combine(kind: "and" | "or", items: Expr[]): Expr {
  if (items.length === 1) return items[0]!;
  const flat: Expr[] = [];
  for (const item of items) {
    if (item.kind === kind) flat.push(...item.items);
    else flat.push(item);
  }
  return { kind, items: flat };
}

function negate(item: Expr): Expr {
  if (item.kind === "all") return { kind: "none" };
  if (item.kind === "none") return { kind: "all" };
  return { kind: "not", item };
}

/** An IPv4- or IPv6-looking text with a `/`: on an address field it must be a valid CIDR. */
function meantAsCidr(value: string): boolean {
  const slash = value.indexOf("/");
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  return /^\d+(?:\.\d+)+$/.test(address) || /^[0-9a-f.]*:[0-9a-f:.]*$/i.test(address);
}

class Parser {
  pos = 0;
  depth = 0;

  constructor(readonly text: string) {}

  fail(why: string, at: number): never {
    throw new ParseError(why, at);
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  keywordAt(word: string): boolean {
    return (
      this.text.startsWith(word, this.pos) && isBoundaryOrQuote(this.text[this.pos + word.length])
    );
  }

  /** AND / OR at the position, as typed, or null. */
  binaryAt(): { kind: "and" | "or"; name: string } | null {
    if (this.text.startsWith("&&", this.pos)) return { kind: "and", name: "&&" };
    if (this.text.startsWith("||", this.pos)) return { kind: "or", name: "||" };
    if (this.keywordAt("AND")) return { kind: "and", name: "AND" };
    if (this.keywordAt("OR")) return { kind: "or", name: "OR" };
    return null;
  }

  unaryAt(): string | null {
    const ch = this.peek();
    if (ch === "!" || ch === "-") return ch;
    return this.keywordAt("NOT") ? "NOT" : null;
  }

  /** After an operator: a term must follow. */
  expectTerm(operator: string): void {
    this.skipSpace();
    const ch = this.peek();
    if (ch === undefined || ch === ")") this.fail(`missing term after "${operator}"`, this.pos);
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail("query nested too deeply", this.pos);
  }

  parseOr(ctx: FieldContext | null): Expr {
    const items = [this.parseAnd(ctx)];
    for (;;) {
      this.skipSpace();
      const op = this.binaryAt();
      if (op?.kind !== "or") break;
      this.pos += op.name.length;
      this.expectTerm(op.name);
      items.push(this.parseAnd(ctx));
    }
    return combine("or", items);
  }

  parseAnd(ctx: FieldContext | null): Expr {
    const items = [this.parseUnary(ctx)];
    for (;;) {
      this.skipSpace();
      const ch = this.peek();
      if (ch === undefined || ch === ")") break;
      const op = this.binaryAt();
      if (op?.kind === "or") break;
      if (op?.kind === "and") {
        this.pos += op.name.length;
        this.expectTerm(op.name);
      }
      items.push(this.parseUnary(ctx));
    }
    return combine("and", items);
  }

  parseUnary(ctx: FieldContext | null): Expr {
    this.skipSpace();
    const op = this.unaryAt();
    if (op === null) return this.parsePrimary(ctx);
    this.pos += op.length;
    this.expectTerm(op);
    this.enter();
    const item = this.parseUnary(ctx);
    this.depth--;
    return negate(item);
  }

  parsePrimary(ctx: FieldContext | null): Expr {
    const ch = this.peek();
    if (ch === "(") return this.parseGroup(ctx);
    if (ch === ")") this.fail('unexpected ")"', this.pos);
    const op = this.binaryAt();
    if (op !== null) this.fail(`unexpected "${op.name}"`, this.pos);
    return ctx === null ? this.parseTerm() : this.parseValue(ctx);
  }

  parseGroup(ctx: FieldContext | null): Expr {
    const open = this.pos++;
    this.enter();
    const expr = this.parseOr(ctx);
    this.depth--;
    this.skipSpace();
    if (this.peek() !== ")") this.fail('missing ")" for "("', open);
    this.pos++;
    return expr;
  }

  /** A term outside a field group: `field:value`, a bare word, a quoted phrase. */
  parseTerm(): Expr {
    const start = this.pos;
    if (this.peek() === '"') return { kind: "word", word: escapeWildcard(this.readQuoted()) };
    let end = start;
    while (end < this.text.length && FIELD_CHAR.test(this.text[end]!)) end++;
    const name = this.text.slice(start, end);
    if (
      this.text[end] === ":" &&
      FIELD_NAME.test(name) &&
      !isBareIdentifier(name, this.peekToken())
    ) {
      this.pos = end + 1;
      const ch = this.peek();
      if (ch === undefined || ch === ")" || isSpace(ch))
        this.fail(`missing value after "${name}:"`, this.pos);
      const ctx = { field: canonicalPath(name), name };
      return ch === "(" ? this.parseGroup(ctx) : this.parseValue(ctx);
    }
    const token = this.readUnquoted();
    if (token.pattern === "*" || token.pattern === "*:*") return { kind: "all" };
    return { kind: "word", word: token.pattern };
  }

  /** The unquoted token at the position, without moving past it. */
  peekToken(): string {
    const start = this.pos;
    const token = this.readUnquoted().literal;
    this.pos = start;
    return token;
  }

  /** One value of `ctx.field`, at a character that is no space, paren or operator. */
  parseValue(ctx: FieldContext): Expr {
    const start = this.pos;
    const ch = this.peek();
    const term = (match: Match): Expr => ({ kind: "term", field: ctx.field, match });
    if (ch === '"') return term({ op: "eq", value: this.readQuoted(), cased: false });
    if (ch === "/") {
      const re = this.readRegex();
      if (re !== null) return term(re);
    }
    if (ch === ">" || ch === "<") {
      const orEqual = this.text[start + 1] === "=";
      const op = orEqual ? `${ch}=` : ch;
      this.pos += op.length;
      const literal = this.readUnquoted().literal;
      const value = numberOf(literal);
      if (literal === "") this.fail(`missing number after "${op}"`, start + op.length);
      if (Number.isNaN(value)) this.fail(`invalid number "${literal}"`, start + op.length);
      const cmp = ch === ">" ? (orEqual ? "gte" : "gt") : orEqual ? "lte" : "lt";
      return term({ op: "num", cmp, value });
    }
    const token = this.readUnquoted();
    if (token.pattern === "*") return term({ op: "exists" });
    if (token.wildcard) return term({ op: "wildcard", pattern: token.pattern, cased: false });
    if (isAddressField(ctx.field) && meantAsCidr(token.literal)) {
      if (parseCidr(token.literal) === null) this.fail(`invalid CIDR "${token.literal}"`, start);
      return term({ op: "cidr", cidr: token.literal });
    }
    return term({ op: "eq", value: token.literal, cased: false });
  }

  /** `"…"` with `\"` and `\\` escaped (any other backslash is itself). */
  readQuoted(): string {
    const start = this.pos++;
    let value = "";
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail("unterminated quote", start);
      const next = this.text[this.pos + 1];
      if (ch === "\\" && (next === '"' || next === "\\")) {
        value += next;
        this.pos += 2;
      } else if (ch === '"') {
        this.pos++;
        return value;
      } else {
        value += ch;
        this.pos++;
      }
    }
  }

  /** A token up to a space or paren; a backslash takes the next character literally. */
  readUnquoted(): Unquoted {
    let literal = "";
    let pattern = "";
    let wildcard = false;
    while (!isBoundary(this.text[this.pos])) {
      const ch = this.text[this.pos]!;
      if (ch === "\\") {
        const next = this.text[this.pos + 1];
        if (next === undefined) {
          literal += "\\";
          pattern += "\\\\";
          this.pos++;
        } else {
          literal += next;
          pattern += next === "*" || next === "?" || next === "\\" ? `\\${next}` : next;
          this.pos += 2;
        }
        continue;
      }
      if (ch === "*" || ch === "?") wildcard = true;
      literal += ch;
      pattern += ch;
      this.pos++;
    }
    return { literal, pattern, wildcard };
  }

  /**
   * `/source/flags` (flags from "ims") ending at a boundary, or null when the text is no such
   * thing (`/aws/lambda/x` is a plain value). `/` inside is written `\/`.
   */
  readRegex(): Match | null {
    const start = this.pos;
    let close = start + 1;
    while (close < this.text.length && this.text[close] !== "/") {
      close += this.text[close] === "\\" ? 2 : 1;
    }
    if (close >= this.text.length) return null;
    let end = close + 1;
    while (end < this.text.length && "ims".includes(this.text[end]!)) end++;
    if (!isBoundary(this.text[end])) return null;
    const source = this.text.slice(start + 1, close);
    const flags = this.text.slice(close + 1, end);
    try {
      compileRegex(source, flags);
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error), start);
    }
    this.pos = end;
    return { op: "re", source, flags };
  }
}

/**
 * Whether a token `name:…` is a bare ARN (`arn:aws:iam::…`) or IPv6 address (`fe80::1`) rather
 * than a term on the field `name`.
 */
export function isBareIdentifier(name: string, token: string): boolean {
  return BARE_ARN.test(token) || (HEX_GROUP.test(name) && parseCidr(token) !== null);
}

function isBoundaryOrQuote(ch: string | undefined): boolean {
  return ch === '"' || isBoundary(ch);
}

/**
 * Parses a query. An empty query is `{kind: "all"}`; errors give the 0-based position of the
 * problem, both in `message` ("… at 12") and as `at`.
 */
export function parseQuery(text: string): ParseResult {
  const parser = new Parser(text);
  try {
    parser.skipSpace();
    if (parser.peek() === undefined) return { ok: true, expr: { kind: "all" } };
    const expr = parser.parseOr(null);
    parser.skipSpace();
    if (parser.peek() !== undefined) parser.fail('unexpected ")"', parser.pos);
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, message: error.message, at: error.at };
    throw error;
  }
}
