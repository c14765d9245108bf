// A plain tar read in place (headers only), and the stream reader taking over where it stops:
// real deliveries packed by modern-tar, compared byte for byte with the files read by node:fs.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { packTar, type TarEntry } from "modern-tar";
import { describe, expect, it } from "vitest";
import { INVICTUS, invictusLogs } from "../lib/testing/samples";
import { Batcher, type ArchiveBatch } from "./archiveBatch";
import { expandArchive } from "./archiveRead";
import { tarInPlace } from "./archiveTarPlace";
import { concatBytes, tarHeader, tarPadded } from "./test-helpers";

const DELIVERIES = invictusLogs().map((f) => ({
  path: relative(INVICTUS, f),
  bytes: new Uint8Array(readFileSync(f)),
}));

const entries = (): TarEntry[] =>
  DELIVERIES.map(({ path, bytes }) => ({
    header: { name: path, size: bytes.length },
    body: bytes,
  }));

const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

async function inPlace(bytes: Uint8Array, out = new Batcher()) {
  const blob = blobOf(bytes);
  const batches: ArchiveBatch[] = [];
  const walk = tarInPlace(blob, out);
  let step = await walk.next();
  while (!step.done) {
    batches.push(step.value);
    step = await walk.next();
  }
  // At the end, the last batch came from the walk; else it is still being filled.
  if (step.value >= 0) batches.push(out.take());
  return { stoppedAt: step.value, members: batches.flatMap((b) => b.members), batches };
}

async function expand(bytes: Uint8Array) {
  const batches: ArchiveBatch[] = [];
  for await (const batch of expandArchive(blobOf(bytes), "tar")) batches.push(batch);
  return {
    members: batches.flatMap((b) => b.members),
    problems: batches.flatMap((b) => (b.problem === undefined ? [] : [b.problem])),
  };
}

async function spanOf(member: { blob: Blob; encoding: { start: number; end: number } }) {
  const { start, end } = member.encoding;
  return Buffer.from(await member.blob.slice(start, end).arrayBuffer());
}

/** Every member is the delivery of the same path, byte for byte. */
async function expectDeliveries(members: Awaited<ReturnType<typeof expand>>["members"]) {
  expect(members.map((m) => m.path)).toEqual(DELIVERIES.map((d) => d.path));
  for (let i = 0; i < members.length; i++)
    expect((await spanOf(members[i])).equals(Buffer.from(DELIVERIES[i].bytes))).toBe(true);
}

/** Where the header of the i-th delivery starts in a tar: the block before its data. */
function headerOf(tar: Uint8Array, i: number): number {
  const data = Buffer.from(tar).indexOf(Buffer.from(DELIVERIES[i].bytes.subarray(0, 512)));
  expect(data % 512).toBe(0);
  return data - 512;
}

