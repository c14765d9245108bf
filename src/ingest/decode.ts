// Bytes of a dropped file → text. Gzip is recognised by its magic bytes, never by the file name.
import { Inflate, Z_BUF_ERROR, Z_OK } from "pako";

export type Decoded =
  | { ok: true; text: string; rawBytes: number; gzip: boolean }
  | { ok: false; reason: string; rawBytes: number };

const utf8 = new TextDecoder("utf-8");

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The size a gzip member says it inflates to (its last four bytes), to size the output once. */
function declaredSize(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) return 0;
  return (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
}

/** Inflates a gzip stream; a truncated stream is reported as such, not returned half-done. */
export function gunzip(
  bytes: Uint8Array,
): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  const size = declaredSize(bytes);
  // One output chunk the exact size saves pako a join; the trailer of a truncated or odd file
  // is garbage, hence the bounds (pako still grows past them if the guess is short).
  const chunkSize = size >= 16_384 && size <= 256 * 1024 * 1024 ? size + 1 : 65_536;
  let inflater: Inflate;
  try {
    inflater = new Inflate({ chunkSize });
    inflater.push(bytes, true);
  } catch (error) {
    return {
      ok: false,
      reason: `corrupt gzip (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (inflater.err === Z_BUF_ERROR || (inflater.err === Z_OK && !inflater.ended)) {
    return { ok: false, reason: "truncated gzip" };
  }
  if (inflater.err !== Z_OK)
    return { ok: false, reason: `corrupt gzip (${inflater.msg || `code ${inflater.err}`})` };
  return { ok: true, bytes: inflater.result };
}

/** Text of bytes: UTF-8 (BOM stripped), or UTF-16 when a BOM or the pattern of zero bytes says so. */
export function bytesToText(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (bytes.length >= 2) {
    if (b0 === 0xff && b1 === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
    if (b0 === 0xfe && b1 === 0xff) return new TextDecoder("utf-16be").decode(bytes);
    // JSON starts with ASCII, so UTF-16 without a BOM shows a zero byte beside the first character.
    if (b0 !== 0 && b1 === 0 && bytes.length % 2 === 0)
      return new TextDecoder("utf-16le").decode(bytes);
    if (b0 === 0 && b1 !== 0 && bytes.length % 2 === 0)
      return new TextDecoder("utf-16be").decode(bytes);
  }
  return utf8.decode(bytes);
}

/**
 * Decodes a file's bytes to text: gunzip if the bytes are gzip, then UTF-8 or UTF-16. `rawBytes`
 * is the size of the decoded data before text decoding (the inflated size for gzip).
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: "empty file", rawBytes: 0 };
  let raw = bytes;
  const gzip = isGzip(bytes);
  if (gzip) {
    const inflated = gunzip(bytes);
    if (!inflated.ok) return { ok: false, reason: inflated.reason, rawBytes: 0 };
    raw = inflated.bytes;
  }
  return { ok: true, text: bytesToText(raw), rawBytes: raw.length, gzip };
}
