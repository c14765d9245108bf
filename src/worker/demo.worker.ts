// Demo worker entry: generates the built-in demo data set on demand, in a worker of its own (the
// ingest workers do not carry the generator), telling how far it is as it goes. Started for one
// generation and ended by the main thread once the files are in.
import { PRESETS, generateDeliveries, signedDeliveries } from "../generator";
import type { WorkerScope } from "./protocol";

export interface DemoProgress {
  /** The day of the data set being generated (1-based), of `days`. */
  day: number;
  days: number;
  /** Events generated so far (duplicates included), of about `total`. */
  events: number;
  total: number;
}

export type DemoMessage =
  | ({ type: "progress" } & DemoProgress)
  | { type: "done"; files: { path: string; bytes: Uint8Array }[] }
  | { type: "error"; message: string };

/** Events between two progress messages (the demo has 50,000: about fifty messages). */
const PROGRESS_EVENTS = 1000;
const DAY_MS = 86_400_000;

const scope = self as unknown as WorkerScope<null, DemoMessage>;

scope.onmessage = () => {
  void generate().then(
    (files) =>
      scope.postMessage(
        { type: "done", files },
        files.map((f) => f.bytes.buffer as ArrayBuffer),
      ),
    (error: unknown) =>
      scope.postMessage({
        type: "error",
        message: error instanceof Error ? error.message : String(error),
      }),
  );
};

async function generate(): Promise<{ path: string; bytes: Uint8Array }[]> {
  const options = PRESETS.demo;
  const start = Date.parse(options.start);
  const progress: DemoProgress = { day: 1, days: options.days, events: 0, total: options.events };
  let told = 0;
  const files: { path: string; bytes: Uint8Array }[] = [];
  // Digests signed with the demo's own key, which comes as a list-public-keys file.
  for await (const file of signedDeliveries(generateDeliveries(options))) {
    files.push({ path: file.path, bytes: file.bytes });
    if (file.kind !== "log") continue;
    progress.events += file.records;
    const day = dayOfPath(file.path, start);
    if (day > progress.day) progress.day = Math.min(day, options.days);
    if (progress.events - told >= PROGRESS_EVENTS) {
      told = progress.events;
      scope.postMessage({ type: "progress", ...progress });
    }
  }
  return files;
}

/** The day (1-based) a delivery's S3 path falls on (`…/2026/11/03/…`); 0 if it names none. */
function dayOfPath(path: string, start: number): number {
  const match = /\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(path);
  if (match === null) return 0;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Math.floor((at - start) / DAY_MS) + 1;
}
