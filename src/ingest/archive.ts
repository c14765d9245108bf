// Archives of log files (zip, tar, tar.gz): recognised by their bytes, and a zip member's bytes
// read back from its slice of the archive. Listing an archive's members is archiveRead.ts.
import { Inflate, Z_BUF_ERROR, Z_OK } from "pako";
import { MAX_TEXT_BYTES, isGzip } from "./decode";
import { crc32 } from "../lib/crc32";

export type ArchiveKind = "zip" | "tar" | "tar.gz";

/**
 * Where an archive member's bytes are in its Blob, and how they are held. The Blob is the
 * archive itself (zip, plain tar) or one Blob holding a batch of members read out of a tar.gz,
 * never a Blob per member: a browser registers every Blob (a slice too) with its browser
 * process, which costs about as much as reading a small file. Members lying side by side are
 * read together (see readBatch.ts).
 */
export interface MemberEncoding {
  /** The member's bytes in the Blob: [start, end). */
  start: number;
  end: number;
  /** A zip member: `start` is its local header, then its data, stored or deflated. */
  zip?: ZipMember;
}

/** A zip member as its central directory describes it. */
export interface ZipMember {
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
}

/** How many bytes a file takes in its Blob: a member's span, or the whole Blob. */
export function storedSize(file: { blob: Blob; encoding?: MemberEncoding }): number {
  return file.encoding === undefined ? file.blob.size : file.encoding.end - file.encoding.start;
}

/**
 * A member's bytes as the file held them, out of the bytes of its span (`span` is the Blob's
 * bytes from `encoding.start` to `encoding.end`).
 */
export function memberBytes(span: Uint8Array, encoding: MemberEncoding): MemberBytes {
  return encoding.zip === undefined
    ? { ok: true, bytes: span }
    : zipMemberBytes(span, encoding.zip);
}

/** A file's bytes as it held them: the Blob's, or a member's out of its span of the Blob. */
export async function readFileBytes(file: {
  blob: Blob;
  encoding?: MemberEncoding;
}): Promise<MemberBytes> {
  const { blob, encoding } = file;
  if (encoding === undefined) return { ok: true, bytes: new Uint8Array(await blob.arrayBuffer()) };
  const span = new Uint8Array(await blob.slice(encoding.start, encoding.end).arrayBuffer());
  return memberBytes(span, encoding);
}

/** The kind of archive a file name says, or null. */
export function archiveKindOfName(name: string): ArchiveKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".zip")) return "zip";
  if (lower.endsWith(".tar")) return "tar";
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) return "tar.gz";
  return null;
}

/** How many bytes of a file `sniffArchive` needs to recognise an archive. */
export const SNIFF_BYTES = 64 * 1024;

function isTarHeader(bytes: Uint8Array): boolean {
  // "ustar" at 257: POSIX ("ustar\0") and GNU ("ustar  \0") headers alike.
  return (
    bytes.length >= 262 &&
    bytes[257] === 0x75 &&
    bytes[258] === 0x73 &&
    bytes[259] === 0x74 &&
    bytes[260] === 0x61 &&
    bytes[261] === 0x72
  );
}

/**
 * The kind of archive these first bytes of a file start, or null: zip by its local header
 * (`PK\3\4`) or its end record alone (`PK\5\6`, an empty zip), tar by `ustar` at offset 257,
 * gzip whose inflated start is a tar header. Never by the name.
 */
export function sniffArchive(head: Uint8Array): ArchiveKind | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    if ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6)) return "zip";
  }
  if (isTarHeader(head)) return "tar";
  if (isGzip(head)) {
    // Inflate only as much as the first header takes.
    let out = new Uint8Array(0);
    try {
      const inflater = new Inflate({ chunkSize: 1024 });
      inflater.onData = (chunk) => {
        if (out.length < 512) {
          const next = new Uint8Array(out.length + chunk.length);
          next.set(out);
          next.set(chunk, out.length);
          out = next;
        }
      };
      inflater.push(head.subarray(0, Math.min(head.length, SNIFF_BYTES)), false);
    } catch {
      return null;
    }
    if (isTarHeader(out)) return "tar.gz";
  }
  return null;
}

const MIB = 1024 * 1024;

