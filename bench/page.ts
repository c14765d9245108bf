// In-page scripts. Plain strings, not functions: tsx compiles functions with helpers (`__name`)
// that do not exist in the page, and a string says plainly that this code runs elsewhere.
import { AFTER_PAINT } from "./measure";

export const INIT_SCRIPT = `(() => {
  const bench = { longtasks: [], frames: [], changeAt: -1, readyAt: -1 };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    bench.longtaskError = String(error);
  }
  // Long animation frames (over 50 ms, rendering included): what a click's wait for idle also
  // watches. Optional: a Chromium without them still reports long tasks.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.frames.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (error) {
    bench.framesError = String(error);
  }
  // Capture phase on the document: runs before the app's own handler, at the event's time.
  document.addEventListener("change", (event) => {
    const t = event.target;
    if (t instanceof HTMLInputElement && t.type === "file") bench.changeAt = event.timeStamp;
  }, true);
  // When "ready" reaches the DOM (after the app's measure, once React has committed it).
  new MutationObserver(() => {
    if (bench.readyAt >= 0 || bench.changeAt < 0) return;
    const status = document.querySelector("[data-testid=load-status]");
    if (status && status.getAttribute("data-state") === "ready") bench.readyAt = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
})();`;

export const STATE_IS = (states: string[]): string =>
  `(() => { const s = document.querySelector("[data-testid=load-status]"); return !!s && ${JSON.stringify(states)}.includes(s.getAttribute("data-state")); })()`;

export interface AppReading {
  loadStart: number;
  loadMs: number;
  changeAt: number;
  readyAt: number;
  longtasks: { start: number; duration: number }[];
  longtaskError: string | null;
  total: number;
  shown: number;
  fileErrors: number;
}

export const READ_APP = `(async () => {
  await ${AFTER_PAINT};
  // The longtask observer reports asynchronously: give it a moment to deliver the last task.
  await new Promise((done) => setTimeout(done, 100));
  const measures = performance.getEntriesByName("trailview:load", "measure");
  const m = measures[measures.length - 1];
  const count = (id) => {
    const el = document.querySelector("[data-testid=" + id + "]");
    return el ? Number(el.getAttribute("data-count")) : -1;
  };
  return {
    loadStart: m ? m.startTime : -1,
    loadMs: m ? m.duration : -1,
    changeAt: window.__bench.changeAt,
    readyAt: window.__bench.readyAt,
    longtasks: window.__bench.longtasks,
    longtaskError: window.__bench.longtaskError ?? null,
    total: count("total-events"),
    shown: count("shown-events"),
    fileErrors: count("file-errors"),
  };
})()`;

export interface FloorReading {
  ms: number;
  records: number;
  rawBytes: number;
  failed: number;
  workers: number;
}

export const READ_FLOOR = `(() => {
  const d = document.querySelector("[data-testid=floor-status]").dataset;
  return { ms: Number(d.ms), records: Number(d.records), rawBytes: Number(d.rawBytes), failed: Number(d.failed), workers: Number(d.workers) };
})()`;
