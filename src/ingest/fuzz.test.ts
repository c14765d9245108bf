// Hostile input: real and generated files, broken in every way the issue lists, each parsed in a
// batch beside good files. What must hold every time: parseBatch does not throw, the good files
// give exactly their rows (the same rows as when parsed alone), a bad file is an error with a
// reason a person understands, and a record with odd fields is kept as a row. Seeded throughout.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { constants, deflateRawSync, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { Random } from "../lib/random";
import { INVICTUS_DAY, REAL_SAMPLES } from "../lib/testing/samples";
import {
  DICT_FIELDS,
  FLAG_DATA,
  FLAG_NO_EVENT_ID,
  FLAG_NO_TIME,
  FLAG_READ_ONLY,
  FLAG_WRITE,
  type BatchResult,
  type DictField,
  type FileOutcome,
} from "./chunk";
import { MAX_TEXT_BYTES, decodeBytes } from "./decode";
import { MAX_VALUE_CHARS, UNPRINTABLE } from "./fields";
import { parseBatch, searchRecords, type BatchInput } from "./parse";
import { describeJsonError } from "./shape";
import { columnStrings, eventKeys } from "./test-helpers";

const SAMPLES = REAL_SAMPLES;
const INVICTUS = INVICTUS_DAY;
const encoder = new TextEncoder();
const bytesOf = (text: string): Uint8Array => encoder.encode(text);
const gz = (data: string | Uint8Array): Uint8Array =>
  new Uint8Array(gzipSync(typeof data === "string" ? bytesOf(data) : data));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** A good file and the number of rows it must give, counted here from the file itself. */
interface GoodFile {
  name: string;
  bytes: Uint8Array;
  events: number;
}

// --- real files -----------------------------------------------------------------------------

const invictusNames = readdirSync(INVICTUS).toSorted();
const invictusBytes = invictusNames.map((name) => read(join(INVICTUS, name)));
/** The largest delivery of the set (51 KB gzipped), the one most cut and flipped below. */
const largest = invictusBytes.reduce((a, b) => (b.length > a.length ? b : a));
const smallest = invictusBytes.reduce((a, b) => (b.length < a.length ? b : a));
/** Records counted with zlib's own inflate and JSON.parse, independently of the code under test. */
const recordsIn = (bytes: Uint8Array): number =>
  (JSON.parse(gunzipSync(bytes).toString("utf8")) as { Records: unknown[] }).Records.length;
const ndjson = read(join(SAMPLES, "aws-docs-examples/doc_examples_records.ndjson"));
const digest = read(join(SAMPLES, "aws-docs-examples/doc_example_digest_0.json"));
const badJson = read(join(SAMPLES, "aws-parser-fixtures/SerializerTestFileBadJsonFormat.json"));

// --- generated files ------------------------------------------------------------------------

const SERVICES = [
  ["ec2.amazonaws.com", ["DescribeInstances", "RunInstances", "TerminateInstances"]],
  ["s3.amazonaws.com", ["GetObject", "PutObject", "ListBuckets"]],
  ["iam.amazonaws.com", ["CreateUser", "AttachRolePolicy", "GetRole"]],
  ["sts.amazonaws.com", ["AssumeRole", "GetCallerIdentity"]],
] as const;
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

