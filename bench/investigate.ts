// Interactions of an investigation on the loaded data set: the query box (indexed terms, a nested
// path read from the records again, that query refined) and "group by" over every row. Each is
// timed in the page, from the event's timeStamp to the frame painted after the DOM said the result
// is there (see "Adding an interaction latency" in bench/README.md), and reported by bench.ts.
//
// bench.ts imports this module; from bench.ts it takes types only (no import cycle), the shared
// pieces come from measure.ts.
import type { Page } from "@playwright/test";
import type { Interaction, Reported } from "./rounds";
import { AFTER_PAINT, median, passMiss, percentile, progress } from "./measure";

/** A nested-path query, as a ratio to the floor (the load's own target). */
const TARGET_SCAN_RATIO = 1.5;
/** Median, over the indexed queries. */
const TARGET_INDEXED_MS = 100;
/** Median of the refined nested-path queries (their scans are cached: no record is read). */
const TARGET_REFINED_MS = 50;
/** Median per field of "group by", over every row. */
const TARGET_GROUP_MS = 150;

/** Queries on indexed fields only: each applies as soon as it is in the box. */
const INDEXED_QUERIES: readonly string[] = [
  "eventName:Describe* AND NOT errorCode:*",
  "eventName:Delete* OR eventName:Terminate* OR eventName:Stop*",
  "eventName:Get* OR eventName:List* OR eventName:Put*",
  'userAgent:*boto3* -principal:"AWSServiceRole*"',
  "errorCode:AccessDenied* OR errorCode:*Unauthorized*",
];
const INDEXED_ROUNDS = 4;

/** Paths that are no column: answering them reads every log file again, in the workers. */
const NESTED_QUERIES: readonly string[] = [
  "requestParameters.instanceType:*",
  "tlsDetails.tlsVersion:TLSv1.2",
];
/** Indexed terms added to a nested query already answered: evaluated from the cached scan. */
const REFINEMENTS: readonly string[] = [
  "AND eventName:RunInstances",
  "AND NOT errorCode:*",
  "AND awsRegion:us-east-1",
];

const GROUP_FIELDS: readonly string[] = ["sourceIPAddress", "principal"];
const GROUP_ROUNDS = 3;

const QUERY_TIMEOUT_MS = 20_000;
const SCAN_TIMEOUT_MS = 600_000;

interface QueryResult {
  /** Event to painted; -1: not seen within the timeout, or the query was refused. */
  ms: number;
  /** Event to `data-state=ready` for the query, observed in the DOM (before the paint). */
  readyMs: number;
  /** Event to `data-state=running` for the query; -1 when it was never seen running. */
  runningMs: number;
  /** shown-events after the query. */
  count: number;
  /** The state the query ended in, and the status text when it is an error. */
  state: string;
  message: string;
}

/**
 * Arms a one-shot probe on window.__bench.query: from the query box's next Enter keydown (or
 * input event) to the frame painted after query-status says `ready` for `expected`. The status
 * and shown-events come from the same render, so "ready" for this text is the count updated.
 */
function armQuery(trigger: "keydown" | "input", expected: string, timeoutMs: number): string {
  return `(() => {
  const expected = ${JSON.stringify(expected)};
  const type = ${JSON.stringify(trigger)};
  const count = () => {
    const el = document.querySelector("[data-testid=shown-events]");
    return el ? Number(el.getAttribute("data-count")) : -1;
  };
  window.__bench.query = new Promise((resolve) => {
    let t0 = -1;
    let running = -1;
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      observer.disconnect();
      document.removeEventListener(type, onStart, true);
      resolve(result);
    };
    const check = () => {
      if (t0 < 0 || done) return;
      const status = document.querySelector("[data-testid=query-status]");
      if (!status || status.getAttribute("data-query") !== expected) {
        // A refused query keeps the last applied text; its error shows all the same.
        if (status && status.getAttribute("data-state") === "error")
          finish({ ms: -1, readyMs: -1, runningMs: running, count: count(), state: "error", message: status.textContent });
        return;
      }
      const state = status.getAttribute("data-state");
      if (state === "running") {
        if (running < 0) running = performance.now() - t0;
        return;
      }
      if (state !== "ready") {
        finish({ ms: -1, readyMs: -1, runningMs: running, count: count(), state, message: status.textContent });
        return;
      }
      const ready = performance.now() - t0;
      observer.disconnect();
      ${AFTER_PAINT}.then(() =>
        finish({ ms: performance.now() - t0, readyMs: ready, runningMs: running, count: count(), state, message: "" }),
      );
    };
    const onStart = (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || box.getAttribute("data-testid") !== "query") return;
      if (type === "keydown" && event.key !== "Enter") return;
      if (t0 < 0) t0 = event.timeStamp;
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(
      () => finish({ ms: -1, readyMs: -1, runningMs: running, count: count(), state: "timeout", message: "" }),
      ${timeoutMs},
    );
    // Capture phase on the document: before the app's handler, at the event's time.
    document.addEventListener(type, onStart, true);
    observer.observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-state", "data-query", "data-count"],
    });
  });
})()`;
}

