import { describe, expect, it } from "vitest";
import { planBatches } from "./batches";

describe("planBatches", () => {
  it("keeps every file exactly once, in order", () => {
    const sizes = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 5000);
    const batches = planBatches(sizes, 64, 20_000);
    expect(batches.flat()).toEqual(sizes.map((_, i) => i));
  });

  it("respects the file and byte limits", () => {
    const sizes = Array.from({ length: 500 }, () => 300);
    const batches = planBatches(sizes, 64, 10_000);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(64);
      expect(batch.reduce((sum, i) => sum + sizes[i], 0)).toBeLessThanOrEqual(10_000);
    }
    expect(batches.length).toBe(Math.ceil(500 / 33));
  });

  it("puts a file larger than the byte limit in a batch of its own", () => {
    expect(planBatches([10, 50_000, 10], 64, 1000)).toEqual([[0], [1], [2]]);
  });

  it("starts with small batches when asked, each twice the last up to the limit", () => {
    const sizes = Array.from({ length: 300 }, () => 10);
    const batches = planBatches(sizes, 64, 1_000_000, 4);
    expect(batches.map((b) => b.length)).toEqual([4, 8, 16, 32, 64, 64, 64, 48]);
    expect(batches.flat()).toEqual(sizes.map((_, i) => i));
  });

  it("returns no batches for no files", () => {
    expect(planBatches([], 64, 1000)).toEqual([]);
  });
});
