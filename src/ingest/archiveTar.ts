// A tar's or a tar.gz's members. A plain tar's are found from its headers in place
// (archiveTarPlace.ts) as far as they are well-formed, each member its span of the archive; a
// tar.gz, and a plain tar past what the reading in place trusts, are read as a stream (modern-tar;
// a tar.gz inflated with pako on the way), a tar.gz's members copied out, one Blob per batch.
import { createTarDecoder, type ParsedTarEntry } from "modern-tar";
import { Inflate } from "pako";
import { isLogMember, memberTooLarge } from "./archive";
import { Batcher, message, type ArchiveBatch } from "./archiveBatch";
import { tarInPlace } from "./archiveTarPlace";
import { MAX_TEXT_BYTES } from "./decode";

/** A compressed tar that inflates past this many times its size is taken for a gzip bomb. */
const MAX_TAR_RATIO = 200;

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

/**
 * A tar's or a tar.gz's members in batches. A plain tar's headers are read in place
 * (archiveTarPlace.ts) as far as they are well-formed; the stream reader reads a tar.gz, and a
 * plain tar from where the reading in place stopped.
 */
export async function* tarMembers(blob: Blob, gzip: boolean): AsyncGenerator<ArchiveBatch> {
  const out = new Batcher();
  if (gzip) {
    yield* tarStream(blob, true, out, 0);
    return;
  }
  const stoppedAt = yield* tarInPlace(blob, out);
  if (stoppedAt >= 0) yield* tarStream(blob, false, out, stoppedAt);
}

/**
 * The stream reader, from byte `from` of the archive on (a plain tar's members are then spans of
 * the whole archive, found `from` bytes further than the stream says).
 */
async function* tarStream(
  blob: Blob,
  gzip: boolean,
  out: Batcher,
  from: number,
): AsyncGenerator<ArchiveBatch> {
  let source = (from > 0 ? blob.slice(from) : blob).stream() as ReadableStream<Uint8Array>;
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
          const start = from + body.start;
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
