// Reading archives: zip (stored, deflated, damaged, a bomb), tar (GNU long names, PAX), tar.gz,
// nested folders and files that are not logs. Members are compared with the real deliveries read
// here with node:fs and node:zlib.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { zipSync, type Zippable } from "fflate";
import { packTar } from "modern-tar";
import { describe, expect, it } from "vitest";
import { INVICTUS, filesUnder } from "../lib/testing/samples";
import {
  archiveKindOfName,
  isLogMember,
  sniffArchive,
  readFileBytes,
  zipMemberBytes,
} from "./archive";
import { expandArchive, type ArchiveBatch, type ArchiveMember } from "./archiveRead";
import { concatBytes, tarHeader, tarPadded } from "./test-helpers";

/** The bytes of a member's span of its archive. */
async function spanOf(member: ArchiveMember): Promise<Uint8Array> {
  const { start, end } = member.encoding;
  return new Uint8Array(await member.blob.slice(start, end).arrayBuffer());
}

const DELIVERIES = filesUnder(INVICTUS)
  .filter((f) => f.endsWith(".json.gz"))
  .map((f) => ({ path: relative(INVICTUS, f), bytes: new Uint8Array(readFileSync(f)) }));

const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

async function expand(bytes: Uint8Array, kind: "zip" | "tar" | "tar.gz") {
  const batches: ArchiveBatch[] = [];
  for await (const batch of expandArchive(blobOf(bytes), kind)) batches.push(batch);
  const members = batches.flatMap((b) => b.members);
  const bytesOf = async (i: number): Promise<Uint8Array> => {
    const read = await readFileBytes(members[i]);
    if (!read.ok) throw new Error(read.reason);
    return read.bytes;
  };
  return {
    batches,
    members,
    bytesOf,
    errors: batches.flatMap((b) => b.errors),
    skipped: batches.reduce((sum, b) => sum + b.skipped, 0),
    problems: batches.flatMap((b) => (b.problem === undefined ? [] : [b.problem])),
  };
}

/** Every batch carries its members' bytes (ArchiveBatch.held): each member's span of its Blob. */
async function expectHeld(batches: ArchiveBatch[]): Promise<void> {
  expect(batches.some((b) => b.members.length > 0)).toBe(true);
  for (const { members, held } of batches) {
    if (members.length === 0) continue;
    expect(held).toBeDefined();
    for (const { blob, encoding } of members) {
      const span = new Uint8Array(await blob.slice(encoding.start, encoding.end).arrayBuffer());
      const bytes = held?.bytes.subarray(encoding.start - held.start, encoding.end - held.start);
      expect(Buffer.from(bytes ?? []).equals(Buffer.from(span))).toBe(true);
    }
  }
}

/** Every member's bytes are the delivery of the same path, byte for byte. */
async function expectDeliveries(result: Awaited<ReturnType<typeof expand>>): Promise<void> {
  expect(result.members.map((m) => m.path)).toEqual(DELIVERIES.map((d) => d.path));
  for (let i = 0; i < DELIVERIES.length; i++) {
    const bytes = await result.bytesOf(i);
    expect(Buffer.from(bytes).equals(Buffer.from(DELIVERIES[i].bytes))).toBe(true);
  }
  // And they hold the records (independently: gunzip + JSON.parse).
  const records = DELIVERIES.reduce(
    (sum, d) =>
      sum + (JSON.parse(gunzipSync(d.bytes).toString("utf8")) as { Records: [] }).Records.length,
    0,
  );
  expect(records).toBe(2900);
}

function zipOf(level: 0 | 6, extra: Zippable = {}): Uint8Array {
  const files: Zippable = {};
  for (const { path, bytes } of DELIVERIES) files[path] = [bytes, { level }];
  return zipSync({ ...files, ...extra });
}

