import {
  SNIFF_BYTES,
  memberBytes,
  readFileBytes,
  sniffArchive,
  storedSize,
  type MemberBytes,
  type MemberEncoding,
} from "../ingest/archive";
import type { HeldBytes } from "../ingest/archiveBatch";
import type { FileOutcome } from "../ingest/chunk";
import type { BatchFile, FoundArchive } from "./protocol";

/** The most bytes of one file a worker reads (as one buffer). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/**
 * A file's bytes, as the file holds them: the one place in the workers where a Blob becomes
 * bytes, so that an archive member (a span of its archive, see MemberEncoding) reads the same
 * as a dropped file everywhere (parse, detail view, search, match, hashes). Rejects when the
 * Blob cannot be read; a member that cannot be decoded is `ok: false` with the reason. `runs`
 * reads members lying side by side in one Blob together (see Runs).
 */
export async function fileBytes(
  file: { blob: Blob; encoding?: MemberEncoding },
  runs: Runs | null = null,
): Promise<MemberBytes> {
  if (file.encoding === undefined || runs === null) return readFileBytes(file);
  return memberBytes(await runs.span(file.blob, file.encoding), file.encoding);
}

/** Bytes read at once for members that lie side by side in one Blob. */
const RUN_BYTES = 8 * 1024 * 1024;
/** Bytes between two members that are read over rather than starting another read. */
const RUN_GAP = 64 * 1024;

/**
 * Reads the members of a batch that lie side by side in one Blob (an archive's, in order) with
 * one read of the Blob per run of them: a read costs the browser about as much for 400 bytes as
 * for 400 KB, so reading members one by one would cost what the archive was made to save.
 */
export class Runs {
  private blob: Blob | null = null;
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);

  /** `held`: bytes of the Blob of `files[0]` read already (see ArchiveBatch.held). */
  constructor(
    private readonly files: readonly BatchFile[],
    held?: HeldBytes,
  ) {
    const first = files[0];
    if (held !== undefined && first !== undefined) {
      this.blob = first.blob;
      this.start = held.start;
      this.bytes = held.bytes;
    }
  }

  /** The bytes of `encoding`'s span of `blob` when the run read last holds them, else null. */
  held(blob: Blob, encoding: MemberEncoding): Uint8Array | null {
    const { start, end } = encoding;
    if (blob !== this.blob || start < this.start || end > this.start + this.bytes.length)
      return null;
    return this.bytes.subarray(start - this.start, end - this.start);
  }

  /** The bytes of `encoding`'s span of `blob`, from the run holding them (read if need be). */
  async span(blob: Blob, encoding: MemberEncoding): Promise<Uint8Array> {
    const held = this.held(blob, encoding);
    if (held !== null) return held;
    const { start, end } = encoding;
    let runEnd = end;
    for (const file of this.files) {
      const next = file.encoding;
      if (file.blob !== blob || next === undefined || next.start < start) continue;
      if (next.start <= runEnd + RUN_GAP && next.end - start <= RUN_BYTES)
        runEnd = Math.max(runEnd, next.end);
    }
    this.bytes = new Uint8Array(await blob.slice(start, runEnd).arrayBuffer());
    this.blob = blob;
    this.start = start;
    return this.bytes.subarray(0, end - start);
  }
}

/**
 * `fileBytes` without an await, for a member of the run read last (else null): an archive's
 * batch is hundreds of small members from one read, and a pause per member cost more than its
 * slice.
 */
function heldBytes(
  file: { blob: Blob; encoding?: MemberEncoding },
  runs: Runs,
): MemberBytes | null {
  if (file.encoding === undefined) return null;
  const held = runs.held(file.blob, file.encoding);
  return held === null ? null : memberBytes(held, file.encoding);
}

/** `fileBytes`, or an Error with the reason (for requests about one file). */
export async function fileBytesOrThrow(
  name: string,
  file: { blob: Blob; encoding?: MemberEncoding },
): Promise<Uint8Array> {
  const read = await fileBytes(file);
  if (!read.ok) throw new Error(`${name}: ${read.reason}`);
  return read.bytes;
}

