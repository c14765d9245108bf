// Where files' bytes are (their Blobs, and a member's span and zip entry) column by column, for
// the messages that carry hundreds of archive members between the page and the workers (see
// archiveBatch.ts packBatch, src/worker/packFiles.ts): copying a message of hundreds of small
// objects costs the page more than copying the numbers they hold.
import type { MemberEncoding } from "./archive";

export interface SpanColumns {
  /** The Blobs, each once; `blobOf` is each item's index into them. */
  blobs: Blob[];
  blobOf: Uint16Array;
  /** A member's span of its Blob (start NaN: a whole file, no encoding). */
  starts: Float64Array;
  ends: Float64Array;
  /** Per item: method, compressed size, size and CRC-32 of its zip entry (method -1: none). */
  zip: Float64Array;
}

export function packSpans(
  items: readonly { blob: Blob; encoding?: MemberEncoding }[],
): SpanColumns {
  const n = items.length;
  const columns: SpanColumns = {
    blobs: [],
    blobOf: new Uint16Array(n),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    zip: new Float64Array(n * 4),
  };
  const blobIndex = new Map<Blob, number>();
  for (let i = 0; i < n; i++) {
    const { blob, encoding } = items[i]!;
    let at = blobIndex.get(blob);
    if (at === undefined) {
      at = columns.blobs.push(blob) - 1;
      blobIndex.set(blob, at);
    }
    columns.blobOf[i] = at;
    columns.starts[i] = encoding === undefined ? Number.NaN : encoding.start;
    columns.ends[i] = encoding === undefined ? Number.NaN : encoding.end;
    const entry = encoding?.zip;
    columns.zip[i * 4] = entry === undefined ? -1 : entry.method;
    if (entry !== undefined) {
      columns.zip[i * 4 + 1] = entry.compressedSize;
      columns.zip[i * 4 + 2] = entry.size;
      columns.zip[i * 4 + 3] = entry.crc32;
    }
  }
  return columns;
}

/** Item `i`'s Blob. */
export function blobAt(columns: SpanColumns, i: number): Blob {
  return columns.blobs[columns.blobOf[i]!]!;
}

/** Item `i`'s encoding, or undefined for a whole file. */
export function encodingAt(columns: SpanColumns, i: number): MemberEncoding | undefined {
  const start = columns.starts[i]!;
  if (Number.isNaN(start)) return undefined;
  const encoding: MemberEncoding = { start, end: columns.ends[i]! };
  const { zip } = columns;
  const method = zip[i * 4]!;
  if (method >= 0) {
    encoding.zip = {
      method,
      compressedSize: zip[i * 4 + 1]!,
      size: zip[i * 4 + 2]!,
      crc32: zip[i * 4 + 3]!,
    };
  }
  return encoding;
}
