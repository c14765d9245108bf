/**
 * Groups files into batches for the workers: a message per tiny file would cost more than the
 * file (a busy account delivers thousands of few-KB files), while one huge batch would leave
 * the other workers idle and the progress bar still. A file larger than `maxBytes` is a batch alone.
 * Returns the indices into `sizes`, in their original order. With `firstFiles`, the first batch
 * holds at most that many files and each next one twice as many, up to `maxFiles`: files read
 * on this thread before a batch is posted keep the workers waiting until the whole batch is
 * read, so the first batches are small.
 */
export function planBatches(
  sizes: readonly number[],
  maxFiles: number,
  maxBytes: number,
  firstFiles = maxFiles,
): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  let limit = Math.min(maxFiles, firstFiles);
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i];
    if (current.length > 0 && (current.length >= limit || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
      limit = Math.min(maxFiles, limit * 2);
    }
    current.push(i);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The parts one after another in one array: the answers of a job run batch by batch. */
export function concat(parts: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
