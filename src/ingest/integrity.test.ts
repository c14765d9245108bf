import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../lib/sha256";
import { AWS_DOCS_EXAMPLES } from "../lib/testing/samples";
import type { DigestSummary, PublicKeyEntry } from "./chunk";
import { checkIntegrity, chainOf, type LoadedFile } from "./integrity";
import { fromHex, signingString, spkiOfPkcs1, toHex } from "./integrityCrypto";
import { digestSummary, detectShape } from "./shape";

const subtle = globalThis.crypto.subtle;
const ALGORITHM = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
} as const;
const FINGERPRINT = "0123456789abcdef0123456789abcdef";
const BUCKET = "trail-bucket";
const DIR = "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/02/";
const LOG_DIR = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/02/";

let keyPair: CryptoKeyPair;
let otherPair: CryptoKeyPair;
let keys: PublicKeyEntry[];

/** The PKCS#1 RSAPublicKey inside an SPKI (its BIT STRING's content). */
function pkcs1Of(spki: Uint8Array): Uint8Array {
  return spki.subarray(24); // 2048-bit keys: a fixed 24-byte SPKI head
}

beforeAll(async () => {
  keyPair = await subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  otherPair = await subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const spki = new Uint8Array(await subtle.exportKey("spki", keyPair.publicKey));
  keys = [
    {
      fileIndex: 99,
      value: Buffer.from(pkcs1Of(spki)).toString("base64"),
      fingerprint: FINGERPRINT,
      validityStartTime: "",
      validityEndTime: "",
    },
  ];
});

async function sign(data: string, key = keyPair.privateKey): Promise<string> {
  const bytes = new TextEncoder().encode(data);
  return toHex(new Uint8Array(await subtle.sign(ALGORITHM.name, key, bytes)));
}

interface Fixture {
  digests: DigestSummary[];
  /** The (raw) JSON of each digest, for tests that alter one. */
  texts: string[];
  /** Signature of each digest: digest i's is in digest i+1, the last only "in S3 metadata". */
  signatures: string[];
  files: LoadedFile[];
}

const logText = (i: number, j: number) => JSON.stringify({ Records: [{ eventID: `e${i}-${j}` }] });
const logName = (i: number, j: number) => `111122223333_CloudTrail_us-east-1_${i}_${j}.json.gz`;
const hour = (h: number) => `2026-11-02T${String(h).padStart(2, "0")}:00:00Z`;

/** A chain of `n` signed digests, each listing two log files, all loaded and intact. */
async function chain(n: number, signKey = () => keyPair.privateKey): Promise<Fixture> {
  const fixture: Fixture = { digests: [], texts: [], signatures: [], files: [] };
  let previous: { object: string; hash: string; signature: string } | null = null;
  for (let i = 0; i < n; i++) {
    const object = `${DIR}111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20261102T${String(i + 1).padStart(2, "0")}0000Z.json.gz`;
    const logFiles = [0, 1].map((j) => ({
      s3Bucket: BUCKET,
      s3Object: LOG_DIR + logName(i, j),
      hashValue: sha256Hex(new TextEncoder().encode(logText(i, j))),
      hashAlgorithm: "SHA-256",
    }));
    const text = JSON.stringify({
      awsAccountId: "111122223333",
      digestStartTime: hour(i),
      digestEndTime: hour(i + 1),
      digestS3Bucket: BUCKET,
      digestS3Object: object,
      digestPublicKeyFingerprint: FINGERPRINT,
      digestSignatureAlgorithm: "SHA256withRSA",
      previousDigestS3Bucket: previous ? BUCKET : null,
      previousDigestS3Object: previous?.object ?? null,
      previousDigestHashValue: previous?.hash ?? null,
      previousDigestHashAlgorithm: previous ? "SHA-256" : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles,
    });
    const summary = parseDigest(text, i);
    const signature = await sign(signingString(summary), signKey());
    fixture.digests.push(summary);
    fixture.texts.push(text);
    fixture.signatures.push(signature);
    for (const j of [0, 1]) {
      fixture.files.push({
        fileIndex: 100 + 2 * i + j,
        name: logName(i, j),
        sha256: sha256Hex(new TextEncoder().encode(logText(i, j))),
        log: true,
      });
    }
    previous = { object, hash: summary.digestHash, signature };
  }
  return fixture;
}

function parseDigest(text: string, fileIndex: number): DigestSummary {
  const located = detectShape(text);
  if (located.kind !== "digest") throw new Error("not a digest");
  return digestSummary(located.digest, fileIndex, sha256Hex(new TextEncoder().encode(text)));
}

