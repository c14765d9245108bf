// Bytes of a dropped file → text. Gzip is recognised by its magic bytes, never by the file name.
import { Inflate, Z_BUF_ERROR, Z_OK } from "pako";

export type Decoded =
  | { ok: true; text: string; rawBytes: number; gzip: boolean }
  | { ok: false; reason: string; rawBytes: number };

/**
 * The most a single file may inflate to. Past it a file is an error, not a crash: JSON.parse of
 * CloudTrail text costs about 8× its size in heap, so 256 MiB of text already asks a browser
 * worker for ~2 GB, and V8 cannot even hold a string of 512 MiB (its limit is 2^29 − 24 chars).
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

const MIB = 1024 * 1024;

const utf8 = new TextDecoder("utf-8");

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The size a gzip member says it inflates to (its last four bytes, modulo 4 GiB). */
function declaredSize(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) return 0;
  return (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
}

/**
 * Beyond this ratio a declared size is taken for garbage: CloudTrail JSON deflates about 10:1,
 * and the last four bytes of a truncated file are whatever the cut left there.
 */
const PLAUSIBLE_RATIO = 64;

/** `bytes`: the size, when known; else the file is only known to exceed `limit`. */
function tooLargeReason(bytes: number | null, limit: number): string {
  return bytes === null
    ? `too large to read in a browser: more than ${Math.round(limit / MIB)} MB uncompressed`
    : `too large to read in a browser: ${Math.round(bytes / MIB)} MB uncompressed`;
}

/** zlib's own words, said for a person. */
function corruptReason(message: string): string {
  if (message === "incorrect data check")
    return "corrupt gzip (the data does not match its checksum: the file is damaged)";
  if (message === "incorrect length check")
    return "corrupt gzip (the data does not match its recorded length: the file is damaged)";
  if (/header|compression method/.test(message))
    return "corrupt gzip (the header is damaged: the file is damaged or not gzip)";
  return `corrupt gzip (the compressed data is damaged: ${message})`;
}

/** Thrown out of pako's output callback to stop a gzip bomb early. */
class TooLarge extends Error {}

/**
 * Inflates a gzip stream; a truncated stream is reported as such, not returned half-done, and a
 * stream that inflates past `limit` bytes is stopped there.
 */
export function gunzip(
  bytes: Uint8Array,
  limit = MAX_TEXT_BYTES,
): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  const size = declaredSize(bytes);
  // One output chunk the exact size saves pako a join; the trailer of a truncated or odd file
  // is garbage, hence the bounds (pako still grows past them if the guess is short).
  const chunkSize =
    size >= 16_384 && size <= limit && size <= bytes.length * PLAUSIBLE_RATIO ? size + 1 : 65_536;
  let inflater: Inflate;
  let inflated = 0;
  try {
    inflater = new Inflate({ chunkSize });
    const keep = inflater.onData.bind(inflater);
    inflater.onData = (chunk) => {
      inflated += chunk.length;
      if (inflated > limit) throw new TooLarge();
      keep(chunk);
    };
    inflater.push(bytes, true);
  } catch (error) {
    if (error instanceof TooLarge) {
      // The declared size is only believable once the data has proved itself that large.
      return { ok: false, reason: tooLargeReason(size > limit ? size : null, limit) };
    }
    return { ok: false, reason: corruptReason(error instanceof Error ? error.message : "") };
  }
  if (inflater.err === Z_BUF_ERROR || (inflater.err === Z_OK && !inflater.ended)) {
    return { ok: false, reason: "truncated gzip" };
  }
  if (inflater.err !== Z_OK) return { ok: false, reason: corruptReason(inflater.msg || "") };
  return { ok: true, bytes: inflater.result };
}

/** Text of bytes: UTF-8 (BOM stripped), or UTF-16 when a BOM or the pattern of zero bytes says so. */
export function bytesToText(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (bytes.length >= 2) {
    // A dangling last byte (a cut file) would decode to U+FFFD and hide the real problem.
    const even = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
    if (b0 === 0xff && b1 === 0xfe) return new TextDecoder("utf-16le").decode(even);
    if (b0 === 0xfe && b1 === 0xff) return new TextDecoder("utf-16be").decode(even);
    // JSON starts with ASCII, so UTF-16 without a BOM shows a zero byte beside the first
    // character; UTF-8 text never holds a zero byte.
    if (b0 !== 0 && b1 === 0) return new TextDecoder("utf-16le").decode(even);
    if (b0 === 0 && b1 !== 0) return new TextDecoder("utf-16be").decode(even);
  }
  return utf8.decode(bytes);
}

/**
 * Decodes a file's bytes to text: gunzip if the bytes are gzip, then UTF-8 or UTF-16. `rawBytes`
 * is the size of the decoded data before text decoding (the inflated size for gzip). More than
 * `limit` bytes of text is refused with a reason.
 */
export function decodeBytes(bytes: Uint8Array, limit = MAX_TEXT_BYTES): Decoded {
  if (bytes.length === 0) return { ok: false, reason: "empty file", rawBytes: 0 };
  let raw = bytes;
  const gzip = isGzip(bytes);
  if (gzip) {
    const inflated = gunzip(bytes, limit);
    if (!inflated.ok) return { ok: false, reason: inflated.reason, rawBytes: 0 };
    raw = inflated.bytes;
  } else if (bytes.length > limit) {
    return { ok: false, reason: tooLargeReason(bytes.length, limit), rawBytes: bytes.length };
  }
  return { ok: true, text: bytesToText(raw), rawBytes: raw.length, gzip };
}
