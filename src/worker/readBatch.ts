import type { FileOutcome } from "../ingest/chunk";
import { MAX_TEXT_BYTES } from "../ingest";
import type { BatchFile } from "./protocol";

export interface ReadInput {
  fileIndex: number;
  name: string;
  bytes: Uint8Array;
}

export interface ReadGroup {
  inputs: ReadInput[];
  /** Files that could not be read at all: their outcomes. */
  failures: FileOutcome[];
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
  let group: ReadGroup = { inputs: [], failures: [] };
  let bytes = 0;
  for (const file of files) {
    // Even the best-compressed CloudTrail file inflates several-fold: one whose compressed bytes
    // already exceed the text limit cannot be read, and reading it would only exhaust memory.
    if (file.blob.size > MAX_TEXT_BYTES) {
      group.failures.push(
        failure(file, `too large to read in a browser: ${Math.round(file.blob.size / 2 ** 20)} MB`),
      );
      continue;
    }
    if (bytes > 0 && bytes + file.blob.size > groupBytes) {
      yield group;
      group = { inputs: [], failures: [] };
      bytes = 0;
    }
    try {
      const data = new Uint8Array(await file.blob.arrayBuffer());
      group.inputs.push({ fileIndex: file.fileIndex, name: file.name, bytes: data });
      bytes += data.byteLength;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      group.failures.push(failure(file, `could not be read (${why})`));
    }
  }
  if (group.inputs.length > 0 || group.failures.length > 0) yield group;
}

/** All of a batch's files at once (for searches, which hold no columns). */
export async function readBatch(files: BatchFile[]): Promise<ReadGroup> {
  const all: ReadGroup = { inputs: [], failures: [] };
  for await (const group of readGroups(files, Number.POSITIVE_INFINITY)) {
    all.inputs.push(...group.inputs);
    all.failures.push(...group.failures);
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
