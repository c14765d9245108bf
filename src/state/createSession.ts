import { WorkerPool, poolSize } from "../worker/pool";
import { Session } from "./session";

/** The app's one session, with a pool of ingest workers sized to the machine. */
export function createSession(): Session {
  const pool = new WorkerPool(
    () => new Worker(new URL("../worker/ingest.worker.ts", import.meta.url), { type: "module" }),
    poolSize(navigator.hardwareConcurrency),
  );
  return new Session(pool);
}
