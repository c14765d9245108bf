// Interaction latencies measured on the loaded page of the last round (see "Adding an interaction
// latency" in bench/README.md): each returns figures for the report.
import { DETECT_INTERACTIONS } from "./detect";
import { INVESTIGATE_INTERACTIONS } from "./investigate";
import { facetClickLatency } from "./facetClick";
import { AFTER_PAINT, median } from "./measure";
import type { Interaction } from "./rounds";

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

/**
 * The integrity check the app starts by itself after a load with digests (once the page has been
 * quiet for 2 s): waited for first, so that the interactions after it are measured on a page
 * whose workers are not also hashing every log file; how long it took to end is reported.
 */
const integrityCheck: Interaction = async ({ page }) => {
  const digests = Number(await page.getAttribute("[data-testid=digests]", "data-count"));
  if (!(digests > 0)) return ["integrity check: no digests loaded, nothing to check"];
  const start = Date.now();
  const limit = start + 15 * 60_000;
  let state = "";
  while (Date.now() < limit) {
    state = (await page.getAttribute("[data-testid=integrity]", "data-state")) ?? "";
    if (state === "done") break;
    await page.waitForTimeout(250);
  }
  const logs = await page.getAttribute("[data-testid=integrity]", "data-logs-valid");
  if (state !== "done") return [`integrity check: not done after 15 min (state ${state})`];
  return [
    `integrity check (automatic, ${digests} digests, ${logs} logs valid): done ${Date.now() - start} ms after the load was measured; the figures below are taken after it`,
  ];
};

export const INTERACTIONS: readonly Interaction[] = [
  integrityCheck,
  anomaliesTime,
  facetClickLatency,
  typingLatency,
  ...INVESTIGATE_INTERACTIONS,
  // Last: the findings it adds change what the page shows.
  ...DETECT_INTERACTIONS,
];
