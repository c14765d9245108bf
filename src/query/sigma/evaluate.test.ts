// evaluateCorrelation over small hand-made row sets: what each type counts, windows and their
// edges, groups, merging of overlapping windows, and row order not mattering.
import { describe, expect, it } from "vitest";
import { type CorrelationSpec, evaluateCorrelation, groupSpans } from "./evaluate";
import type { CountBound } from "./types";

const MIN = 60_000;

function spec(
  type: CorrelationSpec["type"],
  bounds: CountBound[],
  rules = ["a"],
  timespanMs = 5 * MIN,
  field: string | null = null,
): CorrelationSpec {
  return { type, rules, timespanMs, condition: { field, bounds } };
}

describe("event_count", () => {
  const fiveIn5m = spec("event_count", [{ op: "gte", value: 5 }]);

  it("finds a burst in one group and not in another; a window's edge is inclusive", () => {
    // Group 1: five events at 0..4 min. Group 2: four events, then one 6 min later.
    const time = [0, 1, 2, 3, 4, 0, 1, 2, 3, 9].map((m) => m * MIN);
    const group = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
    const rules = new Array(10).fill(1);
    expect(evaluateCorrelation(fiveIn5m, { time, group, rules })).toEqual([
      { group: 1, start: 0, end: 4 * MIN, count: 5, rows: [0, 1, 2, 3, 4] },
    ]);
    // Exactly the timespan from first to last still counts.
    const edge = [0, 1, 2, 3, 5].map((m) => m * MIN);
    expect(evaluateCorrelation(fiveIn5m, { time: edge, rules: [1, 1, 1, 1, 1] })).toHaveLength(1);
    const past = [0, 1, 2, 3, 5.01].map((m) => m * MIN);
    expect(evaluateCorrelation(fiveIn5m, { time: past, rules: [1, 1, 1, 1, 1] })).toEqual([]);
  });

  it("merges overlapping windows into one match; separate bursts stay apart", () => {
    const minutes = [0, 1, 2, 3, 4, 5, 6, 60, 61, 62, 63, 64];
    const time = minutes.map((m) => m * MIN);
    const matches = evaluateCorrelation(fiveIn5m, { time, rules: new Array(time.length).fill(1) });
    expect(matches.map((m) => [m.start / MIN, m.end / MIN, m.rows.length, m.count])).toEqual([
      [0, 6, 7, 6],
      [60, 64, 5, 5],
    ]);
  });

  it("takes rows in any order, skips non-members and rows without a group", () => {
    const time = [4, 3, 2, 1, 0, 2, 2].map((m) => m * MIN);
    const rules = [1, 1, 1, 1, 1, 0, 1];
    const group = [0, 0, 0, 0, 0, 0, -1];
    const [match] = evaluateCorrelation(fiveIn5m, { time, rules, group });
    expect(match!.rows).toEqual([4, 3, 2, 1, 0]);
    expect(evaluateCorrelation(fiveIn5m, { time, rules: [1, 1, 1, 1, 0, 0, 1], group })).toEqual(
      [],
    );
  });

  it("counts rows of any referenced rule, and only those", () => {
    const two = spec("event_count", [{ op: "gte", value: 3 }], ["a", "b"]);
    expect(evaluateCorrelation(two, { time: [0, 1, 2], rules: [1, 2, 3] })).toHaveLength(1);
    expect(evaluateCorrelation(two, { time: [0, 1, 2], rules: [1, 2, 4] })).toEqual([]);
  });

  it("lt, eq and neq bounds", () => {
    const time = [0, 10, 20].map((m) => m * MIN);
    const rules = [1, 1, 1];
    expect(
      evaluateCorrelation(spec("event_count", [{ op: "lt", value: 2 }]), { time, rules }),
    ).toHaveLength(3);
    expect(
      evaluateCorrelation(spec("event_count", [{ op: "eq", value: 2 }]), { time, rules }),
    ).toEqual([]);
    expect(
      evaluateCorrelation(spec("event_count", [{ op: "neq", value: 1 }]), { time, rules }),
    ).toEqual([]);
  });
});

