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
});
