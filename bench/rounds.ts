// Browser runs: one floor run or one app load, each in a fresh browser context; the app's run also
// takes the memory readings and runs the interactions on the loaded page.
import type { Browser, BrowserContext, CDPSession, Page } from "@playwright/test";
import type { DataSet } from "./data";
import { AFTER_PAINT, progress } from "./measure";
import { chromiumMemory, heapAfterGc } from "./memory";
import {
  INIT_SCRIPT,
  READ_APP,
  READ_FLOOR,
  STATE_IS,
  type AppReading,
  type FloorReading,
} from "./page";

export class BenchFailure extends Error {
  override name = "BenchFailure";
}

/** Generous: a loaded 2-core machine takes tens of seconds; this only catches a hung page. */
export function loadTimeout(data: DataSet): number {
  return 120_000 + data.manifest.uniqueEvents * 0.5 + data.paths.length * 5;
}

interface Watch {
  errors: string[];
  /** Rejects on the first uncaught error or crash: raced against long waits so they end at once. */
  failure: Promise<never>;
}

/** Page errors and crashes, collected while a page lives; any of them fails the run. */
function watch(page: Page, label: string): Watch {
  const errors: string[] = [];
  let fail: (error: BenchFailure) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Nobody may be racing it when it rejects; the errors list still carries the news.
  failure.catch(() => undefined);
  const add = (message: string): void => {
    errors.push(message);
    fail(new BenchFailure(errors.join("; ")));
  };
  page.on("pageerror", (error) => {
    progress(`${label} uncaught error: ${error.stack ?? error.message}`);
    add(`${label}: uncaught ${error.message}`);
  });
  page.on("crash", () => add(`${label}: the page crashed`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      progress(`${label} console error: ${message.text()} (${message.location().url})`);
    }
  });
  return { errors, failure };
}

/** Which floor (bench/floor/index.html): parse (the default), read only, or archive members. */
export interface FloorRun {
  mode?: "parse" | "read" | "members";
  /** What is picked: the data set's files unless given (an archive, for "members"). */
  files?: readonly string[];
  /** For "members": each member's [offset, length] in the picked archive. */
  members?: readonly (readonly [number, number])[];
}

export async function floorRound(
  browser: Browser,
  url: string,
  data: DataSet,
  run: FloorRun = {},
): Promise<FloorReading> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const watched = watch(page, "floor");
    await page.goto(`${url}__floor/${run.mode ? `?mode=${run.mode}` : ""}`);
    await page.waitForFunction(
      `(() => { const s = document.querySelector("[data-testid=floor-status]"); return s && s.dataset.state !== "starting"; })()`,
      undefined,
      { timeout: 30_000 },
    );
    const state = await page.getAttribute("[data-testid=floor-status]", "data-state");
    if (state !== "idle") throw new BenchFailure(`the floor page did not start (state ${state})`);
    if (run.members) await page.evaluate(`window.__floorMembers = ${JSON.stringify(run.members)};`);
    await page.setInputFiles("[data-testid=floor-input]", [...(run.files ?? data.paths)]);
    await Promise.race([
      watched.failure,
      page.waitForFunction(
        `(() => { const s = document.querySelector("[data-testid=floor-status]"); return s.dataset.state === "done" || s.dataset.state === "error"; })()`,
        undefined,
        { timeout: loadTimeout(data), polling: 250 },
      ),
    ]);
    if (watched.errors.length > 0) throw new BenchFailure(watched.errors.join("; "));
    const ended = await page.getAttribute("[data-testid=floor-status]", "data-state");
    if (ended !== "done") throw new BenchFailure("a floor worker failed");
    const reading = (await page.evaluate(READ_FLOOR)) as FloorReading;
    if (reading.failed > 0)
      throw new BenchFailure(`the floor could not read ${reading.failed} files`);
    return reading;
  } finally {
    await context.close();
  }
}

export interface AppRound {
  loadMs: number;
  /** From the input's change event to "ready" in the DOM: what the user waits, for cross-checking. */
  seenMs: number;
  longestTaskMs: number;
  longtaskError: string | null;
  heapPerEvent: number;
  backingStores: boolean;
  processPerEvent: number | null;
  processKind: "PSS" | "RSS" | null;
  fileErrors: number;
  interactions: Reported[];
}

/** What an interaction gets: the app page with the data set loaded. */
export interface Loaded {
  page: Page;
  cdp: CDPSession;
  data: DataSet;
  clicks: number;
}

