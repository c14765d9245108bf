// A parse request's files as they cross to a worker, column by column: an archive's batch is
// hundreds of members, and a message of hundreds of small objects (a file, its span, its zip
// entry) costs the page more to copy than the names and numbers they hold.
import type { MemberEncoding } from "../ingest/archive";
import type { BatchFile } from "./protocol";

export interface PackedFiles {
  fileIndex: Uint32Array;
  names: string[];
  /** The files' Blobs, each once; `blobOf` is each file's index into them. */
  blobs: Blob[];
  blobOf: Uint16Array;
  /** A member's span of its Blob (start NaN: a whole file, no encoding). */
  starts: Float64Array;
  ends: Float64Array;
  /** Per file: method, compressed size, size and CRC-32 of its zip entry (method -1: none). */
  zip: Float64Array;
}

export function packFiles(files: readonly BatchFile[]): PackedFiles {
  const n = files.length;
  const packed: PackedFiles = {
    fileIndex: new Uint32Array(n),
    names: new Array<string>(n),
    blobs: [],
    blobOf: new Uint16Array(n),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    zip: new Float64Array(n * 4),
  };
  const blobIndex = new Map<Blob, number>();
  for (let i = 0; i < n; i++) {
    const { fileIndex, name, blob, encoding } = files[i]!;
    packed.fileIndex[i] = fileIndex;
    packed.names[i] = name;
    let at = blobIndex.get(blob);
    if (at === undefined) {
      at = packed.blobs.push(blob) - 1;
      blobIndex.set(blob, at);
    }
    packed.blobOf[i] = at;
    packed.starts[i] = encoding === undefined ? Number.NaN : encoding.start;
    packed.ends[i] = encoding === undefined ? Number.NaN : encoding.end;
    const entry = encoding?.zip;
    packed.zip[i * 4] = entry === undefined ? -1 : entry.method;
    if (entry !== undefined) {
      packed.zip[i * 4 + 1] = entry.compressedSize;
      packed.zip[i * 4 + 2] = entry.size;
      packed.zip[i * 4 + 3] = entry.crc32;
    }
  }
  return packed;
}

export function unpackFiles(packed: PackedFiles): BatchFile[] {
  const { fileIndex, names, blobs, blobOf, starts, ends, zip } = packed;
  const files = new Array<BatchFile>(names.length);
  for (let i = 0; i < names.length; i++) {
    const file: BatchFile = { fileIndex: fileIndex[i]!, name: names[i]!, blob: blobs[blobOf[i]!]! };
    const start = starts[i]!;
    if (!Number.isNaN(start)) {
      const encoding: MemberEncoding = { start, end: ends[i]! };
      const method = zip[i * 4]!;
      if (method >= 0) {
        encoding.zip = {
          method,
          compressedSize: zip[i * 4 + 1]!,
          size: zip[i * 4 + 2]!,
          crc32: zip[i * 4 + 3]!,
        };
      }
      file.encoding = encoding;
    }
    files[i] = file;
  }
  return files;
}