describe("value_count", () => {
  it("counts distinct values, leaving out rows without one", () => {
    const threeNames = spec("value_count", [{ op: "gte", value: 3 }], ["a"], 5 * MIN, "eventName");
    const time = [0, 1, 2, 3].map((m) => m * MIN);
    const rules = [1, 1, 1, 1];
    expect(evaluateCorrelation(threeNames, { time, rules, value: [7, 7, 8, 9] })).toEqual([
      { group: 0, start: 0, end: 3 * MIN, count: 3, rows: [0, 1, 2, 3] },
    ]);
    expect(evaluateCorrelation(threeNames, { time, rules, value: [7, 7, 8, 8] })).toEqual([]);
    expect(evaluateCorrelation(threeNames, { time, rules, value: [7, -1, 8, -1] })).toEqual([]);
    // Values that leave the window stop counting.
    const later = [0, 1, 20, 21].map((m) => m * MIN);
    expect(evaluateCorrelation(threeNames, { time: later, rules, value: [1, 2, 3, 4] })).toEqual(
      [],
    );
  });
});

describe("temporal", () => {
  const both = spec("temporal", [{ op: "gte", value: 2 }], ["a", "b"]);

  it("needs every rule in the window, per group", () => {
    const time = [0, 2, 0, 30].map((m) => m * MIN);
    const rules = [1, 2, 1, 2];
    const group = [1, 1, 2, 2];
    expect(evaluateCorrelation(both, { time, rules, group })).toEqual([
      { group: 1, start: 0, end: 2 * MIN, count: 2, rows: [0, 1] },
    ]);
    expect(evaluateCorrelation(both, { time: [0, MIN], rules: [1, 1] })).toEqual([]);
  });

  it("a row of both rules is enough on its own", () => {
    expect(evaluateCorrelation(both, { time: [0], rules: [3] })).toHaveLength(1);
  });
});

describe("temporal_ordered", () => {
  const ordered = spec("temporal_ordered", [{ op: "gte", value: 2 }], ["a", "b"]);

  it("needs the rules in order within the timespan", () => {
    expect(evaluateCorrelation(ordered, { time: [0, MIN], rules: [1, 2] })).toEqual([
      { group: 0, start: 0, end: MIN, count: 2, rows: [0, 1] },
    ]);
    expect(evaluateCorrelation(ordered, { time: [0, MIN], rules: [2, 1] })).toEqual([]);
    expect(evaluateCorrelation(ordered, { time: [0, 6 * MIN], rules: [1, 2] })).toEqual([]);
  });

  it("one row is never two steps; the latest start is taken", () => {
    expect(evaluateCorrelation(ordered, { time: [0], rules: [3] })).toEqual([]);
    const [match] = evaluateCorrelation(ordered, { time: [0, 4 * MIN, 8 * MIN], rules: [1, 1, 2] });
    expect(match).toEqual({ group: 0, start: 4 * MIN, end: 8 * MIN, count: 2, rows: [1, 2] });
  });
});

describe("groupSpans: one group in time order, in steps", () => {
  it("finds evaluateCorrelation's matches as spans, yielding every `every` rows", () => {
    // 1,000 rows over 100 minutes, in bursts, two rules; value ids 0..5.
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const time = Float64Array.from({ length: 1000 }, () => Math.floor(random() ** 2 * 100) * MIN);
    time.sort();
    // Every row a member: of the one rule, or of one or both of two.
    const one = new Uint32Array(time.length).fill(1);
    const two = Uint32Array.from(time, () => 1 + Math.floor(random() * 3));
    const value = Int32Array.from(time, () => Math.floor(random() * 6));
    const specs = [
      spec("event_count", [{ op: "gte", value: 40 }]),
      spec("value_count", [{ op: "gte", value: 6 }], ["a"], MIN, "f"),
      spec("temporal", [{ op: "gte", value: 2 }], ["a", "b"], MIN),
      spec("temporal_ordered", [{ op: "gte", value: 2 }], ["a", "b"], 0),
    ];
    for (const s of specs) {
      const rows = { time, rules: s.rules.length === 1 ? one : two, value };
      const matches = evaluateCorrelation(s, rows);
      expect(matches.length).toBeGreaterThan(0);
      for (const every of [1, 7, 1000, Number.POSITIVE_INFINITY]) {
        const steps = groupSpans(s, rows, every);
        let yields = 0;
        let step = steps.next();
        for (; step.done !== true; step = steps.next()) yields++;
        expect(yields).toBe(Math.floor(1000 / every));
        expect(
          step.value.map(({ lo, hi, count }) => ({
            count,
            rows: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i),
          })),
        ).toEqual(matches.map(({ count, rows: matched }) => ({ count, rows: matched })));
      }
    }
  });
});
