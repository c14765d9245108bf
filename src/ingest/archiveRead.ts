// The members of an archive, as files to load, in batches. A zip is listed from its central
// directory (@zip.js/zip.js) and each member becomes a slice of the archive (no copy), read later
// through archive.ts; a tar or tar.gz is read as a stream (modern-tar; tar.gz inflated with pako
// on the way) and each member becomes a Blob of its own bytes. The archive is never held whole.
import { BlobReader, ZipReader } from "@zip.js/zip.js";
import { createTarDecoder, type ParsedTarEntry } from "modern-tar";
import { Inflate } from "pako";
import { isLogMember, memberTooLarge, type ArchiveKind, type MemberEncoding } from "./archive";
import { MAX_TEXT_BYTES } from "./decode";

/** A member to load: its path inside the archive, and where its bytes are (see MemberEncoding). */
export interface ArchiveMember {
  path: string;
  blob: Blob;
  encoding: MemberEncoding;
}

/** A member that cannot be read, and why. */
export interface MemberError {
  path: string;
  error: string;
}

export interface ArchiveBatch {
  members: ArchiveMember[];
  errors: MemberError[];
  /** Members that are not logs (README, notes, links): counted, not read. */
  skipped: number;
  /** Set on the last batch when the archive itself is damaged: what was lost, in words. */
  problem?: string;
}

/** Members per batch, and in-memory bytes per batch for tar members. */
const BATCH_MEMBERS = 256;
const BATCH_BYTES = 8 * 1024 * 1024;
/** A compressed tar that inflates past this many times its size is taken for a gzip bomb. */
const MAX_TAR_RATIO = 200;

/** Reads the members of an archive of this kind, in batches. Never throws. */
export async function* expandArchive(
  blob: Blob,
  kind: ArchiveKind,
): AsyncGenerator<ArchiveBatch, void, undefined> {
  if (kind === "zip") yield* zipMembers(blob);
  else yield* tarMembers(blob, kind === "tar.gz");
}

class Batcher {
  batch: ArchiveBatch = { members: [], errors: [], skipped: 0 };
  /** Members read into memory, waiting to share one Blob when the batch is taken. */
  private held: Uint8Array[] = [];
  private heldMembers: ArchiveMember[] = [];
  private heldBytes = 0;
  count = 0;

  /** A member that lies in the archive. */
  add(member: ArchiveMember): void {
    this.batch.members.push(member);
    this.count++;
  }

  /** A member read into memory (out of a tar.gz). */
  addBytes(path: string, bytes: Uint8Array): void {
    const start = this.heldBytes;
    const member: ArchiveMember = {
      path,
      blob: EMPTY,
      encoding: { start, end: start + bytes.length },
    };
    this.held.push(bytes);
    this.heldMembers.push(member);
    this.heldBytes += bytes.length;
    this.add(member);
  }

  full(): boolean {
    const b = this.batch;
    return b.members.length + b.errors.length >= BATCH_MEMBERS || this.heldBytes >= BATCH_BYTES;
  }

  take(): ArchiveBatch {
    if (this.held.length > 0) {
      const blob = new Blob(this.held as Uint8Array<ArrayBuffer>[]);
      for (const member of this.heldMembers) member.blob = blob;
    }
    const out = this.batch;
    this.batch = { members: [], errors: [], skipped: 0 };
    this.held = [];
    this.heldMembers = [];
    this.heldBytes = 0;
    return out;
  }
}

const EMPTY = new Blob([]);

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- zip

/** Room past a member's data for a local header whose extra field differs from the central one. */
const LOCAL_SLACK = 1024;

