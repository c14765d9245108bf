// The loaded data and the loading of it: files, the columnar store, Insights and digests, and
// progress. No React here: components subscribe through `subscribe`/`version`.
import type {
  BatchResult,
  DigestSummary,
  FileOutcome,
  InsightRecord,
  PublicKeyEntry,
} from "../ingest/chunk";
import { storedSize, type ArchiveKind, type MemberEncoding } from "../ingest/archive";
import type { HeldBytes } from "../ingest/archiveBatch";
import { unpackOutcomes } from "../ingest/outcomes";
import { packFiles } from "../worker/packFiles";
import type { RuleSet } from "../query/ruleset";
import { RuleHits } from "../store/ruleHits";
import { MAX_PATHS } from "../ingest/paths";
import { EventStore } from "../store/eventStore";
import { untilNextTask } from "../lib/nextTask";
import { readSizes } from "../lib/blobSizes";
import { planBatches } from "../lib/batches";
import { readInBatches } from "../lib/readBlobs";
import { adoptTimeOrder, hasTimeOrder } from "../store/timeOrder";
import { baselineCopyOf } from "../store/baselinesCommon";
import { ANOMALIES_MARK, ANOMALIES_MEASURE, adoptAnomalies, hasAnomalies } from "./anomalies";
import { inProcessExpander, type Expander } from "../worker/archives";
import { CancelledError, WorkerReplyError, type WorkerPool } from "../worker/pool";
import { UserWork } from "./userWork";
import { FileReads, batchFile } from "./sessionReads";
import { expectedRows, loadPlan, type LoadPlan } from "./loadForecast";
import { ArchiveLoads, archiveKindOf, memoryRefusal } from "./sessionArchives";
import { DemoGenerator, type DemoProgress } from "./demo";
import { msLeft, viewRefreshDue } from "./viewRefresh";
import { countPairsNow } from "./derive";
import { FACET_FIELDS } from "./facetFields";
import type { FoundArchive, ParsedBatch } from "../worker/protocol";

/** A file the user dropped or picked, with where it came from. */
export interface SourceFile {
  blob: Blob;
  name: string;
  /**
   * Path inside a dropped folder (`AWSLogs/.../x.json.gz`), or the name; for an archive member,
   * the archive's path and the member's (`logs.zip › AWSLogs/.../x.json.gz`).
   */
  path: string;
  /** For an archive member: how its Blob (a slice of the archive) holds its bytes. */
  encoding?: MemberEncoding;
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
  /** Files plainly not logs (a `LICENSE` beside them), skipped with the reason: not errors. */
  skippedFiles: FileEntry[];
  /** Files that loaded with a warning (bytes after their gzip data ignored, a cut large file). */
  warnings: FileEntry[];
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
  /** Share of the memory budget the loaded events take (0 to 1 and past it). */
  memory: number;
}

/** Performance timeline names: `trailview:load` measures each load from its start to ready. */
export const LOAD_START_MARK = "trailview:load-start";
export const LOAD_MEASURE = "trailview:load";

/** Files or members per batch at most, and their bytes: see `batchesOf`. */
const BATCH_MAX_FILES = 256;
const BATCH_BYTES = 1024 * 1024;
/** Picked files read at once on this thread (see `parseAll`). */
const READ_LANES = 64;
/**
 * How often, at most, subscribers hear about a load in progress: each time the page renders
 * again, which a load of many small files would otherwise pay for many times a second.
 */
const NOTIFY_MS = 250;

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
    memory: 0,
  };
}

/** From this many rows a finished load has its time order and anomalies made by workers. */
const WORKER_ROWS = 100_000;

/** Past this share of the memory budget, the load status warns. */
export const MEMORY_WARNING = 0.8;

