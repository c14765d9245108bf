import { describe, expect, it } from "vitest";
import { countInView } from "./findingCounts";

describe("finding counts in a view", () => {
  const findings = [
    { rows: Uint32Array.from([0, 2, 4, 6, 8]) },
    { rows: Uint32Array.from([1, 2, 3]) },
    { rows: Uint32Array.from([]) },
  ];

  it("counts each finding's rows among the view's, against a count by hand", () => {
    const rows = Uint32Array.from([8, 3, 2, 9]);
    const inView = new Set(rows);
    const expected = findings.map((f) => Array.from(f.rows).filter((r) => inView.has(r)).length);
    expect(expected).toEqual([2, 2, 0]);
    expect(countInView(findings, rows, 10)).toEqual(expected);
  });

  it("gives each finding's size when every row is shown, and follows a new view", () => {
    expect(countInView(findings, Uint32Array.from([0, 1, 2, 3]), 4)).toEqual([5, 3, 0]);
    expect(countInView(findings, Uint32Array.from([6, 1]), 10)).toEqual([1, 1, 0]);
    // The same rows array again, and then another one of the same length.
    const rows = Uint32Array.from([4, 5]);
    expect(countInView(findings, rows, 10)).toEqual([1, 0, 0]);
    expect(countInView(findings, rows, 10)).toEqual([1, 0, 0]);
    expect(countInView(findings, Uint32Array.from([2, 5]), 10)).toEqual([1, 1, 0]);
  });

  it("counts across words of the marking, in stores of other sizes, after other views", () => {
    // Rows at word edges (31, 32, 63, 64) and at the end of a store not a whole number of words.
    const edges = [
      { rows: Uint32Array.from([0, 31, 32, 63, 64, 99]) },
      { rows: Uint32Array.from([30, 33, 98]) },
    ];
    for (const [storeRows, view] of [
      [100, [99, 32, 31, 5]],
      [100, [64, 33]],
      [70, [63, 64, 0]],
      [100, [98, 30, 0, 31]],
      [65, [64]],
    ] as const) {
      const rows = Uint32Array.from(view);
      const inView = new Set<number>(view);
      const expected = edges.map((f) => Array.from(f.rows).filter((r) => inView.has(r)).length);
      expect(countInView(edges, rows, storeRows), `${storeRows}: ${view.join(",")}`).toEqual(
        expected,
      );
    }
  });
});
