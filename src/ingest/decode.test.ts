// What comes after a gzip stream, and files packed in other formats. Expected counts come from
// zlib's gunzip and JSON.parse here.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateRawSync, deflateSync, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { INVICTUS_DAY, REAL_SAMPLES } from "../lib/testing/samples";
import type { FileOutcome } from "./chunk";
import { decodeBytes, firstChunkOf, gunzip } from "./decode";
import { parseBatch } from "./parse";

const INVICTUS = INVICTUS_DAY;
const files = readdirSync(INVICTUS)
  .toSorted()
  .map((name) => new Uint8Array(readFileSync(join(INVICTUS, name))));
const [first, second] = files as [Uint8Array, Uint8Array];
const recordsIn = (gz: Uint8Array): number =>
  (JSON.parse(gunzipSync(gz).toString("utf8")) as { Records: unknown[] }).Records.length;
const join2 = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

function outcomeOf(bytes: Uint8Array, name = "x.json.gz"): FileOutcome {
  return parseBatch([{ fileIndex: 0, name, bytes }]).outcomes[0]!;
}

describe("bytes after a complete gzip stream", () => {
  const events = recordsIn(first);
  const cases: [string, Uint8Array, RegExp][] = [
    [
      "a newline",
      new Uint8Array([0x0a]),
      /^1 byte of white space after the compressed data ignored$/,
    ],
    ["zero padding", new Uint8Array(512), /^512 bytes of zero padding after/],
    [
      "garbage",
      new TextEncoder().encode("garbage!"),
      /^8 bytes after the compressed data that are not gzip ignored$/,
    ],
    [
      "a second member cut short",
      second.subarray(0, Math.floor(second.length / 2)),
      /^a gzip member cut short at the end of the file \(\d+ bytes\) ignored$/,
    ],
    ["a lone gzip magic", new Uint8Array([0x1f, 0x8b]), /cut short|not gzip/],
  ];
  for (const [what, tail, warning] of cases) {
    test(`${what}: the data loads, the rest is a warning`, () => {
      const outcome = outcomeOf(join2(first, tail));
      expect(outcome).toMatchObject({ kind: "events", error: "" });
      expect(outcome.events + outcome.insights).toBe(events);
      expect(outcome.warning).toMatch(warning);
      expect(outcome.rawBytes).toBe(gunzipSync(first).length);
    });
  }

  test("complete members one after another load whole, without a warning", () => {
    const outcome = outcomeOf(join2(first, second));
    // Two JSON documents one after another: concatenated JSON, every record of both.
    expect(outcome.events + outcome.insights).toBe(events + recordsIn(second));
    expect(outcome.warning).toBeUndefined();
  });

  test("a stream cut in its first member is still an error", () => {
    expect(outcomeOf(first.subarray(0, first.length - 3)).error).toBe("truncated gzip");
  });

  test("gunzip gives the bytes of the complete members", () => {
    const inflated = gunzip(join2(first, new Uint8Array(3)));
    expect(inflated.ok && Buffer.from(inflated.bytes).equals(gunzipSync(first))).toBe(true);
  });
});

describe("the first piece of output", () => {
  test("is the size the gzip trailer declares, plus one, when believable: a small file gets a small piece", () => {
    expect(firstChunkOf(first, 1 << 30)).toBe(gunzipSync(first).length + 1);
    const small = gzipSync("{}");
    expect(firstChunkOf(small, 1 << 30)).toBe(3);
    // Past the limit, or past 64 times the compressed size, the declared size is not believed.
    expect(firstChunkOf(first, 100)).toBe(65_536);
    const lying = first.slice();
    lying[lying.length - 1] = 0x7f;
    expect(firstChunkOf(lying, 2 ** 31)).toBe(65_536);
  });

  test("a large member before a small one: the small first piece is joined with the rest", () => {
    const big = gzipSync(Buffer.from(JSON.stringify({ Records: [] }) + " ".repeat(200_000)));
    const tiny = gzipSync("\n");
    const inflated = gunzip(join2(big, tiny));
    const bytes = inflated.ok ? inflated.bytes : new Uint8Array(0);
    expect(bytes.length).toBe(200_015);
    expect(Buffer.from(bytes).equals(gunzipSync(join2(big, tiny)))).toBe(true);
  });
});

