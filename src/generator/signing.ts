// Signs the generated digests as CloudTrail does (SHA256withRSA, hex), with the demo data's own
// key (demoKey.ts), and adds that key as `aws cloudtrail list-public-keys` output, so that the
// demo and the tests verify end to end.
//
// WebCrypto signs (about 0.5 ms a digest in Node; a BigInt RSA-CRT in JS measured ~5.7 ms, too
// slow for the demo's ~1,200 digests). It is asynchronous while the generator is not, and the
// signature of digest N goes into digest N+1: so each digest is signed as it comes out, before
// the generator is asked for the next file.
import type { GeneratedFile } from "./deliveries";
import { DEMO_KEY_FINGERPRINT, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY } from "./demoKey";

/** Where the generated `list-public-keys` output goes, at the root of the delivery. */
export const PUBLIC_KEYS_PATH = "trail-public-keys.json";

const RSA_PKCS1_SHA256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

function base64Url(hex: string): string {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  let binary = "";
  for (let i = 0; i < even.length; i += 2)
    binary += String.fromCharCode(parseInt(even.slice(i, i + 2), 16));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** A function that signs text with the demo key: the hex signature. */
export type Signer = (data: string) => Promise<string>;

/** The demo key's signer; null where there is no WebCrypto (digests then stay unsigned). */
export async function demoSigner(
  subtle: SubtleCrypto | null = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto
    ?.subtle ?? null,
): Promise<Signer | null> {
  if (subtle === null) return null;
  const k = DEMO_PRIVATE_KEY;
  const jwk: JsonWebKey = {
    kty: "RSA",
    alg: "RS256",
    e: "AQAB",
    n: base64Url(k.n),
    d: base64Url(k.d),
    p: base64Url(k.p),
    q: base64Url(k.q),
    dp: base64Url(k.dp),
    dq: base64Url(k.dq),
    qi: base64Url(k.qi),
  };
  const key = await subtle.importKey("jwk", jwk, RSA_PKCS1_SHA256, false, ["sign"]);
  const encoder = new TextEncoder();
  return async (data) =>
    toHex(new Uint8Array(await subtle.sign(RSA_PKCS1_SHA256, key, encoder.encode(data))));
}

/** `aws cloudtrail list-public-keys` output holding the demo key. */
export function publicKeysFile(): GeneratedFile {
  const output = {
    PublicKeyList: [
      {
        Value: DEMO_PUBLIC_KEY,
        ValidityStartTime: "2026-01-01T00:00:00+00:00",
        ValidityEndTime: "2027-12-31T23:59:59+00:00",
        Fingerprint: DEMO_KEY_FINGERPRINT,
      },
    ],
  };
  const bytes = new TextEncoder().encode(`${JSON.stringify(output, null, 4)}\n`);
  return { path: PUBLIC_KEYS_PATH, bytes, kind: "keys", records: 0 };
}

/**
 * The files of a generation with each digest signed (its `signature` set, and the next digest of
 * its chain carrying it), preceded at the first digest by the public keys file; returns what the
 * generation returns (its stats). Without WebCrypto the files pass through unsigned and without
 * keys. Use: `for await (const file of signedDeliveries(generateDeliveries(options)))`.
 */
export async function* signedDeliveries<R>(
  files: Iterator<GeneratedFile, R>,
  signer?: Signer | null,
): AsyncGenerator<GeneratedFile, R> {
  const sign = signer === undefined ? await demoSigner() : signer;
  let keysWritten = false;
  for (let step = files.next(); ; step = files.next()) {
    if (step.done === true) return step.value;
    const file = step.value;
    if (file.signing === undefined || sign === null) {
      yield file;
      continue;
    }
    if (!keysWritten) {
      keysWritten = true;
      yield publicKeysFile();
    }
    const signature = await sign(file.signing.data);
    file.signing.sign(signature);
    yield { ...file, signature };
  }
}
