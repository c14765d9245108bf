// Reading many small picked files on the main thread, in batches for the workers. A picked file
// that is posted to a worker (or whose size is asked) first has its snapshot taken: a synchronous
// round trip to the browser process, one file after another, which took a third of a 30,000-file
// load and more when the browser was busy reading the files themselves. Its bytes, read through
// `Blob.stream()`, need no snapshot: the reads go out many at a time, and the bytes of a batch go
// to a worker as one transferred buffer.

/** A blob's bytes, or null when it holds more than `cap` bytes (then read no further). */
export async function readUpTo(blob: Blob, cap: number): Promise<Uint8Array | null> {
  const reader = blob.stream().getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** One read item of a batch: its bytes are a view of the batch's one buffer. */
export interface ReadItem<T> {
  item: T;
  bytes: Uint8Array;
}

export interface ReadBatchesOptions {
  /** Reads going at once. */
  lanes: number;
  /** Items per batch at most, and their bytes (a batch holds at least one item). */
  maxItems: number;
  maxBytes: number;
  /** An item past this many bytes is not read here: it goes to `large`. */
  cap: number;
  /** Batches handed to `batch` and not yet settled, at most: bounds the bytes read ahead. */
  ahead: number;
}

export interface ReadBatchesSink<T> {
  blobOf: (item: T) => Blob;
  /** A batch of read items; its promise settles when the batch is done with. */
  batch: (items: ReadItem<T>[], buffer: ArrayBuffer) => Promise<unknown>;
  /** An item over the cap, not read. */
  large: (item: T) => void;
  /** An item that could not be read. */
  failed: (item: T, error: unknown) => void;
  /** False stops the reading (a cancelled load): no more batches. */
  keepGoing: () => boolean;
}

/**
 * Reads the items' blobs, `lanes` at a time, and hands them on in batches as they are read (in
 * the order the reads finish). Resolves once every batch handed on has settled.
 */
export async function readInBatches<T>(
  items: readonly T[],
  options: ReadBatchesOptions,
  sink: ReadBatchesSink<T>,
): Promise<void> {
  const pending = new Set<Promise<unknown>>();
  let current: ReadItem<T>[] = [];
  let currentBytes = 0;
  let next = 0;

  const flush = (): void => {
    if (current.length === 0) return;
    const parts = current;
    current = [];
    currentBytes = 0;
    if (!sink.keepGoing()) return;
    // One buffer per batch: one transfer, whatever the number of files.
    const buffer = new ArrayBuffer(parts.reduce((sum, p) => sum + p.bytes.byteLength, 0));
    const whole = new Uint8Array(buffer);
    let at = 0;
    const read = parts.map(({ item, bytes }) => {
      whole.set(bytes, at);
      const view = whole.subarray(at, at + bytes.byteLength);
      at += bytes.byteLength;
      return { item, bytes: view };
    });
    const done: Promise<unknown> = sink
      .batch(read, buffer)
      .catch(() => undefined)
      .finally(() => pending.delete(done));
    pending.add(done);
  };

  /** Waits for a batch to settle while `ahead` of them are handed on. */
  const room = async (): Promise<void> => {
    while (pending.size >= options.ahead) await Promise.race(pending);
  };

  const lane = async (): Promise<void> => {
    while (next < items.length && sink.keepGoing()) {
      const item = items[next++];
      let bytes: Uint8Array | null;
      try {
        bytes = await readUpTo(sink.blobOf(item), options.cap);
      } catch (error) {
        sink.failed(item, error);
        continue;
      }
      if (bytes === null) {
        sink.large(item);
        continue;
      }
      // The batch is full: hand it on once there is room (another lane may do it meanwhile).
      while (
        current.length > 0 &&
        (current.length >= options.maxItems || currentBytes + bytes.byteLength > options.maxBytes)
      ) {
        if (pending.size >= options.ahead) await room();
        else flush();
      }
      current.push({ item, bytes });
      currentBytes += bytes.byteLength;
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, options.lanes) }, lane));
  await room();
  flush();
  while (pending.size > 0) await Promise.race(pending);
}
