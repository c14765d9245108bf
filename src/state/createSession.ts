import { workerExpander } from "../worker/archives";
import { WorkerPool, poolSize } from "../worker/pool";
import { Session } from "./session";

/**
 * The app's one session, with a pool of ingest workers sized to the machine, and a worker of its
 * own for each archive being read.
 */
export function createSession(): Session {
  const pool = new WorkerPool(
    () => new Worker(new URL("../worker/ingest.worker.ts", import.meta.url), { type: "module" }),
    poolSize(navigator.hardwareConcurrency),
  );
  const expander = workerExpander(
    () => new Worker(new URL("../worker/archive.worker.ts", import.meta.url), { type: "module" }),
  );
  return new Session(pool, { expander });
}
