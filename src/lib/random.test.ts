import { describe, expect, it } from "vitest";
import { hash32, hashUnit, Random, WeightedTable } from "./random";

describe("Random", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    const seqB = Array.from({ length: 20 }, () => b.uint32());
    const seqC = Array.from({ length: 20 }, () => c.uint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it("keeps derived streams independent of each other", () => {
    expect(Random.derive(1, "bursts").uint32()).not.toBe(Random.derive(1, "events").uint32());
    expect(Random.derive(1, "bursts").uint32()).toBe(Random.derive(1, "bursts").uint32());
  });

  it("draws floats in [0, 1) with a uniform mean and integers in range", () => {
    const random = new Random(1);
    let sum = 0;
    let min = 1;
    let max = 0;
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const x = random.next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
      const k = random.range(1, 6);
      counts[k - 1] = (counts[k - 1] ?? 0) + 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 60_000).toBeCloseTo(0.5, 2);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it("makes lowercase version-4 UUIDs", () => {
    const random = new Random(3);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = random.uuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
  });

  it("shuffles into a permutation", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Random(5).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });
});

describe("hash32", () => {
  it("is a pure function of its words and spreads neighbouring inputs", () => {
    expect(hash32(1, 2, 3)).toBe(hash32(1, 2, 3));
    expect(hash32(1, 2, 3)).not.toBe(hash32(1, 2, 4));
    expect(hash32(1, 2)).not.toBe(hash32(1, 2, 0));
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += hashUnit(9, i);
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe("WeightedTable", () => {
  it("draws in proportion to the weights and never draws a zero weight", () => {
    const table = new WeightedTable([
      ["a", 1],
      ["b", 0],
      ["c", 3],
    ] as const);
    const random = new Random(11);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[table.draw(random)]++;
    expect(counts.b).toBe(0);
    expect(counts.c / counts.a).toBeGreaterThan(2.8);
    expect(counts.c / counts.a).toBeLessThan(3.2);
  });

  it("rejects an empty or weightless table", () => {
    expect(() => new WeightedTable([])).toThrow(RangeError);
    expect(() => new WeightedTable([["x", 0]])).toThrow(RangeError);
  });
});
