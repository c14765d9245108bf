// A zip's members, listed from its central directory: in place (archiveZipPlace.ts) when the
// archive is well-formed, else with @zip.js/zip.js; a zip whose directory cannot be read at all,
// from its local headers. Each member is its span of the archive: nothing copied.
import { BlobReader, ZipReader } from "@zip.js/zip.js";
import { isLogMember } from "./archive";
import { Batcher, message, type ArchiveBatch } from "./archiveBatch";
import { addEntry, findZipDirectory, zipInPlace } from "./archiveZipPlace";

export async function* zipMembers(blob: Blob): AsyncGenerator<ArchiveBatch> {
  const directory = await findZipDirectory(blob).catch(() => null);
  if (directory !== null && (yield* zipInPlace(blob, directory))) return;
  yield* zipJsMembers(blob);
}

/** The members as zip.js lists them: archives the in-place listing leaves to it. */
export async function* zipJsMembers(blob: Blob): AsyncGenerator<ArchiveBatch> {
  // Names as UTF-8 when the zip does not say: CloudTrail's paths are ASCII, and decoding them as
  // the zip standard's old code page costs more than the rest of the listing.
  const reader = new ZipReader(new BlobReader(blob), {
    useWebWorkers: false,
    checkOverlappingEntry: false,
    filenameEncoding: "utf-8",
  });
  const out = new Batcher();
  const entries = reader.getEntriesGenerator();
  for (;;) {
    let next;
    try {
      next = await entries.next();
    } catch (error) {
      // No central directory to list (a cut or damaged zip): find the members from the start.
      if (out.count === 0 && out.batch.errors.length === 0 && out.batch.skipped === 0) {
        yield* scanLocalHeaders(blob, message(error));
        return;
      }
      const last = out.take();
      last.problem = `the archive's list of members is damaged (${message(error)}); the ${out.count} members listed before that were read, the rest are lost`;
      yield last;
      return;
    }
    if (next.done === true) break;
    const entry = next.value;
    addEntry(out, blob, {
      path: entry.filename,
      directory: entry.directory,
      encrypted: entry.encrypted,
      method: entry.compressionMethod,
      crc32: entry.signature ?? 0,
      compressedSize: entry.compressedSize,
      size: entry.uncompressedSize,
      offset: entry.offset,
      headerLength: 30 + entry.rawFilename.length + entry.rawExtraField.length,
    });
    if (out.full()) yield out.take();
  }
  yield out.take();
}

const WINDOW = 1024 * 1024;
const utf8 = new TextDecoder("utf-8");

/**
 * A zip whose central directory cannot be read (cut short, damaged): its members found one by
 * one from their local headers, from the start, until one cannot be read.
 */
async function* scanLocalHeaders(blob: Blob, why: string): AsyncGenerator<ArchiveBatch> {
  const out = new Batcher();
  let window = new Uint8Array(0);
  let windowStart = 0;
  let pos = 0;
  let stop = "";
  const read = async (at: number, length: number): Promise<Uint8Array | null> => {
    if (at < windowStart || at + length > windowStart + window.length) {
      windowStart = at;
      window = new Uint8Array(await blob.slice(at, at + Math.max(WINDOW, length)).arrayBuffer());
    }
    if (at + length > windowStart + window.length) return null;
    return window.subarray(at - windowStart, at - windowStart + length);
  };
  for (;;) {
    const head = await read(pos, 30);
    if (head === null) break;
    const view = new DataView(head.buffer, head.byteOffset, 30);
    if (view.getUint32(0, true) !== 0x04034b50) break;
    const flags = view.getUint16(6, true);
    const method = view.getUint16(8, true);
    const crc = view.getUint32(14, true);
    const compressedSize = view.getUint32(18, true);
    const size = view.getUint32(22, true);
    const nameLength = view.getUint16(26, true);
    const extraLength = view.getUint16(28, true);
    const name = await read(pos + 30, nameLength);
    if (name === null) {
      stop = "a member header is cut short";
      break;
    }
    const path = utf8.decode(name);
    if (flags & 8 || compressedSize === 0xffffffff) {
      // Sizes written after the data (or in zip64 fields): the next member cannot be found.
      stop = `the sizes of ${path} are not in its header`;
      break;
    }
    const dataEnd = pos + 30 + nameLength + extraLength + compressedSize;
    if (dataEnd > blob.size) {
      if (isLogMember(path)) out.batch.errors.push({ path, error: "cut short in the archive" });
      break;
    }
    addEntry(out, blob, {
      path,
      directory: path.endsWith("/"),
      encrypted: (flags & 1) !== 0,
      method,
      crc32: crc,
      compressedSize,
      size,
      offset: pos,
      headerLength: 30 + nameLength + extraLength,
    });
    if (out.full()) yield out.take();
    pos = dataEnd;
  }
  const last = out.take();
  last.problem =
    `the archive is damaged or cut short (${why}); ${out.count} members were found from the ` +
    `start of the archive` +
    (stop ? `, then ${stop}` : "") +
    "; members after that are lost";
  yield last;
}
