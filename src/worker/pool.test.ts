import { describe, expect, it } from "vitest";
import { CancelledError, WorkerCrashedError, WorkerPool, poolSize, type WorkerLike } from "./pool";
import type { WorkerRequest, WorkerResponse } from "./protocol";

/** A worker that answers `record` requests with the record number, after `delay` ms. */
class EchoWorker implements WorkerLike {
  static created = 0;
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  busy = 0;
  maxBusy = 0;
  constructor(private readonly delay: number) {
    EchoWorker.created++;
  }
  postMessage(message: WorkerRequest): void {
    if (message.type !== "record") throw new Error("unexpected");
    this.busy++;
    this.maxBusy = Math.max(this.maxBusy, this.busy);
    setTimeout(() => {
      this.busy--;
      if (message.record < 0) {
        this.onerror?.({ message: "boom", preventDefault: () => {} } as ErrorEvent);
        return;
      }
      this.onmessage?.({
        data: { type: "record", id: message.id, json: String(message.record) },
      } as MessageEvent<WorkerResponse>);
    }, this.delay);
  }
  terminate(): void {}
}

const ask = (pool: WorkerPool, record: number) =>
  pool.run({ type: "record", name: "x", blob: new Blob([]), record });

describe("WorkerPool", () => {
  it("answers every request, each with its own answer", async () => {
    const workers: EchoWorker[] = [];
    const pool = new WorkerPool(() => {
      const worker = new EchoWorker(1);
      workers.push(worker);
      return worker;
    }, 3);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(pool, i)));
    expect(answers.map((a) => (a.type === "record" ? Number(a.json) : -1))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    // Work was spread, and no worker held more than two requests at once.
    expect(workers).toHaveLength(3);
    for (const worker of workers) expect(worker.maxBusy).toBeLessThanOrEqual(2);
    expect(workers.every((w) => w.maxBusy > 0)).toBe(true);
  });

  it("replaces a crashed worker and fails only the requests it held", async () => {
    EchoWorker.created = 0;
    const pool = new WorkerPool(() => new EchoWorker(1), 1);
    const bad = ask(pool, -1);
    const other = ask(pool, 7); // queued on the same worker: lost with it
    await expect(bad).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(other).rejects.toBeInstanceOf(WorkerCrashedError);
    const after = await ask(pool, 8);
    expect(after.type === "record" && after.json).toBe("8");
    expect(EchoWorker.created).toBe(2);
  });

  it("cancels queued and running requests", async () => {
    const pool = new WorkerPool(() => new EchoWorker(20), 1);
    const requests = Array.from({ length: 5 }, (_, i) => ask(pool, i));
    pool.cancelAll();
    for (const request of requests) await expect(request).rejects.toBeInstanceOf(CancelledError);
    const after = await ask(pool, 3);
    expect(after.type).toBe("record");
  });

  it("sizes itself from the core count, within bounds", () => {
    expect(poolSize(undefined)).toBe(2);
    expect(poolSize(1)).toBe(1);
    expect(poolSize(4)).toBe(4);
    expect(poolSize(64)).toBe(8);
  });
});
