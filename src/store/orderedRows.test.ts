import { describe, expect, it } from "vitest";
import { OrderedRows } from "./orderedRows";

/** A deterministic pseudo-random source (tests only). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Case {
  order: Uint32Array;
  bits: Int32Array;
  kept: boolean[];
  expected: number[];
}

/** `n` rows in a random order, each kept with probability `share`; the reference list. */
function makeCase(n: number, share: number, seed: number): Case {
  const rand = random(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const kept = Array.from({ length: n }, () => rand() < share);
  const bits = new Int32Array((n + 31) >>> 5);
  kept.forEach((k, r) => {
    if (k) bits[r >>> 5] |= 1 << (r & 31);
  });
  const expected = Array.from(order).filter((r) => kept[r]);
  return { order, bits, kept, expected };
}

function walkOf({ order, bits, expected }: Case): OrderedRows {
  return OrderedRows.walk(order, 0, order.length, bits.slice(), expected.length);
}

// Few kept, about half and most: the walk branches on the bit in the first and last, and writes
// every row in the middle one.
const SHARES = [0, 0.04, 0.5, 0.97, 1];

describe("OrderedRows", () => {
  it("lists the kept rows in the order's order, as far as asked, resuming where it stopped", () => {
    for (const [i, share] of SHARES.entries()) {
      const c = makeCase(2000 + i * 37, share, 7 + i);
      const rows = walkOf(c);
      expect(rows.length).toBe(c.expected.length);
      for (const count of [0, 1, 5, 5, 64, 63, 400, 10_000]) {
        const want = c.expected.slice(0, Math.min(count, c.expected.length));
        expect(Array.from(rows.upTo(count))).toEqual(want);
      }
      expect(Array.from(rows.all())).toEqual(c.expected);
      expect(rows.complete).toBe(true);
    }
  });

  it("walks in slices of the order until every row is listed", () => {
    for (const [i, share] of SHARES.entries()) {
      const c = makeCase(3001, share, 31 + i);
      const rows = walkOf(c);
      let steps = 0;
      while (!rows.step(250)) steps++;
      // 3001 places, 250 at a time: at most 12 slices before the last (fewer when the kept rows
      // end early in the order).
      expect(steps).toBeLessThanOrEqual(12);
      // About half kept: the last kept row is near the end, so every slice is walked.
      expect(steps).toBeGreaterThanOrEqual(share === 0.5 ? 9 : 0);
      expect(rows.complete).toBe(true);
      expect(Array.from(rows.all())).toEqual(c.expected);
    }
  });

  it("answers a row's place and a place's row", () => {
    const c = makeCase(1500, 0.3, 5);
    const rows = walkOf(c);
    expect(rows.rowAt(10)).toBe(c.expected[10]);
    expect(rows.complete).toBe(false);
    const last = c.expected.length - 1;
    expect(rows.indexOf(c.expected[last])).toBe(last);
    const dropped = c.kept.findIndex((k) => !k);
    expect(rows.indexOf(dropped)).toBe(-1);
  });

  it("keeps a stretch of the order only", () => {
    const c = makeCase(1000, 0.5, 9);
    const lo = 100;
    const hi = 700;
    const expected = Array.from(c.order.subarray(lo, hi)).filter((r) => c.kept[r]);
    const rows = OrderedRows.walk(c.order, lo, hi, c.bits.slice(), expected.length);
    expect(Array.from(rows.upTo(50))).toEqual(expected.slice(0, 50));
    expect(Array.from(rows.all())).toEqual(expected);
  });

  it("walks a selection by ids: a first screen from the column, the rest from bits", () => {
    const n = 70_000;
    const rand = random(12);
    const order = makeCase(n, 0, 3).order;
    // Ids 0..299 in a column of two bytes, 0..9 in one of one byte.
    const wide = Uint16Array.from({ length: n }, () => Math.floor(rand() * 300));
    const narrow = Uint8Array.from({ length: n }, () => Math.floor(rand() * 10));
    const cases: [Uint8Array | Uint16Array, number[]][] = [
      [narrow, [3]],
      [narrow, [0, 1, 2, 4, 5, 6, 7, 8, 9]],
      // One value in 300: a screen of 512 rows lies past the places read from the column.
      [wide, [17]],
      [wide, []],
    ];
    for (const [column, ids] of cases) {
      const mask = new Uint8Array(column === wide ? 300 : 10);
      for (const id of ids) mask[id] = 1;
      const expected = Array.from(order).filter((r) => mask[column[r]] === 1);
      const kept = () => OrderedRows.walkKept(order, 0, n, { column, mask, n }, expected.length);
      for (const count of [1, 50, 512, 513, 5000]) {
        const rows = kept();
        expect(Array.from(rows.upTo(count))).toEqual(expected.slice(0, count));
        // Read further after a first screen: the walk goes on from where the screen stopped.
        expect(Array.from(rows.upTo(count + 700))).toEqual(expected.slice(0, count + 700));
        expect(Array.from(rows.all())).toEqual(expected);
      }
      const sliced = kept();
      sliced.upTo(20);
      while (!sliced.step(9000));
      expect(Array.from(sliced.all())).toEqual(expected);
    }
  });

  it("holds a list made already as it is", () => {
    const list = new Uint32Array([4, 2, 9]);
    const rows = OrderedRows.of(list);
    expect(rows.complete).toBe(true);
    expect(rows.all()).toBe(list);
    expect(Array.from(rows.upTo(2))).toEqual([4, 2]);
    expect(rows.step(1)).toBe(true);
  });
});
