import { createHash, createPublicKey, createVerify } from "node:crypto";
import { ungzip } from "pako";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_KEY_FINGERPRINT,
  DEMO_PUBLIC_KEY,
  type GeneratedFile,
  type GenerationStats,
  generateDeliveries,
  type GeneratorOptions,
  PUBLIC_KEYS_PATH,
  signedDeliveries,
} from "./index";

const OPTIONS: GeneratorOptions = {
  seed: 11,
  events: 2_000,
  start: "2026-06-01T00:00:00Z",
  days: 1,
  accounts: 2,
  regions: ["us-east-1", "ap-south-1"],
  deliveryMinutes: 15,
  duplicateRate: 0.002,
  bursts: false,
  insights: false,
  digests: true,
  orgId: "o-sign000001",
};

let signed: GeneratedFile[];
let stats: GenerationStats;

beforeAll(async () => {
  signed = [];
  const files = signedDeliveries(generateDeliveries(OPTIONS));
  for (let step = await files.next(); ; step = await files.next()) {
    if (step.done === true) {
      stats = step.value;
      break;
    }
    signed.push(step.value);
  }
});

const json = (file: GeneratedFile) =>
  JSON.parse(new TextDecoder().decode(ungzip(file.bytes))) as Record<string, string | null>;

describe("signed digests", () => {
  it("come with the demo key as list-public-keys output, before the first digest", () => {
    const keysAt = signed.findIndex((f) => f.path === PUBLIC_KEYS_PATH);
    expect(keysAt).toBeGreaterThanOrEqual(0);
    expect(keysAt).toBeLessThan(signed.findIndex((f) => f.kind === "digest"));
    const output = JSON.parse(new TextDecoder().decode(signed[keysAt]!.bytes)) as {
      PublicKeyList: { Value: string; Fingerprint: string }[];
    };
    expect(output.PublicKeyList).toEqual([
      expect.objectContaining({ Value: DEMO_PUBLIC_KEY, Fingerprint: DEMO_KEY_FINGERPRINT }),
    ]);
    // The fingerprint is the MD5 of the DER key, as AWS's are 32 hex digits.
    const der = Buffer.from(DEMO_PUBLIC_KEY, "base64");
    expect(createHash("md5").update(der).digest("hex")).toBe(DEMO_KEY_FINGERPRINT);
  });

  it("verify as SHA256withRSA over CloudTrail's signing string, and chain their signatures", () => {
    const key = createPublicKey({
      key: Buffer.from(DEMO_PUBLIC_KEY, "base64"),
      format: "der",
      type: "pkcs1",
    });
    const digests = signed.filter((f) => f.kind === "digest");
    const byPath = new Map(digests.map((d) => [d.path, d]));
    const links: {
      signature: string | null;
      hash: string | null;
      expected: { signature: string | undefined; hash: string };
    }[] = [];
    for (const digest of digests) {
      const body = json(digest);
      expect(body.digestPublicKeyFingerprint).toBe(DEMO_KEY_FINGERPRINT);
      const hash = createHash("sha256").update(ungzip(digest.bytes)).digest("hex");
      const data =
        `${body.digestEndTime}\n${body.digestS3Bucket}/${body.digestS3Object}\n${hash}\n` +
        `${body.previousDigestSignature ?? "null"}`;
      const verifier = createVerify("sha256").update(data);
      expect(verifier.verify(key, Buffer.from(digest.signature ?? "", "hex"))).toBe(true);
      const previous = byPath.get(body.previousDigestS3Object ?? "");
      if (previous) {
        links.push({
          signature: body.previousDigestSignature,
          hash: body.previousDigestHashValue,
          expected: {
            signature: previous.signature,
            hash: createHash("sha256").update(ungzip(previous.bytes)).digest("hex"),
          },
        });
      }
    }
    const chained = links.filter(
      (l) => l.signature === l.expected.signature && l.hash === l.expected.hash,
    ).length;
    expect(links.length).toBe(chained);
    expect(digests.length).toBe(stats.digestFiles);
    expect(chained).toBe(digests.length - OPTIONS.accounts! * OPTIONS.regions!.length);
  });

  it("leave the log files as the unsigned generator writes them", () => {
    const plain = [...generateDeliveries(OPTIONS)].filter((f) => f.kind === "log");
    const logs = signed.filter((f) => f.kind === "log");
    expect(logs.map((f) => f.path)).toEqual(plain.map((f) => f.path));
    const differ = logs.filter((f, i) => !Buffer.from(f.bytes).equals(plain[i]!.bytes));
    expect(differ).toHaveLength(0);
  });

  it("stay unsigned, without a keys file, with no signer", async () => {
    const files: GeneratedFile[] = [];
    for await (const f of signedDeliveries(generateDeliveries(OPTIONS), null)) files.push(f);
    expect(files.some((f) => f.kind === "keys" || f.signature !== undefined)).toBe(false);
  });
});
