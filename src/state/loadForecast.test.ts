import { describe, expect, it } from "vitest";
import { FORECAST_FROM, expectedRows, loadPlan } from "./loadForecast";

describe("loadPlan", () => {
  it("measures picked files by their count and archives by their bytes", () => {
    expect(loadPlan(10, 300, [])).toEqual({ rowsAtStart: 10, unit: "files", total: 300 });
    expect(loadPlan(0, 0, [1000, 500])).toEqual({ rowsAtStart: 0, unit: "bytes", total: 1500 });
  });

  it("does not forecast a load of both, of nothing, or of empty archives", () => {
    expect(loadPlan(0, 3, [1000])).toBeNull();
    expect(loadPlan(0, 0, [])).toBeNull();
    expect(loadPlan(0, 0, [0])).toBeNull();
  });
});

describe("expectedRows", () => {
  const files = loadPlan(0, 1000, [])!;
  const done = (rows: number, doneFiles: number, bytes = 0) => ({ rows, files: doneFiles, bytes });

  it("says nothing before enough of the load is done", () => {
    const early = Math.floor(1000 * FORECAST_FROM) - 1;
    expect(expectedRows(files, done(5000, early))).toBe(0);
    expect(expectedRows(null, done(5000, 500))).toBe(0);
  });

  it("scales the rows added so far by the share done, with a small margin", () => {
    // A tenth of the files gave 12,000 rows: about 120,000 in all.
    const rows = expectedRows(files, done(12_000, 100));
    expect(rows).toBeGreaterThanOrEqual(120_000);
    expect(rows).toBeLessThan(120_000 * 1.0625);
  });

  it("counts from the rows the store held when the load began", () => {
    const plan = loadPlan(50_000, 1000, [])!;
    const rows = expectedRows(plan, done(62_000, 100));
    expect(rows).toBeGreaterThanOrEqual(170_000);
    expect(rows).toBeLessThan(50_000 + 120_000 * 1.0625);
  });

  it("measures an archive's load by the bytes of its members done", () => {
    const plan = loadPlan(0, 0, [4_000_000])!;
    const rows = expectedRows(plan, done(30_000, 5, 1_000_000));
    expect(rows).toBeGreaterThanOrEqual(120_000);
    expect(rows).toBeLessThan(120_000 * 1.0625);
  });

  it("says nothing once the load is done or before it added a row", () => {
    expect(expectedRows(files, done(12_000, 1000))).toBe(0);
    expect(expectedRows(files, done(0, 100))).toBe(0);
  });
});
