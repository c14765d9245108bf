import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { INVICTUS, INVICTUS_DAY } from "../lib/testing/samples";
import {
  serveArchives,
  workerExpander,
  type ArchiveWorkerLike,
  type ArchiveWorkerMessage,
  type ArchiveWorkerRequest,
} from "./archives";
import { CancelledError } from "./pool";
import type { WorkerScope } from "./protocol";

const LOGS = readdirSync(INVICTUS_DAY)
  .filter((f) => f.endsWith(".json.gz"))
  .map((f) => join(INVICTUS_DAY, f));

/** A zip of the first `n` real deliveries (stored), and their paths, counted here. */
function zipOf(n: number): { blob: Blob; paths: string[] } {
  const files: Zippable = {};
  const paths = LOGS.slice(0, n).map((f) => relative(INVICTUS, f));
  LOGS.slice(0, n).forEach((f, i) => (files[paths[i]!] = [readFileSync(f), { level: 0 }]));
  return { blob: new Blob([zipSync(files) as Uint8Array<ArrayBuffer>]), paths };
}

/** The archive worker run in this thread: messages cross through structuredClone both ways. */
class InProcessArchiveWorker implements ArchiveWorkerLike {
  static made = 0;
  onmessage: ((event: MessageEvent<ArchiveWorkerMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  private readonly scope: WorkerScope<ArchiveWorkerRequest, ArchiveWorkerMessage> = {
    onmessage: null,
    postMessage: (message) => {
      const data = structuredClone(message);
      queueMicrotask(() => {
        if (!this.terminated) this.onmessage?.({ data } as MessageEvent<ArchiveWorkerMessage>);
      });
    },
  };
  constructor() {
    InProcessArchiveWorker.made++;
    serveArchives(this.scope);
  }
  postMessage(message: ArchiveWorkerRequest): void {
    const data = structuredClone(message);
    queueMicrotask(() => this.scope.onmessage?.({ data } as MessageEvent<ArchiveWorkerRequest>));
  }
  crash(): void {
    this.onerror?.({ message: "boom", preventDefault: () => {} } as unknown as ErrorEvent);
  }
  terminate(): void {
    this.terminated = true;
  }
}

async function membersOf(
  expand: ReturnType<typeof workerExpander>,
  blob: Blob,
  signal = new AbortController().signal,
): Promise<string[]> {
  const names: string[] = [];
  await expand(
    { blob, kind: "zip" },
    (batch) => names.push(...batch.members.map((m) => m.path)),
    signal,
  );
  return names;
}

describe("workerExpander", () => {
  it("reads several archives at once in one worker, started ahead when eager", async () => {
    InProcessArchiveWorker.made = 0;
    const expand = workerExpander(() => new InProcessArchiveWorker(), { eager: true });
    expect(InProcessArchiveWorker.made).toBe(1);
    const a = zipOf(3);
    const b = zipOf(7);
    const [namesA, namesB] = await Promise.all([
      membersOf(expand, a.blob),
      membersOf(expand, b.blob),
    ]);
    expect(namesA.toSorted()).toEqual(a.paths.toSorted());
    expect(namesB.toSorted()).toEqual(b.paths.toSorted());
    expect(await membersOf(expand, a.blob)).toHaveLength(3);
    expect(InProcessArchiveWorker.made).toBe(1);
  });

  it("a cancelled archive rejects alone; the worker goes on with the others", async () => {
    const expand = workerExpander(() => new InProcessArchiveWorker());
    const controller = new AbortController();
    const cancelled = membersOf(expand, zipOf(20).blob, controller.signal);
    const other = membersOf(expand, zipOf(5).blob);
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    expect(await other).toHaveLength(5);
  });

  it("a worker that dies fails the archives it held, and the next archive starts another", async () => {
    InProcessArchiveWorker.made = 0;
    const workers: InProcessArchiveWorker[] = [];
    const expand = workerExpander(() => {
      const worker = new InProcessArchiveWorker();
      workers.push(worker);
      return worker;
    });
    const held = membersOf(expand, zipOf(20).blob);
    workers[0]!.crash();
    await expect(held).rejects.toThrow("the archive reader stopped unexpectedly (boom)");
    expect(workers[0]!.terminated).toBe(true);
    expect(await membersOf(expand, zipOf(2).blob)).toHaveLength(2);
    expect(workers).toHaveLength(2);
  });
});
