// Bytes of a dropped file → text. Gzip is recognised by its magic bytes, never by the file name.
import {
  ZStream,
  Z_BUF_ERROR,
  Z_NO_FLUSH,
  Z_OK,
  Z_STREAM_END,
  zlibInflate,
  zlibInflateInit2,
} from "pako";
import { resetInflate } from "./inflateReset";
import { crc32 } from "../lib/crc32";

export type Decoded =
  | {
      ok: true;
      text: string;
      rawBytes: number;
      gzip: boolean;
      /** Something ignored on the way, said for a person (bytes after the gzip data). */
      warning?: string;
    }
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

/** The little-endian 32-bit number at `at` (gzip's trailer holds two). */
function readUint32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}

/** The size a gzip member says it inflates to (its last four bytes, modulo 4 GiB). */
function declaredSize(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) return 0;
  return readUint32(bytes, n - 4);
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

/** Thrown out of the output callback to stop a gzip bomb early. */
class TooLarge extends Error {}

/** How a file's bytes are packed, by their magic bytes (never by the file name). */
export type Packing = "gzip" | "zlib" | "zstd" | "bzip2" | "xz" | "none";

export function packingOf(bytes: Uint8Array): Packing {
  const [b0, b1, b2, b3, b4, b5] = bytes;
  if (b0 === 0x1f && b1 === 0x8b) return "gzip";
  if (b0 === 0x28 && b1 === 0xb5 && b2 === 0x2f && b3 === 0xfd) return "zstd";
  if (b0 === 0x42 && b1 === 0x5a && b2 === 0x68) return "bzip2";
  if (b0 === 0xfd && b1 === 0x37 && b2 === 0x7a && b3 === 0x58 && b4 === 0x5a && b5 === 0x00)
    return "xz";
  if (b0 === 0x78 && (b1 === 0x01 || b1 === 0x5e || b1 === 0x9c || b1 === 0xda)) return "zlib";
  return "none";
}

/** Formats a browser cannot inflate here, with what the user can do about it. */
const FOREIGN: Readonly<Record<"zstd" | "bzip2" | "xz", string>> = {
  zstd: "zstd-compressed, not gzip: decompress it with `zstd -d` and load the result",
  bzip2: "bzip2-compressed, not gzip: decompress it with `bunzip2` and load the result",
  xz: "xz-compressed, not gzip: decompress it with `xz -d` and load the result",
};

/** Why a file packed in a format Trailview does not read cannot be loaded; null for the others. */
export function foreignReason(bytes: Uint8Array): string | null {
  const packing = packingOf(bytes);
  return packing === "zstd" || packing === "bzip2" || packing === "xz" ? FOREIGN[packing] : null;
}

/** What inflating gave: `size` bytes of output are whole (complete gzip members, or zlib). */
export type InflateOutcome =
  | {
      ok: true;
      /** Output bytes of the complete members: a consumer drops what it was given past this. */
      size: number;
      /** Bytes after the compressed data (ignored), said for a person; "" when there are none. */
      warning: string;
    }
  | {
      ok: false;
      reason: string;
      /** Output handed to the consumer before the failure (a cut stream's readable part). */
      emitted: number;
    };

function trailingWarning(bytes: Uint8Array, from: number): string {
  const n = bytes.length - from;
  let zeros = true;
  let blank = true;
  for (let i = from; i < bytes.length && (zeros || blank); i++) {
    const b = bytes[i];
    if (b !== 0) zeros = false;
    if (b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) blank = false;
  }
  const what = n === 1 ? "1 byte" : `${n} bytes`;
  if (zeros) return `${what} of zero padding after the compressed data ignored`;
  if (blank) return `${what} of white space after the compressed data ignored`;
  return `${what} after the compressed data that are not gzip ignored`;
}

/**
 * Inflates gzip (member after member, as `cat a.gz b.gz` makes) or zlib, handing each piece of
 * output to `onData` as it comes (a piece is the consumer's to keep). What follows the last
 * complete member (a newline, zero padding, garbage, a member cut short) is ignored and said in
 * `warning`: the data before it is whole. A stream cut in its first member is an error.
 * `onMemberEnd` hears the output's size at the end of each complete member. With `check` false,
 * the CRC-32 (or Adler-32) and length that the stream stores are not computed nor compared, as
 * zlib's inflateValidate does: for bytes read and checked once already (a loaded file read again).
 * A gzip member's CRC-32 and length are checked here (lib/crc32.ts, four times faster than
 * pako's), pako's check being off; pako checks zlib data, and a member whose header has a CRC.
 */
