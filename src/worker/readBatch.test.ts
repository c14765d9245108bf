import { describe, expect, it } from "vitest";
import { readBatch, readGroups } from "./readBatch";

/** A Blob that counts the reads made of it (each read slices it). */
class CountingBlob extends Blob {
  reads = 0;
  override slice(start?: number, end?: number): Blob {
    this.reads++;
    return super.slice(start, end);
  }
}

const file = (fileIndex: number, size: number) => ({
  fileIndex,
  name: `f${fileIndex}.json`,
  blob: new Blob([new Uint8Array(size)]),
});

describe("readGroups", () => {
  it("reads a batch in groups of about the byte limit, every file once, in order", async () => {
    const files = [file(0, 400), file(1, 400), file(2, 400), file(3, 1500), file(4, 10)];
    const groups = [];
    for await (const group of readGroups(files, 1000))
      groups.push(group.inputs.map((i) => i.fileIndex));
    expect(groups).toEqual([[0, 1], [2], [3], [4]]);
  });

  it("reports a file it cannot read and goes on with the others", async () => {
    const broken = { fileIndex: 1, name: "gone.json", blob: new Blob([]) };
    broken.blob.arrayBuffer = () => Promise.reject(new Error("NotFoundError"));
    const seen: number[] = [];
    const failures: string[] = [];
    for await (const group of readGroups([file(0, 10), broken, file(2, 10)], 1000)) {
      seen.push(...group.inputs.map((i) => i.fileIndex));
      failures.push(...group.failures.map((f) => `${f.fileIndex}: ${f.error}`));
    }
    expect(seen).toEqual([0, 2]);
    expect(failures).toEqual(["1: could not be read (NotFoundError)"]);
  });
});

/** Four members of 150 bytes, 200 bytes apart, in one counting Blob of digits. */
function fourMembers() {
  const text = "0123456789".repeat(100);
  const archive = new CountingBlob([text]);
  const files = [0, 1, 2, 3].map((i) => ({
    fileIndex: i,
    name: `m${i}.json`,
    blob: archive,
    encoding: { start: i * 200, end: i * 200 + 150 },
  }));
  return { text, archive, files };
}

describe("archive members in a batch", () => {
  it("members lying side by side in one Blob are read with one read, each its own bytes", async () => {
    const { text, archive, files } = fourMembers();
    const { inputs } = await readBatch(files);
    expect(archive.reads).toBe(1);
    expect(inputs.map((input) => new TextDecoder().decode(input.bytes))).toEqual(
      [0, 1, 2, 3].map((i) => text.slice(i * 200, i * 200 + 150)),
    );
  });

  it("members of two archives and far apart in one are read in runs, each its own bytes", async () => {
    const far = 100 * 1024;
    const bytesOf = (seed: number, size: number) =>
      Uint8Array.from({ length: size }, (_, i) => (i * 7 + seed) & 0xff);
    const one = bytesOf(1, far * 3);
    const two = bytesOf(2, 4096);
    const a = new Blob([one]);
    const b = new Blob([two]);
    const spans: [Blob, Uint8Array, number, number][] = [
      [a, one, 10, 500],
      [a, one, 600, 900],
      [b, two, 0, 300],
      [a, one, far * 2, far * 2 + 100],
      [a, one, far * 2 + 100, far * 2 + 4000],
      [b, two, 300, 4096],
    ];
    const files = spans.map(([blob, , start, end], i) => ({
      fileIndex: i,
      name: `m${i}.json`,
      blob,
      encoding: { start, end },
    }));
    const { inputs } = await readBatch(files);
    expect(inputs.map((input) => Array.from(input.bytes))).toEqual(
      spans.map(([, all, start, end]) => Array.from(all.subarray(start, end))),
    );
  });

  it("members inside bytes read already (held) are taken from them; the others are read", async () => {
    const { text, archive, files } = fourMembers();
    // The held bytes say "x" where the archive says digits: what is read shows where it came from.
    const held = { start: 0, bytes: new TextEncoder().encode("x".repeat(550)) };
    const inputs = [];
    for await (const group of readGroups(files, 1_000_000, held)) inputs.push(...group.inputs);
    expect(inputs.map((input) => new TextDecoder().decode(input.bytes))).toEqual([
      "x".repeat(150),
      "x".repeat(150),
      "x".repeat(150),
      text.slice(600, 750),
    ]);
    expect(archive.reads).toBe(1);
  });
});
