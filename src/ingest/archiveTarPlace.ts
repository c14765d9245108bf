// A plain tar's members found in place: only its 512-byte headers are looked at, read from the
// archive a window at a time, and each member is its span of the archive. The stream reader
// (modern-tar, archiveTar.ts) hands every member over as a stream of its own, tens of µs a member,
// which is most of the cost of a tar of 30,000 small deliveries; here a member costs a header.
//
// Only what well-formed archives hold is read here: ustar and GNU headers with their checksums,
// PAX `path` and `size`, GNU long names. At anything else (a bad checksum, a cut, a base-256 size,
// a PAX global header or attribute it does not know, the end missing) it stops and says where, and
// the stream reader goes on from that header, with its handling of damage.
import { isLogMember, memberTooLarge } from "./archive";
import type { ArchiveBatch, Batcher } from "./archiveBatch";
import { MAX_TEXT_BYTES } from "./decode";
import { shortText } from "../lib/shortText";

const BLOCK = 512;
/** Bytes of the archive read at once: many headers of small members per read. */
const WINDOW = 4 * 1024 * 1024;
/** A PAX record or a GNU long name larger than this is not read here. */
const MAX_META = 64 * 1024;

const utf8 = new TextDecoder();

/** The archive's bytes, a window at a time (the one before it is kept: see `copy`). */
class Windows {
  private start = 0;
  private bytes = new Uint8Array(0);
  private previousStart = 0;
  private previous = new Uint8Array(0);

  constructor(private readonly blob: Blob) {}

  /** `length` bytes at `at` (fewer at the archive's end), from the window holding them. */
  async at(at: number, length: number): Promise<Uint8Array> {
    const end = Math.min(at + length, this.blob.size);
    const windowEnd = this.start + this.bytes.length;
    if (at < this.start || end > windowEnd) {
      // The next window begins where this one ends (the members' data between two headers is
      // read too, for `copy`), unless the header is more than a window further on.
      const from = at >= windowEnd && at - windowEnd < WINDOW ? windowEnd : at;
      const size = Math.min(Math.max(WINDOW, end - from), this.blob.size - from);
      const bytes = new Uint8Array(await this.blob.slice(from, from + size).arrayBuffer());
      this.previousStart = this.start;
      this.previous = this.bytes;
      this.bytes = bytes;
      this.start = from;
    }
    return this.bytes.subarray(at - this.start, end - this.start);
  }

  /**
   * A copy of the archive's bytes `[start, end)` when the last two windows hold them (a batch of
   * members read over a window's edge), else null. Reads the next window when the end is past
   * this one (the data of a batch's last member).
   */
  async copy(start: number, end: number): Promise<Uint8Array | null> {
    if (end > this.start + this.bytes.length) await this.at(end - 1, 1);
    const { bytes, previous, previousStart } = this;
    if (start >= this.start && end <= this.start + bytes.length)
      return bytes.slice(start - this.start, end - this.start);
    const previousEnd = previousStart + previous.length;
    if (start < previousStart || start >= previousEnd || this.start > previousEnd) return null;
    if (end > this.start + bytes.length) return null;
    const out = new Uint8Array(end - start);
    out.set(previous.subarray(start - previousStart), 0);
    out.set(bytes.subarray(previousEnd - this.start, end - this.start), previousEnd - start);
    return out;
  }
}

/**
 * The batch, with its members' bytes when the windows hold them all and the archive's batches
 * may carry more (see ArchiveBatch.held, HELD_PER_ARCHIVE).
 */
async function withBytes(
  batch: ArchiveBatch,
  windows: Windows,
  out: Batcher,
): Promise<ArchiveBatch> {
  const { members } = batch;
  if (members.length === 0) return batch;
  const start = members[0]!.encoding.start;
  const end = members[members.length - 1]!.encoding.end;
  if (!out.mayHold(end - start)) return batch;
  const bytes = await windows.copy(start, end);
  if (bytes !== null) batch.held = { start, bytes };
  return batch;
}

/** A NUL-ended text field of a header. */
function text(block: Uint8Array, offset: number, size: number): string {
  if (block[offset] === 0) return "";
  const nul = block.indexOf(0, offset);
  const end = nul === -1 || nul > offset + size ? offset + size : nul;
  return shortText(block, offset, end);
}

/** Whether a header is POSIX ustar's (`ustar` and a NUL at 257; GNU's has a space there). */
function isUstar(block: Uint8Array): boolean {
  return (
    block[257] === 0x75 &&
    block[258] === 0x73 &&
    block[259] === 0x74 &&
    block[260] === 0x61 &&
    block[261] === 0x72 &&
    block[262] === 0
  );
}

/** An octal number field, or -1 when it is not one (a base-256 number among them). */
function octal(block: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let i = offset; i < offset + size; i++) {
    const c = block[i];
    if (c === 0) break;
    if (c === 32) continue;
    if (c < 48 || c > 55) return -1;
    value = value * 8 + (c - 48);
  }
  return value;
}

