import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Random } from "../lib/random";
import { hashFiles } from "./integrityCrypto";

const sha = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** A log file's worth of varied text, `size` bytes of it. */
function text(size: number, seed: number): Uint8Array {
  const random = new Random(seed);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = 32 + random.int(90);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

describe("hashFiles past the whole-text limit", () => {
  // A limit of 1,000 bytes stands in for 256 MiB: these files are hashed as they inflate.
  const LIMIT = 1000;

  it("hashes a large gzip file piece by piece, the same as its whole decompressed bytes", async () => {
    const raw = text(300_000, 1);
    const gz = gzipSync(raw);
    const [streamed] = await hashFiles([{ fileIndex: 4, bytes: gz }], null, LIMIT);
    expect(streamed).toEqual({ fileIndex: 4, sha256: sha(gunzipSync(gz)), error: "" });
    // The whole path, with room for the text, agrees.
    const [whole] = await hashFiles([{ fileIndex: 4, bytes: gz }], null);
    expect(whole.sha256).toBe(streamed.sha256);
  });

  it("hashes every member of a multi-member file, and not the bytes after the last one", async () => {
    const a = text(5000, 2);
    const b = text(7000, 3);
    const members = concat(gzipSync(a), gzipSync(b));
    const [both] = await hashFiles([{ fileIndex: 0, bytes: members }], null, LIMIT);
    expect(both.sha256).toBe(sha(concat(a, b)));
    // Garbage, and a member cut short, after complete ones: the complete ones are what counts.
    const cut = gzipSync(text(4000, 4)).subarray(0, 50);
    for (const tail of [new Uint8Array([0x0a, 0, 0]), cut]) {
      const [trailing] = await hashFiles(
        [{ fileIndex: 0, bytes: concat(members, tail) }],
        null,
        LIMIT,
      );
      expect(trailing.sha256).toBe(sha(concat(a, b)));
      expect(trailing.error).toBe("");
    }
  });

  it("says why a damaged large file has no hash", async () => {
    const gz = gzipSync(text(50_000, 5));
    const [cut] = await hashFiles([{ fileIndex: 1, bytes: gz.subarray(0, 2000) }], null, LIMIT);
    expect(cut.sha256).toBe("");
    expect(cut.error).toMatch(/truncated gzip/);
  });
});
