import { describe, expect, it } from "vitest";
import { runSteps, runStepsBudgeted, runStepsPaused } from "./steps";

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

describe("runStepsBudgeted", () => {
  it("runs steps while the task's budget lasts, then pauses", async () => {
    const log: string[] = [];
    // A clock that moves 2 ms per reading: a budget of 5 ms fits three steps a task.
    let clock = 0;
    const now = () => (clock += 2);
    const value = await runStepsBudgeted(
      counted(7, log),
      async () => {
        log.push("pause");
      },
      5,
      now,
    );
    expect(value).toBe(70);
    expect(log.filter((entry) => entry === "pause").length).toBe(2);
    expect(log.indexOf("pause")).toBe(3);
  });
});
