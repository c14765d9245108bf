import { describe, expect, it } from "vitest";
import { listBits, maskBits } from "./viewPasses";

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The rows whose id `mask` keeps, one row at a time (the reference). */
function keptRows(column: ArrayLike<number>, mask: Uint8Array, n: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < n; r++) if (mask[column[r]] === 1) out.push(r);
  return out;
}

describe("maskBits and listBits", () => {
  it("mark and list the rows a mask keeps, for ids of every width and any row count", () => {
    const rand = random(3);
    const sizes = [0, 1, 31, 32, 33, 64, 100, 1000, 4099];
    for (const n of sizes) {
      const ids = 300;
      const mask = Uint8Array.from({ length: 70_000 }, () => (rand() < 0.3 ? 1 : 0));
      // Columns longer than the rows (as the store's are), and a byte column that does not start
      // on a word (read a byte at a time).
      const values = Array.from({ length: n + 7 }, () => Math.floor(rand() * ids));
      const bytes = Uint8Array.from([9, ...values]).subarray(1);
      const columns = [
        Uint8Array.from(values),
        bytes,
        Uint16Array.from(values, (v) => v * 200),
        Uint32Array.from(values, (v) => v * 233),
      ];
      for (const column of columns) {
        const bits = new Int32Array(((n + 31) >>> 5) + 1).fill(-1);
        maskBits(column, mask, n, bits);
        const out = new Uint32Array(n);
        const count = listBits(bits, n, out);
        expect(Array.from(out.subarray(0, count))).toEqual(keptRows(column, mask, n));
      }
    }
  });
});
