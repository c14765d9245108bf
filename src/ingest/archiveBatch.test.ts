// A batch packed for its message and unpacked on the page is the batch: members (zip entries or
// not), their Blobs, errors, counts, the damage note and the held bytes.
import { describe, expect, it } from "vitest";
import { packBatch, unpackBatch, type ArchiveBatch } from "./archiveBatch";

describe("packBatch / unpackBatch", () => {
  it("a batch survives the message whole", () => {
    const archive = new Blob(["archive"]);
    const other = new Blob(["other"]);
    const batch: ArchiveBatch = {
      members: [
        { path: "AWSLogs/a.json.gz", blob: archive, encoding: { start: 0, end: 100 } },
        {
          path: "AWSLogs/b.json.gz",
          blob: archive,
          encoding: {
            start: 100,
            end: 5e9,
            zip: { method: 8, compressedSize: 4.5e9, size: 9e9, crc32: 0xfedcba98 },
          },
        },
        {
          path: "AWSLogs/c.json",
          blob: other,
          encoding: { start: 7, end: 9, zip: { method: 0, compressedSize: 2, size: 2, crc32: 0 } },
        },
        { path: "AWSLogs/d.json", blob: archive, encoding: { start: 200, end: 201 } },
      ],
      errors: [{ path: "AWSLogs/e.json.gz", error: "encrypted zip member" }],
      skipped: 3,
      problem: "the archive is cut",
      held: { start: 0, bytes: Uint8Array.of(1, 2, 3) },
    };
    const back = unpackBatch(structuredClone(packBatch(batch)));
    expect(back.members.map(({ path, encoding }) => ({ path, encoding }))).toEqual(
      batch.members.map(({ path, encoding }) => ({ path, encoding })),
    );
    const [a, b, c, d] = back.members;
    expect(a!.blob).toBe(b!.blob);
    expect(a!.blob).toBe(d!.blob);
    expect(c!.blob).not.toBe(a!.blob);
    expect(c!.blob.size).toBe(other.size);
    expect(a!.blob.size).toBe(archive.size);
    expect(back.errors).toEqual(batch.errors);
    expect(back.skipped).toBe(3);
    expect(back.problem).toBe(batch.problem);
    expect(Array.from(back.held?.bytes ?? [])).toEqual([1, 2, 3]);
    expect(back.held?.start).toBe(0);
  });

  it("an empty batch, without a problem or held bytes", () => {
    const back = unpackBatch(structuredClone(packBatch({ members: [], errors: [], skipped: 0 })));
    expect(back).toEqual({ members: [], errors: [], skipped: 0 });
  });
});
