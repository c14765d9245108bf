// The loaded data and the loading of it: files, the columnar store, Insights and digests, and
// progress. No React here: components subscribe through `subscribe`/`version`.
import type {
  BatchResult,
  DigestSummary,
  FileOutcome,
  InsightRecord,
  PublicKeyEntry,
} from "../ingest/chunk";
import type { FileHash } from "../ingest/integrityCrypto";
import type { Expr } from "../query/ast";
import type { RuleSet } from "../query/ruleset";
import { RuleHits } from "../store/ruleHits";
import { MAX_PATHS } from "../ingest/paths";
import { EventStore } from "../store/eventStore";
import { CancelledError, WorkerReplyError, type WorkerPool } from "../worker/pool";
import { generateDemo, type DemoProgress } from "./demo";
import type { BatchFile } from "../worker/protocol";

/** A file the user dropped or picked, with where it came from. */
export interface SourceFile {
  blob: Blob;
  name: string;
  /** Path inside a dropped folder (`AWSLogs/.../x.json.gz`), or the name. */
  path: string;
}

export interface FileEntry extends SourceFile {
  index: number;
  /** null while the file waits or is being read. */
  outcome: FileOutcome | null;
}

/** Running tallies over the files' outcomes, kept as outcomes arrive (not re-counted per render). */
export interface FileTallies {
  /** Files that held events (possibly none after filtering duplicates). */
  logFiles: number;
  digests: number;
  /** Entries inside files that were not CloudTrail records. */
  skipped: number;
  /** The files that could not be read, in the order they failed. */
  errors: FileEntry[];
}

export type LoadState = "idle" | "loading" | "ready" | "error";

export interface LoadProgress {
  state: LoadState;
  filesTotal: number;
  filesDone: number;
  /** Compressed bytes of the files done (sizes are learnt as files are read, not up front). */
  bytesDone: number;
  rawBytes: number;
  startedAt: number;
  /** When the figures last changed (performance.now()), so views need not read the clock. */
  updatedAt: number;
  finishedAt: number;
  /** Files of the last load that were never read because the load was cancelled. */
  cancelledFiles: number;
  /** Why the load as a whole stopped, when state is "error". */
  message: string;
}

/** Performance timeline names: `trailview:load` measures each load from its start to ready. */
export const LOAD_START_MARK = "trailview:load-start";
export const LOAD_MEASURE = "trailview:load";

const BATCH_FILES = 64;
/** How often, at most, subscribers hear about a load in progress. */
const NOTIFY_MS = 100;
/** How often, at most, the views over the whole store are recomputed during a load. */
const VIEW_REFRESH_MS = 1000;
/**
 * Past this many rows a refresh of every view takes long enough to hold the page (the counts
 * pass alone is ~100 ms at a million rows): the views then wait for the end of the load, while
 * the progress line keeps counting.
 */
const LIVE_VIEW_ROWS = 250_000;

function idleProgress(): LoadProgress {
  return {
    state: "idle",
    filesTotal: 0,
    filesDone: 0,
    bytesDone: 0,
    rawBytes: 0,
    startedAt: 0,
    updatedAt: 0,
    finishedAt: 0,
    cancelledFiles: 0,
    message: "",
  };
}

export class Session {
  readonly store = new EventStore();
  files: FileEntry[] = [];
  insights: InsightRecord[] = [];
  digests: DigestSummary[] = [];
  /** Public keys from `list-public-keys` files loaded with the logs (to verify digests). */
  keys: PublicKeyEntry[] = [];
  /**
   * The detection rules evaluated in the workers as files load (null: none), and the rows each
   * rule matched, by the rule's index in the set.
   */
  ruleSet: RuleSet | null = null;
  readonly ruleHits = new RuleHits();
  /** Dotted field paths seen in the loaded records, for the query box's autocomplete. */
  paths = new Set<string>();
  progress: LoadProgress = idleProgress();
  tallies: FileTallies = emptyTallies();
  /** Bumped by `clear`: what was derived from the files loaded before is void. */
  clears = 0;
  /** Bumped on every change; the progress display follows it. */
  version = 0;
  /**
   * Bumped on every change too, but while a load runs at most once per VIEW_REFRESH_MS (and not
   * at all once the store is past LIVE_VIEW_ROWS): the views derived from the whole store
   * (selection, facets, chart) follow this one, so that a large load is not slowed, nor the page
   * held, by recomputing them for every batch.
   */
  viewVersion = 0;
  private viewBumpedAt = 0;

