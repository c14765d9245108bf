// Facet click latency: a click on an eventName value to the updated count painted, and to the page
// idle again (no main-thread task over 50 ms for IDLE_QUIET_MS), with the longest task after the
// click. All timed in the page from the click event's timeStamp.
import { AFTER_PAINT, median, passMiss, percentile, progress } from "./measure";
import type { Figure, Interaction } from "./rounds";

/** The product's targets, at a million events (printed at any size). */
const TARGET_PAINTED_MS = 50;
const TARGET_IDLE_MS = 100;
/** Idle: this long after the paint and after the end of the last long task, with none since. */
const IDLE_QUIET_MS = 200;
const CLICK_TIMEOUT_MS = 10_000;

/**
 * Arms a one-shot probe: from the next click's event time to the frame painted after
 * shown-events' data-count changed, then on to the page idle: IDLE_QUIET_MS with no long task
 * (longtask) or long animation frame ending, watched from the observers of the init script.
 * Idle is reported as the later of the paint and the end of the last long task or frame that
 * ended after the click. Stored on window, not returned, so that the probe is in place before
 * Playwright sends the click.
 */
const ARM_CLICK = `(() => {
  const bench = window.__bench;
  const read = () => {
    const el = document.querySelector("[data-testid=shown-events]");
    return el ? el.getAttribute("data-count") : null;
  };
  const before = read();
  bench.click = new Promise((resolve) => {
    let t0 = -1;
    let done = false;
    let painted = -1;
    let after = null;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      observer.disconnect();
      document.removeEventListener("click", onClick, true);
      resolve(result);
    };
    // Long tasks and frames that ended after the click: the last end and the longest of each.
    const since = () => {
      let lastEnd = -1, task = 0, frame = 0;
      for (const e of bench.longtasks) {
        const end = e.start + e.duration;
        if (end <= t0) continue;
        lastEnd = Math.max(lastEnd, end);
        task = Math.max(task, e.duration);
      }
      for (const e of bench.frames) {
        const end = e.start + e.duration;
        if (end <= t0) continue;
        lastEnd = Math.max(lastEnd, end);
        frame = Math.max(frame, e.duration);
      }
      return { lastEnd, task, frame };
    };
    const waitIdle = () => {
      const s = since();
      const busyUntil = Math.max(painted, s.lastEnd);
      const now = performance.now();
      if (now - busyUntil >= ${IDLE_QUIET_MS}) {
        finish({ ms: painted - t0, idleMs: busyUntil - t0, longestTask: s.task, longestFrame: s.frame, before, after });
      } else {
        setTimeout(waitIdle, Math.max(10, ${IDLE_QUIET_MS} - (now - busyUntil)));
      }
    };
    const check = () => {
      if (t0 < 0 || done || painted >= 0) return;
      const now = read();
      if (now === before) return;
      observer.disconnect();
      after = now;
      ${AFTER_PAINT}.then(() => { painted = performance.now(); waitIdle(); });
    };
    const onClick = (event) => { t0 = event.timeStamp; check(); };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => finish({ ms: -1, idleMs: -1, longestTask: 0, longestFrame: 0, before, after: read() }), ${CLICK_TIMEOUT_MS});
    document.addEventListener("click", onClick, true);
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-count"] });
  });
})()`;

/** In-page: resolves once no long task or frame has ended for IDLE_QUIET_MS (10 s at most). */
const SETTLED = `new Promise((done) => {
  const bench = window.__bench;
  const started = performance.now();
  const lastEnd = () => {
    let end = -1;
    for (const e of bench.longtasks) end = Math.max(end, e.start + e.duration);
    for (const e of bench.frames) end = Math.max(end, e.start + e.duration);
    return end;
  };
  const poll = () => {
    const now = performance.now();
    if (now - Math.max(lastEnd(), started - ${IDLE_QUIET_MS}) >= ${IDLE_QUIET_MS} || now - started > 10000) done();
    else setTimeout(poll, 50);
  };
  poll();
})`;

interface ClickResult {
  /** Click to the count painted; -1: no change within the timeout. */
  ms: number;
  /** Click to the page idle (see ARM_CLICK). */
  idleMs: number;
  longestTask: number;
  longestFrame: number;
  before: string | null;
  after: string | null;
}

/** Facet click → updated shown-events count, painted: the first few eventName values, on then off. */
export const facetClickLatency: Interaction = async ({ page, clicks }) => {
  const panel = page.locator("[data-testid=facet-eventName]");
  const names = (await page.evaluate(
    `Array.from(document.querySelectorAll("[data-testid=facet-eventName] [data-testid=facet-value]"), (el) => el.getAttribute("data-value")).filter((v) => v !== null).slice(0, 4)`,
  )) as string[];
  if (names.length === 0)
    return ["facet click to updated count: no eventName facet values found, not measured"];
  const results: ClickResult[] = [];
  let timeouts = 0;
  for (let i = 0; i < clicks; i++) {
    // Each value on, then off again: every click changes the count unless one value is all.
    const name = names[Math.floor(i / 2) % names.length];
    const target = panel
      .locator(`[data-testid=facet-value][data-value=${JSON.stringify(name)}]`)
      .first();
    // The page settled first: a task left over from before is not the click's.
    await page.evaluate(SETTLED);
    await page.evaluate(ARM_CLICK);
    await target.click();
    const result = (await page.evaluate("window.__bench.click")) as ClickResult;
    if (result.ms < 0) timeouts++;
    else results.push(result);
    progress(
      `facet click ${name}: painted ${Math.round(result.ms)} ms, idle ${Math.round(result.idleMs)} ms, longest task ${Math.round(result.longestTask)} ms, frame ${Math.round(result.longestFrame)} ms`,
    );
  }
  if (results.length === 0)
    return [`facet click to updated count: no click changed shown-events (${timeouts} timed out)`];
  const suffix = timeouts > 0 ? `, ${timeouts} clicks changed nothing within 10 s` : "";
  const painted = results.map((r) => r.ms);
  const idle = results.map((r) => r.idleMs);
  const paintedMedian = median(painted);
  const idleMedian = median(idle);
  const longestTask = Math.max(...results.map((r) => r.longestTask));
  const longestFrame = Math.max(...results.map((r) => r.longestFrame));
  const framesError = (await page.evaluate("window.__bench.framesError ?? null")) as string | null;
  const paintedFigure: Figure = {
    line: `facet click to updated count median ${Math.round(paintedMedian)} ms, p95 ${Math.round(percentile(painted, 95))} ms (${results.length} clicks on eventName values${suffix})`,
    target: `facet click painted <= ${TARGET_PAINTED_MS} ms ${passMiss(paintedMedian <= TARGET_PAINTED_MS)}`,
  };
  const idleFigure: Figure = {
    line: `facet click to page idle median ${Math.round(idleMedian)} ms, p95 ${Math.round(percentile(idle, 95))} ms; longest task after a click ${longestTask > 0 ? `${Math.round(longestTask)} ms` : "< 50 ms (no long task)"}, longest animation frame ${framesError ? "n/a" : longestFrame > 0 ? `${Math.round(longestFrame)} ms` : "< 50 ms"} (idle: the end of the last task or frame over 50 ms after the click, none for ${IDLE_QUIET_MS} ms after it; ${results.length} clicks)`,
    target: `facet click idle <= ${TARGET_IDLE_MS} ms ${passMiss(idleMedian <= TARGET_IDLE_MS)}`,
  };
  return [paintedFigure, idleFigure];
};
