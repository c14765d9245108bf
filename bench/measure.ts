// Small pieces shared by bench.ts and the interactions it runs (bench/investigate.ts): progress
// output, the in-page "painted" wait, and the statistics of the figures.

/** Progress goes to stderr; figures go to stdout. */
export function progress(message: string): void {
  console.error(`[bench] ${message}`);
}

/** In-page: resolves after the next frame has been painted: a rAF, then a task queued from it. */
export const AFTER_PAINT = `new Promise((done) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => done(); c.port2.postMessage(0); }))`;

export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile: with 20 samples, p95 is the 19th. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function passMiss(ok: boolean): string {
  return ok ? "PASS" : "MISS";
}

/**
 * The page memory per event a data set of `events` is held to: 120 B from a million events on
 * (the product's target at 1M, 5M and 10M); below, the set's fixed costs (code, caches, a file
 * entry per tiny file) weigh more per event, and 1 KB is the bound.
 */
export function memoryTarget(events: number): number {
  return events >= 1_000_000 ? 120 : 1024;
}

/** The memory target's part of a targets line ("memory <= 120 B/event PASS"). */
export function memoryTargetText(events: number, bytesPerEvent: number, label = "memory"): string {
  const target = memoryTarget(events);
  const bound = target >= 1024 ? `${(target / 1024).toFixed(1)} KB/event` : `${target} B/event`;
  return `${label} <= ${bound} ${passMiss(bytesPerEvent <= target)}`;
}