/** A figure line and, when the figure has a target, its part of the targets line ("… PASS"). */
export interface Figure {
  line: string;
  target?: string;
}

/**
 * What an interaction reports: a line, a figure, or a figure written once the case's median floor
 * ms is known (after every round: a figure that is a ratio to the floor).
 */
export type Reported = string | Figure | ((floorMs: number) => Figure);

/**
 * An interaction latency measured on the loaded data set; it returns figures. Add new ones
 * (typing in a search box, "show all" on a big facet, opening a detail) to INTERACTIONS.
 */
export type Interaction = (loaded: Loaded) => Promise<Reported[]>;

/** The app's setting that turns its built-in detection rules off (state/detections.ts). */
const BUILTIN_RULES_OFF = `localStorage.setItem("trailview:builtin-rules", "off");`;

export async function appRound(
  browser: Browser,
  url: string,
  data: DataSet,
  interactions: readonly Interaction[],
  clicks: number,
  builtinRules = true,
  files: readonly string[] = data.paths,
): Promise<AppRound> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    // The app's CSP forbids eval, which Playwright's waitForFunction needs for its predicate.
    bypassCSP: true,
  });
  try {
    const page = await context.newPage();
    const watched = watch(page, "app");
    await page.addInitScript(INIT_SCRIPT);
    if (!builtinRules) await page.addInitScript(BUILTIN_RULES_OFF);
    await page.goto(url);
    await Promise.race([
      watched.failure,
      page.waitForFunction(STATE_IS(["idle"]), undefined, { timeout: 30_000 }),
    ]);
    // Let the worker pool and the first render settle before the baseline.
    await page.evaluate(AFTER_PAINT);
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    const heapBefore = await heapAfterGc(cdp);
    const procBefore = chromiumMemory();

    await page.setInputFiles("input[data-testid=file-input]", [...files]);
    await Promise.race([
      watched.failure,
      page.waitForFunction(STATE_IS(["ready", "error"]), undefined, {
        timeout: loadTimeout(data),
        polling: 250,
      }),
    ]);
    if (watched.errors.length > 0) throw new BenchFailure(watched.errors.join("; "));
    const state = await page.getAttribute("[data-testid=load-status]", "data-state");
    if (state !== "ready") {
      const said = (await page.textContent("[data-testid=load-status]"))?.trim() ?? "";
      throw new BenchFailure(
        `the app's load ended in state ${state}${said ? ` ("${said.slice(0, 300)}")` : ""}`,
      );
    }
    const app = (await page.evaluate(READ_APP)) as AppReading;
    const expected = data.manifest.uniqueEvents;
    if (app.total !== expected) {
      throw new BenchFailure(
        `the app shows ${app.total} events (total-events), the generator wrote ${expected}`,
      );
    }
    if (app.loadMs < 0)
      throw new BenchFailure("the app did not record the performance measure trailview:load");

    const heapAfter = await heapAfterGc(cdp);
    await page.waitForTimeout(200);
    const procAfter = chromiumMemory();

    // The load as a window on the main thread: from the pick (or the mark, if earlier) to the
    // later of the measure's end and "ready" reaching the DOM. A task is clipped to the window:
    // the task that dispatches `change` starts with Chromium turning the picked paths into File
    // objects (seconds for 30,000 files under automation), which is not the app's doing.
    const from = app.changeAt >= 0 ? Math.min(app.changeAt, app.loadStart) : app.loadStart;
    const to = Math.max(app.loadStart + app.loadMs, app.readyAt);
    let longest = 0;
    for (const task of app.longtasks) {
      const inside = Math.min(to, task.start + task.duration) - Math.max(from, task.start);
      longest = Math.max(longest, inside);
    }

    const lines: Reported[] = [];
    for (const interaction of interactions)
      lines.push(...(await interaction({ page, cdp, data, clicks })));
    if (watched.errors.length > 0) throw new BenchFailure(watched.errors.join("; "));

    return {
      loadMs: app.loadMs,
      seenMs: app.readyAt >= 0 && app.changeAt >= 0 ? app.readyAt - app.changeAt : Number.NaN,
      longestTaskMs: longest,
      longtaskError: app.longtaskError,
      heapPerEvent: (heapAfter.bytes - heapBefore.bytes) / expected,
      backingStores: heapAfter.backingStores,
      processPerEvent:
        procBefore && procAfter ? (procAfter.bytes - procBefore.bytes) / expected : null,
      processKind: procAfter ? procAfter.kind : null,
      fileErrors: app.fileErrors,
      interactions: lines,
    };
  } finally {
    await context.close();
  }
}