describe("a plain tar read in place", () => {
  it("reads a well-formed tar to its end, each member its span of the archive", async () => {
    const tar = await packTar(entries());
    const read = await inPlace(tar);
    expect(read.stoppedAt).toBe(-1);
    await expectDeliveries(read.members);
  });

  it("names: a ustar prefix, a GNU long name, a PAX path", async () => {
    const body = new TextEncoder().encode('{"Records":[]}');
    const prefixed = `${"AWSLogs/123456789012/CloudTrail/".repeat(4)}prefixed.json`;
    const paxName = `${"AWSLogs/123456789012/".repeat(15)}pax.json`;
    const longName = `${"AWSLogs/".repeat(20)}gnu.json`;
    const packed = await packTar([
      { header: { name: prefixed, size: body.length }, body },
      { header: { name: paxName, size: body.length }, body },
    ]);
    const gnu = concatBytes([
      tarHeader("././@LongLink", longName.length + 1, "L", true),
      tarPadded(new TextEncoder().encode(`${longName}\0`)),
      tarHeader(longName, body.length, "0", true),
      tarPadded(body),
    ]);
    // The two blocks of zeros that end the packed archive go after the GNU member.
    const tar = concatBytes([packed.subarray(0, packed.length - 1024), gnu, new Uint8Array(1024)]);
    const read = await inPlace(tar);
    expect(read.stoppedAt).toBe(-1);
    expect(read.members.map((m) => m.path)).toEqual([prefixed, paxName, longName]);
    for (const member of read.members) expect((await spanOf(member)).equals(body)).toBe(true);
  });

  it("a GNU header's times where ustar keeps a name prefix are not read as one", async () => {
    const body = new TextEncoder().encode('{"Records":[]}');
    const header = tarHeader("AWSLogs/gnu-times.json", body.length, "0", true);
    // GNU tar keeps the access and change times at 345 and 357.
    header.set(new TextEncoder().encode("14713065670\u000014713065670\u0000"), 345);
    header.set(new TextEncoder().encode("        "), 148);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, "0")}\u0000 `), 148);
    const read = await inPlace(concatBytes([header, tarPadded(body), new Uint8Array(1024)]));
    expect(read.stoppedAt).toBe(-1);
    expect(read.members.map((m) => m.path)).toEqual(["AWSLogs/gnu-times.json"]);
  });

  it("stops at a header it does not trust, and the stream reader reads on from there", async () => {
    const tar = await packTar(entries());
    const third = headerOf(tar, 2);
    // A wrong checksum: the stream reader (not strict) still reads the header.
    tar[third + 148] = tar[third + 148] === 0x31 ? 0x32 : 0x31;
    const read = await inPlace(tar);
    expect(read.stoppedAt).toBe(third);
    expect(read.members.map((m) => m.path)).toEqual([DELIVERIES[0].path, DELIVERIES[1].path]);
    const all = await expand(tar);
    expect(all.problems).toEqual([]);
    await expectDeliveries(all.members);
  });

  it("leaves a PAX attribute it does not know to the stream reader", async () => {
    const list = entries();
    list[4] = { ...list[4], header: { ...list[4].header, pax: { "SCHILY.xattr.user.x": "1" } } };
    const tar = await packTar(list);
    const read = await inPlace(tar);
    expect(read.members).toHaveLength(4);
    expect(read.stoppedAt).toBeLessThan(headerOf(tar, 4));
    const all = await expand(tar);
    expect(all.problems).toEqual([]);
    await expectDeliveries(all.members);
  });

  it("an archive without its end blocks: every member, and the archive said to be cut", async () => {
    const tar = await packTar(entries());
    const cut = tar.subarray(0, tar.length - 1024);
    const read = await inPlace(cut);
    expect(read.stoppedAt).toBe(cut.length);
    await expectDeliveries(read.members);
    const all = await expand(cut);
    await expectDeliveries(all.members);
    expect(all.problems).toHaveLength(1);
    expect(all.problems[0]).toMatch(/cut short/);
  });

  it("a cut inside a member: it stops at that member's header", async () => {
    const tar = await packTar(entries());
    const tenth = headerOf(tar, 9);
    const read = await inPlace(tar.subarray(0, tenth + 512 + 100));
    expect(read.stoppedAt).toBe(tenth);
    expect(read.members).toHaveLength(9);
  });

  it("batches of at most 256 members", async () => {
    const body = new TextEncoder().encode("{}");
    const many = Array.from({ length: 600 }, (_, i) => ({
      header: { name: `AWSLogs/${String(i).padStart(4, "0")}.json`, size: body.length },
      body,
    }));
    const read = await inPlace(await packTar(many));
    expect(read.stoppedAt).toBe(-1);
    expect(read.batches.map((b) => b.members.length)).toEqual([256, 256, 88]);
  });

  it("each batch carries its members' bytes, also when they lie over a window's edge", async () => {
    // 1,000 members of 6,000 bytes: batches of about 1.7 MB, over two 4 MB windows.
    const many = Array.from({ length: 1000 }, (_, i) => {
      const body = new Uint8Array(6000);
      for (let j = 0; j < body.length; j++) body[j] = (i * 31 + j * 7) & 0xff;
      return { header: { name: `AWSLogs/${String(i).padStart(4, "0")}.json`, size: 6000 }, body };
    });
    const tar = await packTar(many);
    const read = await inPlace(tar);
    expect(read.stoppedAt).toBe(-1);
    expect(read.batches.map((b) => b.members.length)).toEqual([256, 256, 256, 232]);
    for (const batch of read.batches) {
      const held = batch.held;
      expect(held).toBeDefined();
      if (held === undefined) continue;
      for (const { encoding } of batch.members) {
        const bytes = held.bytes.subarray(encoding.start - held.start, encoding.end - held.start);
        expect(
          Buffer.from(bytes).equals(Buffer.from(tar.subarray(encoding.start, encoding.end))),
        ).toBe(true);
      }
    }
  });

  it("batches carry their bytes up to the archive's limit, the later ones not", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      header: { name: `AWSLogs/${String(i).padStart(4, "0")}.json`, size: 6000 },
      body: new Uint8Array(6000).fill(i & 0xff),
    }));
    // Batches of about 1.7 MB: the first fits in 3 MB, and what is left takes no other.
    const read = await inPlace(await packTar(many), new Batcher(3_000_000));
    expect(read.batches.map((b) => b.held !== undefined)).toEqual([true, false, false, false]);
    expect(read.members).toHaveLength(1000);
  });
});
