import { describe, expect, it } from "vitest";
import { Random } from "../lib/random";
import { runSteps } from "../lib/steps";
import { intersectRows, maskRows, maskRowsSteps } from "./rowLists";

/** The rows a mask keeps, one byte at a time. */
function reference(mask: Uint8Array): number[] {
  const rows: number[] = [];
  mask.forEach((bit, r) => {
    if (bit === 1) rows.push(r);
  });
  return rows;
}

describe("maskRows", () => {
  it("lists the kept rows of sparse, dense, empty and full masks of any length", () => {
    const random = new Random(7);
    for (const n of [0, 1, 3, 4, 5, 7, 8, 63, 64, 65, 1000, 4099]) {
      for (const density of [0, 0.001, 0.05, 0.5, 0.97, 1]) {
        const mask = new Uint8Array(n).map(() => (random.next() < density ? 1 : 0));
        expect([...maskRows(mask)]).toEqual(reference(mask));
      }
    }
  });

  it("reads a mask that starts off a word boundary", () => {
    const random = new Random(11);
    const whole = new Uint8Array(1031).map(() => (random.next() < 0.1 ? 1 : 0));
    for (const start of [1, 2, 3, 5]) {
      const mask = whole.subarray(start, whole.length - 2);
      expect([...maskRows(mask)]).toEqual(reference(mask));
    }
  });
});

describe("maskRowsSteps", () => {
  it("lists the rows maskRows lists, yielding after each slice of the mask in each pass", () => {
    const random = new Random(13);
    const whole = new Uint8Array(4103).map(() => (random.next() < 0.02 ? 1 : 0));
    for (const mask of [whole, whole.subarray(0, 4096), whole.subarray(3), new Uint8Array(900)]) {
      for (const sliceBytes of [1, 4, 7, 1000, Number.POSITIVE_INFINITY]) {
        const steps = maskRowsSteps(mask, sliceBytes);
        let yields = 0;
        let step = steps.next();
        for (; step.done !== true; step = steps.next()) yields++;
        expect([...step.value]).toEqual(reference(mask));
        const words = mask.byteOffset % 4 === 0 ? mask.length >>> 2 : 0;
        const perSlice = Math.max(1, Math.floor(sliceBytes / 4));
        const slices = words === 0 ? 0 : Math.max(1, Math.ceil(words / perSlice));
        expect(yields).toBeLessThanOrEqual(2 * slices);
        expect(yields).toBeGreaterThanOrEqual(slices);
      }
    }
    expect([...runSteps(maskRowsSteps(whole, 64))]).toEqual([...maskRows(whole)]);
  });
});

describe("intersectRows", () => {
  it("keeps the rows in both lists, ascending", () => {
    const random = new Random(3);
    for (let round = 0; round < 20; round++) {
      const a = maskRows(new Uint8Array(500).map(() => (random.next() < 0.3 ? 1 : 0)));
      const b = maskRows(new Uint8Array(400).map(() => (random.next() < 0.6 ? 1 : 0)));
      const inB = new Set(b);
      expect([...intersectRows(a, b)]).toEqual([...a].filter((r) => inB.has(r)));
    }
    expect([...intersectRows(new Uint32Array(0), Uint32Array.from([1, 2]))]).toEqual([]);
  });
});
