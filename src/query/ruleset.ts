// Detection rules evaluated during a load, in the workers: each record is tested against the
// rules that can match it, and the matches come back as (rule, row) pairs with the chunk. A rule
// that names its eventName values (most do) is tried only on records with one of them.
import type { RecordMatcher } from "../ingest/parse";
import type { Expr } from "./ast";
import { compileRecordPredicate, type RecordPredicate } from "./record";

/** The rules a load evaluates: `key` names the set, so a worker compiles it once. */
export interface RuleSet {
  key: string;
  exprs: Expr[];
}

/**
 * The eventName values (lower case) a record must have one of for `expr` to hold, or null when
 * `expr` does not say.
 */
export function requiredEventNames(expr: Expr): Set<string> | null {
  switch (expr.kind) {
    case "term": {
      if (expr.field !== "eventName") return null;
      const { match } = expr;
      return match.op === "eq" ? new Set([match.value.toLowerCase()]) : null;
    }
    case "and": {
      for (const item of expr.items) {
        const names = requiredEventNames(item);
        if (names !== null) return names;
      }
      return null;
    }
    case "or": {
      const union = new Set<string>();
      for (const item of expr.items) {
        const names = requiredEventNames(item);
        if (names === null) return null;
        for (const name of names) union.add(name);
      }
      return union;
    }
    case "none":
      return new Set();
    default:
      return null;
  }
}

interface Compiled {
  /** Rules by the lower-cased eventName they need. */
  byName: Map<string, number[]>;
  /** Rules that may match any record. */
  always: number[];
  predicates: (RecordPredicate | null)[];
}

function compileSet(exprs: readonly Expr[]): Compiled {
  const byName = new Map<string, number[]>();
  const always: number[] = [];
  const predicates = exprs.map((expr): RecordPredicate | null => {
    try {
      return compileRecordPredicate(expr);
    } catch {
      // Checked when the rule was loaded; one that still cannot run matches nothing.
      return null;
    }
  });
  exprs.forEach((expr, index) => {
    if (predicates[index] === null) return;
    const names = requiredEventNames(expr);
    if (names === null) {
      always.push(index);
      return;
    }
    for (const name of names) {
      const list = byName.get(name);
      if (list === undefined) byName.set(name, [index]);
      else list.push(index);
    }
  });
  return { byName, always, predicates };
}

let cached: { key: string; compiled: Compiled } | null = null;

/**
 * A matcher for one parse: collects (rule index, chunk row) pairs. The compiled rules are kept
 * per worker for the set's key.
 */
export function ruleMatcher(set: RuleSet): RecordMatcher & { pairs(): Uint32Array } {
  if (cached === null || cached.key !== set.key)
    cached = { key: set.key, compiled: compileSet(set.exprs) };
  const { byName, always, predicates } = cached.compiled;
  let pairs = new Uint32Array(256);
  let length = 0;
  let lastName: unknown = undefined;
  let lastList: number[] | undefined = undefined;
  const push = (rule: number, row: number) => {
    if (length + 2 > pairs.length) {
      const grown = new Uint32Array(pairs.length * 2);
      grown.set(pairs);
      pairs = grown;
    }
    pairs[length++] = rule;
    pairs[length++] = row;
  };
  return {
    match(record, row) {
      const name = record.eventName;
      if (name !== lastName) {
        lastName = name;
        lastList =
          typeof name === "string"
            ? (byName.get(name) ?? byName.get(name.toLowerCase()))
            : undefined;
      }
      if (lastList !== undefined) {
        for (const rule of lastList) if (predicates[rule]!(record)) push(rule, row);
      }
      for (const rule of always) if (predicates[rule]!(record)) push(rule, row);
    },
    truncate(rows) {
      let kept = 0;
      for (let i = 0; i < length; i += 2) {
        if (pairs[i + 1] < rows) {
          pairs[kept++] = pairs[i];
          pairs[kept++] = pairs[i + 1];
        }
      }
      length = kept;
    },
    pairs: () => pairs.slice(0, length),
  };
}
