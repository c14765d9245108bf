// The built-in demo data set: generated on demand in a worker of its own (src/worker/demo.worker.ts),
// which tells how far it is, then handed back as files to load. The worker waits between requests.
import { formatCount } from "../lib/format";
import type { DemoMessage, DemoProgress } from "../worker/demo.worker";
import type { SourceFile } from "./session";

export type { DemoProgress };

/** The part of `Worker` the demo uses; tests pass a fake. */
export interface DemoWorkerLike {
  postMessage(message: null): void;
  onmessage: ((event: MessageEvent<DemoMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Where a generation starts: nothing generated yet. */
export const DEMO_STARTING: DemoProgress = { day: 0, days: 0, events: 0, total: 0 };

function spawnDemoWorker(): DemoWorkerLike {
  return new Worker(new URL("../worker/demo.worker.ts", import.meta.url), { type: "module" });
}

/**
 * The demo worker's owner. `prepare` starts the worker ahead of use (the app does so at start, so
 * that its script is fetched while the page is online and the demo loads offline later); the
 * worker then waits, is kept between generations, and is replaced only if it dies.
 */
export class DemoGenerator {
  private idle: DemoWorkerLike | null = null;

  constructor(private readonly spawn: () => DemoWorkerLike = spawnDemoWorker) {}

  /** Starts the worker now, if none is waiting. */
  prepare(): void {
    this.idle ??= this.spawn();
  }

  /**
   * Generates the demo data set, calling `onProgress` as it goes; resolves with its files (named
   * by their S3 paths). The worker is kept for the next time unless it died.
   */
  generate(onProgress: (progress: DemoProgress) => void): Promise<SourceFile[]> {
    const worker = this.idle ?? this.spawn();
    this.idle = null;
    return new Promise((resolve, reject) => {
      const release = (alive: boolean) => {
        worker.onmessage = null;
        worker.onerror = null;
        if (alive && this.idle === null) this.idle = worker;
        else worker.terminate();
      };
      worker.onmessage = ({ data }) => {
        if (data.type === "progress") {
          const { day, days, events, total } = data;
          onProgress({ day, days, events, total });
          return;
        }
        release(true);
        if (data.type === "error") reject(new Error(data.message));
        else resolve(data.files.map(sourceFile));
      };
      worker.onerror = (event) => {
        release(false);
        reject(new Error(event.message || "the demo generator stopped unexpectedly"));
      };
      worker.postMessage(null);
    });
  }
}

function sourceFile({ path, bytes }: { path: string; bytes: Uint8Array }): SourceFile {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), name, path };
}

/** How much of the demo is generated, in whole percent (0 before the first progress). */
export function demoPercent(progress: DemoProgress): number {
  const share = progress.total > 0 ? Math.min(1, progress.events / progress.total) : 0;
  return Math.floor(share * 100);
}

/** What the status line says while the demo is generated. */
export function demoProgressText(progress: DemoProgress): string {
  if (progress.days === 0) return "Generating the demo data…";
  return (
    `Generating the demo data: day ${progress.day} of ${progress.days}, ` +
    `${formatCount(Math.min(progress.events, progress.total))} of ` +
    `${formatCount(progress.total)} events (${demoPercent(progress)}%)…`
  );
}
