import { afterEach, describe, expect, it } from "vitest";
import { nextTask, untilBackgroundTask, untilNextTask } from "./nextTask";

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

describe("untilBackgroundTask", () => {
  const global = globalThis as { scheduler?: unknown };
  afterEach(() => {
    delete global.scheduler;
  });

  it("posts a task of background priority where the browser has a task scheduler", async () => {
    const posted: string[] = [];
    global.scheduler = {
      postTask(callback: () => void, options: { priority: string }) {
        posted.push(options.priority);
        nextTask(callback);
        return Promise.resolve();
      },
    };
    await untilBackgroundTask();
    expect(posted).toEqual(["background"]);
  });

  it("settles in a later task where it has none", async () => {
    const order: string[] = [];
    const later = untilBackgroundTask().then(() => order.push("later"));
    order.push("now");
    await later;
    expect(order).toEqual(["now", "later"]);
  });
});
