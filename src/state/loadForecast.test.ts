import { describe, expect, it } from "vitest";
import { FORECAST_FROM, expectedRows, loadPlan } from "./loadForecast";

describe("loadPlan", () => {
  it("measures a load of archives by their bytes, with the most an archive's kind adds per member", () => {
    expect(
      loadPlan(7, 0, [
        { kind: "zip", bytes: 1000 },
        { kind: "tar", bytes: 500 },
      ]),
    ).toEqual({ rowsAtStart: 7, total: 1500, memberBytes: 768 });
    expect(loadPlan(0, 0, [{ kind: "zip", bytes: 1000 }])?.memberBytes).toBe(200);
  });

  it("does not forecast picked files, archives with files, nothing, or empty archives", () => {
    expect(loadPlan(0, 300, [])).toBeNull();
    expect(loadPlan(0, 3, [{ kind: "zip", bytes: 1000 }])).toBeNull();
    expect(loadPlan(0, 0, [])).toBeNull();
    expect(loadPlan(0, 0, [{ kind: "tar", bytes: 0 }])).toBeNull();
  });
});

describe("expectedRows", () => {
  // A tar of 4,000 members of 2,232 bytes, each with 768 bytes of its own.
  const plan = loadPlan(0, 0, [{ kind: "tar", bytes: 12_000_000 }])!;
  const done = (rows: number, members: number) => ({ rows, files: members, bytes: members * 2232 });

  it("says nothing before enough of the load is done", () => {
    const early = Math.floor(4000 * FORECAST_FROM) - 1;
    expect(expectedRows(plan, done(5000, early))).toBe(0);
    expect(expectedRows(null, done(5000, 2000))).toBe(0);
  });

  it("scales the rows so far by the share of the archive done, with a margin under a sixteenth", () => {
    // A quarter of the members gave 30,000 rows: about 120,000 in all.
    const rows = expectedRows(plan, done(30_000, 1000));
    expect(rows).toBeGreaterThanOrEqual(120_000);
    expect(rows).toBeLessThan(120_000 * (16 / 15));
  });

  it("counts from the rows the store held when the load began", () => {
    const more = loadPlan(50_000, 0, [{ kind: "tar", bytes: 12_000_000 }])!;
    const rows = expectedRows(more, done(80_000, 1000));
    expect(rows).toBeGreaterThanOrEqual(170_000);
    expect(rows).toBeLessThan(50_000 + 120_000 * (16 / 15));
  });

  it("says nothing once the load is done or before it added a row", () => {
    expect(expectedRows(plan, done(120_000, 4000))).toBe(0);
    expect(expectedRows(plan, done(0, 1000))).toBe(0);
  });
});