describe("a read of bytes checked once already", () => {
  /** `gz` with the CRC-32 in its trailer changed. */
  const badCrc = (gz: Uint8Array): Uint8Array => {
    const out = gz.slice();
    out[out.length - 8] ^= 0xff;
    return out;
  };

  test("gives the same text without computing gzip's check values", () => {
    const zlib = new Uint8Array(deflateSync(gunzipSync(first)));
    for (const bytes of [...files, join2(first, second), join2(first, new Uint8Array(9)), zlib]) {
      const checked = decodeBytes(bytes);
      const unchecked = decodeBytes(bytes, undefined, false);
      expect(checked.ok).toBe(true);
      expect(unchecked).toEqual(checked);
    }
    const text = decodeBytes(join2(first, second), undefined, false);
    expect(text.ok && text.text).toBe(
      gunzipSync(first).toString("utf8") + gunzipSync(second).toString("utf8"),
    );
  });

  test("a damaged check value fails a checked read only", () => {
    expect(decodeBytes(badCrc(first))).toMatchObject({ ok: false });
    expect(decodeBytes(badCrc(first), undefined, false)).toEqual(decodeBytes(first));
    // Every member after the first is read the same way.
    const two = join2(first, badCrc(second));
    expect(decodeBytes(two)).toMatchObject({ ok: true, warning: expect.stringMatching(/ignored/) });
    expect(decodeBytes(two, undefined, false)).toEqual(decodeBytes(join2(first, second)));
  });
});

describe("gzip's check values", () => {
  const text = gunzipSync(first);
  /** A gzip member of `data` made here, its header with a CRC of its own when `headerCrc`. */
  const member = (data: Uint8Array, headerCrc: boolean): Uint8Array => {
    const header = Buffer.from([0x1f, 0x8b, 8, headerCrc ? 2 : 0, 0, 0, 0, 0, 0, 3]);
    const crc16 = Buffer.alloc(2);
    crc16.writeUInt16LE(crc32(header) & 0xffff);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc32(data), 0);
    trailer.writeUInt32LE(data.length, 4);
    return join2(header, headerCrc ? crc16 : new Uint8Array(0), deflateRawSync(data), trailer);
  };
  const flipped = (bytes: Uint8Array, at: number): Uint8Array => {
    const out = bytes.slice();
    out[at < 0 ? out.length + at : at] ^= 0x01;
    return out;
  };

  test("a changed byte of stored data inflates, and is caught by the CRC-32", () => {
    const stored = new Uint8Array(gzipSync(text, { level: 0 }));
    expect(decodeBytes(stored).ok).toBe(true);
    expect(decodeBytes(flipped(stored, stored.length >> 1))).toMatchObject({
      ok: false,
      reason: "corrupt gzip (the data does not match its checksum: the file is damaged)",
    });
  });

  test("a changed length in the trailer is caught", () => {
    expect(decodeBytes(flipped(first, -2))).toMatchObject({
      ok: false,
      reason: "corrupt gzip (the data does not match its recorded length: the file is damaged)",
    });
  });

  test("a member whose header has a CRC loads, and a damaged header is caught", () => {
    const withCrc = member(text, true);
    const read = decodeBytes(withCrc);
    expect(read.ok && read.text).toBe(text.toString("utf8"));
    expect(decodeBytes(flipped(withCrc, 4))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^corrupt gzip \(the header is damaged/),
    });
    // Members with and without one, one after another; a changed byte in either one's data.
    const both = decodeBytes(join2(member(text, false), withCrc, first));
    expect(both.ok && both.text).toBe(text.toString("utf8").repeat(3));
    const stored = member(text, false);
    expect(decodeBytes(flipped(stored, 200))).toMatchObject({ ok: false });
    expect(decodeBytes(flipped(withCrc, 200))).toMatchObject({ ok: false });
  });
});

describe("small outputs", () => {
  test("each keeps its bytes while later streams are inflated, past a megabyte of them", () => {
    // 600 texts of about 3 KB: pieces of a shared buffer, and more than one buffer's worth.
    const texts = Array.from({ length: 600 }, (_, i) =>
      Buffer.from(`{"Records":[${`{"n":${i}},`.repeat(300 + (i % 7))}{}]}`),
    );
    const outputs = texts.map((text) => gunzip(new Uint8Array(gzipSync(text))));
    outputs.forEach((out, i) => {
      expect(out.ok && Buffer.from(out.bytes).equals(texts[i]!)).toBe(true);
    });
  });
});

