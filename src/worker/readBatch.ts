import type { FileOutcome } from "../ingest/chunk";
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
    try {
      inputs.push({
        fileIndex: file.fileIndex,
        name: file.name,
        bytes: new Uint8Array(await file.blob.arrayBuffer()),
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      failures.push({
        fileIndex: file.fileIndex,
        kind: "error",
        shape: null,
        compressedBytes: file.blob.size,
        rawBytes: 0,
        events: 0,
        insights: 0,
        skipped: 0,
        error: `could not be read (${why})`,
      });
    }
  }
  return { inputs, failures };
}
