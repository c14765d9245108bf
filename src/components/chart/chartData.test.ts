import { describe, expect, it } from "vitest";
import type { Activity } from "../../state/activity";
import { HASHED_SLOTS, RANKED_SLOTS } from "../../state/activityColors";
import { chartRows, countTicks, seriesKey, stackPaths } from "./chartData";
import { OTHER_COLOR, SERIES_COLORS, seriesColor } from "./palette";

const MINUTE = 60_000;
const T = Date.UTC(2024, 4, 1, 12);

function activity(buckets: number[], counts: number[][]): Activity {
  return {
    from: buckets[0],
    to: buckets[buckets.length - 1] + MINUTE,
    bucketMs: MINUTE,
    buckets: Float64Array.from(buckets),
    field: "eventName",
    series: counts.map((_, k) => ({ value: `Api${k}`, total: 0, color: k })),
    counts: counts.map((c) => Uint32Array.from(c)),
    totals: Uint32Array.from(buckets.map((_, b) => counts.reduce((sum, c) => sum + c[b], 0))),
    errors: new Uint32Array(buckets.length),
    zoomed: false,
  };
}

describe("chart rows", () => {
  it("gives a lone bucket an empty neighbour past the axis, so its bar has a width", () => {
    const rows = chartRows(activity([T], [[3], [2]]));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ t: T + MINUTE / 2, start: T, total: 5, s0: 3, s1: 2 });
    // One bucket further, beyond `to`: the axis clips it, and the gap sets the bar's width.
    expect(rows[1]).toEqual({
      t: T + 1.5 * MINUTE,
      start: T + MINUTE,
      total: 0,
      errors: 0,
      share: null,
      [seriesKey(0)]: 0,
      [seriesKey(1)]: 0,
    });
  });

  it("adds nothing when there are several buckets", () => {
    const rows = chartRows(activity([T, T + MINUTE, T + 2 * MINUTE], [[1, 0, 4]]));
    expect(rows.map((r) => r.t)).toEqual([T + MINUTE / 2, T + 1.5 * MINUTE, T + 2.5 * MINUTE]);
    expect(rows.map((r) => r.share)).toEqual([0, null, 0]);
  });
});

describe("the palette", () => {
  it("has one distinct colour per slot, and grey apart for other and missing", () => {
    expect(SERIES_COLORS).toHaveLength(RANKED_SLOTS + HASHED_SLOTS);
    expect(new Set(SERIES_COLORS.map((c) => c.toLowerCase())).size).toBe(SERIES_COLORS.length);
    expect(SERIES_COLORS).not.toContain(OTHER_COLOR);
    expect(seriesColor(-1)).toBe(OTHER_COLOR);
    expect(seriesColor(0)).toBe(SERIES_COLORS[0]);
    expect(seriesColor(RANKED_SLOTS + 3)).toBe(SERIES_COLORS[RANKED_SLOTS + 3]);
  });
});

describe("stacked bar paths", () => {
  it("draws each series as one path of rectangles, stacked bottom up in bucket order", () => {
    const a = activity(
      [T, T + MINUTE],
      [
        [3, 0],
        [0, 1],
        [1, 4],
      ],
    );
    // 10 px per minute from T; 100 px is a count of 0 and every event takes 20 px.
    const x = (t: number) => ((t - T) / MINUTE) * 10;
    const y = (count: number) => 100 - count * 20;
    expect(stackPaths(a, x, y)).toEqual([
      "M0 40H10V100H0Z",
      "M10 80H20V100H10Z",
      "M0 20H10V40H0ZM10 0H20V80H10Z",
    ]);
  });

  it("leaves out a bucket the scales cannot place, and gives a series with no event no path", () => {
    const a = activity(
      [T, T + MINUTE],
      [
        [2, 5],
        [0, 0],
      ],
    );
    const x = (t: number) => (t < T + MINUTE ? undefined : 50);
    expect(stackPaths(a, x, (count) => 100 - count)).toEqual(["M50 95H50V100H50Z", ""]);
  });
});

describe("count axis ticks", () => {
  it("steps by 1, 2 or 5 times a power of ten from 0 to the first tick at or above the top", () => {
    expect(countTicks(100)).toEqual([0, 50, 100]);
    expect(countTicks(101)).toEqual([0, 50, 100, 150]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(38_214)).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
  });

  it("keeps whole steps and a top above 0 for small or empty counts", () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(Number.NaN)).toEqual([0, 1]);
  });

  it("covers every count with at most a handful of ticks", () => {
    for (const max of [2, 9, 55, 999, 12_345, 7_654_321]) {
      const ticks = countTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(7);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
    }
  });
});
