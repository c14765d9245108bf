import { describe, expect, it } from "vitest";
import { nextTask } from "./nextTask";

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
});