function generatedRecord(random: Random, index: number): Record<string, unknown> {
  const [eventSource, names] = random.pick(SERVICES);
  const eventName = random.pick(names);
  const session = `user${random.int(5)}`;
  const time = Date.UTC(2026, 10, 2) + index * 7_000 + random.int(5_000);
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: `AROAEXAMPLE:${session}`,
      arn: `arn:aws:sts::111122223333:assumed-role/Admin/${session}`,
      accountId: "111122223333",
      accessKeyId: `ASIA${random.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
    },
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource,
    eventName,
    awsRegion: random.pick(REGIONS),
    sourceIPAddress: `198.51.100.${random.int(255)}`,
    userAgent: "aws-cli/2.15.0",
    requestParameters: { index },
    responseElements: null,
    requestID: random.uuid(),
    eventID: random.uuid(),
    readOnly: eventName.startsWith("Get") || eventName.startsWith("Describe"),
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111122223333",
    eventCategory: "Management",
  };
}

const random = new Random(20_261_102, 1);
const generated = (count: number): Record<string, unknown>[] =>
  Array.from({ length: count }, (_, i) => generatedRecord(random, i));
const genRecords = generated(240);
const genGzip = gz(JSON.stringify({ Records: genRecords }));
const genArray = bytesOf(JSON.stringify(generated(37), null, 2));
const genNdjson = bytesOf(
  `${generated(25)
    .map((r) => JSON.stringify(r))
    .join("\n")}\n`,
);

const GOOD: GoodFile[] = [
  { name: "invictus-largest.json.gz", bytes: largest, events: recordsIn(largest) },
  { name: "invictus-smallest.json.gz", bytes: smallest, events: recordsIn(smallest) },
  { name: "doc_examples_records.ndjson", bytes: ndjson, events: 20 },
  { name: "generated.json.gz", bytes: genGzip, events: 240 },
  { name: "generated-array.json", bytes: genArray, events: 37 },
  { name: "generated.ndjson", bytes: genNdjson, events: 25 },
];
/** Two good files: enough company for the loops that run hundreds of batches. */
const FEW = [GOOD[1]!, GOOD[5]!];

// --- the harness ----------------------------------------------------------------------------

/**
 * What each file's rows say, by file index, one string per row; compared whole between a batch
 * and the file parsed alone.
 */
function rowsByFile(result: BatchResult): Map<number, string[]> {
  const { chunk } = result;
  const keys = eventKeys(chunk);
  const columns = DICT_FIELDS.map((field) => columnStrings(chunk, field));
  const byFile = new Map<number, string[]>();
  for (let row = 0; row < chunk.rows; row++) {
    const file = chunk.file[row]!;
    let rows = byFile.get(file);
    if (rows === undefined) {
      rows = [];
      byFile.set(file, rows);
    }
    rows.push(
      [
        chunk.record[row],
        chunk.time[row],
        chunk.flags[row],
        keys[row],
        ...columns.map((column) => column[row]),
      ].join("|"),
    );
  }
  return byFile;
}

const alone = new Map<GoodFile, string[]>();
function rowsAlone(file: GoodFile): string[] {
  let rows = alone.get(file);
  if (rows === undefined) {
    rows =
      rowsByFile(parseBatch([{ fileIndex: 0, name: file.name, bytes: file.bytes }])).get(0) ?? [];
    alone.set(file, rows);
  }
  return rows;
}

/** Reasons a person understands; never the catch-all "could not be parsed (<engine message>)". */
const HUMAN_REASON = new RegExp(
  "^(" +
    [
      "empty file",
      "truncated gzip",
      "corrupt gzip \\(the .+\\)",
      "not gzip or JSON",
      "gzip of data that is not JSON",
      "truncated JSON",
      "invalid JSON \\(.+\\)",
      "JSON nested too deeply",
      "JSON without CloudTrail records( \\(.+\\))?",
      '"Records" is (null, )?not a list',
      '"Events" is not a list',
      "none of its \\d+ entries is a CloudTrail record",
      "its only entry is not a CloudTrail record",
      "too large to read in a browser(: (more than )?\\d+ MB uncompressed| \\(out of memory\\))",
    ].join("|") +
    ")$",
);

interface Checked {
  result: BatchResult;
  /** The outcomes of the bad files, in the order given. */
  bad: FileOutcome[];
  /** The rows of each bad file, in the form of rowsOf. */
  badRows: string[][];
}

/**
 * Parses the bad files in the middle of the good ones, and checks what must always hold: no
 * throw, every good file exactly as when parsed alone, rows accounted for, reasons human.
 */
function check(
  badFiles: (Uint8Array | { name: string; bytes: Uint8Array })[],
  good = GOOD,
): Checked {
  const half = Math.ceil(good.length / 2);
  const order: ({ good: GoodFile } | { bad: number })[] = [
    ...good.slice(0, half).map((file) => ({ good: file })),
    ...badFiles.map((_, i) => ({ bad: i })),
    ...good.slice(half).map((file) => ({ good: file })),
  ];
  const batch: BatchInput[] = order.map((entry, fileIndex) => {
    if ("good" in entry) return { fileIndex, name: entry.good.name, bytes: entry.good.bytes };
    const bad = badFiles[entry.bad]!;
    return bad instanceof Uint8Array
      ? { fileIndex, name: `bad${entry.bad}.json.gz`, bytes: bad }
      : { fileIndex, name: bad.name, bytes: bad.bytes };
  });
  let result: BatchResult | undefined;
  expect(() => {
    result = parseBatch(batch);
  }).not.toThrow();
  const parsed = result!;
  expect(parsed.outcomes.map((o) => o.fileIndex)).toEqual(batch.map((b) => b.fileIndex));
  expect(parsed.chunk.rows).toBe(parsed.outcomes.reduce((sum, o) => sum + o.events, 0));
  const bad: FileOutcome[] = [];
  const badRows: string[][] = [];
  const byFile = rowsByFile(parsed);
  const goodSeen: unknown[] = [];
  const goodWanted: unknown[] = [];
  const problems: string[] = [];
  order.forEach((entry, fileIndex) => {
    const outcome = parsed.outcomes[fileIndex]!;
    const rows = byFile.get(fileIndex) ?? [];
    if (rows.length !== outcome.events) problems.push(`file ${fileIndex}: rows ≠ events`);
    if ("good" in entry) {
      const { name, events } = entry.good;
      goodSeen.push({ name, kind: outcome.kind, events: outcome.events, rows });
      goodWanted.push({ name, kind: "events", events, rows: rowsAlone(entry.good) });
      return;
    }
    if (outcome.kind === "error" && (!HUMAN_REASON.test(outcome.error) || outcome.events !== 0))
      problems.push(`bad file ${entry.bad}: reason "${outcome.error}"`);
    if (outcome.kind !== "error" && outcome.error !== "")
      problems.push(`bad file ${entry.bad}: ${outcome.kind} with reason "${outcome.error}"`);
    bad.push(outcome);
    badRows.push(rows);
  });
  expect(goodSeen).toEqual(goodWanted);
  expect(problems).toEqual([]);
  return { result: parsed, bad, badRows };
}

/** The one bad file's outcome, which must be an error; returns its reason. */
function reasonOf(bytes: Uint8Array, good = GOOD): string {
  const { bad } = check([bytes], good);
  expect(bad[0]!.kind).toBe("error");
  return bad[0]!.error;
}

/** The outcomes that are neither an error nor at most `most` records (events and Insights). */
const neitherErrorNorFewer = (outcomes: FileOutcome[], most: number): FileOutcome[] =>
  outcomes.filter((o) => o.kind !== "error" && o.events + o.insights > most);

// --- the cases ------------------------------------------------------------------------------

describe("the good files alone", () => {
  test("give their exact counts", () => {
    const { result } = check([]);
    expect(result.chunk.rows).toBe(GOOD.reduce((sum, file) => sum + file.events, 0));
    expect(GOOD[0]!.events).toBeGreaterThan(200);
  });
});

describe("truncated files", () => {
  test("gzip cut at 50 points: never throws, always 'truncated gzip', nothing kept", () => {
    const cut = new Random(1, 2);
    const points = [2, 9, 10, 11, largest.length - 8, largest.length - 4, largest.length - 1];
    while (points.length < 50) points.push(2 + cut.int(largest.length - 2));
    const { bad } = check(
      points.map((point) => largest.subarray(0, point)),
      FEW,
    );
    expect(bad.map((outcome) => outcome.error)).toEqual(points.map(() => "truncated gzip"));
  });

  test("a generated gzip cut at 30 points, each in its own batch", () => {
    const cut = new Random(2, 2);
    for (let i = 0; i < 30; i++) {
      const point = 2 + cut.int(genGzip.length - 2);
      expect(reasonOf(genGzip.subarray(0, point), FEW)).toBe("truncated gzip");
    }
  });

  test("a one-byte file and a cut at the magic bytes are not gzip", () => {
    expect(reasonOf(largest.subarray(0, 1))).toBe("not gzip or JSON");
  });

  test("plain JSON and NDJSON cut anywhere: an error, or fewer rows, never more", () => {
    const cut = new Random(3, 2);
    const plain = bytesOf(JSON.stringify({ Records: genRecords.slice(0, 40) }));
    for (let i = 0; i < 25; i++) {
      const point = 1 + cut.int(plain.length - 2);
      expect(reasonOf(plain.subarray(0, point), FEW)).toBe("truncated JSON");
    }
    const cuts = Array.from({ length: 25 }, () => 1 + cut.int(ndjson.length - 1));
    const { bad } = check(
      cuts.map((point) => ndjson.subarray(0, point)),
      FEW,
    );
    expect(neitherErrorNorFewer(bad, 23)).toEqual([]);
    expect(bad.some((o) => o.kind === "events" && o.events > 0 && o.events < 20)).toBe(true);
  });
});

describe("flipped bytes", () => {
  function flips(source: Uint8Array, count: number, seed: number, from = 0, to = source.length) {
    const flip = new Random(seed, 3);
    return Array.from({ length: count }, () => {
      const copy = source.slice();
      copy[from + flip.int(to - from)]! ^= 1 << flip.int(8);
      return copy;
    });
  }

  test("200 flips in a real gzip delivery: an error or rows, never more rows", () => {
    const original = recordsIn(largest);
    const { bad, badRows } = check(flips(largest, 200, 1), FEW);
    expect(neitherErrorNorFewer(bad, original)).toEqual([]);
    // A flip that passes the CRC can only be in the header: then the rows are the file's own.
    const own = rowsAlone(GOOD[0]!);
    expect(
      badRows.filter((rows, i) => bad[i]!.kind === "events" && rows.join() !== own.join()),
    ).toEqual([]);
    // Flips in the compressed data are caught by the checksum or the decoder.
    expect(bad.filter((o) => o.kind === "error").length).toBeGreaterThan(190);
    expect(bad.some((o) => o.error.includes("checksum"))).toBe(true);
  });

  test("flips in the gzip header and trailer", () => {
    const head = check(flips(genGzip, 40, 2, 0, 12), FEW).bad;
    const tail = check(flips(genGzip, 40, 3, genGzip.length - 8), FEW).bad;
    expect(neitherErrorNorFewer([...head, ...tail], 240)).toEqual([]);
    expect(tail.every((o) => o.kind === "error" && o.error.startsWith("corrupt gzip"))).toBe(true);
  });

  test("200 flips in plain JSON and NDJSON: an error or at most the original records", () => {
    const array = check(flips(genArray, 100, 4), FEW).bad;
    const lines = check(flips(ndjson, 100, 5), FEW).bad;
    expect(neitherErrorNorFewer(array, 37)).toEqual([]);
    expect(neitherErrorNorFewer(lines, 23)).toEqual([]);
    // Most flips in text change a value, not the structure: the file still loads.
    expect(array.filter((o) => o.kind === "events").length).toBeGreaterThan(50);
    expect(lines.filter((o) => o.kind === "events").length).toBeGreaterThan(50);
  });
});

describe("files that are not CloudTrail JSON", () => {
  test("empty and zero-byte files", () => {
    expect(reasonOf(new Uint8Array(0))).toBe("empty file");
    expect(reasonOf(bytesOf(" \n\r\t\n"))).toBe("empty file");
    expect(reasonOf(gz(""))).toBe("empty file");
    // An empty list is a valid file that holds nothing, not an error.
    const { bad } = check([bytesOf('{"Records":[]}'), gz("[]")]);
    expect(bad.map((o) => [o.kind, o.events])).toEqual([
      ["events", 0],
      ["events", 0],
    ]);
  });

  test("gzip of plain text, and plain text", () => {
    expect(reasonOf(gz("Dear diary, today I read CloudTrail.\n"))).toBe(
      "gzip of data that is not JSON",
    );
    expect(reasonOf(bytesOf("hello, this is not a log"))).toBe("not gzip or JSON");
  });

  test("binary files named .json.gz", () => {
    const noise = new Random(6, 6);
    const png = Uint8Array.from({ length: 4096 }, () => noise.int(256));
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const zip = Uint8Array.from({ length: 2048 }, () => noise.int(256));
    zip.set([0x50, 0x4b, 0x03, 0x04]);
    const zeros = new Uint8Array(1000);
    expect(reasonOf(png)).toBe("not gzip or JSON");
    expect(reasonOf(zip)).toBe("not gzip or JSON");
    expect(reasonOf(zeros)).toBe("not gzip or JSON");
    // Gzip's magic bytes followed by noise: a damaged gzip, not a crash.
    const fake = Uint8Array.from({ length: 2048 }, () => noise.int(256));
    fake.set([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]);
    expect(reasonOf(fake)).toMatch(/^(corrupt|truncated) gzip/);
    // 100 files of pure noise, any of which may happen to look like anything.
    const { bad } = check(
      Array.from({ length: 100 }, () =>
        Uint8Array.from({ length: 1 + noise.int(3000) }, () => noise.int(256)),
      ),
      FEW,
    );
    expect(bad.every((o) => o.kind === "error")).toBe(true);
  });

  test("invalid JSON", () => {
    expect(reasonOf(bytesOf('{"Records": [ {"eventName": x} ]}'))).toMatch(/^invalid JSON \(.+\)$/);
    expect(reasonOf(badJson)).toMatch(/^invalid JSON \(.+\)$/);
    expect(reasonOf(gz('{"Records": [{"eventName": "A",}]}'))).toMatch(/^invalid JSON \(.+\)$/);
  });

  test("JSON of the wrong shape, each with its own reason", () => {
    const cases: [string, string][] = [
      ['{"Records": null}', '"Records" is null, not a list'],
      ['{"Records": {"a": 1}}', '"Records" is not a list'],
      ['{"Records": "[]"}', '"Records" is not a list'],
      ['{"Events": 7}', '"Events" is not a list'],
      ['{"hello": "world"}', "JSON without CloudTrail records"],
      ["[1, 2, 3]", "JSON without CloudTrail records"],
      ['"just a string"', "JSON without CloudTrail records"],
      ["null", "JSON without CloudTrail records"],
      [
        '[{"name": "a"}, {"name": "b"}]',
        "JSON without CloudTrail records (no entry has CloudTrail fields)",
      ],
      [
        '{"name": "a"}\n{"name": "b"}\n',
        "JSON without CloudTrail records (no entry has CloudTrail fields)",
      ],
      [
        '{"Records": [{"bucket": "a"}, {"bucket": "b"}]}',
        'JSON without CloudTrail records ("Records" holds no CloudTrail events)',
      ],
      ['{"Records": [1, "two", null]}', "none of its 3 entries is a CloudTrail record"],
      ['{"Records": [[]]}', "its only entry is not a CloudTrail record"],
      ['{"Events": [{"CloudTrailEvent": "{oops"}]}', "its only entry is not a CloudTrail record"],
    ];
    const { bad } = check(cases.map(([json]) => bytesOf(json)));
    expect(bad.map((o) => o.error)).toEqual(cases.map(([, reason]) => reason));
  });

  test("digest files are recognised, not errors, and give no rows", () => {
    const { bad, result } = check([
      digest,
      gz(digest),
      bytesOf('{"digestStartTime":"x","logFiles":null}'),
    ]);
    expect(bad.map((o) => [o.kind, o.events])).toEqual([
      ["digest", 0],
      ["digest", 0],
      ["digest", 0],
    ]);
    expect(result.digests).toHaveLength(3);
    expect(result.digests[0]!.logFiles.length).toBeGreaterThan(0);
    expect(result.digests[2]!.logFiles).toEqual([]);
  });
});

describe("UTF-16 text", () => {
  const json = JSON.stringify({ Records: genRecords.slice(0, 12) });
  function utf16(text: string, order: "le" | "be", bom: boolean): Uint8Array {
    const body = Buffer.from(text, "utf16le");
    if (order === "be") body.swap16();
    const mark = order === "le" ? [0xff, 0xfe] : [0xfe, 0xff];
    return new Uint8Array(bom ? Buffer.concat([Buffer.from(mark), body]) : body);
  }

  test("with and without a BOM, plain and gzipped, gives the same rows as UTF-8", () => {
    const variants = [
      utf16(json, "le", true),
      utf16(json, "be", true),
      utf16(json, "le", false),
      utf16(json, "be", false),
      gz(utf16(json, "le", true)),
      // A stray byte at the end (an odd length) is dropped, not decoded into garbage.
      new Uint8Array([...utf16(json, "le", false), 0x0a]),
    ];
    const { bad, badRows } = check(variants, FEW);
    const utf8Rows = check([bytesOf(json)], FEW).badRows[0]!;
    expect(utf8Rows).toHaveLength(12);
    expect(bad.map((o) => [o.kind, o.events])).toEqual(variants.map(() => ["events", 12]));
    for (const rows of badRows) expect(rows).toEqual(utf8Rows);
  });

  test("UTF-16 that is cut or is not JSON is an error with a reason", () => {
    const text = utf16(json, "le", true);
    expect(reasonOf(text.subarray(0, 301))).toBe("truncated JSON");
    expect(reasonOf(utf16("just some words", "le", true))).toBe("not gzip or JSON");
  });
});

describe("deeply nested JSON", () => {
  const DEPTH = 100_000;
  const deep = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;

  test("whole files nested 100k levels deep are errors, not crashes", () => {
    expect(reasonOf(bytesOf("[".repeat(DEPTH)))).toBe("truncated JSON");
    expect(reasonOf(bytesOf(deep))).toBe("JSON without CloudTrail records");
    expect(reasonOf(gz(`{"Records":${deep}}`))).toBe("its only entry is not a CloudTrail record");
  });

  test("a record with a field nested 100k levels deep is kept", () => {
    const file = bytesOf(
      JSON.stringify({ Records: [genRecords[0], genRecords[1]] }).replace(
        '"requestParameters":{"index":1}',
        `"requestParameters":${deep},"eventName":${deep}`,
      ),
    );
    const { bad, result } = check([file]);
    expect(bad[0]).toMatchObject({ kind: "events", events: 2 });
    const rows = [...result.chunk.file.keys()].filter(
      (row) => result.chunk.file[row] === bad[0]!.fileIndex,
    );
    expect(rows.map((row) => columnStrings(result.chunk, "eventName")[row])).toEqual([
      genRecords[0]!.eventName,
      UNPRINTABLE,
    ]);
    // Searching the file skips the record it cannot print instead of failing the search.
    const input = { fileIndex: 0, name: "deep.json", bytes: file };
    expect(Array.from(searchRecords([input], String(genRecords[0]!.eventID)))).toEqual([0, 0]);
  });

  test("engines whose JSON.parse recurses say the nesting is too deep", () => {
    expect(describeJsonError(new RangeError("Maximum call stack size exceeded"), deep)).toBe(
      "JSON nested too deeply",
    );
    expect(describeJsonError(new Error("too much recursion"), deep)).toBe("JSON nested too deeply");
  });
});

describe("huge values", () => {
  const HUGE = 50 * 1024 * 1024;

  test("a 50 MB string in an indexed field is kept, clipped in its column", () => {
    const file = bytesOf(
      JSON.stringify({ Records: [{ ...genRecords[0], userAgent: "A".repeat(HUGE) }] }),
    );
    const { bad, result } = check([file], FEW);
    expect(bad[0]).toMatchObject({ kind: "events", events: 1, rawBytes: file.length });
    const agents = result.chunk.dicts.userAgent;
    expect(Math.max(...agents.map((value) => value.length))).toBe(MAX_VALUE_CHARS);
  });

  test("a file that is one 50 MB string is an error", () => {
    expect(reasonOf(bytesOf(`"${"x".repeat(HUGE)}"`), FEW)).toBe("JSON without CloudTrail records");
  });
});

describe("a gzip bomb", () => {
  /**
   * A gzip stream of `mib` MiB of zeros built from one flushed deflate block repeated, so the
   * test never holds the inflated data; its trailer declares `declared` bytes.
   */
  function bomb(mib: number, declared: number): Uint8Array {
    const block = deflateRawSync(new Uint8Array(1 << 20), {
      level: 9,
      finishFlush: constants.Z_FULL_FLUSH,
    });
    const trailer = new Uint8Array(8);
    new DataView(trailer.buffer).setUint32(4, declared >>> 0, true);
    const parts = [new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])];
    for (let i = 0; i < mib; i++) parts.push(block);
    parts.push(new Uint8Array([3, 0]), trailer);
    return new Uint8Array(Buffer.concat(parts));
  }

  test("one that declares 1 GiB stops at the limit and says how large it is", () => {
    const file = bomb(1024, 1024 * 1024 * 1024);
    expect(file.length).toBeLessThan(2_000_000);
    expect(reasonOf(file)).toBe("too large to read in a browser: 1024 MB uncompressed");
  });

  test("one whose trailer lies is stopped all the same", () => {
    expect(decodeBytes(bomb(12, 100), 8 * 1024 * 1024)).toEqual({
      ok: false,
      reason: "too large to read in a browser: more than 8 MB uncompressed",
      rawBytes: 0,
    });
  });

  test("a plain file over the limit is refused before it is decoded", () => {
    expect(reasonOf(new Uint8Array(MAX_TEXT_BYTES + 1))).toBe(
      "too large to read in a browser: 256 MB uncompressed",
    );
    expect(decodeBytes(new Uint8Array(3 * 1024 * 1024), 2 * 1024 * 1024)).toEqual({
      ok: false,
      reason: "too large to read in a browser: 3 MB uncompressed",
      rawBytes: 3 * 1024 * 1024,
    });
  });
});

describe("duplicated files", () => {
  test("the same file twice gives its rows twice, with the same event keys", () => {
    const twice = { name: "again.json.gz", bytes: largest };
    const { bad, badRows } = check([twice, twice]);
    expect(bad.map((o) => o.events)).toEqual([GOOD[0]!.events, GOOD[0]!.events]);
    const keys = (rows: string[]) => rows.map((row) => row.split("|").slice(1).join("|"));
    expect(keys(badRows[0]!)).toEqual(keys(badRows[1]!));
    expect(keys(badRows[0]!)).toEqual(keys(rowsAlone(GOOD[0]!)));
  });
});

describe("records whose fields have the wrong types", () => {
  const base = genRecords[0]!;
  const odd: Record<string, unknown>[] = [
    { ...base, eventTime: "not a date" },
    { ...base, eventTime: undefined },
    { ...base, eventTime: 1_688_990_400_000 },
    { ...base, eventTime: "1" },
    { ...base, eventTime: { at: "2026-11-02T00:00:00Z" } },
    { ...base, eventName: 42 },
    { ...base, userIdentity: "root" },
    { ...base, resources: "arn:aws:s3:::bucket" },
    { ...base, readOnly: "maybe", managementEvent: "false" },
    { ...base, eventID: 12345 },
    { ...base, eventID: undefined, errorCode: {}, awsRegion: null },
    { ...base, sourceIPAddress: ["192.0.2.1"], userIdentity: { type: 5, arn: { x: 1 } } },
    { ...base, eventTime: "2026-11-02T10:00:00", readOnly: false },
  ];

  test("every record is kept as a row, with flags and values coerced", () => {
    const { bad, result } = check([gz(JSON.stringify({ Records: odd }))]);
    expect(bad[0]).toMatchObject({ kind: "events", events: odd.length, skipped: 0 });
    const { chunk } = result;
    const rows = [...chunk.file.keys()].filter((row) => chunk.file[row] === bad[0]!.fileIndex);
    const value = (field: DictField, i: number) => columnStrings(chunk, field)[rows[i]!];
    const flags = (i: number) => chunk.flags[rows[i]!]!;
    const time = (i: number) => chunk.time[rows[i]!]!;
    expect(rows.map((row) => chunk.record[row])).toEqual(odd.map((_, i) => i));
    // No usable time: NaN, flagged, counted under "no time" rather than dropped.
    for (const i of [0, 1, 2, 3, 4]) {
      expect(time(i)).toBeNaN();
      expect(flags(i) & FLAG_NO_TIME).toBe(FLAG_NO_TIME);
    }
    expect(time(5)).toBe(Date.parse(String(base.eventTime)));
    expect(flags(5) & FLAG_NO_TIME).toBe(0);
    // A zone-less time is UTC, as CloudTrail's times are.
    expect(time(12)).toBe(Date.UTC(2026, 10, 2, 10));
    expect(value("eventName", 5)).toBe("42");
    expect([value("principal", 6), value("userType", 6), value("userArn", 6)]).toEqual([
      "root",
      "",
      "",
    ]);
    expect(value("eventName", 7)).toBe(base.eventName);
    expect(value("readOnly", 8)).toBe("maybe");
    expect(flags(8) & (FLAG_READ_ONLY | FLAG_WRITE | FLAG_DATA)).toBe(FLAG_DATA);
    expect(flags(9) & FLAG_NO_EVENT_ID).toBe(0);
    expect(flags(10) & FLAG_NO_EVENT_ID).toBe(FLAG_NO_EVENT_ID);
    expect([value("errorCode", 10), value("awsRegion", 10)]).toEqual(["{}", ""]);
    expect(value("sourceIPAddress", 11)).toBe('["192.0.2.1"]');
    // An arn that is not a string names nobody: the principal stays empty, not '1}'.
    expect([value("userType", 11), value("userArn", 11), value("principal", 11)]).toEqual([
      "5",
      '{"x":1}',
      "",
    ]);
    expect(flags(12) & FLAG_WRITE).toBe(FLAG_WRITE);
  });
});

describe("everything at once", () => {
  test("every kind of bad file in one batch costs the good files nothing", () => {
    const noise = new Random(9, 9);
    const all = [
      new Uint8Array(0),
      largest.subarray(0, largest.length >> 1),
      gz("plain text"),
      bytesOf('{"Records": null}'),
      bytesOf('{"a": 1'),
      bytesOf(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
      Uint8Array.from({ length: 999 }, () => noise.int(256)),
      digest,
      largest,
      gz(JSON.stringify({ Records: [{ eventName: 7, eventTime: false, userIdentity: "x" }] })),
    ];
    const { bad } = check(all);
    expect(bad.map((o) => o.kind)).toEqual([
      "error",
      "error",
      "error",
      "error",
      "error",
      "error",
      "error",
      "digest",
      "events",
      "events",
    ]);
    expect(bad.slice(8).map((o) => o.events)).toEqual([GOOD[0]!.events, 1]);
  });
});
