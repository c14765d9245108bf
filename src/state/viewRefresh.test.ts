import { describe, expect, test } from "vitest";
import { LIVE_VIEW_ROWS, viewRefreshDue } from "./viewRefresh";

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
});
