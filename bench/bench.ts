// The benchmark: loads generated CloudTrail deliveries through the real UI in headless Chromium and
// prints one figure per line. Timings are reported as a ratio to the floor (inflate + JSON.parse
// alone, same files, same workers, same browser, same run), because absolute seconds drift between
// runs and machines and the ratio does not. See bench/README.md for the method and its caveats.
//
//   npx tsx bench/bench.ts [--case bench|tiny|all] [--events N] [--seed S] [--rounds R] [--no-build]
//
// Figures go to stdout, progress to stderr, so `npx tsx bench/bench.ts > note.txt` is quotable.
// Exit code: 0 whatever the figures (a missed target is reported, not failed); non-zero when the
// app crashed, reported an error state, or loaded a different number of events than were written.
import { spawnSync } from "node:child_process";
import {
  createReadStream,
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { CHROMIUM_LAUNCH } from "../e2e/chromium";
import { DETECT_INTERACTIONS } from "./detect";
import { INVESTIGATE_INTERACTIONS } from "./investigate";
import { AFTER_PAINT, median, passMiss, percentile, progress } from "./measure";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from "@playwright/test";

const ROOT = resolve(import.meta.dirname, "..");
/** The bench's own build: a build or a test run started meanwhile cannot swap files under it. */
const BENCH_DIST = join(ROOT, ".bench", "dist");
const FLOOR_DIR = join(ROOT, "bench", "floor");
const DATA_ROOT = join(ROOT, ".bench");
const MARKER = "bench-manifest.json";
/** Bumped when the manifest's shape or the way it is computed changes, so old folders are redone. */
const MANIFEST_VERSION = 1;

const TARGET_RATIO = 1.5;
const TARGET_BYTES_PER_EVENT = 1024;
const TARGET_LONGEST_TASK_MS = 200;
/** What the built-in detection pack may add to a load. */
const TARGET_RULES_COST = 0.15;

// ---------------------------------------------------------------------------------------------
// Options

export interface CaseSpec {
  name: "bench" | "tiny";
  preset: string;
  events: number;
}

interface Options {
  cases: CaseSpec[];
  seed: number;
  rounds: number;
  build: boolean;
  clicks: number;
}

function usageError(message: string): never {
  console.error(`${message}
usage: npx tsx bench/bench.ts [--case bench|tiny|all] [--events N] [--tiny-events N] [--seed S]
                              [--rounds R] [--clicks C] [--no-build]`);
  process.exit(2);
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(n) || n <= 0)
    usageError(`--${name} must be a positive integer, not ${value}`);
  return n;
}

function readOptions(): Options {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        case: { type: "string", default: "all" },
        events: { type: "string" },
        "tiny-events": { type: "string" },
        seed: { type: "string" },
        rounds: { type: "string" },
        clicks: { type: "string" },
        "no-build": { type: "boolean", default: false },
      },
      allowPositionals: false,
    });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  const bench: CaseSpec = {
    name: "bench",
    preset: "bench",
    events: positiveInt(v.events, 300_000, "events"),
  };
  const tiny: CaseSpec = {
    name: "tiny",
    preset: "tiny",
    events: positiveInt(v["tiny-events"], 40_000, "tiny-events"),
  };
  const which = v.case ?? "all";
  const cases =
    which === "all"
      ? [bench, tiny]
      : which === "bench"
        ? [bench]
        : which === "tiny"
          ? [tiny]
          : null;
  if (!cases) usageError(`--case must be bench, tiny or all, not ${which}`);
  return {
    cases,
    seed: positiveInt(v.seed, 20_240_601, "seed"),
    rounds: positiveInt(v.rounds, 3, "rounds"),
    clicks: positiveInt(v.clicks, 20, "clicks"),
    build: !v["no-build"],
  };
}

// ---------------------------------------------------------------------------------------------
// Data: generated once per (preset, events, seed), then reused

export interface Manifest {
  version: number;
  preset: string;
  events: number;
  seed: number;
  files: { log: number; insight: number; digest: number; other: number };
  compressedBytes: number;
  rawBytes: number;
  /** Events in log files after deduplication by eventID: what the app must show as its total. */
  uniqueEvents: number;
  /** Records in log files before deduplication, for the record. */
  records: number;
}

export interface DataSet {
  dir: string;
  /** Every `.json.gz` under the folder, sorted: what is handed to the file input. */
  paths: string[];
  manifest: Manifest;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.toSorted();
}