/** Once the page has nothing left to do (deferred renders of the chart and Insights included). */
const SETTLED = `new Promise((done) => requestIdleCallback(() => done(), { timeout: 5000 }))`;

async function settle(page: Page): Promise<void> {
  await page.evaluate(SETTLED);
  await page.waitForTimeout(100);
  await page.evaluate(SETTLED);
}

function box(page: Page) {
  return page.locator("[data-testid=query]");
}

/** Puts `text` in the query box in one input event (as a paste does), replacing what was there. */
async function putText(page: Page, text: string): Promise<void> {
  await box(page).selectText();
  // Inserting nothing fires no input event; deleting the selection does.
  if (text === "") await page.keyboard.press("Delete");
  else await page.keyboard.insertText(text);
}

/**
 * Applies `text` and times it. "input": the text arrives in one input event, which applies a query
 * on indexed fields at once (Enter would then find it applied). "enter": the text is put in the
 * box first (a query that reads records does not apply as it is typed), then Enter is pressed.
 */
async function timeQuery(
  page: Page,
  text: string,
  how: "input" | "enter",
  timeoutMs: number,
): Promise<QueryResult> {
  if (how === "enter") {
    await putText(page, text);
    await page.evaluate(armQuery("keydown", text, timeoutMs));
    await box(page).press("Enter");
  } else {
    await page.evaluate(armQuery("input", text, timeoutMs));
    await putText(page, text);
  }
  const result = (await page.evaluate("window.__bench.query")) as QueryResult;
  const what =
    result.ms >= 0
      ? `${Math.round(result.ms)} ms (ready ${Math.round(result.readyMs)} ms${result.runningMs >= 0 ? `, running from ${Math.round(result.runningMs)} ms` : ""}), ${result.count} shown`
      : `not applied: ${result.state} ${result.message}`;
  progress(`query ${JSON.stringify(text)}: ${what}`);
  await settle(page);
  return result;
}

