import { describe, expect, it } from "vitest";
import { Random } from "../lib/random";
import { findHead, rebuildTable, tableSizeFor } from "./eventIdTable";

/**
 * `rows` rows of random eventIDs, a few of them sharing an eventID with an earlier row (those
 * rows are not alone), some rows without a key.
 */
function rowsOf(seed: number, rows: number) {
  const random = new Random(seed);
  const keys = new Uint32Array(4 * rows);
  const keyed = new Uint8Array(rows);
  const alone = new Uint8Array(rows).fill(1);
  for (let row = 0; row < rows; row++) {
    keyed[row] = random.chance(0.9) ? 1 : 0;
    if (row > 0 && random.chance(0.05)) {
      // Another version of an earlier row's eventID: both are marked as not alone.
      const earlier = random.int(row);
      keys.copyWithin(4 * row, 4 * earlier, 4 * earlier + 3);
      keys[4 * row + 3] = random.int(2 ** 31);
      alone[row] = 0;
      alone[earlier] = 0;
    } else {
      for (let k = 0; k < 4; k++) keys[4 * row + k] = random.int(2 ** 31) * 2 + random.int(2);
    }
  }
  return { keys, keyed, alone };
}

describe("rebuildTable", () => {
  it("holds, for each eventID, its first keyed row, whether rows are alone or not", () => {
    for (const [seed, rows] of [
      [1, 50],
      [2, 3000],
      [3, 40_000],
    ] as const) {
      const { keys, keyed, alone } = rowsOf(seed, rows);
      // The head of each eventID, found here by a map of its first three key words.
      const heads = new Map<string, number>();
      for (let row = 0; row < rows; row++) {
        const id = Array.from(keys.subarray(4 * row, 4 * row + 3)).join(",");
        if (keyed[row] === 1 && !heads.has(id)) heads.set(id, row);
      }
      for (const trusted of [false, true]) {
        const slots = rebuildTable(
          tableSizeFor(rows),
          keys,
          (row) => keyed[row] === 1,
          rows,
          trusted ? (row) => alone[row] === 1 : undefined,
        );
        expect(slots.filter((slot) => slot !== 0).length).toBe(heads.size);
        const free = { slot: 0 };
        for (let row = 0; row < rows; row++) {
          const id = Array.from(keys.subarray(4 * row, 4 * row + 3)).join(",");
          expect(findHead(slots, keys, keys, 4 * row, free)).toBe(heads.get(id) ?? -1);
        }
      }
    }
  });
});