/** Why a member over the size limit is refused (the same limit as any file: see decode.ts). */
export function memberTooLarge(bytes: number | null): string {
  const size = bytes === null ? `more than ${MAX_TEXT_BYTES / MIB}` : `${Math.round(bytes / MIB)}`;
  return (
    `too large to read in a browser: ${size} MB uncompressed (the limit for one file is ` +
    `${MAX_TEXT_BYTES / MIB} MB; a member that inflates this far may be a zip bomb)`
  );
}

export type MemberBytes = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Thrown out of pako's output callback to stop a bomb early. */
class TooLarge extends Error {}

/**
 * A zip member's bytes out of its span of the archive (`bytes` starts at the local header):
 * stored data as it is, deflated data inflated, both checked against the CRC-32 of the central
 * directory. Never inflates past `limit`.
 */
export function zipMemberBytes(
  bytes: Uint8Array,
  encoding: ZipMember,
  limit = MAX_TEXT_BYTES,
): MemberBytes {
  if (
    bytes.length < 30 ||
    bytes[0] !== 0x50 ||
    bytes[1] !== 0x4b ||
    bytes[2] !== 3 ||
    bytes[3] !== 4
  ) {
    return { ok: false, reason: "damaged zip member (its local header is missing)" };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const end = start + encoding.compressedSize;
  if (end > bytes.length) return { ok: false, reason: "truncated zip member" };
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (encoding.method === 0) {
    if (data.length > limit) return { ok: false, reason: memberTooLarge(data.length) };
    out = data;
  } else if (encoding.method === 8) {
    if (encoding.size > limit) return { ok: false, reason: memberTooLarge(encoding.size) };
    const inflated = inflateRawLimited(data, limit, encoding.size);
    if (!inflated.ok) return inflated;
    out = inflated.bytes;
  } else {
    return {
      ok: false,
      reason: `zip member compressed with method ${encoding.method} (only stored and deflate are read)`,
    };
  }
  if (out.length !== encoding.size || crc32(out) !== encoding.crc32 >>> 0) {
    return {
      ok: false,
      reason: "corrupt zip member (the data does not match its checksum: the archive is damaged)",
    };
  }
  return { ok: true, bytes: out };
}

function inflateRawLimited(data: Uint8Array, limit: number, expected: number): MemberBytes {
  // One output chunk of the expected size when it is plausible (the central directory says it).
  const chunkSize = expected > 0 && expected <= limit ? expected + 1 : 65_536;
  let inflated = 0;
  let inflater: Inflate;
  try {
    inflater = new Inflate({ raw: true, chunkSize });
    const keep = inflater.onData.bind(inflater);
    inflater.onData = (chunk) => {
      inflated += chunk.length;
      if (inflated > limit) throw new TooLarge();
      keep(chunk);
    };
    inflater.push(data, true);
  } catch (error) {
    if (error instanceof TooLarge) return { ok: false, reason: memberTooLarge(null) };
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `corrupt zip member (the compressed data is damaged: ${why})` };
  }
  if (inflater.err === Z_BUF_ERROR || (inflater.err === Z_OK && !inflater.ended))
    return { ok: false, reason: "truncated zip member" };
  if (inflater.err !== Z_OK)
    return {
      ok: false,
      reason: `corrupt zip member (the compressed data is damaged: ${inflater.msg || ""})`,
    };
  return { ok: true, bytes: inflater.result };
}

/** A path inside an archive as the app names it: `logs.zip › AWSLogs/…/file.json.gz`. */
export function memberPath(archivePath: string, path: string): string {
  return `${archivePath} › ${path}`;
}

/**
 * Whether an archive member may hold logs: CloudTrail deliveries and digests (`.json.gz`), JSON,
 * NDJSON, CSV and gzip of them, and archives (read in turn, see the session). READMEs, notes, pictures and macOS's resource forks are not
 * read; they are counted as skipped entries.
 */
export function isLogMember(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base === "" || base.startsWith("._") || path.startsWith("__MACOSX/")) return false;
  if (path.includes("/__MACOSX/")) return false;
  return /\.(json|jsonl|ndjson|csv|log|gz|tgz|tar|zip)$/i.test(base);
}
