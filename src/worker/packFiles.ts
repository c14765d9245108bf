// A parse request's files as they cross to a worker, column by column: an archive's batch is
// hundreds of members, and a message of hundreds of small objects (a file, its span, its zip
// entry) costs the page more to copy than the names and numbers they hold.
import { blobAt, encodingAt, packSpans, type SpanColumns } from "../ingest/spanColumns";
import type { BatchFile } from "./protocol";

export interface PackedFiles {
  fileIndex: Uint32Array;
  names: string[];
  spans: SpanColumns;
}

export function packFiles(files: readonly BatchFile[]): PackedFiles {
  return {
    fileIndex: Uint32Array.from(files, (file) => file.fileIndex),
    names: files.map((file) => file.name),
    spans: packSpans(files),
  };
}

export function unpackFiles(packed: PackedFiles): BatchFile[] {
  const { fileIndex, names, spans } = packed;
  return names.map((name, i) => {
    const file: BatchFile = { fileIndex: fileIndex[i]!, name, blob: blobAt(spans, i) };
    const encoding = encodingAt(spans, i);
    if (encoding !== undefined) file.encoding = encoding;
    return file;
  });
}
