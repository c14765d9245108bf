// Runs a function in a later task of the event loop, without the clamping and background-tab
// throttling that timers get (a load must not slow to a crawl when its tab is hidden).

const queue: (() => void)[] = [];
let channel: MessageChannel | null = null;

function port(): MessageChannel | null {
  if (channel === null && typeof MessageChannel !== "undefined") {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
    // In Node (tests) an open port would keep the process alive.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  return channel;
}

export function nextTask(callback: () => void): void {
  const ch = port();
  if (ch === null) {
    setTimeout(callback, 0);
    return;
  }
  queue.push(callback);
  ch.port2.postMessage(null);
}

/** Settles in a later task, the same way: `await untilNextTask()` lets the page respond. */
export function untilNextTask(): Promise<void> {
  return new Promise((resolve) => nextTask(resolve));
}

/** The Prioritized Task Scheduling API, where the browser has it. */
interface TaskScheduler {
  postTask(callback: () => void, options: { priority: "background" }): Promise<unknown>;
}

function taskScheduler(): TaskScheduler | null {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  return typeof scheduler?.postTask === "function" ? (scheduler as TaskScheduler) : null;
}

/**
 * Settles in a later task of background priority where the browser has task priorities: after
 * input, rendering and ordinary tasks, so that work nobody waits for never holds up a frame.
 * Elsewhere, as `untilNextTask`.
 */
export function untilBackgroundTask(): Promise<void> {
  const scheduler = taskScheduler();
  if (scheduler === null) return untilNextTask();
  return new Promise((resolve) => {
    void scheduler.postTask(resolve, { priority: "background" });
  });
}
