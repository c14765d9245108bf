// The in-place zip listing against zip.js's on zips made by two writers (fflate, zip.js) with
// zip64, data descriptors, comments, folders and non-ASCII names; the archives it leaves to
// zip.js (bytes before the zip, no end record) and a damaged directory.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { crc32 } from "node:zlib";
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from "@zip.js/zip.js";
import { zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { INVICTUS, filesUnder } from "../lib/testing/samples";
import { readFileBytes } from "./archive";
import type { ArchiveBatch } from "./archiveBatch";
import { zipJsMembers, zipMembers } from "./archiveZip";
import { findZipDirectory, zipInPlace } from "./archiveZipPlace";
import { concatBytes } from "./test-helpers";

const DELIVERIES = filesUnder(INVICTUS)
  .filter((f) => f.endsWith(".json.gz"))
  .map((f) => ({ path: relative(INVICTUS, f), bytes: new Uint8Array(readFileSync(f)) }));

const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

async function collect(batches: AsyncGenerator<ArchiveBatch, unknown>) {
  const all: ArchiveBatch[] = [];
  for await (const batch of batches) all.push(batch);
  return {
    batches: all.length,
    members: all.flatMap((b) => b.members).map(({ path, encoding }) => ({ path, encoding })),
    errors: all.flatMap((b) => b.errors),
    skipped: all.reduce((sum, b) => sum + b.skipped, 0),
    problems: all.flatMap((b) => (b.problem === undefined ? [] : [b.problem])),
  };
}

/** Lists `bytes` in place, and checks the listing against zip.js's. */
async function expectSameAsZipJs(bytes: Uint8Array) {
  const blob = blobOf(bytes);
  const directory = await findZipDirectory(blob);
  expect(directory).not.toBeNull();
  const listing = zipInPlace(blob, directory!);
  const inPlace = await collect(listing);
  const zipJs = await collect(zipJsMembers(blob));
  expect(inPlace).toEqual(zipJs);
  return inPlace;
}

/** Entries beside the deliveries: a file that is not a log, a log with a non-ASCII name. */
const EXTRAS: [string, Uint8Array][] = [
  ["notes/README.txt", new TextEncoder().encode("not a log\n")],
  ["AWSLogs/région/é.json.gz", DELIVERIES[0].bytes],
];

function fflateZip(level: 0 | 6): Uint8Array {
  const files: Zippable = { "AWSLogs/": {} };
  for (const { path, bytes } of DELIVERIES) files[path] = [bytes, { level }];
  for (const [path, bytes] of EXTRAS) files[path] = [bytes, { level }];
  return zipSync(files);
}

async function zipJsZip(options: {
  zip64?: boolean;
  dataDescriptor?: boolean;
  level?: number;
  comment?: string;
}): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), {
    useWebWorkers: false,
    zip64: options.zip64,
    dataDescriptor: options.dataDescriptor,
    level: options.level ?? 6,
  });
  await writer.add("AWSLogs/", undefined, { directory: true });
  for (const { path, bytes } of DELIVERIES) await writer.add(path, new Uint8ArrayReader(bytes));
  for (const [path, bytes] of EXTRAS) await writer.add(path, new Uint8ArrayReader(bytes));
  const comment =
    options.comment === undefined ? undefined : new TextEncoder().encode(options.comment);
  return writer.close(comment);
}

/** The little-endian u32 at `at`. */
const u32 = (bytes: Uint8Array, at: number) =>
  new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);

/**
 * A zip of one stored member whose central entry defers its sizes and its offset to a zip64
 * field (after 16 bytes of other data, so the offset is not 0), written byte by byte.
 */
function storedZip64(path: string, data: Uint8Array): Uint8Array {
  const name = new TextEncoder().encode(path);
  const crc = crc32(data);
  const pad = 16;
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, data.length, true);
  local.setUint32(22, data.length, true);
  local.setUint16(26, name.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 45, true);
  central.setUint16(6, 45, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, 0xffffffff, true);
  central.setUint32(24, 0xffffffff, true);
  central.setUint16(28, name.length, true);
  central.setUint16(30, 28, true);
  central.setUint32(42, 0xffffffff, true);
  // The zip64 field (id 1, 24 bytes): the size, the compressed size, the offset.
  const extra = new DataView(new ArrayBuffer(28));
  extra.setUint16(0, 1, true);
  extra.setUint16(2, 24, true);
  extra.setBigUint64(4, BigInt(data.length), true);
  extra.setBigUint64(12, BigInt(data.length), true);
  extra.setBigUint64(20, BigInt(pad), true);
  const centralAt = pad + 30 + name.length + data.length;
  const centralSize = 46 + name.length + 28;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, centralAt, true);
  return concatBytes([
    new Uint8Array(pad),
    new Uint8Array(local.buffer),
    name,
    data,
    new Uint8Array(central.buffer),
    name,
    new Uint8Array(extra.buffer),
    new Uint8Array(end.buffer),
  ]);
}

