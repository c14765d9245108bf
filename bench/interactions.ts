// Interaction latencies measured on the loaded page of the last round (see "Adding an interaction
// latency" in bench/README.md): each returns figures for the report.
import { DETECT_INTERACTIONS } from "./detect";
import { INVESTIGATE_INTERACTIONS } from "./investigate";
import { AFTER_PAINT, median, percentile } from "./measure";
import type { Interaction } from "./rounds";

/**
 * Arms a one-shot probe: from the next click's event time to the frame painted after
 * shown-events' data-count changed. Stored on window, not returned, so that the probe is in place
 * before Playwright sends the click.
 */
const ARM_CLICK = `(() => {
  const read = () => {
    const el = document.querySelector("[data-testid=shown-events]");
    return el ? el.getAttribute("data-count") : null;
  };
  const before = read();
  window.__bench.click = new Promise((resolve) => {
    let t0 = -1;
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      observer.disconnect();
      document.removeEventListener("click", onClick, true);
      resolve(result);
    };
    const check = () => {
      if (t0 < 0 || done) return;
      const now = read();
      if (now === before) return;
      observer.disconnect();
      ${AFTER_PAINT}.then(() => finish({ ms: performance.now() - t0, before, after: now }));
    };
    const onClick = (event) => { t0 = event.timeStamp; check(); };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => finish({ ms: -1, before, after: read() }), 10000);
    document.addEventListener("click", onClick, true);
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-count"] });
  });
})()`;

interface ClickResult {
  ms: number;
  before: string | null;
  after: string | null;
}

/** Facet click → updated shown-events count, painted: the first few eventName values, on then off. */
const facetClickLatency: Interaction = async ({ page, clicks }) => {
  const panel = page.locator("[data-testid=facet-eventName]");
  const names = (await page.evaluate(
    `Array.from(document.querySelectorAll("[data-testid=facet-eventName] [data-testid=facet-value]"), (el) => el.getAttribute("data-value")).filter((v) => v !== null).slice(0, 4)`,
  )) as string[];
  if (names.length === 0)
    return ["facet click to updated count: no eventName facet values found, not measured"];
  const samples: number[] = [];
  let timeouts = 0;
  for (let i = 0; i < clicks; i++) {
    // Each value on, then off again: every click changes the count unless one value is all.
    const name = names[Math.floor(i / 2) % names.length];
    const target = panel
      .locator(`[data-testid=facet-value][data-value=${JSON.stringify(name)}]`)
      .first();
    await page.evaluate(ARM_CLICK);
    await target.click();
    const result = (await page.evaluate("window.__bench.click")) as ClickResult;
    if (result.ms < 0) timeouts++;
    else samples.push(result.ms);
    await page.waitForTimeout(50);
  }
  if (samples.length === 0)
    return [`facet click to updated count: no click changed shown-events (${timeouts} timed out)`];
  const suffix = timeouts > 0 ? `, ${timeouts} clicks changed nothing within 10 s` : "";
  return [
    `facet click to updated count median ${Math.round(median(samples))} ms, p95 ${Math.round(percentile(samples, 95))} ms (${samples.length} clicks on eventName values${suffix})`,
  ];
};

/**
 * Every keystroke in the query box → the page painted with its result, for a typed word (a bare
 * word looks for its text in the indexed fields, and applies as it is typed).
 */
const ARM_TYPING = `(() => {
  const box = document.querySelector("[data-testid=query]");
  window.__bench.keys = [];
  let t0 = -1;
  box.addEventListener("keydown", (event) => { t0 = event.timeStamp; }, true);
  box.addEventListener("input", () => {
    const start = t0;
    ${AFTER_PAINT}.then(() => window.__bench.keys.push(performance.now() - start));
  }, true);
})()`;

const typingLatency: Interaction = async ({ page }) => {
  const word = "describe";
  await page.evaluate(ARM_TYPING);
  await page.locator("[data-testid=query]").click();
  await page.keyboard.type(word, { delay: 150 });
  await page.waitForTimeout(300);
  const samples = (await page.evaluate("window.__bench.keys")) as number[];
  // The first Escape closes the suggestions, the second empties the box.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  if (samples.length === 0) return ["typing in the query box: no keystroke measured"];
  return [
    `typing in the query box, keystroke to painted result median ${Math.round(median(samples))} ms, max ${Math.round(Math.max(...samples))} ms (${samples.length} keys of "${word}")`,
  ];
};

/** The app's own measure of the computed-baseline pass that ran when the load finished. */
const anomaliesTime: Interaction = async ({ page }) => {
  const ms = (await page.evaluate(
    `(() => { const m = performance.getEntriesByName("trailview:anomalies"); return m.length ? m[m.length - 1].duration : -1; })()`,
  )) as number;
  if (ms < 0) return ["computed anomalies: no trailview:anomalies measure found"];
  return [
    `computed anomalies (baselines for every API) ${Math.round(ms)} ms (target <= 500 ms ${ms <= 500 ? "PASS" : "MISS"})`,
  ];
};

export const INTERACTIONS: readonly Interaction[] = [
  anomaliesTime,
  facetClickLatency,
  typingLatency,
  ...INVESTIGATE_INTERACTIONS,
  // Last: the findings it adds change what the page shows.
  ...DETECT_INTERACTIONS,
];
