// Detection rules evaluated during a load, in the workers: each record is tested against the
// rules that can match it, and the matches come back as (rule, row) pairs with the chunk. A rule
// that says what its eventName must be (most do) is tried only on records whose name passes, and
// its terms on indexed columns read the chunk's columns, each distinct value tested once
// (rowPredicate.ts).
import type { RecordMatcher } from "../ingest/parse";
import type { Expr, Match } from "./ast";
import { compileMatch } from "./match";
import { compileRowPredicate, type RowPredicate } from "./rowPredicate";

/** The rules a load evaluates: `key` names the set, so a worker compiles it once. */
export interface RuleSet {
  key: string;
  exprs: Expr[];
}

/** A rule set named by its key, for a worker that was sent the set whole before. */
export interface RuleKey {
  key: string;
}

/** Sets a worker was sent whole, by key, the latest last (a few: in-process workers share them). */
const received = new Map<string, RuleSet>();
const RECEIVED_SETS = 8;

/**
 * The rule set a request names: kept when it comes whole, looked up when it comes by its key.
 * Called as a request arrives, before anything waits, so sets are kept in the order they came.
 */
export function receivedRules(rules: RuleSet | RuleKey): RuleSet {
  if ("exprs" in rules) {
    received.delete(rules.key);
    received.set(rules.key, rules);
    if (received.size > RECEIVED_SETS) received.delete(received.keys().next().value!);
    return rules;
  }
  const known = received.get(rules.key);
  if (known === undefined) throw new Error("the detection rules were not sent to this reader");
  return known;
}

/** A test of an eventName value, or null when `expr` may hold whatever the eventName. */
type NameTest = ((name: string) => boolean) | null;

const NAME_OPS = new Set<Match["op"]>(["eq", "wildcard", "contains", "startswith", "endswith"]);

/**
 * What `expr` asks of a record's eventName, as a test of the name: a record whose eventName fails
 * it cannot match. Null when it does not say (a term on another field, a NOT, a match that is no
 * plain test of the text).
 */
export function eventNameTest(expr: Expr): NameTest {
  switch (expr.kind) {
    case "term": {
      if (expr.field !== "eventName" || !NAME_OPS.has(expr.match.op)) return null;
      const test = compileMatch(expr.match);
      return (name) => test(name);
    }
    case "and": {
      const tests = expr.items
        .map(eventNameTest)
        .filter((t): t is (name: string) => boolean => t !== null);
      if (tests.length === 0) return null;
      return tests.length === 1 ? tests[0]! : (name) => tests.every((test) => test(name));
    }
    case "or": {
      const tests = expr.items.map(eventNameTest);
      if (tests.some((t) => t === null)) return null;
      return (name) => tests.some((test) => test!(name));
    }
    case "none":
      return () => false;
    default:
      return null;
  }
}

/** Past this many distinct eventNames, the lists kept per name start over. */
const NAMES_KEPT = 4096;

/**
 * Which of a set of expressions may hold for a record, by its eventName: worked out once per
 * distinct name (a load has a few hundred), so that a record is tested against those only. A
 * record whose eventName is not a string is tested against all of them.
 */
export class ByEventName {
  private readonly tests: NameTest[];
  private readonly all: readonly number[];
  private readonly lists = new Map<string, readonly number[]>();
  /** The last name asked and its list: records of one name often come in runs. */
  private lastName: string | null = null;
  private lastList: readonly number[] = [];

  /** `exprs`: null for an expression that is never tested. */
  constructor(exprs: readonly (Expr | null)[]) {
    this.tests = exprs.map((expr) => (expr === null ? () => false : eventNameTest(expr)));
    this.all = exprs.flatMap((expr, index) => (expr === null ? [] : [index]));
  }

  /** The indices of the expressions that may hold for a record with this eventName. */
  of(name: unknown): readonly number[] {
    if (typeof name !== "string") return this.all;
    if (name === this.lastName) return this.lastList;
    let list = this.lists.get(name);
    if (list === undefined) {
      list = this.tests.flatMap((test, index) => (test === null || test(name) ? [index] : []));
      if (this.lists.size >= NAMES_KEPT) this.lists.clear();
      this.lists.set(name, list);
    }
    this.lastName = name;
    this.lastList = list;
    return list;
  }
}

interface Compiled {
  byName: ByEventName;
  predicates: (RowPredicate | null)[];
}

function compileSet(exprs: readonly Expr[]): Compiled {
  const predicates = exprs.map((expr): RowPredicate | null => {
    try {
      return compileRowPredicate(expr);
    } catch {
      // Checked when the rule was loaded; one that still cannot run matches nothing.
      return null;
    }
  });
  const byName = new ByEventName(
    exprs.map((expr, index) => (predicates[index] === null ? null : expr)),
  );
  return { byName, predicates };
}

let cached: { key: string; compiled: Compiled } | null = null;

/**
 * A matcher for one parse: collects (rule index, chunk row) pairs. The compiled rules are kept
 * per worker for the set's key.
 */
export function ruleMatcher(set: RuleSet): RecordMatcher & { pairs(): Uint32Array } {
  if (cached === null || cached.key !== set.key)
    cached = { key: set.key, compiled: compileSet(set.exprs) };
  const { byName, predicates } = cached.compiled;
  let pairs = new Uint32Array(256);
  let length = 0;
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
    match(record, row, source) {
      for (const rule of byName.of(record.eventName))
        if (predicates[rule]!(record, row, source)) push(rule, row);
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
