// A zip's members listed from its central directory in place: the end records say where the
// directory is, and its entries are read from the archive a window at a time, each in a few
// steps over its bytes. zip.js lists an entry as an object of its own behind a promise, which
// was most of the cost of opening a zip of 30,000 small deliveries.
//
// Only what well-formed archives hold is read here: one disk, zip64 sizes and offsets, a
// directory that ends where the end records begin (nothing prepended). For anything else, the
// listing says so before its first member and archiveZip.ts lists the archive with zip.js.
import { isLogMember, memberTooLarge } from "./archive";
import { Batcher, type ArchiveBatch } from "./archiveBatch";
import { MAX_TEXT_BYTES } from "./decode";
import { shortText } from "../lib/shortText";

const END = 0x06054b50;
const END64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;
const ENTRY = 0x02014b50;
/** The end record's fixed part; its comment follows, up to 65,535 bytes. */
const END_SIZE = 22;
const ENTRY_SIZE = 46;
/** Bytes of the directory read at once: the entries of thousands of members. */
const WINDOW = 4 * 1024 * 1024;
/** Room past a member's data for a local header whose extra field differs from the central one. */
const LOCAL_SLACK = 1024;

export interface ZipDirectory {
  /** Where the central directory begins, its length, and how many entries it holds. */
  at: number;
  size: number;
  count: number;
}

/**
 * Where the central directory is, from the end record (and zip64's); null when there is no end
 * record, or the archive spans disks, or its directory does not end where the end records begin.
 */
export async function findZipDirectory(blob: Blob): Promise<ZipDirectory | null> {
  const tailSize = Math.min(blob.size, END_SIZE + 0xffff);
  const tailAt = blob.size - tailSize;
  const tail = new Uint8Array(await blob.slice(tailAt).arrayBuffer());
  const view = new DataView(tail.buffer);
  for (let i = tail.length - END_SIZE; i >= 0; i--) {
    if (view.getUint32(i, true) !== END) continue;
    if (i + END_SIZE + view.getUint16(i + 20, true) !== tail.length) continue;
    let disk = view.getUint16(i + 4, true);
    let directoryDisk = view.getUint16(i + 6, true);
    let count = view.getUint16(i + 10, true);
    let size = view.getUint32(i + 12, true);
    let at = view.getUint32(i + 16, true);
    let directoryEnd = tailAt + i;
    if (
      disk === 0xffff ||
      directoryDisk === 0xffff ||
      count === 0xffff ||
      size === 0xffffffff ||
      at === 0xffffffff
    ) {
      const locator = i - 20;
      if (locator < 0 || view.getUint32(locator, true) !== LOCATOR64) return null;
      const recordAt = Number(view.getBigUint64(locator + 8, true));
      const record = new DataView(await blob.slice(recordAt, recordAt + 56).arrayBuffer());
      if (record.byteLength < 56 || record.getUint32(0, true) !== END64) return null;
      disk = record.getUint32(16, true);
      directoryDisk = record.getUint32(20, true);
      count = Number(record.getBigUint64(32, true));
      size = Number(record.getBigUint64(40, true));
      at = Number(record.getBigUint64(48, true));
      directoryEnd = recordAt;
    }
    if (disk !== 0 || directoryDisk !== 0) return null;
    return at + size === directoryEnd ? { at, size, count } : null;
  }
  return null;
}

/**
 * Adds the members of the directory's entries to `out`, yielding each batch as it fills.
 * Returns false, having yielded nothing, when the first entry cannot be read (zip.js lists the
 * archive then); when a later one cannot, the last batch says what was lost.
 */
export async function* zipInPlace(
  blob: Blob,
  directory: ZipDirectory,
  window = WINDOW,
): AsyncGenerator<ArchiveBatch, boolean> {
  const out = new Batcher();
  const end = directory.at + directory.size;
  let bytes = new Uint8Array(0);
  let view = new DataView(bytes.buffer);
  let bytesAt = directory.at;
  let at = directory.at;
  /** The bytes from `at` on, at least `length` of them unless the directory ends first. */
  const fill = async (length: number): Promise<void> => {
    const size = Math.min(Math.max(window, length), end - at);
    bytes = new Uint8Array(await blob.slice(at, at + size).arrayBuffer());
    view = new DataView(bytes.buffer);
    bytesAt = at;
  };
  for (let n = 0; n < directory.count; n++) {
    if (at - bytesAt + ENTRY_SIZE > bytes.length) await fill(ENTRY_SIZE);
    let i = at - bytesAt;
    const found = i + ENTRY_SIZE <= bytes.length && view.getUint32(i, true) === ENTRY;
    const length = found ? entryLength(view, i) : 0;
    if (found && i + length > bytes.length) {
      await fill(length);
      i = 0;
    }
    let damage: string | null = null;
    if (!found) damage = "is not where the directory says";
    else if (i + length > bytes.length) damage = "runs past the directory's end";
    else {
      const entry = readEntry(bytes, view, i);
      if (entry === null) damage = "has damaged zip64 sizes";
      else {
        addEntry(out, blob, entry);
        at += length;
      }
    }
    if (damage !== null) {
      if (n === 0) return false;
      const last = out.take();
      last.problem = `the archive's list of members is damaged (entry ${n + 1} of ${directory.count} ${damage}); the ${out.count} members listed before that were read, the rest are lost`;
      yield last;
      return true;
    }
    if (out.full()) yield out.take();
  }
  yield out.take();
  return true;
}

