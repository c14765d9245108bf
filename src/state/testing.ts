// Test-only: sessions on the real samples, with the in-process worker. Not imported by app code.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { InProcessWorker } from "../worker/fakeWorker";
import { INVICTUS, filesUnder } from "../lib/testing/samples";
import { WorkerPool } from "../worker/pool";
import { Session, type SourceFile } from "./session";

export { INVICTUS, filesUnder };

/** Bytes as a file the user could have dropped. */
export function source(name: string, bytes: Uint8Array): SourceFile {
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), name, path: name };
}

/** The 55 real invictus deliveries, as dropped files. */
export function invictus(): SourceFile[] {
  return filesUnder(INVICTUS)
    .filter((f) => f.endsWith(".json.gz"))
    .map((f) => source(basename(f), readFileSync(f)));
}

/** A session whose workers run in this process. */
export function newSession(
  workers = 2,
  options: ConstructorParameters<typeof Session>[1] = {},
): Session {
  return new Session(new WorkerPool(() => new InProcessWorker(), workers), options);
}

/**
 * A session whose pool notes how many files each parse request it is sent holds (`parses`), and
 * how many of them came with their bytes, read or held (`withBytes`).
 */
export function parseCountingSession(options: ConstructorParameters<typeof Session>[1] = {}): {
  session: Session;
  parses: number[];
  withBytes: number[];
} {
  const pool = new WorkerPool(() => new InProcessWorker(), 2);
  const run = pool.run.bind(pool);
  const parses: number[] = [];
  const withBytes: number[] = [];
  pool.run = ((request, transfer) => {
    if (request.type === "parse") {
      parses.push(request.files.names.length + (request.read?.length ?? 0));
      withBytes.push(
        request.held === undefined ? (request.read?.length ?? 0) : request.files.names.length,
      );
    }
    return run(request, transfer);
  }) as typeof pool.run;
  return { session: new Session(pool, options), parses, withBytes };
}