let sessionSerial = 0;

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
  /** The worker requests made for the user, that background work steps aside for. */
  readonly userWork = new UserWork();
  /** Reads of the loaded files in the workers: records, searches, scans, hashes. */
  readonly reads: FileReads;
  /** Bumped on every change; the progress display follows it. */
  version = 0;
  /**
   * Bumped on every change too, but while a load runs only when `viewRefreshDue` says: the views
   * derived from the whole store (selection, facets, chart) follow this one, so that a large load
   * is not slowed, nor the page held, by recomputing them for every batch.
   */
  viewVersion = 0;
  private viewBumpedAt = 0;
  /** Refreshes of the views since the load started. */
  private liveRefreshes = 0;

  private readonly listeners = new Set<() => void>();
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  /** Changes on cancel and clear: answers for an older epoch are dropped. */
  private epoch = 0;
  /** A growAhead loop is running. */
  private growing = false;
  /** What the load in progress is measured in, for the store's forecast (see loadForecast.ts). */
  private plan: LoadPlan | null = null;
  /** Generates the demo data set (its worker may be started ahead: see createSession). */
  readonly demo: DemoGenerator;
  /** Tells this session's files from another's in the workers (see fileCacheKey). */
  private readonly serial = ++sessionSerial;

  private readonly memoryBudget: number;
  private readonly batchFiles: number | null;
  private readonly workerRows: number;
  private readonly archives: ArchiveLoads;

  /**
   * `memoryBudget`: how many bytes the store may hold before a load stops (default: a share of
   * what the browser says a page may use, at most 1.5 GiB). `batchFiles`: how many files go to a
   * worker in one message (default: as many as their bytes allow, see `batchesOf`). `expander`:
   * reads archives (a worker per archive in the app; in this thread by default, for tests).
   * `workerRows`: from how many rows a finished load has its time order and its anomalies made
   * by workers. `heldBytes`: how many bytes of archive members read by the archive's reader may
   * wait for a worker (see HELD_BYTES).
   */
  constructor(
    private readonly pool: WorkerPool,
    options: {
      memoryBudget?: number;
      batchFiles?: number;
      expander?: Expander;
      demo?: DemoGenerator;
      workerRows?: number;
      heldBytes?: number;
    } = {},
  ) {
    this.reads = new FileReads({
      pool,
      userWork: this.userWork,
      files: () => this.files,
      // Unique to this session and this file until a clear.
      cacheKey: (fileIndex) => `${this.serial}:${this.clears}:${fileIndex}`,
    });
    this.demo = options.demo ?? new DemoGenerator();
    this.memoryBudget = options.memoryBudget ?? defaultMemoryBudget();
    this.batchFiles = options.batchFiles ?? null;
    this.workerRows = options.workerRows ?? WORKER_ROWS;
    this.archives = new ArchiveLoads(
      options.expander ?? inProcessExpander,
      {
        epoch: () => this.epoch,
        addEntries: (sources) => this.addEntries(sources),
        parseAll: (entries, epoch) => this.parseAll(entries, epoch),
        parseHeld: (entries, epoch, held) => this.parseHeld(entries, epoch, held),
        fail: (entry, reason) => this.fail(entry, reason),
        skipped: (count) => {
          this.tallies.skipped += count;
        },
        changed: () => this.changed(false),
      },
      options.heldBytes,
    );
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;
  getViewVersion = (): number => this.viewVersion;

  /** Files whose outcome is an error, with their reasons. */
  fileErrors(): FileEntry[] {
    return this.tallies.errors;
  }

  /**
   * Loads more files; what is already loaded stays. Archives (by name here, by their bytes in the
   * workers) are read member by member, each member loading as a file of its own. Resolves when
   * every file is processed. Refused, with the reason in the progress, when the loaded events
   * already take the memory budget or these files would take them past it.
   */
  async load(sources: SourceFile[]): Promise<void> {
    if (sources.length === 0) return;
    if (!this.admit(sources)) return;
    const epoch = this.epoch;
    const archives: { source: SourceFile; kind: ArchiveKind }[] = [];
    const loose: SourceFile[] = [];
    for (const source of sources) {
      const kind = archiveKindOf(source);
      if (kind === null) loose.push(source);
      else archives.push({ source, kind });
    }
    const previous = this.progress.state === "loading" ? this.progress : null;
    this.progress = {
      ...idleProgress(),
      state: "loading",
      filesTotal: previous ? previous.filesTotal : 0,
      filesDone: previous ? previous.filesDone : 0,
      bytesDone: previous ? previous.bytesDone : 0,
      rawBytes: previous ? previous.rawBytes : 0,
      startedAt: previous ? previous.startedAt : performance.now(),
      memory: this.memoryShare(),
    };
    // The benchmark reads these marks: the load as the user sees it, from the pick to "ready".
    if (!previous) performance.mark(LOAD_START_MARK);
    this.plan = previous
      ? null
      : loadPlan(
          this.store.rows,
          loose.length,
          archives.map(({ source, kind }) => ({ kind, bytes: source.blob.size })),
        );
    const entries = this.addEntries(loose);
    this.changed(true);

    await Promise.all([
      this.parseAll(entries, epoch),
      ...archives.map(({ source, kind }) => this.archives.expand(source, kind, epoch)),
    ]);

    // Another load started meanwhile finishes the state itself.
    if (epoch !== this.epoch || this.files.some((f) => f.outcome === null)) return;
    this.plan = null;
    this.store.expectRows(0);
    // The room the columns grew into and did not fill is given back before the load is ready, in
    // steps that leave the page free between them.
    while (!this.store.fitStep()) {
      await untilNextTask();
      if (epoch !== this.epoch || this.files.some((f) => f.outcome === null)) return;
    }
    // Side by side, on two workers when there are two, while this thread counts the first facet
    // field's pairs (the first click on one of its values is then answered from short lists).
    await Promise.all([
      this.sortByTimeInWorker(),
      this.anomaliesInWorker(),
      countPairsNow(this.store, FACET_FIELDS),
    ]);
    if (epoch !== this.epoch || this.files.some((f) => f.outcome === null)) return;
    this.progress = {
      ...this.progress,
      state: "ready",
      finishedAt: performance.now(),
      memory: this.memoryShare(),
    };
    performance.measure(LOAD_MEASURE, LOAD_START_MARK);
    this.changed(true);
  }

  /**
   * The time order every view reads (newest first), sorted by a worker from a copy of the time
   * column when the store is large: on the page, the sort would be a long task at the first view
   * after the load. If the worker cannot, the first view sorts on the page as before.
   */
  private async sortByTimeInWorker(): Promise<void> {
    const store = this.store;
    if (store.rows < this.workerRows || hasTimeOrder(store)) return;
    const version = store.version;
    const time = store.time.slice(0, store.rows);
    const timed = store.rows - store.noTime;
    try {
      const { order } = await this.pool.run(
        { type: "timeOrder", time, timed, range: store.timeRange() },
        [time.buffer],
      );
      if (store.version === version) adoptTimeOrder(store, order);
    } catch {
      // Cancelled with the load, or the worker failed: timeOrderOf sorts on the page.
    }
  }

  /**
   * The computed anomalies (baselines for every API), made by a worker from copies of the
   * columns they read when the store is large: on the page they would be one long task at the
   * first view after the load. If the worker cannot, the first view computes them as before.
   */
  private async anomaliesInWorker(): Promise<void> {
    const store = this.store;
    if (store.rows < this.workerRows || hasAnomalies(this)) return;
    // Its copies in a task of their own, after those of the time sort.
    await untilNextTask();
    const version = store.version;
    const { input, transfer } = baselineCopyOf(store);
    performance.mark(ANOMALIES_MARK);
    try {
      const { result } = await this.pool.run({ type: "anomalies", input }, transfer);
      performance.measure(ANOMALIES_MEASURE, ANOMALIES_MARK);
      adoptAnomalies(this, version, result);
    } catch {
      // Cancelled with the load, or the worker failed: anomaliesOf computes them on the page.
    }
  }

  /**
   * What the loaded events take: the store without the growth prepared ahead, which replaces
   * columns and a table that it counts already (see EventStore.growStep).
   */
  private loadedBytes(): number {
    return this.store.approximateBytes() - this.store.aheadBytes();
  }

  /** Share of the memory budget the loaded events take. */
  memoryShare(): number {
    return this.loadedBytes() / this.memoryBudget;
  }

  /** Refuses a load that the memory budget cannot take (see memoryRefusal); says why. */
  private admit(sources: SourceFile[]): boolean {
    const refusal = memoryRefusal(sources, {
      rows: this.store.rows,
      used: this.loadedBytes(),
      budget: this.memoryBudget,
      filesDone: this.progress.filesDone,
      bytesDone: this.progress.bytesDone,
      files: this.files,
    });
    if (refusal === null) return true;
    this.progress = {
      ...this.progress,
      state: this.progress.state === "loading" ? "loading" : "error",
      updatedAt: performance.now(),
      memory: this.memoryShare(),
      message: refusal,
    };
    this.changed(true);
    return false;
  }

  /** New entries for these files, counted in the progress. */
  private addEntries(sources: SourceFile[]): FileEntry[] {
    const first = this.files.length;
    // No `blob.size` here: for a picked file it is a synchronous call to the browser process,
    // seconds for tens of thousands of files. parseAll reads them in slices before posting, and
    // the progress learns them from the workers' outcomes.
    const entries = sources.map((source, i): FileEntry => ({
      ...source,
      index: first + i,
      outcome: null,
    }));
    if (entries.length === 0) return entries;
    this.files = this.files.concat(entries);
    this.progress.filesTotal += entries.length;
    return entries;
  }

  /**
   * Parses these entries in batches. Picked files are read here, many at a time, and go to the
   * workers as bytes (lib/readBlobs): no snapshot of each file is taken, which a post of the file
   * or a read of its size would need. A file over BATCH_BYTES, and an archive's members (spans of
   * the archive, read in the workers), go to the workers as Blobs (see `postAll`).
   */
  private async parseAll(entries: FileEntry[], epoch: number): Promise<void> {
    const current = () => epoch === this.epoch;
    const picked = entries.filter((entry) => entry.encoding === undefined);
    const members = entries.filter((entry) => entry.encoding !== undefined);
    const large: Promise<unknown>[] = [];
    const read = readInBatches(
      picked,
      {
        lanes: READ_LANES,
        maxItems: this.batchFiles ?? BATCH_MAX_FILES,
        maxBytes: this.batchFiles === null ? BATCH_BYTES : Number.POSITIVE_INFINITY,
        cap: BATCH_BYTES,
        ahead: this.pool.size * 2 + 2,
      },
      {
        blobOf: (entry) => entry.blob,
        batch: (items, buffer) =>
          this.parse(
            items.map(({ item }) => item),
            epoch,
            { bytes: items.map((item) => item.bytes), buffer },
          ),
        large: (entry) => large.push(this.parse([entry], epoch)),
        failed: (entry, error) => {
          const why = error instanceof Error ? error.message : String(error);
          if (current()) this.fail(entry, `could not be read (${why})`);
        },
        keepGoing: current,
      },
    );
    await Promise.all([read, this.postAll(members, epoch)]);
    await Promise.all(large);
  }

  /**
   * Parses archive members with the bytes of the archive that the archive's reader read for them
   * (ArchiveBatch.held), transferred: the worker does not read them again. One batch, or batches
   * of `batchFiles` members (a setting of tests), each with a copy of the bytes.
   */
  private async parseHeld(entries: FileEntry[], epoch: number, held: HeldBytes): Promise<void> {
    if (this.batchFiles === null) return this.parse(entries, epoch, undefined, held);
    const parts: Promise<void>[] = [];
    for (let i = 0; i < entries.length; i += this.batchFiles) {
      const part = entries.slice(i, i + this.batchFiles);
      parts.push(
        this.parse(part, epoch, undefined, { start: held.start, bytes: held.bytes.slice() }),
      );
    }
    await Promise.all(parts);
  }

  /** Parses these entries in batches of Blobs (see `batchesOf`; a worker splits a batch of too many bytes). */
  private async postAll(entries: FileEntry[], epoch: number): Promise<void> {
    const batches: Promise<unknown>[] = [];
    // The sizes of each group of entries are read before it is posted (lib/blobSizes), one group
    // after another in slices of a few ms, so that no post is a long task; a group's batches go
    // as soon as its sizes are in.
    let sized: Promise<unknown> = Promise.resolve();
    const current = () => epoch === this.epoch;
    const group = this.batchFiles ?? BATCH_MAX_FILES;
    for (let i = 0; i < entries.length; i += group) {
      const part = entries.slice(i, i + group);
      sized = sized.then(() =>
        readSizes(
          part.map((entry) => entry.blob),
          current,
        ),
      );
      batches.push(
        sized.then(() =>
          current()
            ? Promise.all(this.batchesOf(part).map((batch) => this.parse(batch, epoch)))
            : undefined,
        ),
      );
    }
    await Promise.all(batches);
  }

  /**
   * Entries in batches for the workers, by their bytes (an archive member's span, a file's size,
   * read by then): up to BATCH_MAX_FILES of them or BATCH_BYTES, so that a batch of tiny files
   * or members (a few hundred bytes each cost far less than the message and the chunk around
   * them) is large, and one of large files stays small. A session made with another `batchFiles`
   * batches by that count.
   */
  private batchesOf(entries: FileEntry[]): FileEntry[][] {
    if (this.batchFiles !== null) return [entries];
    const sizes = entries.map((entry) =>
      entry.encoding === undefined ? entry.blob.size : entry.encoding.end - entry.encoding.start,
    );
    return planBatches(sizes, BATCH_MAX_FILES, BATCH_BYTES).map((batch) =>
      batch.map((i) => entries[i]),
    );
  }

  /** Stops the running load; what was read stays loaded, the rest is counted as not loaded. */
  cancel(): void {
    if (this.progress.state !== "loading") return;
    this.epoch++;
    this.pool.cancelAll();
    this.archives.stop();
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
    this.archives.stop();
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

  /**
   * The built-in demo data set, generated in a worker of its own (not an ingest worker), as files
   * to load; `onProgress` hears how far the generation is.
   */
  demoFiles(onProgress: (progress: DemoProgress) => void = () => {}): Promise<SourceFile[]> {
    return this.demo.generate(onProgress);
  }

  /**
   * Parses a batch in a worker: its files' Blobs (with the bytes of their Blob already read, when
   * `held`), or the bytes read of each (`read`: views of one buffer). Bytes are transferred. A
   * batch retried after a crash goes as Blobs.
   */
  private async parse(
    batch: FileEntry[],
    epoch: number,
    read?: { bytes: Uint8Array[]; buffer: ArrayBuffer },
    held?: HeldBytes,
  ): Promise<void> {
    let results: ParsedBatch[];
    let archives: FoundArchive[];
    const load = `${this.serial}:${epoch}`;
    try {
      ({ results, archives } = await (read === undefined
        ? this.pool.run(
            {
              type: "parse",
              files: packFiles(batch.map((e) => batchFile(e))),
              held,
              rules: this.ruleSet,
              load,
            },
            held === undefined ? [] : [held.bytes.buffer as ArrayBuffer],
          )
        : this.pool.run(
            {
              type: "parse",
              files: packFiles([]),
              read: batch.map((e, i) => ({
                fileIndex: e.index,
                name: e.name,
                bytes: read.bytes[i],
              })),
              rules: this.ruleSet,
              load,
            },
            [read.buffer],
          )));
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
    for (const result of results)
      this.merge({ ...result, outcomes: unpackOutcomes(result.outcomes) });
    // Files that are archives by their bytes: read their members, as for an archive by name.
    if (archives.length > 0) {
      await Promise.all(
        archives.map(({ fileIndex, kind }) => {
          const entry = this.files[fileIndex];
          this.settleArchive(entry);
          // An archive inside a tar: its span of the outer archive, read as a file of its own.
          const { encoding } = entry;
          const source =
            encoding === undefined
              ? entry
              : {
                  blob: entry.blob.slice(encoding.start, encoding.end),
                  name: entry.name,
                  path: entry.path,
                };
          return this.archives.expand(source, kind, epoch);
        }),
      );
    }
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
    this.progress.memory = this.memoryShare();
    this.store.expectRows(
      expectedRows(this.plan, {
        rows: this.store.rows,
        files: this.progress.filesDone,
        bytes: this.progress.bytesDone,
      }),
      this.memoryBudget - this.loadedBytes(),
    );
    if (this.loadedBytes() > this.memoryBudget) {
      // Growth prepared ahead gives its room back before the load is stopped for memory.
      this.store.dropAhead();
      this.stopForMemory();
    } else this.growAhead();
    this.changed(false);
  }

  /**
   * Prepares the store's next growth in tasks of their own while files remain to be read
   * (EventStore.growStep), within the memory budget: the append that needs the room then does
   * not copy every column nor rebuild the dedupe table in one task.
   */
  private growAhead(): void {
    if (this.growing) return;
    this.growing = true;
    const epoch = this.epoch;
    const more = () =>
      epoch === this.epoch &&
      this.progress.state === "loading" &&
      this.progress.filesDone < this.progress.filesTotal;
    const step = () =>
      this.store.growStep(undefined, undefined, this.memoryBudget - this.store.approximateBytes());
    void (async () => {
      try {
        do await untilNextTask();
        while (more() && !step());
      } finally {
        this.growing = false;
      }
    })();
  }

  /**
   * Ends the load before the page runs out of memory: a crashed tab would lose everything, while
   * stopping keeps what was loaded usable. The files not read are counted and named as such.
   */
  private stopForMemory(): void {
    this.epoch++;
    this.pool.cancelAll();
    this.archives.stop();
    const pending = this.markCancelled();
    const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
    this.progress = {
      ...this.progress,
      state: "error",
      finishedAt: performance.now(),
      cancelledFiles: pending.length,
      message:
        `Loading stopped to stay within this browser's memory: the loaded events take about ` +
        `${mb(this.loadedBytes())} MB (limit ${mb(this.memoryBudget)} MB). ` +
        `${pending.length === 1 ? "1 file was" : `${pending.length} files were`} not loaded; ` +
        "what is loaded stays usable.",
    };
    this.changed(true);
  }

  private fail(entry: FileEntry, reason: string): void {
    if (entry.outcome) return;
    this.settle(entry, failureOutcome(entry, storedSize(entry), reason));
    this.changed(false);
  }

  /**
   * An archive found by its bytes has no outcome of its own (its members have theirs): done in
   * the progress, counted in no tally, never read again (integrity, case files skip it).
   */
  private settleArchive(entry: FileEntry): void {
    if (entry.outcome) return;
    entry.outcome = { ...failureOutcome(entry, 0, ""), kind: "cancelled" };
    this.progress.filesDone++;
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
    else if (outcome.kind === "skipped") tallies.skippedFiles = [...tallies.skippedFiles, entry];
    if (outcome.warning !== undefined) tallies.warnings = [...tallies.warnings, entry];
  }

  /** Bumps the version; tells subscribers now, or within NOTIFY_MS during a load. */
  private changed(now: boolean): void {
    this.version++;
    const at = performance.now();
    this.progress.updatedAt = at;
    const { filesDone, filesTotal, startedAt } = this.progress;
    const left = msLeft(at - startedAt, filesDone, filesTotal);
    if (now || viewRefreshDue(at - this.viewBumpedAt, this.liveRefreshes, this.store.rows, left)) {
      this.viewVersion++;
      this.viewBumpedAt = at;
      this.liveRefreshes = now ? 0 : this.liveRefreshes + 1;
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
  return { logFiles: 0, digests: 0, skipped: 0, errors: [], skippedFiles: [], warnings: [] };
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
