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
