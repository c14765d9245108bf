// Every condition form: the Expr produced, and records through query/record.ts with near misses.
import { describe, expect, it } from "vitest";
import type { Expr } from "../ast";
import { eq, exprOf, matcher, reasonOf } from "./testkit";

const SELECTIONS = [
  "sel_a:\n  eventName: A",
  "sel_b:\n  eventName: B",
  "filter_x:\n  userAgent: X",
  "_hidden:\n  eventName: H",
].join("\n");

const withCondition = (condition: string): string => `${SELECTIONS}\ncondition: ${condition}`;

const a = eq("eventName", "A");
const b = eq("eventName", "B");
const x = eq("userAgent", "X");
const h = eq("eventName", "H");

describe("conditions", () => {
  const CASES: [string, Expr][] = [
    ["sel_a", a],
    ["sel_a or sel_b", { kind: "or", items: [a, b] }],
    ["sel_a and filter_x", { kind: "and", items: [a, x] }],
    ["sel_a and not filter_x", { kind: "and", items: [a, { kind: "not", item: x }] }],
    // not binds tighter than and, and tighter than or.
    [
      "sel_a or sel_b and not filter_x",
      { kind: "or", items: [a, { kind: "and", items: [b, { kind: "not", item: x }] }] },
    ],
    ["(sel_a or sel_b) and filter_x", { kind: "and", items: [{ kind: "or", items: [a, b] }, x] }],
    ["not (sel_a or sel_b)", { kind: "not", item: { kind: "or", items: [a, b] } }],
    ["1 of sel_*", { kind: "or", items: [a, b] }],
    ["all of sel_*", { kind: "and", items: [a, b] }],
    ["1 of them", { kind: "or", items: [a, b, x] }],
    ["all of them", { kind: "and", items: [a, b, x] }],
    [
      "1 of sel_* and not 1 of filter*",
      {
        kind: "and",
        items: [
          { kind: "or", items: [a, b] },
          { kind: "not", item: x },
        ],
      },
    ],
    ["_hidden or sel_a", { kind: "or", items: [h, a] }],
    // Keywords in any case; names exactly as defined.
    ["sel_a AND NOT filter_x", { kind: "and", items: [a, { kind: "not", item: x }] }],
  ];
  it.each(CASES)("%s", (condition, expr) => {
    expect(exprOf(withCondition(condition))).toEqual(expr);
  });

  it("a list of conditions: any one", () => {
    expect(exprOf(`${SELECTIONS}\ncondition:\n  - sel_a\n  - sel_b and filter_x`)).toEqual({
      kind: "or",
      items: [a, { kind: "and", items: [b, x] }],
    });
  });

  it("evaluates as written, with near misses", () => {
    const test = matcher(withCondition("1 of sel_* and not filter_x"));
    expect(test({ eventName: "A", userAgent: "Y" })).toBe(true);
    expect(test({ eventName: "b" })).toBe(true);
    expect(test({ eventName: "A", userAgent: "X" })).toBe(false);
    expect(test({ eventName: "C" })).toBe(false);
    const all = matcher(withCondition("all of them"));
    expect(all({ eventName: "A", userAgent: "X" })).toBe(false); // eventName cannot be A and B
    const them = matcher(withCondition("1 of them"));
    expect(them({ eventName: "H" })).toBe(false); // _hidden is not in them
    expect(them({ userAgent: "x" })).toBe(true);
  });
});

describe("conditions rejected with a reason", () => {
  const REJECTED: [string, RegExp][] = [
    ["sel_c", /names "sel_c", which is not a selection/],
    ["1 of nothing_*", /matches no selection/],
    ["2 of sel_*", /only "1 of" and "all of"/],
    ["(sel_a or sel_b", /not closed/],
    ["sel_a or", /ends too early/],
    ["sel_a sel_b", /unexpected "sel_b"/],
    ["sel_a )", /unexpected "\)"/],
    ["", /condition/],
    [`${"(".repeat(100)}sel_a${")".repeat(100)}`, /deeper than 64/],
    [`${"not ".repeat(100)}sel_a`, /deeper than 64/],
    [`sel_a${" or sel_a".repeat(3000)}`, /longer than 10000/],
  ];
  const labelled = REJECTED.map(([condition, reason]) => {
    const label = condition.length > 40 ? `${condition.slice(0, 40)}…` : condition || "(empty)";
    return [label, condition, reason] as const;
  });
  it.each(labelled)("%s", (_label, condition, reason) => {
    expect(reasonOf(withCondition(condition))).toMatch(reason);
  });

  it("no condition", () => expect(reasonOf(SELECTIONS)).toMatch(/no condition/));
  it("a timeframe without an aggregation", () => {
    expect(reasonOf(`${withCondition("sel_a and sel_b")}\ntimeframe: 5m`)).toMatch(
      /timeframe without an aggregation/,
    );
  });
});
