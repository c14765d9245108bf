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