describe("zip listed in place", () => {
  it("gives zip.js's listing for fflate's zips, stored and deflated", async () => {
    for (const level of [0, 6] as const) {
      const listed = await expectSameAsZipJs(fflateZip(level));
      expect(listed.members.map((m) => m.path)).toEqual([
        ...DELIVERIES.map((d) => d.path),
        EXTRAS[1][0],
      ]);
      expect(listed.skipped).toBe(1);
      expect(listed.problems).toEqual([]);
    }
  });

  it("gives zip.js's listing for zip.js's zips: zip64, data descriptors, a comment", async () => {
    const zip64 = await zipJsZip({ zip64: true });
    // The writer put the sizes and offsets in zip64 fields: the entries defer to them.
    const directory = await findZipDirectory(blobOf(zip64));
    const view = new DataView(zip64.buffer, zip64.byteOffset);
    const second =
      directory!.at +
      46 +
      view.getUint16(directory!.at + 28, true) +
      view.getUint16(directory!.at + 30, true) +
      view.getUint16(directory!.at + 32, true);
    expect(u32(zip64, second + 20)).toBe(0xffffffff);
    expect(u32(zip64, second + 24)).toBe(0xffffffff);
    expect(u32(zip64, second + 42)).not.toBe(0xffffffff);
    await expectSameAsZipJs(zip64);
    await expectSameAsZipJs(await zipJsZip({ dataDescriptor: true, level: 0 }));
    const commented = await expectSameAsZipJs(
      await zipJsZip({ comment: "PK\u0005\u0006 a comment that looks like an end record" }),
    );
    expect(commented.members).toHaveLength(DELIVERIES.length + 1);
  });

  it("an offset in the zip64 field, after the sizes", async () => {
    const listed = await expectSameAsZipJs(storedZip64(DELIVERIES[1].path, DELIVERIES[1].bytes));
    expect(listed.members.map((m) => m.path)).toEqual([DELIVERIES[1].path]);
    const all: ArchiveBatch[] = [];
    for await (const batch of zipMembers(
      blobOf(storedZip64(DELIVERIES[1].path, DELIVERIES[1].bytes)),
    ))
      all.push(batch);
    const read = await readFileBytes(all[0].members[0]);
    expect(read.ok && Buffer.from(read.bytes).equals(Buffer.from(DELIVERIES[1].bytes))).toBe(true);
  });

  it("its members read as the deliveries, byte for byte", async () => {
    for (const bytes of [fflateZip(6), await zipJsZip({ zip64: true, dataDescriptor: true })]) {
      const blob = blobOf(bytes);
      const all: ArchiveBatch[] = [];
      for await (const batch of zipMembers(blob)) all.push(batch);
      const members = all.flatMap((b) => b.members);
      for (const { path, bytes: delivery } of DELIVERIES) {
        const member = members.find((m) => m.path === path)!;
        const read = await readFileBytes(member);
        expect(read.ok && Buffer.from(read.bytes).equals(Buffer.from(delivery))).toBe(true);
      }
    }
  });

  it("batches of 256 members", async () => {
    const files: Zippable = {};
    for (let i = 0; i < 600; i++)
      files[`AWSLogs/${i}.json.gz`] = [DELIVERIES[0].bytes, { level: 0 }];
    const blob = blobOf(zipSync(files));
    const listed = await collect(zipInPlace(blob, (await findZipDirectory(blob))!));
    expect(listed.batches).toBe(3);
    expect(listed.members).toHaveLength(600);
  });

  it("entries across the windows the directory is read in", async () => {
    const blob = blobOf(await zipJsZip({ zip64: true }));
    const directory = (await findZipDirectory(blob))!;
    const whole = await collect(zipInPlace(blob, directory));
    expect(whole.members).toHaveLength(DELIVERIES.length + 1);
    for (const window of [1, 100, 1000]) {
      expect(await collect(zipInPlace(blob, directory, window))).toEqual(whole);
    }
  });

  it("leaves a zip after other bytes, or without an end record, to zip.js", async () => {
    const zip = fflateZip(6);
    const prefixed = new Uint8Array(zip.length + 100);
    prefixed.set(zip, 100);
    expect(await findZipDirectory(blobOf(prefixed))).toBeNull();
    expect(await findZipDirectory(blobOf(zip.subarray(0, zip.length - 10)))).toBeNull();
    expect(await findZipDirectory(blobOf(new Uint8Array(0)))).toBeNull();
    // zip.js still lists the prefixed zip.
    const all = await collect(zipMembers(blobOf(prefixed)));
    expect(all.members.map((m) => m.path)).toContain(DELIVERIES[0].path);
    expect(all.members).toHaveLength(DELIVERIES.length + 1);
  });

  it("a directory damaged after its first entry keeps the entries before it and says so", async () => {
    const zip = fflateZip(0);
    const blob = blobOf(zip);
    const directory = (await findZipDirectory(blob))!;
    // The third entry's signature is broken.
    let at = directory.at;
    const view = new DataView(zip.buffer, zip.byteOffset);
    for (let n = 0; n < 2; n++)
      at +=
        46 +
        view.getUint16(at + 28, true) +
        view.getUint16(at + 30, true) +
        view.getUint16(at + 32, true);
    const damaged = zip.slice();
    damaged[at] = 0;
    const listed = await collect(zipMembers(blobOf(damaged)));
    // The folder's entry is the first, then the first delivery's.
    expect(listed.members.map((m) => m.path)).toEqual([DELIVERIES[0].path]);
    expect(listed.problems).toHaveLength(1);
    expect(listed.problems[0]).toMatch(/entry 3 of \d+ is not where the directory says/);
  });

  it("a directory damaged at its first entry is left to zip.js", async () => {
    const zip = fflateZip(0);
    const directory = (await findZipDirectory(blobOf(zip)))!;
    const damaged = zip.slice();
    damaged[directory.at] = 0;
    const generator = zipInPlace(blobOf(damaged), directory);
    const first = await generator.next();
    expect(first).toEqual({ done: true, value: false });
  });
});
