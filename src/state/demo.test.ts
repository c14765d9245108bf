import { describe, expect, it } from "vitest";
import type { DemoMessage } from "../worker/demo.worker";
import { demoPercent, demoProgressText, generateDemo, type DemoWorkerLike } from "./demo";

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

describe("generateDemo", () => {
  it("passes progress on, then resolves with the files named by their paths and ends the worker", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const worker = new FakeDemoWorker([
      { type: "progress", day: 1, days: 8, events: 1000, total: 50_000 },
      { type: "progress", day: 2, days: 8, events: 7000, total: 50_000 },
      { type: "done", files: [{ path: "AWSLogs/o-x/111/CloudTrail/a.json.gz", bytes }] },
    ]);
    const seen: number[] = [];
    const files = await generateDemo(
      (p) => seen.push(p.events),
      () => worker,
    );
    expect(seen).toEqual([1000, 7000]);
    expect(worker.asked).toBe(1);
    expect(worker.terminated).toBe(true);
    expect(files.map((f) => [f.name, f.path, f.blob.size])).toEqual([
      ["a.json.gz", "AWSLogs/o-x/111/CloudTrail/a.json.gz", 3],
    ]);
  });

  it("rejects with the worker's reason, and ends the worker", async () => {
    const worker = new FakeDemoWorker([{ type: "error", message: "no room" }]);
    await expect(
      generateDemo(
        () => {},
        () => worker,
      ),
    ).rejects.toThrow("no room");
    expect(worker.terminated).toBe(true);
  });

  it("rejects when the worker dies", async () => {
    const worker = new FakeDemoWorker(["crash"]);
    await expect(
      generateDemo(
        () => {},
        () => worker,
      ),
    ).rejects.toThrow("boom");
    expect(worker.terminated).toBe(true);
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
