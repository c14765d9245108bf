import { describe, expect, it } from "vitest";
import { runSteps, runStepsPaused } from "./steps";

function* counted(slices: number, log: string[]): Generator<void, number> {
  for (let i = 0; i < slices; i++) {
    log.push(`slice ${i}`);
    yield;
  }
  return slices * 10;
}

describe("runSteps and runStepsPaused", () => {
  it("run every slice and return the value, the paused form pausing where it yields", async () => {
    const log: string[] = [];
    expect(runSteps(counted(3, log))).toBe(30);
    expect(log).toEqual(["slice 0", "slice 1", "slice 2"]);
    const paused: string[] = [];
    const value = await runStepsPaused(counted(3, paused), async () => {
      paused.push("pause");
    });
    expect(value).toBe(30);
    expect(paused).toEqual(["slice 0", "pause", "slice 1", "pause", "slice 2", "pause"]);
    expect(await runStepsPaused(counted(0, []), async () => {})).toBe(0);
  });
});
