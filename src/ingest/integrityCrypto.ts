// The cryptography of CloudTrail log file integrity, offline: SHA-256 of decompressed files,
// `list-public-keys` output, and SHA256withRSA (RSASSA-PKCS1-v1_5 / SHA-256) signatures of
// digest files, verified with WebCrypto. Pure: runs in workers, on the main thread and in Node.
import { Sha256, sha256Hex } from "../lib/sha256";
import type { DigestSummary, PublicKeyEntry } from "./chunk";
import { MAX_TEXT_BYTES, gunzip, inflateInto, isGzip } from "./decode";
import { asObject, text } from "./fields";

/** WebCrypto where the page has it (secure contexts, workers of one, Node 20); else null. */
export function webCrypto(): SubtleCrypto | null {
  const crypto = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto;
  return crypto?.subtle ?? null;
}

/** A file's bytes as CloudTrail hashed them: gunzipped if gzip, else as they are. */
export function decompressed(
  bytes: Uint8Array,
): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  if (!isGzip(bytes)) return { ok: true, bytes };
  return gunzip(bytes);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX[byte] ?? "";
  return hex;
}

/** Bytes of a hex string; null when it is not an even number of hex digits. */
export function fromHex(hex: string): Uint8Array | null {
  const clean = hex.trim();
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Hex SHA-256: WebCrypto where available (native, many times faster), else src/lib/sha256.ts. */
export async function sha256HexAsync(
  bytes: Uint8Array,
  subtle: SubtleCrypto | null = webCrypto(),
): Promise<string> {
  if (subtle === null) return sha256Hex(bytes);
  const digest = await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

/** The SHA-256 of one file's decompressed content, or why there is none. */
export interface FileHash {
  fileIndex: number;
  /** Hex; "" when the file could not be decompressed (then `error` says why). */
  sha256: string;
  error: string;
}

/**
 * Hashes each file's decompressed bytes (the worker's `hash` job). A file whose text is past
 * `limit` (too large to hold whole) is hashed as it inflates, piece by piece.
 */
export async function hashFiles(
  files: readonly { fileIndex: number; bytes: Uint8Array }[],
  subtle: SubtleCrypto | null = webCrypto(),
  limit = MAX_TEXT_BYTES,
): Promise<FileHash[]> {
  const out: FileHash[] = [];
  for (const { fileIndex, bytes } of files) {
    const raw = isGzip(bytes) ? gunzip(bytes, limit) : { ok: true as const, bytes };
    if (raw.ok) out.push({ fileIndex, sha256: await sha256HexAsync(raw.bytes, subtle), error: "" });
    else if (raw.tooLarge === true) out.push({ fileIndex, ...streamedSha256(bytes) });
    else out.push({ fileIndex, sha256: "", error: raw.reason });
  }
  return out;
}

/**
 * The SHA-256 of a gzip file's decompressed bytes, fed to the hasher as they inflate: any size,
 * never whole in memory. Like the whole path, it hashes the complete gzip members only (what
 * follows them is ignored, as gunzip ignores it).
 */
export function streamedSha256(bytes: Uint8Array): { sha256: string; error: string } {
  const hasher = new Sha256();
  let fed = 0;
  let atMemberEnd: { size: number; hasher: Sha256 } | null = null;
  const outcome = inflateInto(
    bytes,
    "gzip",
    (chunk) => {
      hasher.update(chunk);
      fed += chunk.length;
    },
    1 << 20,
    (size) => {
      atMemberEnd = { size, hasher: hasher.copy() };
    },
  );
  if (!outcome.ok) return { sha256: "", error: outcome.reason };
  const end = atMemberEnd as { size: number; hasher: Sha256 } | null;
  const done =
    outcome.size === fed ? hasher : end !== null && end.size === outcome.size ? end.hasher : null;
  if (done === null) return { sha256: "", error: "the end of the compressed data was not found" };
  return { sha256: toHex(done.digest()), error: "" };
}

/** `aws cloudtrail list-public-keys` output: `{"PublicKeyList": [{Value, Fingerprint, ...}]}`. */
export function isPublicKeyList(value: Record<string, unknown>): boolean {
  return value.Records === undefined && Array.isArray(value.PublicKeyList);
}

/** The keys of `list-public-keys` output (entries without a value or fingerprint are left out). */
export function publicKeysOf(value: Record<string, unknown>, fileIndex: number): PublicKeyEntry[] {
  const keys: PublicKeyEntry[] = [];
  const list = Array.isArray(value.PublicKeyList) ? value.PublicKeyList : [];
  for (const entry of list) {
    const key = asObject(entry);
    if (key === null) continue;
    const keyValue = text(key.Value).replace(/\s+/g, "");
    const fingerprint = text(key.Fingerprint).toLowerCase();
    if (keyValue === "" || fingerprint === "") continue;
    keys.push({
      fileIndex,
      value: keyValue,
      fingerprint,
      validityStartTime: text(key.ValidityStartTime),
      validityEndTime: text(key.ValidityEndTime),
    });
  }
  return keys;
}

/**
 * The string CloudTrail signs for a digest: its end time, `bucket/object`, the hex SHA-256 of its
 * decompressed bytes and the previous digest's hex signature (`null` when it has none), one per
 * line.
 */
export function signingString(digest: DigestSummary, digestHash = digest.digestHash): string {
  const previous = digest.previousDigestSignature === "" ? "null" : digest.previousDigestSignature;
  return (
    `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n` +
    `${digestHash}\n${previous}`
  );
}

function base64Bytes(base64: string): Uint8Array | null {
  try {
    const binary = atob(base64.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** A DER length: short form below 128, else 0x8n and n big-endian bytes. */
function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

/** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
const RSA_ALGORITHM = [
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

/**
 * PKCS#1 RSAPublicKey DER (what `list-public-keys` gives) wrapped as the SubjectPublicKeyInfo
 * WebCrypto imports: SEQUENCE { AlgorithmIdentifier, BIT STRING { 0 unused bits, key } }.
 */
export function spkiOfPkcs1(pkcs1: Uint8Array): Uint8Array {
  const bitString = [0x03, ...derLength(pkcs1.length + 1), 0x00];
  const bodyLength = RSA_ALGORITHM.length + bitString.length + pkcs1.length;
  const head = [0x30, ...derLength(bodyLength), ...RSA_ALGORITHM, ...bitString];
  const out = new Uint8Array(head.length + pkcs1.length);
  out.set(head);
  out.set(pkcs1, head.length);
  return out;
}

const RSA_PKCS1_SHA256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/** A verification key from a `list-public-keys` value (base64 PKCS#1, or already SPKI). */
export async function importPublicKey(subtle: SubtleCrypto, base64: string): Promise<CryptoKey> {
  const der = base64Bytes(base64);
  if (der === null || der.length === 0) throw new Error("the key is not base64");
  // A PKCS#1 RSAPublicKey starts SEQUENCE { INTEGER n ...; SPKI starts SEQUENCE { SEQUENCE {.
  const lengthBytes = der[1]! & 0x80 ? (der[1]! & 0x7f) + 2 : 2;
  const spki = der[lengthBytes] === 0x30 ? der : spkiOfPkcs1(der);
  return subtle.importKey("spki", spki as Uint8Array<ArrayBuffer>, RSA_PKCS1_SHA256, false, [
    "verify",
  ]);
}

/** Whether `signatureHex` is the key's SHA256withRSA signature of the digest's signing string. */
export async function verifyDigest(
  subtle: SubtleCrypto,
  key: CryptoKey,
  digest: DigestSummary,
  signatureHex: string,
): Promise<boolean> {
  const signature = fromHex(signatureHex);
  if (signature === null || signature.length === 0) return false;
  const data = new TextEncoder().encode(signingString(digest));
  return subtle.verify(
    RSA_PKCS1_SHA256,
    key,
    signature as Uint8Array<ArrayBuffer>,
    data as Uint8Array<ArrayBuffer>,
  );
}

/**
 * Hex SHA-256 of a digest file's decompressed bytes, synchronously (digests are few and small,
 * and hashed as they are parsed); "" if they cannot be decompressed.
 */
export function digestHashOf(bytes: Uint8Array): string {
  const raw = decompressed(bytes);
  return raw.ok ? sha256Hex(raw.bytes) : "";
}