describe("archives by name and by bytes", () => {
  it("names", () => {
    expect(archiveKindOfName("logs.ZIP")).toBe("zip");
    expect(archiveKindOfName("logs.tar")).toBe("tar");
    expect(archiveKindOfName("logs.tar.gz")).toBe("tar.gz");
    expect(archiveKindOfName("logs.tgz")).toBe("tar.gz");
    expect(archiveKindOfName("x.json.gz")).toBeNull();
  });

  it("magic bytes: zip, an empty zip, tar, gzip of a tar; never a log", async () => {
    const tar = await packTar([{ header: { name: "a.json", size: 2 }, body: "{}" }]);
    expect(sniffArchive(zipOf(0).subarray(0, 64))).toBe("zip");
    expect(sniffArchive(zipSync({}))).toBe("zip");
    expect(sniffArchive(tar)).toBe("tar");
    expect(sniffArchive(gzipSync(tar))).toBe("tar.gz");
    expect(sniffArchive(DELIVERIES[0].bytes)).toBeNull();
    expect(sniffArchive(gunzipSync(DELIVERIES[0].bytes))).toBeNull();
    expect(sniffArchive(new Uint8Array(0))).toBeNull();
  });

  it("log members and the others", () => {
    expect(isLogMember("AWSLogs/1/CloudTrail/us-east-1/x.json.gz")).toBe(true);
    expect(isLogMember("export.csv")).toBe(true);
    expect(isLogMember("older/logs.tar")).toBe(true);
    expect(isLogMember("README.md")).toBe(false);
    expect(isLogMember("notes.txt")).toBe(false);
    expect(isLogMember("AWSLogs/._x.json.gz")).toBe(false);
    expect(isLogMember("__MACOSX/AWSLogs/x.json.gz")).toBe(false);
  });
});

describe("zip", () => {
  it("stored members are slices of the archive, byte for byte the deliveries", async () => {
    const result = await expand(zipOf(0), "zip");
    expect(result.errors).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.members.every((m) => m.encoding.zip?.method === 0)).toBe(true);
    await expectDeliveries(result);
  });

  it("deflated members inflate to the deliveries", async () => {
    const result = await expand(zipOf(6), "zip");
    expect(result.members.some((m) => m.encoding.zip?.method === 8)).toBe(true);
    await expectDeliveries(result);
  });

  it("nested folders keep their paths; files that are not logs are skipped, folders not counted", async () => {
    const text = new TextEncoder().encode("notes");
    const result = await expand(
      zipSync({
        "a/b/c/d/e/f/deep.json": new TextEncoder().encode('{"Records":[]}'),
        "a/README.md": text,
        "a/notes.txt": text,
        "a/b/": new Uint8Array(0),
        "__MACOSX/a/._deep.json": text,
      }),
      "zip",
    );
    expect(result.members.map((m) => m.path)).toEqual(["a/b/c/d/e/f/deep.json"]);
    expect(result.skipped).toBe(3);
  });

  it("a cut zip (no central directory) gives the members before the cut and says so", async () => {
    const zip = zipOf(0);
    const cut = zip.subarray(0, Math.floor(zip.length / 2));
    const result = await expand(cut, "zip");
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/damaged or cut short/);
    expect(result.members.length).toBeGreaterThan(10);
    expect(result.members.length).toBeLessThan(DELIVERIES.length);
    // The member the cut went through is named as such.
    expect(result.errors.map((e) => e.error)).toEqual(["cut short in the archive"]);
    for (let i = 0; i < result.members.length; i++) {
      const bytes = await result.bytesOf(i);
      expect(Buffer.from(bytes).equals(Buffer.from(DELIVERIES[i].bytes))).toBe(true);
    }
  });

  it("a member that inflates past the limit is refused as a possible zip bomb", async () => {
    const zeros = new Uint8Array(2 * 1024 * 1024);
    const zip = zipSync({ "bomb.json": [zeros, { level: 9 }] });
    const [member] = (await expand(zip, "zip")).members;
    const read = zipMemberBytes(await spanOf(member), member.encoding.zip!, 1024 * 1024);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toMatch(/too large to read in a browser.*zip bomb/);
    // A central directory that declares more than the limit is refused without inflating.
    const patched = zip.slice();
    const view = new DataView(patched.buffer);
    for (let at = 0; at + 4 <= patched.length; at++) {
      if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 300 * 1024 * 1024, true);
    }
    const listed = await expand(patched, "zip");
    expect(listed.members).toEqual([]);
    expect(listed.errors[0].error).toMatch(/^too large to read in a browser: 300 MB/);
  });

  it("a damaged member fails its checksum; the others read", async () => {
    const zip = zipOf(0);
    const result = await expand(zip, "zip");
    const member = result.members[3];
    const raw = await spanOf(member);
    // A byte of its data, past the local header.
    const view = new DataView(raw.buffer);
    raw[30 + view.getUint16(26, true) + view.getUint16(28, true) + 100] ^= 0xff;
    const read = zipMemberBytes(raw, member.encoding.zip!);
    expect(!read.ok && read.reason).toMatch(/corrupt zip member/);
    expect((await result.bytesOf(4)).length).toBe(DELIVERIES[4].bytes.length);
  });
});