function counts(report: Awaited<ReturnType<typeof checkIntegrity>>) {
  return {
    logsValid: report.logs.valid,
    modified: report.logs.modified.length,
    missing: report.logs.missing.length,
    uncovered: report.logs.uncovered.length,
    digestsValid: report.digests.valid,
    invalid: report.digests.invalid.length,
    unverified: report.digests.unverified.length,
    gaps: report.digests.gaps.length,
  };
}

describe("PKCS#1 keys", () => {
  it("wraps as the SPKI WebCrypto exports", async () => {
    const spki = new Uint8Array(await subtle.exportKey("spki", keyPair.publicKey));
    expect(toHex(spkiOfPkcs1(pkcs1Of(spki)))).toBe(toHex(spki));
    expect(fromHex("0aFf")).toEqual(new Uint8Array([10, 255]));
    expect(fromHex("abc")).toBeNull();
  });
});

describe("checkIntegrity", () => {
  it("a complete, intact chain is valid, but for its newest digest", async () => {
    const f = await chain(3);
    const report = await checkIntegrity({ digests: f.digests, files: f.files, keys });
    expect(counts(report)).toEqual({
      logsValid: 6,
      modified: 0,
      missing: 0,
      uncovered: 0,
      digestsValid: 2,
      invalid: 0,
      unverified: 1,
      gaps: 0,
    });
    expect(report.digests.unverified[0]?.reason).toMatch(/newest digest/);
    expect(report.newest.map((p) => p.fileIndex)).toEqual([2]);
    expect(report.conflictingDuplicates).toBe(0);
  });

  it("the newest digest verifies with its pasted signature; a wrong one is left unused", async () => {
    const f = await chain(3);
    const wrong = await sign("something else");
    const report = await checkIntegrity({
      digests: f.digests,
      files: f.files,
      keys,
      signatures: [wrong, f.signatures[2]!.toUpperCase()],
    });
    expect(counts(report).digestsValid).toBe(3);
    expect(report.unusedSignatures).toEqual([wrong]);
  });

  it("a tampered log is modified, naming it", async () => {
    const f = await chain(3);
    f.files[3] = { ...f.files[3]!, sha256: sha256Hex(new TextEncoder().encode("tampered")) };
    const report = await checkIntegrity({ digests: f.digests, files: f.files, keys });
    expect(counts(report)).toMatchObject({ logsValid: 5, modified: 1, missing: 0 });
    expect(report.logs.modified[0]).toMatchObject({ file: logName(1, 1), fileIndex: 103 });
  });

  it("a deleted log is missing; a log no digest lists is uncovered", async () => {
    const f = await chain(3);
    const files = f.files.filter((file) => file.name !== logName(0, 1));
    files.push({ fileIndex: 500, name: "extra.json.gz", sha256: null, log: true });
    files.push({ fileIndex: 501, name: "insights.json.gz", sha256: null, log: false });
    const report = await checkIntegrity({ digests: f.digests, files, keys });
    expect(counts(report)).toMatchObject({ logsValid: 5, missing: 1, uncovered: 1 });
    expect(report.logs.missing[0]).toMatchObject({
      file: logName(0, 1),
      path: LOG_DIR + logName(0, 1),
      fileIndex: null,
    });
    expect(report.logs.uncovered[0]?.file).toBe("extra.json.gz");
  });

  it("an altered digest breaks its hash in the chain and its signature", async () => {
    const f = await chain(3);
    // One listed hash changed in digest 1: its bytes, so its SHA-256, are no longer the ones
    // digest 2 recorded and signed.
    const text = f.texts[1]!.replace(/"hashValue":"[0-9a-f]{4}/, '"hashValue":"0000');
    f.digests[1] = parseDigest(text, 1);
    const report = await checkIntegrity({ digests: f.digests, files: f.files, keys });
    expect(counts(report)).toMatchObject({ digestsValid: 1, invalid: 1, modified: 1 });
    expect(report.digests.invalid[0]?.fileIndex).toBe(1);
    expect(report.digests.invalid[0]?.reason).toMatch(/SHA-256 is not the one/);
    expect(report.digests.invalid[0]?.reason).toMatch(/signature does not verify/);
  });

  it("a digest signed with another key is invalid", async () => {
    let i = 0;
    const f = await chain(3, () => (i++ === 1 ? otherPair.privateKey : keyPair.privateKey));
    const report = await checkIntegrity({ digests: f.digests, files: f.files, keys });
    expect(counts(report)).toMatchObject({ digestsValid: 1, invalid: 1, unverified: 1 });
    expect(report.digests.invalid[0]).toMatchObject({ fileIndex: 1 });
    expect(report.digests.invalid[0]?.reason).toBe("its signature does not verify");
  });

  it("without the public key, signatures are unverified (hashes still checked)", async () => {
    const f = await chain(3);
    const report = await checkIntegrity({ digests: f.digests, files: f.files, keys: [] });
    expect(counts(report)).toMatchObject({ digestsValid: 0, invalid: 0, unverified: 3 });
    expect(report.digests.unverified[0]?.reason).toMatch(/no public key with fingerprint/);
    const noCrypto = await checkIntegrity({ digests: f.digests, files: f.files, keys }, null);
    expect(counts(noCrypto).unverified).toBe(3);
  });

  it("a missing hour is a gap, naming the missing digest", async () => {
    const f = await chain(4);
    const digests = f.digests.filter((_, i) => i !== 2);
    const report = await checkIntegrity({ digests, files: f.files, keys });
    expect(report.digests.gaps).toHaveLength(1);
    expect(report.digests.gaps[0]?.path).toBe(f.digests[2]!.digestS3Object);
    // Its two logs are no longer covered; the digest before the gap has lost its signature.
    expect(counts(report)).toMatchObject({ uncovered: 2, digestsValid: 1, unverified: 2 });
    expect(report.digests.unverified.map((p) => p.reason).join()).toMatch(/next digest/);
    // The oldest loaded digest pointing to one before it is not a gap.
    const later = await checkIntegrity({ digests: f.digests.slice(1), files: f.files, keys });
    expect(later.digests.gaps).toHaveLength(0);
  });

  it("groups digests into chains by their S3 key", async () => {
    const f = await chain(2);
    expect(chainOf(f.digests[0]!)).toBe(chainOf(f.digests[1]!));
    expect(chainOf(f.digests[0]!)).toBe(
      `${BUCKET}/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1`,
    );
  });
});

describe("the AWS documentation's example digests", () => {
  const dir = AWS_DOCS_EXAMPLES;
  const examples = [0, 1].map((i) => readFileSync(`${dir}/doc_example_digest_${i}.json`));

  it("parse into summaries with every field the checks use", () => {
    const summaries = examples.map((bytes, i) => {
      const located = detectShape(new TextDecoder().decode(bytes));
      if (located.kind !== "digest") throw new Error("not a digest");
      return digestSummary(located.digest, i, sha256Hex(bytes));
    });
    expect(summaries[0]).toMatchObject({
      digestEndTime: "2015-08-17T15:01:31Z",
      digestS3Bucket: "S3-bucket-name",
      digestPublicKeyFingerprint: "31e8b5433410dfb61a9dc45cc65b22ff",
      digestSignatureAlgorithm: "SHA256withRSA",
      previousDigestHashValue: "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
      previousDigestHashAlgorithm: "SHA-256",
      digestHash: sha256Hex(examples[0]!),
    });
    expect(summaries[0]?.previousDigestSignature).toMatch(/^[0-9a-f]{512}$/);
    expect(summaries[1]?.logFiles).toEqual([]);
    expect(signingString(summaries[0]!)).toBe(
      `2015-08-17T15:01:31Z\nS3-bucket-name/${summaries[0]!.digestS3Object}\n` +
        `${sha256Hex(examples[0]!)}\n${summaries[0]!.previousDigestSignature}`,
    );
  });

  it("check without keys: unverified, and their one listed log missing", async () => {
    const digests = examples.map((bytes, i) => {
      const located = detectShape(new TextDecoder().decode(bytes));
      if (located.kind !== "digest") throw new Error("not a digest");
      return digestSummary(located.digest, i, sha256Hex(bytes));
    });
    const report = await checkIntegrity({ digests, files: [], keys: [] });
    expect(counts(report)).toMatchObject({ missing: 1, unverified: 2, invalid: 0, gaps: 0 });
  });
});

describe("list-public-keys output", () => {
  it("is recognised as keys, not as an error or events", () => {
    const located = detectShape(
      JSON.stringify({
        PublicKeyList: [
          {
            ValidityStartTime: "2026-01-01T00:00:00+00:00",
            ValidityEndTime: "2026-12-31T00:00:00+00:00",
            Value: "MIIBCgKCAQEA",
            Fingerprint: "8EBA5DB5BEA9B640D1F5EC9B5A0FEA5F",
          },
        ],
      }),
    );
    expect(located.kind).toBe("keys");
  });
});
