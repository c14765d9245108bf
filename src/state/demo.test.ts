import { describe, expect, it } from "vitest";
import type { DemoMessage } from "../worker/demo.worker";
import { DemoGenerator, demoPercent, demoProgressText, type DemoWorkerLike } from "./demo";

/** A stand-in for the demo worker that answers with the given messages once asked. */
class FakeDemoWorker implements DemoWorkerLike {
  onmessage: ((event: MessageEvent<DemoMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  asked = 0;
  terminated = false;
  constructor(private readonly answers: (DemoMessage | "crash")[]) {}
  postMessage(): void {
    this.asked++;
    queueMicrotask(() => {
      for (const answer of this.answers) {
        if (answer === "crash") this.onerror?.({ message: "boom" } as ErrorEvent);
        else this.onmessage?.({ data: answer } as MessageEvent<DemoMessage>);
      }
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A generator whose workers are the given fakes, in turn; `spawned` counts the workers made. */
function generatorOf(...workers: FakeDemoWorker[]) {
  let spawned = 0;
  const demo = new DemoGenerator(() => {
    const worker = workers[spawned++];
    if (worker === undefined) throw new Error("no more workers");
    return worker;
  });
  return { demo, spawned: () => spawned };
}

describe("DemoGenerator", () => {
  it("passes progress on, then resolves with the files named by their paths", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const worker = new FakeDemoWorker([
      { type: "progress", day: 1, days: 8, events: 1000, total: 50_000 },
      { type: "progress", day: 2, days: 8, events: 7000, total: 50_000 },
      { type: "done", files: [{ path: "AWSLogs/o-x/111/CloudTrail/a.json.gz", bytes }] },
    ]);
    const { demo } = generatorOf(worker);
    const seen: number[] = [];
    const files = await demo.generate((p) => seen.push(p.events));
    expect(seen).toEqual([1000, 7000]);
    expect(worker.asked).toBe(1);
    expect(files.map((f) => [f.name, f.path, f.blob.size])).toEqual([
      ["a.json.gz", "AWSLogs/o-x/111/CloudTrail/a.json.gz", 3],
    ]);
  });

  it("starts its worker ahead when prepared, and keeps it for the next generation", async () => {
    const done: DemoMessage = { type: "done", files: [] };
    const worker = new FakeDemoWorker([done]);
    const { demo, spawned } = generatorOf(worker, new FakeDemoWorker([done]));
    demo.prepare();
    demo.prepare();
    expect(spawned()).toBe(1);
    await demo.generate(() => {});
    await demo.generate(() => {});
    // One worker did both, and it was not ended.
    expect([spawned(), worker.asked, worker.terminated]).toEqual([1, 2, false]);
  });

  it("rejects with the worker's reason, and keeps the worker", async () => {
    const worker = new FakeDemoWorker([{ type: "error", message: "no room" }]);
    const { demo, spawned } = generatorOf(worker);
    await expect(demo.generate(() => {})).rejects.toThrow("no room");
    expect(worker.terminated).toBe(false);
    await expect(demo.generate(() => {})).rejects.toThrow("no room");
    expect(spawned()).toBe(1);
  });

  it("rejects when the worker dies, ends it, and starts another the next time", async () => {
    const dead = new FakeDemoWorker(["crash"]);
    const next = new FakeDemoWorker([{ type: "done", files: [] }]);
    const { demo, spawned } = generatorOf(dead, next);
    await expect(demo.generate(() => {})).rejects.toThrow("boom");
    expect(dead.terminated).toBe(true);
    await expect(demo.generate(() => {})).resolves.toEqual([]);
    expect([spawned(), next.asked]).toEqual([2, 1]);
  });
});

describe("demo progress wording", () => {
  it("says the generation started before the first progress", () => {
    expect(demoProgressText({ day: 0, days: 0, events: 0, total: 0 })).toBe(
      "Generating the demo data…",
    );
  });

  it("gives the day, the events and the share", () => {
    const progress = { day: 3, days: 8, events: 18_000, total: 50_000 };
    expect(demoPercent(progress)).toBe(36);
    expect(demoProgressText(progress)).toBe(
      "Generating the demo data: day 3 of 8, 18,000 of 50,000 events (36%)…",
    );
  });

  it("never says more than the total (duplicates are generated on top)", () => {
    const progress = { day: 8, days: 8, events: 50_092, total: 50_000 };
    expect(demoPercent(progress)).toBe(100);
    expect(demoProgressText(progress)).toContain("50,000 of 50,000 events (100%)");
  });
});