/** Empties the query box; the view shows every event again. */
async function clearQuery(page: Page): Promise<void> {
  const result = await timeQuery(page, "", "input", QUERY_TIMEOUT_MS);
  if (result.ms < 0) throw new Error(`the query box could not be emptied (${result.state})`);
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function failures(results: readonly QueryResult[]): string {
  const failed = results.filter((r) => r.ms < 0);
  if (failed.length === 0) return "";
  const states = [...new Set(failed.map((r) => r.state))].join(", ");
  return `, ${failed.length} not applied (${states})`;
}

/** Queries on indexed fields: from the input event that completes the query to the table painted. */
const indexedQueryLatency: Interaction = async ({ page }) => {
  if ((await box(page).count()) === 0) return ["query (indexed): no query box, not measured"];
  const results: QueryResult[] = [];
  for (let round = 0; round < INDEXED_ROUNDS; round++)
    for (const text of INDEXED_QUERIES)
      results.push(await timeQuery(page, text, "input", QUERY_TIMEOUT_MS));
  await clearQuery(page);
  const samples = results.filter((r) => r.ms >= 0).map((r) => r.ms);
  if (samples.length === 0)
    return [`query (indexed): no query applied${failures(results)}, not measured`];
  const mid = median(samples);
  return [
    {
      line: `query (indexed) input to painted median ${ms(mid)}, p95 ${ms(percentile(samples, 95))} (${samples.length} queries: ${INDEXED_QUERIES.length} different, ${INDEXED_ROUNDS} rounds, each put in the box in one input event, which applies it: a query on indexed fields applies as it is typed, Enter finds it applied${failures(results)})`,
      target: `query (indexed) <= ${TARGET_INDEXED_MS} ms ${passMiss(mid <= TARGET_INDEXED_MS)}`,
    },
  ];
};

/**
 * A nested path that is no column: Enter to the count of the whole-record scan painted, as a
 * ratio to the floor (inflating and parsing every file once). Then the same query refined with
 * indexed terms, which the cached scan answers without reading a record.
 */
const nestedQueryLatency: Interaction = async ({ page }) => {
  if ((await box(page).count()) === 0) return ["query (nested path): no query box, not measured"];
  const scans: { text: string; result: QueryResult }[] = [];
  const refined: QueryResult[] = [];
  for (const text of NESTED_QUERIES) {
    // The first time this term is asked for on this page: every log file is read for it.
    scans.push({ text, result: await timeQuery(page, text, "enter", SCAN_TIMEOUT_MS) });
    for (const refinement of REFINEMENTS)
      refined.push(await timeQuery(page, `${text} ${refinement}`, "enter", QUERY_TIMEOUT_MS));
  }
  // A second round of refinements, from a different previous query each time.
  for (const text of NESTED_QUERIES)
    for (const refinement of REFINEMENTS)
      refined.push(await timeQuery(page, `${text} ${refinement}`, "enter", QUERY_TIMEOUT_MS));
  await clearQuery(page);

  const out: Reported[] = [];
  const ratios: number[] = [];
  for (const { text, result } of scans) {
    if (result.ms < 0) {
      out.push(`query (nested path) ${text}: not applied (${result.state} ${result.message})`);
      continue;
    }
    out.push((floorMs: number) => {
      const ratio = result.ms / floorMs;
      ratios.push(ratio);
      return {
        line: `query (nested path, records read again) Enter to painted ${ms(result.ms)}, ratio to floor ${ratio.toFixed(2)} (${text}, ${result.count} shown; running from ${ms(result.runningMs)}, ready ${ms(result.readyMs)})`,
      };
    });
  }
  if (scans.some((s) => s.result.ms >= 0)) {
    // Written after the lines above (figures are written in order), from their ratios.
    out.push(() => ({
      line: `query (nested path) worst ratio to floor ${Math.max(...ratios).toFixed(2)} (${ratios.length} queries)`,
      target: `nested-path query <= ${TARGET_SCAN_RATIO}x floor ${passMiss(Math.max(...ratios) <= TARGET_SCAN_RATIO)}`,
    }));
  }
  const samples = refined.filter((r) => r.ms >= 0).map((r) => r.ms);
  if (samples.length === 0) {
    out.push(`query (nested path refined): no query applied${failures(refined)}, not measured`);
  } else {
    const mid = median(samples);
    out.push({
      line: `query (nested path refined with an indexed term) Enter to painted median ${ms(mid)}, p95 ${ms(percentile(samples, 95))} (${samples.length} queries: ${NESTED_QUERIES.length} paths × ${REFINEMENTS.length} refinements, 2 rounds${failures(refined)})`,
      target: `refined nested-path query <= ${TARGET_REFINED_MS} ms ${passMiss(mid <= TARGET_REFINED_MS)}`,
    });
  }
  return out;
};

interface GroupResult {
  ms: number;
  rows: number;
  groups: number;
  events: number;
}

/**
 * Arms a one-shot probe on window.__bench.group: from the group-by select's next change event to
 * the frame painted after a group row of the new grouping is in the DOM (the table's label names
 * the fields, so a row under a new label is one of the new grouping).
 */
function armGroup(timeoutMs: number): string {
  return `(() => {
  const state = () => {
    const table = document.querySelector("[data-testid=group-by-view] [role=table]");
    const row = document.querySelector("[data-testid=group-row]");
    return { label: table ? table.getAttribute("aria-label") : null, row: row !== null };
  };
  const before = state().label;
  const read = (ms) => {
    const count = document.querySelector("[data-testid=group-count]");
    return {
      ms,
      rows: document.querySelectorAll("[data-testid=group-row]").length,
      groups: count ? Number(count.getAttribute("data-count")) : -1,
      events: count ? Number(count.getAttribute("data-events")) : -1,
    };
  };
  window.__bench.group = new Promise((resolve) => {
    let t0 = -1;
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      observer.disconnect();
      document.removeEventListener("change", onChange, true);
      resolve(result);
    };
    const check = () => {
      if (t0 < 0 || done) return;
      const now = state();
      if (!now.row || now.label === before) return;
      observer.disconnect();
      ${AFTER_PAINT}.then(() => finish(read(performance.now() - t0)));
    };
    const onChange = (event) => {
      const target = event.target;
      if (!(target instanceof HTMLSelectElement) || target.getAttribute("data-testid") !== "group-by") return;
      if (t0 < 0) t0 = event.timeStamp;
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => finish(read(-1)), ${timeoutMs});
    document.addEventListener("change", onChange, true);
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });
  });
})()`;
}

const GROUP_SELECT = "select[data-testid=group-by]";

/** "Group by" over every row: the select's change to the first group row painted. */
const groupByLatency: Interaction = async ({ page, data }) => {
  if ((await page.locator(GROUP_SELECT).count()) === 0)
    return ["group by: no select[data-testid=group-by] on the page, not measured"];
  const events = data.manifest.uniqueEvents;
  const shown = Number(await page.getAttribute("[data-testid=shown-events]", "data-count"));
  const byField = new Map<string, number[]>(GROUP_FIELDS.map((f) => [f, []]));
  const failed: string[] = [];
  let groups = "";
  for (let round = 0; round < GROUP_ROUNDS; round++) {
    for (const field of GROUP_FIELDS) {
      await page.evaluate(armGroup(QUERY_TIMEOUT_MS));
      await page.selectOption(GROUP_SELECT, field);
      const result = (await page.evaluate("window.__bench.group")) as GroupResult;
      progress(
        `group by ${field}: ${result.ms >= 0 ? `${Math.round(result.ms)} ms` : "no row"}, ${result.groups} groups over ${result.events} events, ${result.rows} rows in the DOM`,
      );
      if (result.ms < 0) failed.push(field);
      else byField.get(field)?.push(result.ms);
      if (round === 0) groups += `${groups ? ", " : ""}${field} ${result.groups}`;
      await settle(page);
    }
  }
  // Back to the events table, when the select offers it.
  const off = await page.locator(`${GROUP_SELECT} option[value=""]`).count();
  if (off > 0) {
    await page.selectOption(GROUP_SELECT, "");
    await settle(page);
  }
  const medians = GROUP_FIELDS.map((f) => ({ field: f, samples: byField.get(f) ?? [] }))
    .filter((f) => f.samples.length > 0)
    .map((f) => ({ field: f.field, ms: median(f.samples), max: Math.max(...f.samples) }));
  if (medians.length === 0)
    return [`group by: no group row appeared within ${QUERY_TIMEOUT_MS / 1000} s, not measured`];
  const worst = Math.max(...medians.map((m) => m.ms));
  const each = medians.map((m) => `${m.field} median ${ms(m.ms)}, max ${ms(m.max)}`).join("; ");
  const suffix = failed.length > 0 ? `; no row within the timeout: ${failed.join(", ")}` : "";
  return [
    {
      line: `group by (${shown} of ${events} events) select change to first group row painted: ${each} (${GROUP_ROUNDS} rounds; groups: ${groups}${suffix})`,
      target: `group by <= ${TARGET_GROUP_MS} ms ${passMiss(worst <= TARGET_GROUP_MS)}`,
    },
  ];
};

export const INVESTIGATE_INTERACTIONS: readonly Interaction[] = [
  indexedQueryLatency,
  nestedQueryLatency,
  groupByLatency,
];
