// The archive writers and the member tables the members floor relies on: every member's
// [offset, length] must name exactly the bytes of the file written, checked against the files
// themselves and against the libraries' own readers.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { unzipSync } from "fflate";
import { unpackTar } from "modern-tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobReader, ZipReader } from "@zip.js/zip.js";
import { ensureArchives, zip64End, zipMembers } from "./archives";
import type { DataSet } from "./data";

let root: string;
let data: DataSet;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "bench-archives-"));
  const dir = join(root, "delivery-3-1");
  const paths: string[] = [];
  // A name past tar's 100 characters, as CloudTrail's are, and files of unequal sizes.
  const folder = join(
    dir,
    "AWSLogs",
    "123456789012",
    "CloudTrail",
    "eu-west-1",
    "2026",
    "11",
    "02",
  );
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < 3; i++) {
    const path = join(
      folder,
      `123456789012_CloudTrail_eu-west-1_20261102T000${i}Z_abcdefghijklmnop${i}.json.gz`,
    );
    const records = Array.from({ length: i * 40 + 1 }, (_, n) => ({ eventID: `id-${i}-${n}` }));
    writeFileSync(path, gzipSync(JSON.stringify({ Records: records })));
    paths.push(path);
  }
  const compressedBytes = paths.reduce((sum, p) => sum + readFileSync(p).length, 0);
  data = {
    dir,
    paths,
    manifest: {
      version: 1,
      preset: "delivery",
      events: 3,
      seed: 1,
      files: { log: 3, insight: 0, digest: 0, other: 0 },
      compressedBytes,
      rawBytes: 0,
      uniqueEvents: 0,
      records: 0,
    },
  };
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("ensureArchives", () => {
  it("writes a tar and a zip whose member tables name each file's bytes", async () => {
    const archives = await ensureArchives(data);
    expect(archives.map((a) => a.kind)).toEqual(["tar", "zip"]);
    for (const archive of archives) {
      const bytes = readFileSync(archive.path);
      expect(archive.bytes).toBe(bytes.length);
      expect(archive.members).toHaveLength(data.paths.length);
      archive.members.forEach(([offset, length], i) => {
        expect(
          Buffer.compare(bytes.subarray(offset, offset + length), readFileSync(data.paths[i])),
        ).toBe(0);
      });
    }
  });

  it("writes archives the libraries' own readers read back, names and bytes", async () => {
    const [tar, zip] = await ensureArchives(data);
    const names = data.paths.map((p) => relative(data.dir, p));
    const fromZip = unzipSync(new Uint8Array(readFileSync(zip.path)));
    expect(Object.keys(fromZip).toSorted()).toEqual(names.toSorted());
    const fromTar = await unpackTar(new Uint8Array(readFileSync(tar.path)));
    const files = fromTar.filter((e) => e.header.type === "file");
    expect(files.map((e) => e.header.name).toSorted()).toEqual(names.toSorted());
    for (const [i, name] of names.entries()) {
      const original = readFileSync(data.paths[i]);
      expect(Buffer.compare(Buffer.from(fromZip[name]), original)).toBe(0);
      const entry = files.find((e) => e.header.name === name);
      expect(entry && Buffer.compare(Buffer.from(entry.data ?? new Uint8Array()), original)).toBe(
        0,
      );
    }
  });

  it("past 65,535 members, keeps the count in zip64 end records that the app's zip reader reads", async () => {
    const [, zip] = await ensureArchives(data);
    const copy = join(root, "zip64.zip");
    copyFileSync(zip.path, copy);
    zip64End(copy, data.paths.length);
    const bytes = readFileSync(copy);
    // The end record says "see zip64"; its locator and the zip64 record come before it.
    expect(bytes.readUInt16LE(bytes.length - 12)).toBe(0xffff);
    expect(bytes.readUInt32LE(bytes.length - 42)).toBe(0x07064b50);
    expect(zipMembers(copy)).toEqual(zip.members);
    const reader = new ZipReader(new BlobReader(new Blob([bytes])), { useWebWorkers: false });
    const entries = await reader.getEntries();
    expect(entries.map((e) => e.filename).toSorted()).toEqual(
      data.paths.map((p) => relative(data.dir, p)).toSorted(),
    );
    await reader.close();
  });
});
