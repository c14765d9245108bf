import { describe, expect, it } from "vitest";
import { nextTask, untilNextTask } from "./nextTask";

describe("nextTask", () => {
  it("runs callbacks later, in order, after the current task", async () => {
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      nextTask(() => order.push("a"));
      nextTask(() => {
        order.push("b");
        resolve();
      });
    });
    order.push("now");
    await done;
    expect(order).toEqual(["now", "a", "b"]);
  });

  it("settles a promise in a later task, in order with the callbacks", async () => {
    const order: string[] = [];
    nextTask(() => order.push("callback"));
    const later = untilNextTask().then(() => order.push("promise"));
    order.push("now");
    await later;
    expect(order).toEqual(["now", "callback", "promise"]);
  });
});
