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