  private readonly listeners = new Set<() => void>();
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  /** Changes on cancel and clear: answers for an older epoch are dropped. */
  private epoch = 0;

  private readonly memoryBudget: number;
  private readonly batchFiles: number;

  /**
   * `memoryBudget`: how many bytes the store may hold before a load stops (default: a share of
   * what the browser says a page may use, at most 1.5 GiB). `batchFiles`: how many files go to a
   * worker in one message.
   */
  constructor(
    private readonly pool: WorkerPool,
    options: { memoryBudget?: number; batchFiles?: number } = {},
  ) {
    this.memoryBudget = options.memoryBudget ?? defaultMemoryBudget();
    this.batchFiles = options.batchFiles ?? BATCH_FILES;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Files whose outcome is an error, with their reasons. */
  fileErrors(): FileEntry[] {
    return this.tallies.errors;
  }

  /** Loads more files; what is already loaded stays. Resolves when every file is processed. */
  async load(sources: SourceFile[]): Promise<void> {
    if (sources.length === 0) return;
    const epoch = this.epoch;
    const first = this.files.length;
    // No `blob.size` here: for a picked file it is a synchronous call to the browser process,
    // seconds for tens of thousands of files. Sizes are learnt from the workers' outcomes.
    const entries = sources.map((source, i): FileEntry => ({
      ...source,
      index: first + i,
      outcome: null,
    }));
    this.files = this.files.concat(entries);
    const previous = this.progress.state === "loading" ? this.progress : null;
    this.progress = {
      ...idleProgress(),
      state: "loading",
      filesTotal: entries.length + (previous ? previous.filesTotal : 0),
      filesDone: previous ? previous.filesDone : 0,
      bytesDone: previous ? previous.bytesDone : 0,
      rawBytes: previous ? previous.rawBytes : 0,
      startedAt: previous ? previous.startedAt : performance.now(),
    };
    // The benchmark reads these marks: the load as the user sees it, from the pick to "ready".
    if (!previous) performance.mark(LOAD_START_MARK);
    this.changed(true);

    // Batches by count; a worker splits a batch whose bytes are too many for one parse.
    const batches: FileEntry[][] = [];
    for (let i = 0; i < entries.length; i += this.batchFiles) {
      batches.push(entries.slice(i, i + this.batchFiles));
    }
    await Promise.all(batches.map((batch) => this.parse(batch, epoch)));

    // Another load started meanwhile finishes the state itself.
    if (epoch !== this.epoch || this.files.some((f) => f.outcome === null)) return;
    this.progress = { ...this.progress, state: "ready", finishedAt: performance.now() };
    performance.measure(LOAD_MEASURE, LOAD_START_MARK);
    this.changed(true);
  }

  /** Stops the running load; what was read stays loaded, the rest is counted as not loaded. */
  cancel(): void {
    if (this.progress.state !== "loading") return;
    this.epoch++;
    this.pool.cancelAll();
    const pending = this.markCancelled();
    this.progress = {
      ...this.progress,
      state: "ready",
      finishedAt: performance.now(),
      cancelledFiles: pending.length,
    };
    this.changed(true);
  }

  /** Forgets everything loaded. */
  clear(): void {
    this.epoch++;
    this.clears++;
    this.pool.cancelAll();
    this.store.clear();
    this.files = [];
    this.insights = [];
    this.digests = [];
    this.keys = [];
    this.paths = new Set();
    this.ruleHits.clear();
    this.tallies = emptyTallies();
    this.progress = idleProgress();
    this.changed(true);
  }

  /** The whole record behind a row, as JSON text, re-read from its file in a worker. */
  async recordText(fileIndex: number, record: number): Promise<string> {
    const file = this.files[fileIndex];
    if (!file) throw new Error(`no file #${fileIndex}`);
    const response = await this.pool.run({
      type: "record",
      name: file.name,
      blob: file.blob,
      record,
    });
    return response.json;
  }

  /**
   * Several records of one file as compact JSON text, in the order asked (null where the file
   * no longer holds a record there), re-read in a worker.
   */
  async recordTexts(fileIndex: number, records: number[]): Promise<(string | null)[]> {
    const file = this.files[fileIndex];
    if (!file) throw new Error(`no file #${fileIndex}`);
    const response = await this.pool.run({
      type: "records",
      name: file.name,
      blob: file.blob,
      records,
    });
    return response.texts;
  }

  /**
   * Scans whole records of these files for `needle` (case-insensitive) in a worker: the places
   * (fileIndex, record) that match, and the bytes read.
   */
  async searchFiles(
    fileIndices: number[],
    needle: string,
  ): Promise<{ places: Uint32Array; bytes: number }> {
    const files = fileIndices.map((i) => ({
      fileIndex: i,
      name: this.files[i].name,
      blob: this.files[i].blob,
    }));
    const response = await this.pool.run({ type: "search", files, needle });
    return { places: response.matches, bytes: response.bytes };
  }

  /**
   * Evaluates expressions (query terms on nested paths, rules) over whole records of these files
   * in a worker: per expression, the places (fileIndex, record) that match; and the bytes read.
   */
  async matchFiles(
    fileIndices: number[],
    exprs: Expr[],
  ): Promise<{ places: Uint32Array[]; bytes: number }> {
    const files = fileIndices.map((i) => ({
      fileIndex: i,
      name: this.files[i].name,
      blob: this.files[i].blob,
    }));
    const response = await this.pool.run({ type: "match", files, exprs });
    return { places: response.places, bytes: response.bytes };
  }

  /**
   * The SHA-256 of each of these files' decompressed bytes, computed in a worker (integrity
   * checks against digests); and the bytes read.
   */
  async hashFiles(fileIndices: number[]): Promise<{ hashes: FileHash[]; bytes: number }> {
    const files = fileIndices.map((i) => ({
      fileIndex: i,
      name: this.files[i].name,
      blob: this.files[i].blob,
    }));
    const response = await this.pool.run({ type: "hash", files });
    return { hashes: response.hashes, bytes: response.bytes };
  }

  /**
   * The built-in demo data set, generated in a worker of its own (not an ingest worker), as files
   * to load; `onProgress` hears how far the generation is.
   */
  demoFiles(onProgress: (progress: DemoProgress) => void = () => {}): Promise<SourceFile[]> {
    return generateDemo(onProgress);
  }

  private async parse(batch: FileEntry[], epoch: number): Promise<void> {
    const files: BatchFile[] = batch.map((e) => ({
      fileIndex: e.index,
      name: e.name,
      blob: e.blob,
    }));
    let results: BatchResult[];
    try {
      ({ results } = await this.pool.run({ type: "parse", files, rules: this.ruleSet }));
    } catch (error) {
      if (error instanceof CancelledError || epoch !== this.epoch) return;
      // The worker answered that the batch failed as a whole: every file in it failed.
      if (error instanceof WorkerReplyError) {
        for (const entry of batch) this.fail(entry, error.message);
        return;
      }
      // A crash takes the whole batch down; retry its files one by one to find the culprit.
      if (batch.length > 1) {
        await Promise.all(batch.map((entry) => this.parse([entry], epoch)));
      } else {
        this.fail(batch[0], error instanceof Error ? error.message : String(error));
      }
      return;
    }
    if (epoch !== this.epoch) return;
    for (const result of results) this.merge(result);
  }

  /** Gives every file not yet read the outcome "cancelled"; returns them. */
  private markCancelled(): FileEntry[] {
    const pending = this.files.filter((f) => f.outcome === null);
    for (const entry of pending) {
      entry.outcome = { ...failureOutcome(entry, 0, ""), kind: "cancelled" };
    }
    return pending;
  }

  private merge(result: BatchResult): void {
    if (this.progress.state !== "loading") return;
    const appended = this.store.append(result.chunk);
    if (result.matches.length > 0) this.ruleHits.addChunk(result.matches, appended);
    for (const outcome of result.outcomes) {
      const entry = this.files[outcome.fileIndex];
      if (!entry || entry.outcome) continue;
      this.settle(entry, outcome);
    }
    if (result.insights.length > 0) this.insights = this.insights.concat(result.insights);
    if (result.digests.length > 0) this.digests = this.digests.concat(result.digests);
    if (result.keys !== undefined && result.keys.length > 0)
      this.keys = this.keys.concat(result.keys);
    for (const path of result.paths) if (this.paths.size < MAX_PATHS) this.paths.add(path);
    if (this.store.approximateBytes() > this.memoryBudget) this.stopForMemory();
    this.changed(false);
  }

  /**
   * Ends the load before the page runs out of memory: a crashed tab would lose everything, while
   * stopping keeps what was loaded usable. The files not read are counted and named as such.
   */
  private stopForMemory(): void {
    this.epoch++;
    this.pool.cancelAll();
    const pending = this.markCancelled();
    const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
    this.progress = {
      ...this.progress,
      state: "error",
      finishedAt: performance.now(),
      cancelledFiles: pending.length,
      message:
        `Loading stopped to stay within this browser's memory: the loaded events take about ` +
        `${mb(this.store.approximateBytes())} MB (limit ${mb(this.memoryBudget)} MB). ` +
        `${pending.length} files were not loaded; what is loaded stays usable.`,
    };
    this.changed(true);
  }

  private fail(entry: FileEntry, reason: string): void {
    if (entry.outcome) return;
    this.settle(entry, failureOutcome(entry, entry.blob.size, reason));
    this.changed(false);
  }

  /** Records a file's outcome in the progress and the tallies. */
  private settle(entry: FileEntry, outcome: FileOutcome): void {
    entry.outcome = outcome;
    this.progress.filesDone++;
    this.progress.bytesDone += outcome.compressedBytes;
    this.progress.rawBytes += outcome.rawBytes;
    const tallies = this.tallies;
    tallies.skipped += outcome.skipped;
    if (outcome.kind === "events") tallies.logFiles++;
    else if (outcome.kind === "digest") tallies.digests++;
    else if (outcome.kind === "error") tallies.errors = [...tallies.errors, entry];
  }

  /** Bumps the version; tells subscribers now, or within NOTIFY_MS during a load. */
  private changed(now: boolean): void {
    this.version++;
    const at = performance.now();
    this.progress.updatedAt = at;
    const live = this.store.rows <= LIVE_VIEW_ROWS && at - this.viewBumpedAt >= VIEW_REFRESH_MS;
    if (now || live) {
      this.viewVersion++;
      this.viewBumpedAt = at;
    }
    if (now) {
      if (this.notifyTimer !== null) clearTimeout(this.notifyTimer);
      this.notifyTimer = null;
      this.notify();
    } else if (this.notifyTimer === null) {
      this.notifyTimer = setTimeout(() => {
        this.notifyTimer = null;
        this.notify();
      }, NOTIFY_MS);
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Chrome tells a page its heap limit; other browsers do not, so 1.5 GiB is the ceiling. */
function defaultMemoryBudget(): number {
  const ceiling = 1.5 * 1024 * 1024 * 1024;
  const memory = (performance as { memory?: { jsHeapSizeLimit?: number } }).memory;
  const limit = memory?.jsHeapSizeLimit;
  return typeof limit === "number" && limit > 0 ? Math.min(ceiling, limit / 2) : ceiling;
}

function emptyTallies(): FileTallies {
  return { logFiles: 0, digests: 0, skipped: 0, errors: [] };
}

function failureOutcome(entry: FileEntry, compressedBytes: number, reason: string): FileOutcome {
  return {
    fileIndex: entry.index,
    kind: "error",
    shape: null,
    compressedBytes,
    rawBytes: 0,
    events: 0,
    insights: 0,
    skipped: 0,
    error: reason,
  };
}