function gzipPaths(dir: string): string[] {
  return filesUnder(dir).filter((p) => p.endsWith(".json.gz"));
}

type Kind = "log" | "insight" | "digest" | "other";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The path says what CloudTrail delivered (its folder names); content decides when it does not.
function classify(path: string, json: unknown): Kind {
  if (path.includes(`${sep}CloudTrail-Digest${sep}`) || path.includes("_CloudTrail-Digest_"))
    return "digest";
  if (path.includes(`${sep}CloudTrail-Insight${sep}`) || path.includes("_CloudTrail-Insight_"))
    return "insight";
  if (!isRecord(json)) return "other";
  if ("digestStartTime" in json || "digestEndTime" in json) return "digest";
  const records = json.Records;
  if (!Array.isArray(records)) return "other";
  if (records.length > 0 && records.every((r) => isRecord(r) && r.eventCategory === "Insight"))
    return "insight";
  return "log";
}

/** An independent count of what was written, so a wrong total in the app cannot go unnoticed. */
export function survey(dir: string, preset: string, events: number, seed: number): Manifest {
  const files = { log: 0, insight: 0, digest: 0, other: 0 };
  let compressedBytes = 0;
  let rawBytes = 0;
  let records = 0;
  let anonymous = 0;
  const ids = new Set<string>();
  for (const path of gzipPaths(dir)) {
    const bytes = readFileSync(path);
    compressedBytes += bytes.length;
    const raw =
      bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    rawBytes += raw.length;
    let json: unknown = null;
    try {
      json = JSON.parse(raw.toString("utf8"));
    } catch {
      // An unparseable file is "other": the app reports it in file-errors and loads nothing from it.
    }
    const kind = classify(path, json);
    files[kind]++;
    if (kind !== "log" || !isRecord(json) || !Array.isArray(json.Records)) continue;
    for (const record of json.Records) {
      if (!isRecord(record) || record.eventCategory === "Insight") continue;
      records++;
      if (typeof record.eventID === "string") ids.add(record.eventID);
      else anonymous++;
    }
  }
  return {
    version: MANIFEST_VERSION,
    preset,
    events,
    seed,
    files,
    compressedBytes,
    rawBytes,
    uniqueEvents: ids.size + anonymous,
    records,
  };
}

function readManifest(dir: string): Manifest | null {
  const path = join(dir, MARKER);
  if (!existsSync(path)) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    return manifest.version === MANIFEST_VERSION ? manifest : null;
  } catch {
    return null;
  }
}

