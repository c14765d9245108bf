import {
  SNIFF_BYTES,
  sniffArchive,
  zipMemberBytes,
  type MemberBytes,
  type MemberEncoding,
} from "../ingest/archive";
import type { FileOutcome } from "../ingest/chunk";
import type { BatchFile, FoundArchive } from "./protocol";

/** The most bytes of one file a worker reads (as one buffer). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/**
 * A file's bytes, as the file holds them: the one place in the workers where a Blob becomes
 * bytes, so that an archive member (a slice of the archive, see MemberEncoding) reads the same
 * as a dropped file everywhere (parse, detail view, search, match, hashes). Rejects when the
 * Blob cannot be read; a member that cannot be decoded is `ok: false` with the reason.
 */
export async function fileBytes(file: {
  blob: Blob;
  encoding?: MemberEncoding;
}): Promise<MemberBytes> {
  const bytes = new Uint8Array(await file.blob.arrayBuffer());
  if (file.encoding === undefined) return { ok: true, bytes };
  return zipMemberBytes(bytes, file.encoding);
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
  /** Whether the bytes were decoded out of a compressed archive member. */
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
 * A file that cannot be read (moved, deleted, or denied since it was dropped, or too large)
 * becomes an error outcome; the others are still parsed.
 */
export async function* readGroups(
  files: BatchFile[],
  groupBytes: number,
): AsyncGenerator<ReadGroup> {
  let group: ReadGroup = { inputs: [], failures: [], archives: [] };
  let bytes = 0;
  for (const file of files) {
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
    if (file.blob.size > MAX_FILE_BYTES) {
      group.failures.push(
        failure(file, `too large to read in a browser: ${Math.round(file.blob.size / 2 ** 20)} MB`),
      );
      continue;
    }
    if (bytes > 0 && bytes + file.blob.size > groupBytes) {
      yield group;
      group = { inputs: [], failures: [], archives: [] };
      bytes = 0;
    }
    try {
      const read = await fileBytes(file);
      if (!read.ok) {
        group.failures.push(failure(file, read.reason));
        continue;
      }
      const input: ReadInput = { fileIndex: file.fileIndex, name: file.name, bytes: read.bytes };
      if (file.encoding !== undefined && file.encoding.method !== 0) input.member = true;
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

/** All of a batch's files at once (for searches, which hold no columns). */
export async function readBatch(files: BatchFile[]): Promise<ReadGroup> {
  const all: ReadGroup = { inputs: [], failures: [], archives: [] };
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
    compressedBytes: file.blob.size,
    rawBytes: 0,
    events: 0,
    insights: 0,
    skipped: 0,
    error: reason,
  };
}
