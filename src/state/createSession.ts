import { workerExpander } from "../worker/archives";
import { WorkerPool, poolSize } from "../worker/pool";
import { DemoGenerator } from "./demo";
import { Session } from "./session";

/**
 * The app's one session, with a pool of ingest workers sized to the machine, a worker that reads
 * archives and one that generates the demo data.
 */
export function createSession(): Session {
  const pool = new WorkerPool(
    () => new Worker(new URL("../worker/ingest.worker.ts", import.meta.url), { type: "module" }),
    poolSize(navigator.hardwareConcurrency),
  );
  // The archive worker, like the demo's, starts now while the page is surely online.
  const expander = workerExpander(
    () => new Worker(new URL("../worker/archive.worker.ts", import.meta.url), { type: "module" }),
    { eager: true },
  );
  // The demo's worker starts now, while the page is surely online; it waits until asked.
  const demo = new DemoGenerator();
  demo.prepare();
  return new Session(pool, { expander, demo });
}
