// Building Exprs: nested and/or of the same kind flattened, one-item groups unwrapped, so that a
// compiled rule reads like the detection it came from (and compares equal in tests).
import type { Expr, Match } from "../ast";

export function term(field: string, match: Match): Expr {
  return { kind: "term", field, match };
}

function group(kind: "and" | "or", items: readonly Expr[]): Expr {
  const flat: Expr[] = [];
  for (const item of items) {
    if (item.kind === kind) flat.push(...item.items);
    else flat.push(item);
  }
  return flat.length === 1 ? flat[0]! : { kind, items: flat };
}

export function and(items: readonly Expr[]): Expr {
  return group("and", items);
}

export function or(items: readonly Expr[]): Expr {
  return group("or", items);
}

export function not(item: Expr): Expr {
  return { kind: "not", item };
}