/** An entry's length: its fixed part, name, extra field and comment. */
function entryLength(view: DataView, i: number): number {
  return (
    ENTRY_SIZE +
    view.getUint16(i + 28, true) +
    view.getUint16(i + 30, true) +
    view.getUint16(i + 32, true)
  );
}

/** A central directory entry, as this listing or zip.js reads it. */
export interface ZipEntry {
  path: string;
  directory: boolean;
  encrypted: boolean;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  offset: number;
  /** The local header's fixed part, the name and the central extra field: where its data begins when both extra fields agree. */
  headerLength: number;
}

/** The entry at `i`; null when its zip64 field lacks a value the entry defers to it. */
function readEntry(bytes: Uint8Array, view: DataView, i: number): ZipEntry | null {
  const flags = view.getUint16(i + 8, true);
  const nameLength = view.getUint16(i + 28, true);
  const extraLength = view.getUint16(i + 30, true);
  let compressedSize = view.getUint32(i + 20, true);
  let size = view.getUint32(i + 24, true);
  let offset = view.getUint32(i + 42, true);
  const nameAt = i + ENTRY_SIZE;
  const path = shortText(bytes, nameAt, nameAt + nameLength);
  if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
    // The zip64 extra field holds, in this order, the values set to 0xffffffff here.
    let extra = nameAt + nameLength;
    const extraEnd = extra + extraLength;
    let found = false;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === 1) {
        let field = extra + 4;
        const fieldEnd = Math.min(field + length, extraEnd);
        const next = (): number | null => {
          if (field + 8 > fieldEnd) return null;
          const value = Number(view.getBigUint64(field, true));
          field += 8;
          return value;
        };
        if (size === 0xffffffff) size = next() ?? -1;
        if (compressedSize === 0xffffffff) compressedSize = next() ?? -1;
        if (offset === 0xffffffff) offset = next() ?? -1;
        found = size >= 0 && compressedSize >= 0 && offset >= 0;
        break;
      }
      extra += 4 + length;
    }
    if (!found) return null;
  }
  const external = view.getUint32(i + 38, true);
  return {
    path,
    directory: path.endsWith("/") || (external & 0x10) !== 0,
    encrypted: (flags & 1) !== 0,
    method: view.getUint16(i + 10, true),
    crc32: view.getUint32(i + 16, true),
    compressedSize,
    size,
    offset,
    headerLength: 30 + nameLength + extraLength,
  };
}

/** Adds the entry's member to `out`, or its error, or counts it as skipped (not a log). */
export function addEntry(out: Batcher, blob: Blob, entry: ZipEntry): void {
  const { path } = entry;
  if (entry.directory) return;
  if (!isLogMember(path)) out.batch.skipped++;
  else if (entry.encrypted) {
    out.batch.errors.push({ path, error: "encrypted zip member (unzip the archive to read it)" });
  } else if (entry.method !== 0 && entry.method !== 8) {
    out.batch.errors.push({
      path,
      error: `zip member compressed with method ${entry.method} (only stored and deflate are read)`,
    });
  } else if (entry.size > MAX_TEXT_BYTES) {
    out.batch.errors.push({ path, error: memberTooLarge(entry.size) });
  } else {
    // The span covers the local header (whose extra field may differ from the central one)
    // and the data; members side by side are read together whatever their spans overlap.
    const end = Math.min(
      blob.size,
      entry.offset + entry.headerLength + entry.compressedSize + LOCAL_SLACK,
    );
    out.add({
      path,
      blob,
      encoding: {
        start: entry.offset,
        end,
        zip: {
          method: entry.method,
          compressedSize: entry.compressedSize,
          size: entry.size,
          crc32: entry.crc32,
        },
      },
    });
  }
}
