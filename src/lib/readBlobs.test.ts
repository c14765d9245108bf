import { describe, expect, it } from "vitest";
import { readInBatches, readUpTo, type ReadBatchesOptions, type ReadItem } from "./readBlobs";

/** Bytes 0..n-1 modulo 251, in a Blob of several parts (a stream of several chunks). */
function blobOf(n: number, seed = 0): { blob: Blob; bytes: Uint8Array } {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 7 + seed) % 251;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < n; at += 1000) parts.push(bytes.slice(at, at + 1000));
  return { blob: new Blob(parts), bytes };
}

/** A Blob whose stream fails, as a file deleted after it was picked does. */
class FailingBlob extends Blob {
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    return new ReadableStream({
      pull(controller) {
        controller.error(new Error("NotFoundError"));
      },
    });
  }
}

const OPTIONS: ReadBatchesOptions = {
  lanes: 4,
  maxItems: 3,
  maxBytes: 10_000,
  cap: 6_000,
  ahead: 2,
};

describe("readUpTo", () => {
  it("reads a blob of many chunks whole, and an empty one", async () => {
    const { blob, bytes } = blobOf(200_000);
    expect(await readUpTo(blob, 200_000)).toEqual(bytes);
    expect(await readUpTo(new Blob([]), 10)).toEqual(new Uint8Array(0));
  });

  it("gives null for a blob over the cap", async () => {
    expect(await readUpTo(blobOf(200_001).blob, 200_000)).toBeNull();
    expect(await readUpTo(blobOf(11).blob, 10)).toBeNull();
  });
});

describe("readInBatches", () => {
  it("hands every item on once, with its bytes, in batches within the limits", async () => {
    const sizes = [0, 1, 500, 4_000, 6_000, 6_001, 9_000, 3_000, 3_000, 3_000, 2_500, 100];
    const items = sizes.map((n, i) => ({ name: `f${i}`, ...blobOf(n, i) }));
    const batches: ReadItem<(typeof items)[number]>[][] = [];
    const large: string[] = [];
    let open = 0;
    let mostOpen = 0;
    await readInBatches(items, OPTIONS, {
      blobOf: (item) => item.blob,
      batch: async (read, buffer) => {
        // Every view is of the one buffer, which holds just the batch's bytes.
        for (const { bytes } of read) expect(bytes.buffer).toBe(buffer);
        expect(buffer.byteLength).toBe(read.reduce((sum, r) => sum + r.bytes.byteLength, 0));
        batches.push(read);
        mostOpen = Math.max(mostOpen, ++open);
        await new Promise((done) => setTimeout(done, 5));
        open--;
      },
      large: (item) => large.push(item.name),
      failed: () => expect.unreachable(),
      keepGoing: () => true,
    });
    expect(large.sort()).toEqual(["f5", "f6"]);
    const seen = batches.flat().map(({ item, bytes }) => {
      expect(bytes).toEqual(item.bytes);
      return item.name;
    });
    expect(seen.sort()).toEqual(
      items
        .map((i) => i.name)
        .filter((n) => !large.includes(n))
        .sort(),
    );
    // A batch over maxBytes is one item alone.
    const overfull = batches.filter(
      (batch) =>
        batch.length > OPTIONS.maxItems ||
        (batch.length > 1 &&
          batch.reduce((sum, r) => sum + r.bytes.byteLength, 0) > OPTIONS.maxBytes),
    );
    expect(overfull).toEqual([]);
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
    expect(mostOpen).toBeLessThanOrEqual(OPTIONS.ahead);
  });

  it("reports an item that cannot be read, and reads the others", async () => {
    const items = [blobOf(10).blob, new FailingBlob(["x"]), blobOf(20).blob];
    const failed: unknown[] = [];
    let read = 0;
    await readInBatches(items, OPTIONS, {
      blobOf: (blob) => blob,
      batch: async (batch) => {
        read += batch.length;
      },
      large: () => expect.unreachable(),
      failed: (blob, error) => failed.push([items.indexOf(blob), (error as Error).message]),
      keepGoing: () => true,
    });
    expect(failed).toEqual([[1, "NotFoundError"]]);
    expect(read).toBe(2);
  });

  it("stops reading when told, and hands on nothing more", async () => {
    const items = Array.from({ length: 40 }, (_, i) => blobOf(100, i).blob);
    let going = true;
    let handed = 0;
    await readInBatches(
      items,
      { ...OPTIONS, lanes: 1, maxItems: 2 },
      {
        blobOf: (blob) => blob,
        batch: async (batch) => {
          handed += batch.length;
          going = false;
        },
        large: () => expect.unreachable(),
        failed: () => expect.unreachable(),
        keepGoing: () => going,
      },
    );
    expect(handed).toBe(2);
  });
});