export async function ensureData(spec: CaseSpec, seed: number): Promise<DataSet> {
  const dir = join(DATA_ROOT, `${spec.preset}-${spec.events}-${seed}`);
  let manifest = readManifest(dir);
  if (manifest) {
    progress(`reusing ${relative(ROOT, dir)}`);
  } else {
    // Generated beside, then renamed: an interrupted run never leaves a folder that looks complete.
    const temp = `${dir}.partial-${process.pid}`;
    rmSync(temp, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    progress(
      `generating ${spec.events} events, preset ${spec.preset}, seed ${seed} into ${relative(ROOT, dir)}`,
    );
    const args = [
      "scripts/generate.ts",
      "--out",
      temp,
      "--preset",
      spec.preset,
      "--events",
      String(spec.events),
    ];
    args.push("--seed", String(seed));
    const run = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", process.stderr],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    process.stderr.write(run.stdout ?? "");
    if (run.status !== 0) {
      throw new Error(`the generator failed (exit ${run.status ?? run.signal})`);
    }
    progress("counting what was written");
    manifest = survey(temp, spec.preset, spec.events, seed);
    // Two independent counts, the generator's own summary and the survey, must agree.
    const said = /(\d+) events \+ \d+ duplicates/.exec(run.stdout ?? "");
    if (said && Number(said[1]) !== manifest.uniqueEvents) {
      throw new Error(
        `the generator says it wrote ${said[1]} unique events, the files hold ${manifest.uniqueEvents}`,
      );
    }
    writeFileSync(join(temp, MARKER), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(temp, dir);
  }
  const paths = gzipPaths(dir);
  const expected =
    manifest.files.log + manifest.files.insight + manifest.files.digest + manifest.files.other;
  if (paths.length !== expected)
    throw new Error(`${dir} holds ${paths.length} files, its manifest ${expected}`);
  if (manifest.uniqueEvents === 0)
    throw new Error(`${dir} holds no events: is the generator working?`);
  // The first browser round must not be the one that pays for a cold disk.
  for (const path of paths) readFileSync(path);
  return { dir, paths, manifest };
}

// ---------------------------------------------------------------------------------------------
// Build and serve

function build(): void {
  progress(`building the app (npx vite build --outDir ${relative(ROOT, BENCH_DIST)})`);
  const run = spawnSync(
    join(ROOT, "node_modules", ".bin", "vite"),
    ["build", "--outDir", BENCH_DIST, "--emptyOutDir", "--logLevel", "warn"],
    {
      cwd: ROOT,
      stdio: ["ignore", process.stderr, process.stderr],
    },
  );
  if (run.status !== 0) throw new Error(`vite build failed (exit ${run.status ?? run.signal})`);
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

function pakoBrowserBuild(): string {
  const candidates = [
    join(ROOT, "node_modules", "pako", "dist", "browser", "pako.esm.min.mjs"),
    join(ROOT, "node_modules", "pako", "dist", "pako.mjs"),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error("no ESM build of pako under node_modules/pako/dist");
  return found;
}

/** The file a URL path names, or null: dist/ for the app, bench/floor/ (and pako) for the floor. */
function resolveUrl(pathname: string, dist: string, pako: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded === "/__floor/pako.mjs") return pako;
  const [base, rest] = decoded.startsWith("/__floor/")
    ? [FLOOR_DIR, decoded.slice("/__floor/".length)]
    : [dist, decoded.slice(1)];
  const file = resolve(base, rest === "" || rest.endsWith("/") ? `${rest}index.html` : rest);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

export async function serve(dist: string): Promise<{ url: string; server: Server }> {
  const pako = pakoBrowserBuild();
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = resolveUrl(pathname, dist, pako);
    if (!file || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(file ? 405 : 404).end();
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    if (request.method === "HEAD") response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

// ---------------------------------------------------------------------------------------------
// Memory

export interface HeapReading {
  bytes: number;
  /** Whether Chromium reported array buffer backing stores; without them typed arrays are missed. */
  backingStores: boolean;
}

export async function heapAfterGc(cdp: CDPSession): Promise<HeapReading> {
  // Twice: the first pass can leave objects whose finalizers free more on the second.
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  const backing = (usage as { backingStorageSize?: number }).backingStorageSize;
  return {
    bytes: usage.usedSize + (usage.embedderHeapUsedSize ?? 0) + (backing ?? 0),
    backingStores: typeof backing === "number",
  };
}

/** Every process this one started, recursively: Chromium's browser, zygotes, GPU, renderers. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses; the fields after its last ")" do not.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface ProcessMemory {
  bytes: number;
  kind: "PSS" | "RSS";
}

export function chromiumMemory(): ProcessMemory | null {
  if (!existsSync("/proc/self/stat")) return null;
  let total = 0;
  let kind: "PSS" | "RSS" = "PSS";
  for (const pid of descendants(process.pid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
      if (pss) {
        total += Number(pss[1]) * 1024;
        continue;
      }
    } catch {
      // No smaps_rollup (old kernel, or not allowed): RSS double-counts shared pages, but exists.
    }
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
      if (rss) {
        total += Number(rss[1]) * 1024;
        kind = "RSS";
      }
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return { bytes: total, kind };
}

// ---------------------------------------------------------------------------------------------
// In-page scripts. Plain strings, not functions: tsx compiles functions with helpers (`__name`)
// that do not exist in the page, and a string says plainly that this code runs elsewhere.

const INIT_SCRIPT = `(() => {
  const bench = { longtasks: [], changeAt: -1, readyAt: -1 };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    bench.longtaskError = String(error);
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

const STATE_IS = (states: string[]): string =>
  `(() => { const s = document.querySelector("[data-testid=load-status]"); return !!s && ${JSON.stringify(states)}.includes(s.getAttribute("data-state")); })()`;

interface AppReading {
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

const READ_APP = `(async () => {
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

const READ_FLOOR = `(() => {
  const d = document.querySelector("[data-testid=floor-status]").dataset;
  return { ms: Number(d.ms), records: Number(d.records), rawBytes: Number(d.rawBytes), failed: Number(d.failed), workers: Number(d.workers) };
})()`;

// ---------------------------------------------------------------------------------------------
// Browser runs

class BenchFailure extends Error {
  override name = "BenchFailure";
}

/** Generous: a loaded 2-core machine takes tens of seconds; this only catches a hung page. */
function loadTimeout(data: DataSet): number {
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

export async function floorRound(
  browser: Browser,
  url: string,
  data: DataSet,
): Promise<FloorReading> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const watched = watch(page, "floor");
    await page.goto(`${url}__floor/`);
    await page.waitForFunction(
      `(() => { const s = document.querySelector("[data-testid=floor-status]"); return s && s.dataset.state !== "starting"; })()`,
      undefined,
      { timeout: 30_000 },
    );
    const state = await page.getAttribute("[data-testid=floor-status]", "data-state");
    if (state !== "idle") throw new BenchFailure(`the floor page did not start (state ${state})`);
    await page.setInputFiles("[data-testid=floor-input]", data.paths);
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

    await page.setInputFiles("input[data-testid=file-input]", data.paths);
    await Promise.race([
      watched.failure,
      page.waitForFunction(STATE_IS(["ready", "error"]), undefined, {
        timeout: loadTimeout(data),
        polling: 250,
      }),
    ]);
    if (watched.errors.length > 0) throw new BenchFailure(watched.errors.join("; "));
    const state = await page.getAttribute("[data-testid=load-status]", "data-state");
    if (state !== "ready") throw new BenchFailure(`the app's load ended in state ${state}`);
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

// ---------------------------------------------------------------------------------------------
// Interactions

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

const INTERACTIONS: readonly Interaction[] = [
  anomaliesTime,
  facetClickLatency,
  typingLatency,
  ...INVESTIGATE_INTERACTIONS,
  // Last: the findings it adds change what the page shows.
  ...DETECT_INTERACTIONS,
];

// ---------------------------------------------------------------------------------------------
// A case: rounds of floor and app, alternating, then the figures

function mb(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

async function runCase(
  browser: Browser,
  url: string,
  spec: CaseSpec,
  options: Options,
): Promise<string[]> {
  const data = await ensureData(spec, options.seed);
  const m = data.manifest;
  const floors: FloorReading[] = [];
  const apps: AppRound[] = [];
  // The same load without the built-in detection rules, in the same rounds: what the pack costs.
  const bare: AppRound[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Alternate which goes first, so neither always inherits the other's leftovers.
    const order: ("floor" | "app")[] = round % 2 === 0 ? ["floor", "app"] : ["app", "floor"];
    for (const which of order) {
      if (which === "floor") {
        const floor = await floorRound(browser, url, data);
        floors.push(floor);
        progress(`${spec.name} round ${round + 1}: floor ${Math.round(floor.ms)} ms`);
      } else {
        const last = round === options.rounds - 1;
        // The same load without the built-in rules, before or after it by turns.
        const runBare = async () => {
          const without = await appRound(browser, url, data, [], options.clicks, false);
          bare.push(without);
          progress(
            `${spec.name} round ${round + 1}: app without built-in rules ${Math.round(without.loadMs)} ms`,
          );
        };
        if (round % 2 === 1) await runBare();
        const app = await appRound(browser, url, data, last ? INTERACTIONS : [], options.clicks);
        apps.push(app);
        progress(`${spec.name} round ${round + 1}: app ${Math.round(app.loadMs)} ms`);
        if (round % 2 === 0) await runBare();
      }
    }
  }
  const bareMs = median(bare.map((a) => a.loadMs));

  const rounds = options.rounds;
  const loadMs = median(apps.map((a) => a.loadMs));
  const floorMs = median(floors.map((f) => f.ms));
  const ratio = loadMs / floorMs;
  const heap = median(apps.map((a) => a.heapPerEvent));
  const procs = apps.map((a) => a.processPerEvent).filter((v): v is number => v !== null);
  const longest = median(apps.map((a) => a.longestTaskMs));
  const worst = Math.max(...apps.map((a) => a.longestTaskMs));
  const seenEach = apps.map((a) => a.seenMs).filter((v) => Number.isFinite(v));
  const seen = seenEach.length > 0 ? median(seenEach) : Number.NaN;
  // The floor's clock starts at the change event; the app's measure starts at its own mark, so
  // anything the app does before marking is invisible to `ratio` and visible to this one.
  const seenRatio = seen / floorMs;
  const longtaskError = apps.find((a) => a.longtaskError)?.longtaskError ?? null;

  const lines = [
    `case ${spec.name}`,
    `events ${m.uniqueEvents}`,
    `files ${data.paths.length} (log ${m.files.log}, insight ${m.files.insight}, digest ${m.files.digest}${m.files.other ? `, other ${m.files.other}` : ""})`,
    `compressed MB ${mb(m.compressedBytes)}`,
    `raw MB ${mb(m.rawBytes)}`,
    `workers ${floors[0].workers}`,
    `load ms ${Math.round(loadMs)} (median of ${rounds}; each ${apps.map((a) => Math.round(a.loadMs)).join(", ")})`,
    `floor ms ${Math.round(floorMs)} (median of ${rounds}; each ${floors.map((f) => Math.round(f.ms)).join(", ")})`,
    `ratio ${ratio.toFixed(2)}`,
    `load ms from input change to ready on screen ${Number.isFinite(seen) ? Math.round(seen) : "n/a"} (median of ${rounds})`,
    `ratio from input change ${Number.isFinite(seenRatio) ? seenRatio.toFixed(2) : "n/a"}`,
    `memory per event (page heap + array buffers) ${Math.round(heap)} B${apps[0].backingStores ? "" : " (this Chromium does not report array buffers: typed arrays missing)"}`,
    procs.length > 0
      ? `memory per event (all chromium processes, ${apps[0].processKind}) ${Math.round(median(procs))} B`
      : "memory per event (all chromium processes): n/a (no /proc)",
    longtaskError
      ? `longest main-thread task during load: n/a (${longtaskError})`
      : `longest main-thread task during load ${longest > 0 ? `${Math.round(longest)} ms` : "< 50 ms (no long task)"} (median of ${rounds}; worst ${Math.round(worst)})`,
  ];
  const rulesCost = loadMs / bareMs - 1;
  lines.push(
    `built-in detection rules: load ms with ${Math.round(loadMs)}, without ${Math.round(bareMs)} (median of ${rounds}; each without ${bare.map((a) => Math.round(a.loadMs)).join(", ")}), cost ${(rulesCost * 100).toFixed(1)}%`,
  );
  const fileErrors = Math.max(...apps.map((a) => a.fileErrors));
  if (fileErrors > 0)
    lines.push(`file errors ${fileErrors} (generated files the app could not read)`);
  const targets: string[] = [];
  for (const reported of apps[apps.length - 1].interactions) {
    const figure =
      typeof reported === "string"
        ? { line: reported }
        : typeof reported === "function"
          ? reported(floorMs)
          : reported;
    lines.push(figure.line);
    if (figure.target !== undefined) targets.push(figure.target);
  }
  lines.push(
    `targets ratio <= ${TARGET_RATIO} ${passMiss(ratio <= TARGET_RATIO)}, built-in rules cost <= ${TARGET_RULES_COST * 100}% ${passMiss(rulesCost <= TARGET_RULES_COST)} (from input change ${passMiss(seenRatio <= TARGET_RATIO)}), memory <= ${(TARGET_BYTES_PER_EVENT / 1024).toFixed(1)} KB/event ${passMiss(heap <= TARGET_BYTES_PER_EVENT)}, longest task <= ${TARGET_LONGEST_TASK_MS} ms ${passMiss(!longtaskError && longest <= TARGET_LONGEST_TASK_MS)}${targets.map((t) => `, ${t}`).join("")}`,
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = readOptions();
  if (options.build) build();
  // Without a build, what the developer built last: dist/.
  const dist = options.build ? BENCH_DIST : join(ROOT, "dist");
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`${relative(ROOT, dist)}/index.html is missing: build the app first`);
  }
  const { url, server } = await serve(dist);
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  progress(
    `serving ${url} (${relative(ROOT, dist)}/ and /__floor/), Chromium ${browser.version()}`,
  );
  let failed = false;
  try {
    let first = true;
    for (const spec of options.cases) {
      try {
        const lines = await runCase(browser, url, spec, options);
        if (!first) console.log("");
        console.log(lines.join("\n"));
      } catch (error) {
        failed = true;
        if (!first) console.log("");
        console.log(`case ${spec.name}`);
        console.log(`FAILED ${error instanceof Error ? error.message : String(error)}`);
        if (error instanceof Error && !(error instanceof BenchFailure)) console.error(error.stack);
      }
      first = false;
    }
  } finally {
    await browser.close();
    server.close();
  }
  return failed ? 1 : 0;
}

// Run when invoked, not when imported (a later tool may reuse the pieces).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
