import { describe, expect, it } from "vitest";
import { readSizes } from "./blobSizes";

/** A blob whose size read takes `ms` of busy time and is counted. */
function slowBlob(bytes: number, ms: number, reads: { count: number }): Blob {
  const blob = new Blob([new Uint8Array(bytes)]);
  Object.defineProperty(blob, "size", {
    get() {
      reads.count++;
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // busy, as a round trip to the browser process is for the page
      }
      return bytes;
    },
  });
  return blob;
}

describe("reading blob sizes in slices", () => {
  it("reads every size once and gives their total", async () => {
    const reads = { count: 0 };
    const blobs = [3, 0, 10, 7].map((n) => slowBlob(n, 0, reads));
    expect(await readSizes(blobs)).toBe(20);
    expect(reads.count).toBe(4);
  });

  it("lets other tasks run between slices", async () => {
    const reads = { count: 0 };
    const blobs = Array.from({ length: 12 }, () => slowBlob(1, 2, reads));
    let ticks = 0;
    let readsAtFirstTick = -1;
    const timer = setInterval(() => {
      if (ticks++ === 0) readsAtFirstTick = reads.count;
    }, 0);
    const total = await readSizes(blobs, () => true, 5);
    clearInterval(timer);
    expect(total).toBe(12);
    // Another task ran before the last size was read.
    expect(readsAtFirstTick).toBeGreaterThan(0);
    expect(readsAtFirstTick).toBeLessThan(12);
  });

  it("stops when told to, between slices", async () => {
    const reads = { count: 0 };
    const blobs = Array.from({ length: 20 }, () => slowBlob(1, 2, reads));
    expect(await readSizes(blobs, () => false, 3)).toBe(-1);
    expect(reads.count).toBeLessThan(20);
  });
});