/**
 * Past this size a file's first bytes are looked at before it is read whole: an archive is
 * handed back for expansion rather than read into memory.
 */
const SNIFF_ABOVE = 4 * 1024 * 1024;

export interface ReadInput {
  fileIndex: number;
  name: string;
  bytes: Uint8Array;
  /** Whether the bytes were read out of a zip member (not a span of the Blob as it is). */
  member?: boolean;
}

export interface ReadGroup {
  inputs: ReadInput[];
  /** Files that could not be read at all: their outcomes. */
  failures: FileOutcome[];
  /** Large files whose first bytes are an archive: not read, to be expanded. */
  archives: FoundArchive[];
}

/**
 * Reads a batch's files in groups of at most about `groupBytes` (a group is parsed, and its
 * bytes dropped, before the next is read), so a batch of large files never sits in memory whole.
 * `held`: bytes of the files' Blob read already, members inside them are taken from there.
 * A file that cannot be read (moved, deleted, or denied since it was dropped, or too large)
 * becomes an error outcome; the others are still parsed.
 */
export async function* readGroups(
  files: BatchFile[],
  groupBytes: number,
  held?: HeldBytes,
): AsyncGenerator<ReadGroup> {
  let group: ReadGroup = { inputs: [], failures: [], archives: [] };
  let bytes = 0;
  const runs = new Runs(files, held);
  for (const file of files) {
    const size = storedSize(file);
    if (file.encoding === undefined && file.blob.size > SNIFF_ABOVE) {
      try {
        const head = new Uint8Array(await file.blob.slice(0, SNIFF_BYTES).arrayBuffer());
        const kind = sniffArchive(head);
        if (kind !== null) {
          group.archives.push({ fileIndex: file.fileIndex, kind });
          continue;
        }
      } catch {
        // Read below, where the failure is reported.
      }
    }
    // A large file is read whole as compressed bytes and its text as a stream (src/ingest), so
    // only what a worker cannot hold as one buffer is refused.
    if (size > MAX_FILE_BYTES) {
      group.failures.push(
        failure(file, `too large to read in a browser: ${Math.round(size / 2 ** 20)} MB`),
      );
      continue;
    }
    if (bytes > 0 && bytes + size > groupBytes) {
      yield group;
      group = { inputs: [], failures: [], archives: [] };
      bytes = 0;
    }
    try {
      const read = heldBytes(file, runs) ?? (await fileBytes(file, runs));
      if (!read.ok) {
        group.failures.push(failure(file, read.reason));
        continue;
      }
      const input: ReadInput = { fileIndex: file.fileIndex, name: file.name, bytes: read.bytes };
      if (file.encoding?.zip !== undefined) input.member = true;
      group.inputs.push(input);
      bytes += read.bytes.byteLength;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      group.failures.push(failure(file, `could not be read (${why})`));
    }
  }
  if (group.inputs.length > 0 || group.failures.length > 0 || group.archives.length > 0)
    yield group;
}

/**
 * All of a batch's files at once (for searches, which hold no columns), after the files whose
 * bytes came with the request (`read`).
 */
export async function readBatch(files: BatchFile[], read: ReadInput[] = []): Promise<ReadGroup> {
  const all: ReadGroup = { inputs: [...read], failures: [], archives: [] };
  for await (const group of readGroups(files, Number.POSITIVE_INFINITY)) {
    all.inputs.push(...group.inputs);
    all.failures.push(...group.failures);
    all.archives.push(...group.archives);
  }
  return all;
}

function failure(file: BatchFile, reason: string): FileOutcome {
  return {
    fileIndex: file.fileIndex,
    kind: "error",
    shape: null,
    compressedBytes: storedSize(file),
    rawBytes: 0,
    events: 0,
    insights: 0,
    skipped: 0,
    error: reason,
  };
}
