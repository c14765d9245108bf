import { describe, expect, test } from "vitest";
import { LIVE_VIEW_ROWS, VIEW_REFRESH_MS, msLeft, viewRefreshDue } from "./viewRefresh";

describe("view refreshes during a load", () => {
  test("come 1, 3, 6 and 10 seconds into a load", () => {
    let last = 0;
    let refreshes = 0;
    const at: number[] = [];
    for (let t = 0; t <= 12_000; t += 250) {
      if (viewRefreshDue(t - last, refreshes, 1000)) {
        at.push(t);
        last = t;
        refreshes++;
      }
    }
    expect(at).toEqual([1000, 3000, 6000, 10_000]);
  });

  test("stop past the rows a refresh can afford", () => {
    expect(viewRefreshDue(60_000, 0, LIVE_VIEW_ROWS)).toBe(true);
    expect(viewRefreshDue(60_000, 0, LIVE_VIEW_ROWS + 1)).toBe(false);
  });

  test("do not come when the load looks to end sooner than the next would wait", () => {
    expect(viewRefreshDue(1000, 0, 1000, VIEW_REFRESH_MS)).toBe(true);
    expect(viewRefreshDue(1000, 0, 1000, VIEW_REFRESH_MS - 1)).toBe(false);
    // A second in with two thirds of the files done: half a second to go.
    expect(msLeft(1000, 200, 300)).toBe(500);
    expect(viewRefreshDue(1000, 0, 1000, msLeft(1000, 200, 300))).toBe(false);
    // A second in with a tenth done: nine to go.
    expect(viewRefreshDue(1000, 0, 1000, msLeft(1000, 30, 300))).toBe(true);
    expect(msLeft(1000, 0, 300)).toBe(Number.POSITIVE_INFINITY);
    expect(msLeft(1000, 300, 300)).toBe(0);
  });
});