/** Whether the header's checksum (its bytes summed, the checksum field as spaces) is right. */
function checksumOk(block: Uint8Array): boolean {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += block[i];
  for (let i = 156; i < BLOCK; i++) sum += block[i];
  return sum === octal(block, 148, 8);
}

function zero(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** PAX records (`<length> <key>=<value>\n`) → `path` and `size`; null for any other key. */
function pax(bytes: Uint8Array): { path?: string; size?: number } | null {
  const out: { path?: string; size?: number } = {};
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(32, at);
    if (space === -1) return null;
    const length = Number.parseInt(utf8.decode(bytes.subarray(at, space)), 10);
    if (!(length > 0) || at + length > bytes.length) return null;
    const record = utf8.decode(bytes.subarray(space + 1, at + length - 1));
    const equals = record.indexOf("=");
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === "path") out.path = value;
    else if (key === "size") {
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return null;
      out.size = Number(value);
    } else if (!IGNORED_PAX.has(key)) return null;
    at += length;
  }
  return out;
}

/** PAX attributes that say nothing about where a member is or what it is called. */
const IGNORED_PAX = new Set([
  "atime",
  "ctime",
  "mtime",
  "uid",
  "gid",
  "uname",
  "gname",
  "linkpath",
  "comment",
  "charset",
  "hdrcharset",
]);

const FILE = 0x30;
const OLD_FILE = 0;
const DIRECTORY = 0x35;
const PAX = 0x78;
const LONG_NAME = 0x4c;
const LONG_LINK = 0x4b;
/** Directories, links, devices and fifos: no data in the archive whatever their size says. */
const NO_DATA = new Set([DIRECTORY, 0x31, 0x32, 0x33, 0x34, 0x36]);

/**
 * Adds a plain tar's members to `out`, yielding each batch as it fills. Returns -1 when the
 * archive was read to its end (two zero blocks; its last batch yielded), or the offset of the
 * header it stopped at: the stream reader goes on from there, with the batch begun in `out`.
 */
export async function* tarInPlace(blob: Blob, out: Batcher): AsyncGenerator<ArchiveBatch, number> {
  const windows = new Windows(blob);
  let at = 0;
  let nextName: string | null = null;
  let nextSize = -1;
  /** Where the headers of the member being read begin (PAX or long name first). */
  let memberAt = 0;
  for (;;) {
    if (at + BLOCK > blob.size) return memberAt;
    const block = await windows.at(at, BLOCK);
    if (zero(block)) {
      const next = await windows.at(at + BLOCK, BLOCK);
      if (nextName !== null || next.length !== BLOCK || !zero(next)) return memberAt;
      yield await withBytes(out.take(), windows, out);
      return -1;
    }
    if (!checksumOk(block)) return memberAt;
    const type = block[156];
    let size = octal(block, 124, 12);
    if (size < 0) return memberAt;
    const data = at + BLOCK;
    const padded = size + (-size & (BLOCK - 1));
    if (type === PAX || type === LONG_NAME || type === LONG_LINK) {
      if (size > MAX_META || data + size > blob.size) return memberAt;
      const meta = await windows.at(data, size);
      if (type === PAX) {
        const found = pax(meta);
        if (found === null) return memberAt;
        if (found.path !== undefined) nextName = found.path;
        if (found.size !== undefined) nextSize = found.size;
      } else if (type === LONG_NAME) {
        const nul = meta.indexOf(0);
        nextName = utf8.decode(nul === -1 ? meta : meta.subarray(0, nul));
      }
      at = data + padded;
      continue;
    }
    if (type !== FILE && type !== OLD_FILE && !NO_DATA.has(type)) return memberAt;
    let name = nextName ?? text(block, 0, 100);
    // POSIX ustar splits a long path into a prefix and a name; GNU uses that room otherwise.
    if (nextName === null && isUstar(block)) {
      const prefix = text(block, 345, 155);
      if (prefix !== "") name = `${prefix}/${name}`;
    }
    if (nextSize >= 0) size = nextSize;
    const stored = NO_DATA.has(type) ? 0 : size;
    const end = data + stored;
    if (end > blob.size) return memberAt;
    if (type !== FILE && type !== OLD_FILE) {
      if (type !== DIRECTORY) out.batch.skipped++;
    } else if (name.endsWith("/")) {
      // A directory written as a file.
    } else if (!isLogMember(name)) out.batch.skipped++;
    else if (size > MAX_TEXT_BYTES)
      out.batch.errors.push({ path: name, error: memberTooLarge(size) });
    else out.add({ path: name, blob, encoding: { start: data, end } });
    nextName = null;
    nextSize = -1;
    at = data + stored + (-stored & (BLOCK - 1));
    memberAt = at;
    if (out.full()) yield await withBytes(out.take(), windows, out);
  }
}