describe("tar and tar.gz", () => {
  const entries = () =>
    DELIVERIES.map(({ path, bytes }) => ({
      header: { name: path, size: bytes.length },
      body: bytes,
    }));

  it("a tar's members are the deliveries", async () => {
    const result = await expand(await packTar(entries()), "tar");
    expect(result.problems).toEqual([]);
    await expectDeliveries(result);
    await expectHeld(result.batches);
  });

  it("a tar.gz's members are the deliveries", async () => {
    const result = await expand(gzipSync(await packTar(entries())), "tar.gz");
    expect(result.problems).toEqual([]);
    await expectDeliveries(result);
    await expectHeld(result.batches);
  });

  it("long names: a GNU long name header and a PAX path", async () => {
    const body = new TextEncoder().encode('{"Records":[]}');
    const longName = `${"AWSLogs/".repeat(20)}gnu.json`;
    const gnu = concatBytes([
      tarHeader("././@LongLink", longName.length + 1, "L", true),
      tarPadded(new TextEncoder().encode(`${longName}\0`)),
      tarHeader(longName.slice(0, 100), body.length, "0", true),
      tarPadded(body),
    ]);
    const paxName = `${"AWSLogs/123456789012/".repeat(15)}pax.json`;
    const pax = await packTar([{ header: { name: paxName, size: body.length }, body }]);
    const tar = concatBytes([gnu, pax]);
    const result = await expand(tar, "tar");
    expect(result.problems).toEqual([]);
    expect(result.members.map((m) => m.path)).toEqual([longName, paxName]);
    expect(new TextDecoder().decode(await result.bytesOf(0))).toBe('{"Records":[]}');
  });

  it("files that are not logs are skipped", async () => {
    const text = new TextEncoder().encode("notes");
    const tar = await packTar([
      ...entries().slice(0, 2),
      { header: { name: "README", size: text.length }, body: text },
      { header: { name: "AWSLogs/notes.txt", size: text.length }, body: text },
      { header: { name: "AWSLogs/", type: "directory", size: 0 } },
    ]);
    const result = await expand(tar, "tar");
    expect(result.members).toHaveLength(2);
    expect(result.skipped).toBe(2);
  });

  it("a tar cut inside a member keeps the members before it, names the one cut, and says so", async () => {
    const tar = await packTar(entries());
    // Cut 100 bytes into the data of the 21st member (found by bytes of its middle).
    const { bytes: cutMember } = DELIVERIES[20];
    const half = Math.floor(cutMember.length / 2);
    const at = Buffer.from(tar).indexOf(Buffer.from(cutMember.subarray(half, half + 256))) - half;
    const cut = tar.subarray(0, at + 100);
    for (const [bytes, kind] of [
      [cut, "tar"],
      [gzipSync(cut), "tar.gz"],
    ] as const) {
      const result = await expand(bytes, kind);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatch(/damaged or cut short/);
      expect(result.members).toHaveLength(20);
      expect(result.errors).toEqual([
        { path: DELIVERIES[20].path, error: "cut short or damaged in the archive" },
      ]);
      for (let i = 0; i < result.members.length; i++)
        expect((await result.bytesOf(i)).length).toBe(DELIVERIES[i].bytes.length);
    }
  });

  it("a cut gzip stream keeps the members inflated before the cut", async () => {
    const tgz = gzipSync(await packTar(entries()));
    const result = await expand(tgz.subarray(0, Math.floor(tgz.length / 2)), "tar.gz");
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/damaged or cut short/);
    expect(result.members.length).toBeGreaterThan(5);
    expect(result.members.length).toBeLessThan(DELIVERIES.length);
    for (let i = 0; i < result.members.length; i++)
      expect((await result.bytesOf(i)).length).toBe(DELIVERIES[i].bytes.length);
  });
});
