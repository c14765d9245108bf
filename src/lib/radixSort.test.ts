import { describe, expect, it } from "vitest";
import { radixSortStable } from "./radixSort";

describe("radixSortStable", () => {
  it("orders ids by their keys, equal keys in input order, as a stable comparator sort does", () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const maxKey of [0, 1, 2047, 2048, 70_000, 2 ** 32 - 1]) {
      const n = 5000;
      const ids = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
      const keys = Uint32Array.from({ length: n }, () => Math.floor(random() * (maxKey + 1)));
      const expected = Array.from(ids, (id, i) => ({ id, key: keys[i], i }))
        .sort((a, b) => a.key - b.key || a.i - b.i)
        .map((e) => e.id);
      expect(Array.from(radixSortStable(ids, keys.slice(), maxKey))).toEqual(expected);
    }
  });
});
