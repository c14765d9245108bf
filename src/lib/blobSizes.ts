// Reading a picked file's size makes the browser take the file's snapshot (its size and time): a
// synchronous round trip to the browser process, a fraction of a millisecond per file, and more
// when that process is busy. A file posted to a worker without one has it taken then, inside the
// post: a batch of files would be one long task. Sizes read first, a few milliseconds at a time,
// leave the posts cheap and the page free between the slices.
import { untilNextTask } from "./nextTask";

/** The longest stretch of size reads before the page gets a task of its own. */
const SLICE_MS = 8;

/**
 * Reads every blob's size, yielding to the page every `sliceMs`; stops early, with false, when
 * `keepGoing` says so (a cancelled load). Returns the total size, or -1 when stopped.
 */
export async function readSizes(
  blobs: readonly Blob[],
  keepGoing: () => boolean = () => true,
  sliceMs = SLICE_MS,
): Promise<number> {
  let total = 0;
  let start = performance.now();
  for (const blob of blobs) {
    total += blob.size;
    if (performance.now() - start >= sliceMs) {
      await untilNextTask();
      if (!keepGoing()) return -1;
      start = performance.now();
    }
  }
  return total;
}