describe("one stream after another", () => {
  test("reads each whole, whatever the stream before it was", () => {
    const text = (gz: Uint8Array) => gunzipSync(gz).toString("utf8");
    const damaged = first.slice();
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    const zlib = new Uint8Array(deflateSync(gunzipSync(second)));
    const sequence: [Uint8Array, string | null][] = [
      [first, text(first)],
      [damaged, null],
      [second, text(second)],
      [first.subarray(0, first.length - 40), null],
      [zlib, text(second)],
      [join2(second, first), text(second) + text(first)],
      ...files.map((gz): [Uint8Array, string] => [gz, text(gz)]),
    ];
    for (const [bytes, expected] of sequence) {
      const decoded = decodeBytes(bytes);
      expect(decoded.ok ? decoded.text : null).toBe(expected);
    }
  });
});

describe("other compression formats", () => {
  const json = gunzipSync(first);
  test.each([
    [
      "zstd",
      [0x28, 0xb5, 0x2f, 0xfd, 4, 0],
      "zstd-compressed, not gzip: decompress it with `zstd -d` and load the result",
    ],
    [
      "bzip2",
      [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41],
      "bzip2-compressed, not gzip: decompress it with `bunzip2` and load the result",
    ],
    [
      "xz",
      [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4],
      "xz-compressed, not gzip: decompress it with `xz -d` and load the result",
    ],
  ])("%s is named, with what to do", (_, magic, reason) => {
    const bytes = join2(new Uint8Array(magic), new Uint8Array(64));
    expect(outcomeOf(bytes)).toMatchObject({ kind: "error", error: reason });
  });

  test.each([1, 6, 9])("raw zlib (level %i) is inflated and loads", (level) => {
    const bytes = new Uint8Array(deflateSync(json, { level }));
    const outcome = outcomeOf(bytes);
    expect(outcome).toMatchObject({ kind: "events", error: "" });
    expect(outcome.events + outcome.insights).toBe(recordsIn(first));
  });

  test("text that starts like a zlib header is read as text", () => {
    expect(decodeBytes(new TextEncoder().encode("x^y"))).toMatchObject({ ok: true, text: "x^y" });
  });

  test("gzip of plain text still names it", () => {
    expect(outcomeOf(new Uint8Array(gzipSync("hello"))).error).toBe(
      "gzip of data that is not JSON",
    );
  });
});

describe("files that are plainly not logs", () => {
  const REAL = REAL_SAMPLES;
  const real = (path: string): Uint8Array => new Uint8Array(readFileSync(join(REAL, path)));
  const SKIPPED =
    "not a log file: its name is not a log's and its content is neither JSON nor gzip";

  test.each([
    "aws-docs-examples/LICENSE-SUMMARY",
    "aws-docs-examples/doc_examples_records.sources.txt",
    "aws-parser-fixtures/LICENSE.txt",
  ])("%s is skipped with the reason", (path) => {
    const name = path.slice(path.lastIndexOf("/") + 1);
    expect(outcomeOf(real(path), name)).toMatchObject({
      kind: "skipped",
      error: SKIPPED,
      events: 0,
    });
  });

  test("empty notes and a README are skipped", () => {
    expect(outcomeOf(new Uint8Array(0), "NOTES").kind).toBe("skipped");
    expect(outcomeOf(new TextEncoder().encode("# Logs\n"), "README.md").kind).toBe("skipped");
  });

  test("what looks like a log and cannot be read stays an error", () => {
    const text = new TextEncoder().encode("hello");
    // By its name.
    for (const name of [
      "a.json",
      "a.JSON.GZ",
      "a.ndjson",
      "a.jsonl",
      "a.csv",
      "a.zip",
      "a.tar",
      "a.tgz",
      "a.json.txt",
    ])
      expect({ name, kind: outcomeOf(text, name).kind }).toEqual({ name, kind: "error" });
    // By its content: JSON that is not CloudTrail, damaged gzip, zstd.
    expect(outcomeOf(new TextEncoder().encode('{"a": 1}'), "notes.txt").kind).toBe("error");
    expect(outcomeOf(first.subarray(0, 100), "notes.txt")).toMatchObject({
      kind: "error",
      error: "truncated gzip",
    });
    expect(outcomeOf(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0]), "data.bin").kind).toBe("error");
  });

  test("a log under any name loads", () => {
    const outcome = outcomeOf(new Uint8Array(gunzipSync(first)), "records.txt");
    expect(outcome.kind).toBe("events");
    expect(outcome.events + outcome.insights).toBe(recordsIn(first));
  });
});
