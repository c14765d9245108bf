// A Sigma `condition` → Expr over the compiled selections. Grammar (Sigma spec v2), loosest first:
//
//   or    := and ("or" and)*
//   and   := not ("and" not)*
//   not   := "not" not | atom
//   atom  := "(" or ")" | ("1" | "all") "of" (pattern | "them") | name
//
// `pattern` is a selection name with `*` wildcards; `them` is every selection whose name does not
// start with `_`. Keywords are read case-insensitively, names exactly. The legacy aggregation
// after a `|` is split off before (legacy.ts).
import type { Expr } from "../ast";
import { compileWildcard } from "../match";
import { fail, quote } from "./errors";
import { and, not, or } from "./exprs";

/** Parentheses and `not`s nest at most this deep: deeper is a hostile file, not a rule. */
const MAX_DEPTH = 64;
const MAX_CONDITION_CHARS = 10_000;

const KEYWORDS = new Set(["and", "or", "not", "of", "them", "all", "1", "(", ")"]);

function tokenize(text: string): string[] {
  return text.match(/[()]|[^\s()]+/g) ?? [];
}

class ConditionParser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly tokens: string[],
    private readonly selections: ReadonlyMap<string, Expr>,
  ) {}

  parse(): Expr {
    if (this.tokens.length === 0) fail("the condition is empty");
    const expr = this.or();
    if (this.at < this.tokens.length)
      fail(`unexpected ${quote(this.tokens[this.at]!)} in the condition`);
    return expr;
  }

  private peek(): string | undefined {
    const token = this.tokens[this.at];
    return token === undefined ? undefined : token.toLowerCase();
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) fail(`the condition nests deeper than ${MAX_DEPTH} levels`);
  }

  private or(): Expr {
    const items = [this.and()];
    while (this.peek() === "or") {
      this.at++;
      items.push(this.and());
    }
    return or(items);
  }

  private and(): Expr {
    const items = [this.not()];
    while (this.peek() === "and") {
      this.at++;
      items.push(this.not());
    }
    return and(items);
  }

  private not(): Expr {
    if (this.peek() !== "not") return this.atom();
    this.at++;
    this.enter();
    const item = not(this.not());
    this.depth--;
    return item;
  }

  private atom(): Expr {
    const raw = this.tokens[this.at];
    if (raw === undefined) fail("the condition ends too early");
    const token = raw.toLowerCase();
    if (token === "(") {
      this.at++;
      this.enter();
      const inner = this.or();
      this.depth--;
      if (this.peek() !== ")") fail("a parenthesis of the condition is not closed");
      this.at++;
      return inner;
    }
    if (this.tokens[this.at + 1]?.toLowerCase() === "of") {
      this.at += 2;
      return this.quantified(raw);
    }
    if (KEYWORDS.has(token)) fail(`unexpected ${quote(raw)} in the condition`);
    this.at++;
    const selection = this.selections.get(raw);
    if (selection === undefined)
      fail(`the condition names ${quote(raw)}, which is not a selection`);
    return selection;
  }

  private quantified(count: string): Expr {
    const quantity = count.toLowerCase();
    if (quantity !== "1" && quantity !== "all") {
      fail(`${quote(`${count} of`)}: only "1 of" and "all of" are supported`);
    }
    const target = this.tokens[this.at];
    if (target === undefined || target === "(" || target === ")")
      fail(`"${count} of" needs a name or "them"`);
    this.at++;
    let names: string[];
    if (target.toLowerCase() === "them") {
      names = [...this.selections.keys()].filter((name) => !name.startsWith("_"));
    } else {
      const test = compileWildcard(target, true);
      names = [...this.selections.keys()].filter((name) => test(name));
    }
    if (names.length === 0) fail(`${quote(`${count} of ${target}`)} matches no selection`);
    const items = names.map((name) => this.selections.get(name)!);
    return quantity === "all" ? and(items) : or(items);
  }
}

/** The condition's Expr; `selections` in the order the detection defines them. */
export function conditionExpr(text: string, selections: ReadonlyMap<string, Expr>): Expr {
  if (text.length > MAX_CONDITION_CHARS)
    fail(`the condition is longer than ${MAX_CONDITION_CHARS} characters`);
  return new ConditionParser(tokenize(text), selections).parse();
}
