import { describe, expect, it } from "vitest";
import { rowWindow, scrollTopFor } from "./rowWindow";

const H = 24;

describe("rowWindow", () => {
  it("draws the rows in view and the overscan, each at index × height, under the spacer limit", () => {
    const w = rowWindow({ count: 1000, rowHeight: H, scrollTop: 240, viewport: 120, overscan: 2 });
    expect(w.spacer).toBe(24_000);
    // Rows 10..14 are in view (240 / 24 = 10; 120 px = 5 rows), and 2 more on each side.
    expect(w.items.map((i) => i.index)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16]);
    for (const item of w.items) expect(item.start).toBe(item.index * H);
  });

  it("stops at the ends, and draws nothing for no rows", () => {
    const top = rowWindow({ count: 3, rowHeight: H, scrollTop: 0, viewport: 500, overscan: 5 });
    expect(top.items.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(rowWindow({ count: 0, rowHeight: H, scrollTop: 0, viewport: 500, overscan: 5 })).toEqual(
      { spacer: 0, items: [] },
    );
  });

  it("past the spacer limit scales the scroll range and still reaches the first and last rows", () => {
    const count = 10_000_000;
    const base = { count, rowHeight: H, viewport: 240, overscan: 0, maxSpacer: 1_000_000 };
    const top = rowWindow({ ...base, scrollTop: 0 });
    expect(top.spacer).toBe(1_000_000);
    expect(top.items[0]).toEqual({ index: 0, start: 0 });
    // Scrolled to the end: the last row's bottom is the view's bottom.
    const end = 1_000_000 - 240;
    const bottom = rowWindow({ ...base, scrollTop: end });
    const last = bottom.items[bottom.items.length - 1];
    expect(last.index).toBe(count - 1);
    expect(last.start + H).toBeCloseTo(end + 240, 6);
    // Halfway: about the middle row, and the rows are one height apart from the view's top.
    const half = rowWindow({ ...base, scrollTop: end / 2 });
    expect(Math.abs(half.items[0].index - count / 2)).toBeLessThan(10);
    for (let k = 1; k < half.items.length; k++)
      expect(half.items[k].start - half.items[k - 1].start).toBeCloseTo(H, 6);
    expect(half.items[0].start).toBeLessThanOrEqual(end / 2);
    expect(half.items[0].start).toBeGreaterThan(end / 2 - H);
  });
});

describe("scrollTopFor", () => {
  const view = { count: 1000, rowHeight: H, viewport: 240 };

  it("centres a row, or moves the least to show it whole, or stays when it is in view", () => {
    expect(scrollTopFor(500, "center", { ...view, scrollTop: 0 })).toBe(500 * H - (240 - H) / 2);
    expect(scrollTopFor(5, "auto", { ...view, scrollTop: 0 })).toBe(0);
    // Row 20 below a view of rows 0..9: its bottom at the view's bottom.
    expect(scrollTopFor(20, "auto", { ...view, scrollTop: 0 })).toBe(21 * H - 240);
    expect(scrollTopFor(3, "auto", { ...view, scrollTop: 10 * H })).toBe(3 * H);
    expect(scrollTopFor(0, "center", { ...view, scrollTop: 500 })).toBe(0);
    expect(scrollTopFor(999, "center", { ...view, scrollTop: 0 })).toBe(1000 * H - 240);
  });

  it("brings any row into view in a scaled list", () => {
    const scaled = { count: 10_000_000, rowHeight: H, viewport: 240, maxSpacer: 1_000_000 };
    for (const index of [0, 1234, 5_000_000, 9_999_999]) {
      for (const align of ["center", "auto"] as const) {
        const scrollTop = scrollTopFor(index, align, { ...scaled, scrollTop: 300_000 });
        const shown = rowWindow({ ...scaled, scrollTop, overscan: 0 });
        const item = shown.items.find((i) => i.index === index);
        expect(item).toBeDefined();
        expect(item!.start).toBeGreaterThanOrEqual(scrollTop - 1e-6);
        expect(item!.start + H).toBeLessThanOrEqual(scrollTop + 240 + 1e-6);
      }
    }
  });
});