async function* zipMembers(blob: Blob): AsyncGenerator<ArchiveBatch> {
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
    if (entry.directory) continue;
    const path = entry.filename;
    if (!isLogMember(path)) out.batch.skipped++;
    else if (entry.encrypted) {
      out.batch.errors.push({ path, error: "encrypted zip member (unzip the archive to read it)" });
    } else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      out.batch.errors.push({
        path,
        error: `zip member compressed with method ${entry.compressionMethod} (only stored and deflate are read)`,
      });
    } else if (entry.uncompressedSize > MAX_TEXT_BYTES) {
      out.batch.errors.push({ path, error: memberTooLarge(entry.uncompressedSize) });
    } else {
      // The span covers the local header (whose extra field may differ from the central one)
      // and the data; members side by side are read together whatever their spans overlap.
      const end = Math.min(
        blob.size,
        entry.offset +
          30 +
          entry.rawFilename.length +
          entry.rawExtraField.length +
          entry.compressedSize +
          LOCAL_SLACK,
      );
      out.add({
        path,
        blob,
        encoding: {
          start: entry.offset,
          end,
          zip: {
            method: entry.compressionMethod,
            compressedSize: entry.compressedSize,
            size: entry.uncompressedSize,
            crc32: entry.signature ?? 0,
          },
        },
      });
    }
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
    if (path.endsWith("/")) {
      // A folder.
    } else if (!isLogMember(path)) out.batch.skipped++;
    else if (flags & 1) {
      out.batch.errors.push({ path, error: "encrypted zip member (unzip the archive to read it)" });
    } else if (size > MAX_TEXT_BYTES) out.batch.errors.push({ path, error: memberTooLarge(size) });
    else {
      out.add({
        path,
        blob,
        encoding: { start: pos, end: dataEnd, zip: { method, compressedSize, size, crc32: crc } },
      });
    }
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

// ---- tar, tar.gz

/**
 * Inflates a gzip stream with pako, chunk by chunk. Damage (a cut, corrupt data, a bomb past
 * `maxBytes`) ends the output early rather than erroring the stream, so that the members already
 * inflated are still read; `problem()` then says what happened.
 */
function gunzipStream(maxBytes: number): {
  stream: TransformStream<Uint8Array, Uint8Array>;
  problem: () => string;
} {
  const inflater = new Inflate();
  let total = 0;
  let problem = "";
  let sink: TransformStreamDefaultController<Uint8Array> | null = null;
  inflater.onData = (chunk) => {
    total += chunk.length;
    if (total > maxBytes) {
      throw new Error(
        `it inflates to more than ${MAX_TAR_RATIO} times its size, which no log archive does (a gzip bomb?)`,
      );
    }
    sink?.enqueue(chunk);
  };
  const push = (chunk: Uint8Array, last: boolean) => {
    if (problem !== "" || inflater.ended) return;
    try {
      inflater.push(chunk, last);
    } catch (error) {
      problem = message(error);
      return;
    }
    if (inflater.err !== 0) problem = `corrupt gzip (${inflater.msg || "damaged data"})`;
    else if (last && !inflater.ended) problem = "truncated gzip";
  };
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      sink = controller;
      push(chunk, false);
    },
    flush(controller) {
      sink = controller;
      push(new Uint8Array(0), true);
    },
  });
  return { stream, problem: () => problem };
}

/**
 * A member's body: where it starts in the archive when `positionOf` can say (then nothing is
 * copied), else its bytes. Throws when the body is shorter than its header says (a cut).
 */
async function readBody(
  entry: ParsedTarEntry,
  positionOf: ((chunk: Uint8Array) => number) | null,
): Promise<{ start: number } | { bytes: Uint8Array }> {
  const size = entry.header.size;
  let out: Uint8Array | null = null;
  let start = -1;
  let at = 0;
  const reader = entry.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > size) throw new Error("a member is longer than its header says");
    if (at === 0 && positionOf !== null) start = positionOf(value);
    if (start < 0) {
      out ??= new Uint8Array(size);
      out.set(value, at);
    }
    at += value.length;
  }
  if (at !== size) throw new Error("Tar archive is truncated.");
  return start >= 0 ? { start } : { bytes: out ?? new Uint8Array(0) };
}

