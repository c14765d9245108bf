/**
 * Groups files into batches for the workers: a message per tiny file would cost more than the
 * file (a busy account delivers thousands of few-KB files), while one huge batch would leave
 * the other workers idle and the progress bar still. A file larger than `maxBytes` is a batch alone.
 * Returns the indices into `sizes`, in their original order.
 */
export function planBatches(
  sizes: readonly number[],
  maxFiles: number,
  maxBytes: number,
): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i];
    if (current.length > 0 && (current.length >= maxFiles || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
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