export function inflateInto(
  bytes: Uint8Array,
  format: "gzip" | "zlib",
  onData: (chunk: Uint8Array) => void,
  firstChunk = 65_536,
  onMemberEnd?: (size: number) => void,
  check = true,
): InflateOutcome {
  const strm = takeInflater();
  try {
    return inflateWith(strm, bytes, format, onData, firstChunk, onMemberEnd, check);
  } finally {
    giveBack(strm);
  }
}

/**
 * One inflater kept between streams: pako makes its state and a 32 KB window for every stream
 * it is started on, and an archive of small members is tens of thousands of streams. A reset
 * keeps the window. Taken while in use, so that a call within a call gets one of its own.
 */
let spare: ZStream | null = null;
const NOTHING = new Uint8Array(0);

function takeInflater(): ZStream {
  const strm = spare ?? new ZStream();
  spare = null;
  return strm;
}

/** Output pieces up to this size are cut from a shared buffer (see `outputPiece`). */
const SMALL_PIECE = 64 * 1024;
const ARENA_BYTES = 1024 * 1024;
let arena = new Uint8Array(0);
let arenaAt = 0;

/**
 * A zeroed output piece of `size` bytes. A small one is the next unused part of a buffer shared
 * by many, never handed out twice (a new buffer when it is used up; the old one lives as long as
 * a piece of it does): a typed array of its own costs a browser several microseconds to make,
 * which for an archive of 30,000 deliveries of a few KB was more than the third of inflate's
 * own time spent on them.
 */
function outputPiece(size: number): Uint8Array<ArrayBuffer> {
  if (size > SMALL_PIECE) return new Uint8Array(size);
  if (arenaAt + size > arena.length) {
    arena = new Uint8Array(ARENA_BYTES);
    arenaAt = 0;
  }
  const piece = arena.subarray(arenaAt, arenaAt + size);
  arenaAt += size;
  return piece;
}

function giveBack(strm: ZStream): void {
  // The last stream's bytes are not kept alive by the spare.
  strm.input = NOTHING;
  strm.output = NOTHING;
  spare = strm;
}

function inflateWith(
  strm: ZStream,
  bytes: Uint8Array,
  format: "gzip" | "zlib",
  onData: (chunk: Uint8Array) => void,
  firstChunk: number,
  onMemberEnd: ((size: number) => void) | undefined,
  check: boolean,
): InflateOutcome {
  strm.avail_out = 0;
  const bits = format === "gzip" ? 31 : 15;
  const init =
    strm.state === null || strm.state === undefined
      ? zlibInflateInit2(strm, bits)
      : resetInflate(strm, bits);
  if (init !== Z_OK) return { ok: false, reason: corruptReason(strm.msg || ""), emitted: 0 };
  // The inflater's state says in bit 4 of `wrap` whether it checks (zlib's inflateValidate).
  const state = strm.state as { wrap: number };
  /** Whether this member's CRC-32 and length are checked here (see inflateInto). */
  let ownCheck = false;
  const startMember = (at: number): void => {
    ownCheck = check && format === "gzip" && ((bytes[at + 3] ?? 0) & 0x02) === 0;
    if (!check || ownCheck) state.wrap &= ~4;
    else state.wrap |= 4;
  };
  startMember(0);
  strm.input = bytes;
  strm.next_in = 0;
  strm.avail_in = bytes.length;
  let emitted = 0;
  let members = 0;
  let kept = 0;
  let keptIn = 0;
  let crc = 0;
  const flush = (): void => {
    if (strm.next_out === 0) return;
    const out =
      strm.next_out === strm.output.length ? strm.output : strm.output.subarray(0, strm.next_out);
    strm.avail_out = 0;
    strm.next_out = 0;
    emitted += out.length;
    if (ownCheck) crc = crc32(out, crc);
    onData(out);
  };
  for (;;) {
    if (strm.avail_out === 0) {
      // Small pieces while the file may be small, larger ones for a large file.
      const size = emitted === 0 ? firstChunk : emitted < 1 << 20 ? 65_536 : 1 << 20;
      strm.output = outputPiece(size);
      strm.next_out = 0;
      strm.avail_out = size;
    }
    const status = zlibInflate(strm, Z_NO_FLUSH);
    if (status === Z_STREAM_END) {
      flush();
      // The member's trailer, its last 8 bytes: CRC-32 and length (mod 2^32) of its data.
      if (ownCheck) {
        const end = strm.next_in;
        const fault =
          readUint32(bytes, end - 8) !== crc
            ? "incorrect data check"
            : readUint32(bytes, end - 4) !== (emitted - kept) >>> 0
              ? "incorrect length check"
              : "";
        crc = 0;
        if (fault !== "") {
          if (members > 0) return { ok: true, size: kept, warning: trailingWarning(bytes, keptIn) };
          return { ok: false, reason: corruptReason(fault), emitted };
        }
      }
      members++;
      kept = emitted;
      onMemberEnd?.(kept);
      keptIn = strm.next_in;
      if (strm.avail_in === 0) return { ok: true, size: kept, warning: "" };
      if (format === "gzip" && bytes[keptIn] === 0x1f && bytes[keptIn + 1] === 0x8b) {
        resetInflate(strm);
        startMember(keptIn);
        continue;
      }
      return { ok: true, size: kept, warning: trailingWarning(bytes, keptIn) };
    }
    if (status === Z_OK || status === Z_BUF_ERROR) {
      if (strm.avail_out === 0) {
        flush();
        continue;
      }
      // Out of input before the end of the stream: cut.
      flush();
      if (members > 0) {
        const n = bytes.length - keptIn;
        return {
          ok: true,
          size: kept,
          warning: `a gzip member cut short at the end of the file (${n === 1 ? "1 byte" : `${n} bytes`}) ignored`,
        };
      }
      return {
        ok: false,
        reason: format === "gzip" ? "truncated gzip" : "truncated zlib data",
        emitted,
      };
    }
    // A damaged member after complete ones is trailing garbage; in the first, the file is damaged.
    if (members > 0) return { ok: true, size: kept, warning: trailingWarning(bytes, keptIn) };
    flush();
    return { ok: false, reason: corruptReason(strm.msg || ""), emitted };
  }
}