async function* tarMembers(blob: Blob, gzip: boolean): AsyncGenerator<ArchiveBatch> {
  const out = new Batcher();
  let source = blob.stream() as ReadableStream<Uint8Array>;
  let gzipProblem = () => "";
  if (gzip) {
    const gunzip = gunzipStream(Math.max(2 ** 30, blob.size * MAX_TAR_RATIO));
    source = source.pipeThrough(gunzip.stream);
    gzipProblem = gunzip.problem;
  }
  // Not strict: a strict reader errors its stream at a cut, dropping members it had already
  // found; here a cut shows as a member shorter than its header says, or an archive that does not
  // end with the two zero blocks every tar writer puts there.
  const tail = tap(TAR_END);
  const entries = source
    .pipeThrough(tail.stream)
    .pipeThrough(createTarDecoder({ strict: false }))
    .getReader();
  let current = "";
  try {
    for (;;) {
      const { done, value: entry } = await entries.read();
      if (done) break;
      const { header } = entry;
      current = header.name;
      if (header.type !== "file" || header.name.endsWith("/")) {
        await entry.body.cancel();
        if (header.type !== "directory") out.batch.skipped++;
      } else if (!isLogMember(header.name)) {
        await entry.body.cancel();
        out.batch.skipped++;
      } else if (header.size > MAX_TEXT_BYTES) {
        await entry.body.cancel();
        out.batch.errors.push({ path: header.name, error: memberTooLarge(header.size) });
      } else {
        // A plain tar's member lies in the archive; a tar.gz's is read into memory.
        const body = await readBody(entry, gzip ? null : tail.positionOf);
        if ("start" in body) {
          const { start } = body;
          out.add({ path: header.name, blob, encoding: { start, end: start + header.size } });
        } else out.addBytes(header.name, body.bytes);
      }
      current = "";
      if (out.full()) yield out.take();
    }
  } catch (error) {
    const last = out.take();
    if (current !== "" && isLogMember(current))
      last.errors.push({ path: current, error: "cut short or damaged in the archive" });
    last.problem = damaged(gzipProblem() || message(error), out.count);
    entries.cancel().catch(() => undefined);
    yield last;
    return;
  }
  const last = out.take();
  // Data that ended early where a member ends: the tar reader saw nothing wrong.
  const why =
    gzipProblem() || (tail.bytes().every((b) => b === 0) ? "" : "Tar archive is truncated.");
  if (why !== "") last.problem = damaged(why, out.count);
  yield last;
}

/** The two zero blocks a tar ends with. */
const TAR_END = 1024;

/**
 * A pass-through stream that keeps the last `size` bytes seen, and where in the stream each chunk
 * it passed began: `positionOf` says where a view of one of those chunks starts (-1: unknown). The
 * tar reader hands a member's body over as views of the chunks it was given, never copies, so a
 * plain tar's members are found in the archive without copying them.
 */
function tap(size: number): {
  stream: TransformStream<Uint8Array, Uint8Array>;
  bytes: () => Uint8Array;
  positionOf: (view: Uint8Array) => number;
} {
  let tail = new Uint8Array(0);
  let position = 0;
  const chunks = new WeakMap<
    ArrayBufferLike,
    { byteOffset: number; length: number; at: number }[]
  >();
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      let list = chunks.get(chunk.buffer);
      if (list === undefined) chunks.set(chunk.buffer, (list = []));
      list.push({ byteOffset: chunk.byteOffset, length: chunk.length, at: position });
      position += chunk.length;
      if (chunk.length >= size) tail = chunk.slice(chunk.length - size);
      else {
        const joined = new Uint8Array(Math.min(size, tail.length + chunk.length));
        const keep = joined.length - chunk.length;
        joined.set(tail.subarray(tail.length - keep), 0);
        joined.set(chunk, keep);
        tail = joined;
      }
      controller.enqueue(chunk);
    },
  });
  const positionOf = (view: Uint8Array): number => {
    for (const c of chunks.get(view.buffer) ?? []) {
      if (
        view.byteOffset >= c.byteOffset &&
        view.byteOffset + view.length <= c.byteOffset + c.length
      )
        return c.at + (view.byteOffset - c.byteOffset);
    }
    return -1;
  };
  return { stream, bytes: () => (tail.length < size ? new Uint8Array([1]) : tail), positionOf };
}

function damaged(why: string, read: number): string {
  return `the archive is damaged or cut short (${why}); the ${read} members before that were read, the rest are lost`;
}
