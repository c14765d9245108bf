import type { FileOutcome } from "../ingest/chunk";
import { MAX_TEXT_BYTES } from "../ingest";
import type { BatchFile } from "./protocol";

export interface ReadInput {
  fileIndex: number;
  name: string;
  bytes: Uint8Array;
}

/**
 * Reads the bytes of a batch's files. A file that cannot be read (moved, deleted, or denied since
 * it was dropped) becomes an error outcome; the others are still parsed.
 */
export async function readBatch(
  files: BatchFile[],
): Promise<{ inputs: ReadInput[]; failures: FileOutcome[] }> {
  const inputs: ReadInput[] = [];
  const failures: FileOutcome[] = [];
  for (const file of files) {
    // Even the best-compressed CloudTrail file inflates several-fold: one whose compressed bytes
    // already exceed the text limit cannot be read, and reading it would only exhaust memory.
    if (file.blob.size > MAX_TEXT_BYTES) {
      failures.push(
        failure(file, `too large to read in a browser: ${Math.round(file.blob.size / 2 ** 20)} MB`),
      );
      continue;
    }
    try {
      inputs.push({
        fileIndex: file.fileIndex,
        name: file.name,
        bytes: new Uint8Array(await file.blob.arrayBuffer()),
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      failures.push(failure(file, `could not be read (${why})`));
    }
  }
  return { inputs, failures };
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