/** The pieces joined (the one piece itself when there is one), cut to `size` bytes. */
function joined(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!.subarray(0, size);
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    if (at >= size) break;
    const piece = chunk.length <= size - at ? chunk : chunk.subarray(0, size - at);
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/**
 * The first output piece's size: the declared size when believable, so that no join is needed,
 * and no more: a delivery of a few KB would otherwise make (and zero) a 64 KB piece per file.
 */
export function firstChunkOf(bytes: Uint8Array, limit: number): number {
  const size = declaredSize(bytes);
  return size > 0 && size <= limit && size <= bytes.length * PLAUSIBLE_RATIO ? size + 1 : 65_536;
}

/**
 * Where a large text goes instead of into one string: `openStream` is asked once the text passes
 * `streamFrom` bytes, with its first bytes, and returns where the text goes (all of it, from the
 * start), or null to read the text whole after all.
 */
export interface StreamHook {
  streamFrom: number;
  openStream(head: Uint8Array): ((chunk: Uint8Array) => void) | null;
}

/** A file whose text went to a stream: `cut` says why it ended early ("" when it is whole). */
export interface Streamed {
  ok: true;
  streamed: true;
  rawBytes: number;
  gzip: boolean;
  warning: string;
  cut: string;
}

type Inflated =
  | { ok: true; bytes: Uint8Array; warning?: string }
  | { ok: false; reason: string; tooLarge?: boolean }
  | Streamed;

/** Pieces of text of at most this size go to a stream. */
const PIECE = 1 << 20;

function inflateOrStream(
  bytes: Uint8Array,
  limit: number,
  format: "gzip" | "zlib",
  hook: StreamHook | null,
  check = true,
): Inflated {
  const chunks: Uint8Array[] = [];
  let inflated = 0;
  let sink: ((chunk: Uint8Array) => void) | null = null;
  let asked = false;
  let outcome: InflateOutcome;
  try {
    outcome = inflateInto(
      bytes,
      format,
      (chunk) => {
        inflated += chunk.length;
        if (sink !== null) {
          sink(chunk);
          return;
        }
        chunks.push(chunk);
        if (hook !== null && !asked && inflated > hook.streamFrom) {
          asked = true;
          sink = hook.openStream(chunks[0]!);
          if (sink !== null) {
            for (const piece of chunks) sink(piece);
            chunks.length = 0;
            return;
          }
        }
        if (inflated > limit) throw new TooLarge();
      },
      firstChunkOf(bytes, Math.min(limit, hook === null ? limit : hook.streamFrom)),
      undefined,
      check,
    );
  } catch (error) {
    if (error instanceof TooLarge) {
      // The declared size is only believable once the data has proved itself that large.
      const size = declaredSize(bytes);
      return {
        ok: false,
        reason: tooLargeReason(size > limit ? size : null, limit),
        tooLarge: true,
      };
    }
    if (sink !== null) throw error;
    return { ok: false, reason: corruptReason(error instanceof Error ? error.message : "") };
  }
  if (sink !== null) {
    return outcome.ok
      ? {
          ok: true,
          streamed: true,
          rawBytes: outcome.size,
          gzip: true,
          warning: outcome.warning,
          cut: "",
        }
      : {
          ok: true,
          streamed: true,
          rawBytes: outcome.emitted,
          gzip: true,
          warning: "",
          cut: outcome.reason,
        };
  }
  if (!outcome.ok) return { ok: false, reason: outcome.reason };
  const out = joined(chunks, outcome.size);
  return outcome.warning === ""
    ? { ok: true, bytes: out }
    : { ok: true, bytes: out, warning: outcome.warning };
}

/**
 * Inflates a gzip (or zlib) stream; a stream cut in its first member is reported as such, not
 * returned half-done; bytes after complete members are dropped with a `warning`; a stream that
 * inflates past `limit` bytes is stopped there.
 */
export function gunzip(
  bytes: Uint8Array,
  limit = MAX_TEXT_BYTES,
  format: "gzip" | "zlib" = "gzip",
):
  | { ok: true; bytes: Uint8Array; warning?: string }
  | { ok: false; reason: string; tooLarge?: boolean } {
  const inflated = inflateOrStream(bytes, limit, format, null);
  return "streamed" in inflated ? { ok: false, reason: "unexpected stream" } : inflated;
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
 * Decodes a file's bytes to text: inflated if the bytes are gzip (or zlib), then UTF-8 or UTF-16.
 * `rawBytes` is the size of the decoded data before text decoding (the inflated size). More than
 * `limit` bytes of text is refused with a reason. With a `hook`, a text larger than its
 * `streamFrom` goes to the stream it opens instead (and the limit does not apply). `check`: as
 * for inflateInto.
 */
export function decodeOrStream(
  bytes: Uint8Array,
  hook: StreamHook | null,
  limit = MAX_TEXT_BYTES,
  check = true,
): Decoded | Streamed {
  if (bytes.length === 0) return { ok: false, reason: "empty file", rawBytes: 0 };
  const packing = packingOf(bytes);
  const foreign = foreignReason(bytes);
  if (foreign !== null) return { ok: false, reason: foreign, rawBytes: 0 };
  if (packing === "gzip" || packing === "zlib") {
    const inflated = inflateOrStream(bytes, limit, packing, hook, check);
    if ("streamed" in inflated) return inflated;
    if (inflated.ok) {
      const text = bytesToText(inflated.bytes);
      const decoded: Decoded = { ok: true, text, rawBytes: inflated.bytes.length, gzip: true };
      if (inflated.warning !== undefined) decoded.warning = inflated.warning;
      return decoded;
    }
    // Two bytes that only look like a zlib header (text starting "x^") are read as text.
    if (packing === "gzip") return { ok: false, reason: inflated.reason, rawBytes: 0 };
  }
  if (hook !== null && bytes.length > hook.streamFrom) {
    const sink = hook.openStream(bytes.subarray(0, PIECE));
    if (sink !== null) {
      for (let at = 0; at < bytes.length; at += PIECE) sink(bytes.subarray(at, at + PIECE));
      return {
        ok: true,
        streamed: true,
        rawBytes: bytes.length,
        gzip: false,
        warning: "",
        cut: "",
      };
    }
  }
  if (bytes.length > limit) {
    return { ok: false, reason: tooLargeReason(bytes.length, limit), rawBytes: bytes.length };
  }
  return { ok: true, text: bytesToText(bytes), rawBytes: bytes.length, gzip: false };
}

/** decodeOrStream without a stream: the whole text, within `limit`. */
export function decodeBytes(bytes: Uint8Array, limit = MAX_TEXT_BYTES, check = true): Decoded {
  const decoded = decodeOrStream(bytes, null, limit, check);
  return "streamed" in decoded ? { ok: false, reason: "unexpected stream", rawBytes: 0 } : decoded;
}
