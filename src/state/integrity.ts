// Log file integrity against the loaded digest files (`aws cloudtrail validate-logs`, offline):
// once a load that brought digests is ready and the user's worker requests (session.userWork)
// have been quiet for IDLE_MS, the log files the digests list are hashed again in the workers,
// one batch at a time in one lane, pausing while a request of the user's is in flight, with
// progress; the checks of src/ingest/integrity.ts make the report. "Check again" (start) runs it
// at once. A load without digests costs nothing: no file is read again. The conflicting
// duplicates of the load (same eventID, other content) are reported here too, digests or not.
import {
  baseName,
  checkIntegrity,
  listedNames,
  type IntegrityProblem,
  type IntegrityReport,
  type LoadedFile,
} from "../ingest/integrity";
import type { FileHash } from "../ingest/integrityCrypto";
import { planBatches } from "../lib/batches";
import { conflictRows } from "../store/conflicts";
import type { FileEntry, Session } from "./session";

/** Conflicting duplicates among the loaded events: known from the load, digests or not. */
export interface ConflictSummary {
  /** Records kept although another has their eventID with other content (store.conflicting). */
  count: number;
  /** Every version of those events: its file, its record index and where the others are. */
  versions: IntegrityProblem[];
}

/** At most this many versions are listed (the count is always whole). */
const CONFLICT_LIST_LIMIT = 200;
/** Other versions a listed one names (an eventID may come in thousands of versions). */
const OTHERS_NAMED = 5;

const NO_CONFLICTS: ConflictSummary = { count: 0, versions: [] };

/** The conflicting duplicates of the session's store, each version naming its file. */
export function conflictsOf(session: Session): ConflictSummary {
  const { store } = session;
  if (store.conflicting === 0) return NO_CONFLICTS;
  const place = (row: number) => {
    const entry = session.files[store.file[row]];
    const name =
      entry === undefined ? `file #${store.file[row]}` : entry.name || baseName(entry.path);
    return { name, path: entry?.path ?? name, text: `${name} record ${store.record[row]}` };
  };
  const versions: IntegrityProblem[] = [];
  for (const row of conflictRows(store)) {
    if (versions.length >= CONFLICT_LIST_LIMIT) break;
    const here = place(row);
    const others = store.rowsOfSameEvent(row).filter((r) => r !== row);
    const named = others.slice(0, OTHERS_NAMED).map((r) => place(r).text);
    if (others.length > OTHERS_NAMED) named.push(`${others.length - OTHERS_NAMED} more`);
    versions.push({
      file: here.name,
      path: here.path,
      fileIndex: store.file[row],
      reason: `record ${store.record[row]}: same eventID as ${named.join(", ")}, other content`,
    });
  }
  return { count: store.conflicting, versions };
}

export interface IntegrityState {
  /** none: no digest loaded; checking: hashing or verifying; done: `report` is current. */
  status: "none" | "checking" | "done";
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  report: IntegrityReport | null;
  /** Why the check stopped, if it failed as a whole ("" otherwise). */
  message: string;
  /** Conflicting duplicates of the loaded events (with or without digests). */
  conflicts: ConflictSummary;
  /** An automatic check is waiting for the user's work to be quiet before it starts. */
  scheduled: boolean;
  /** The check is checking but waits for the user's requests in flight, or input to pause. */
  paused: boolean;
}

const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;
/**
 * One batch in flight: the check runs in the background after a load, and must leave a worker
 * free for what the user asks meanwhile (a query that reads records, a detail).
 */
const LANES = 1;
/** Quiet time (no worker request of the user's) before an automatic check starts. */
export const IDLE_MS = 2000;
/** A check under way pauses until the user's last key or pointer press is this long ago. */
export const INPUT_QUIET_MS = 1000;

const NONE: IntegrityState = {
  status: "none",
  filesDone: 0,
  filesTotal: 0,
  bytesDone: 0,
  report: null,
  message: "",
  conflicts: NO_CONFLICTS,
  scheduled: false,
  paused: false,
};

/** Whether a settled file takes part in the checks as a (possible) log file. */
function isCandidate(entry: FileEntry): boolean {
  const kind = entry.outcome?.kind;
  return kind === "events" || kind === "error";
}

export class IntegrityCheck {
  state: IntegrityState = NONE;
  /** Signatures pasted for the newest digests. */
  signatures: string[] = [];
  private readonly hashes = new Map<number, FileHash>();
  private checkedKey = "";
  private clears = -1;
  private run = 0;
  private readonly listeners = new Set<() => void>();

  /**
   * `idleMs`: how long the user's worker requests must have been quiet before an automatic check
   * starts (tests lower it).
   */
  constructor(
    private readonly session: Session,
    private readonly idleMs = IDLE_MS,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): IntegrityState => this.state;

  private conflictsKey = "";
  private conflicts: ConflictSummary = NO_CONFLICTS;

  /** Follows the store's conflicting duplicates once a load is done. */
  private refreshConflicts(): void {
    const { session } = this;
    if (session.progress.state === "loading") return;
    const key = `${session.clears}:${session.store.version}`;
    if (key === this.conflictsKey) return;
    this.conflictsKey = key;
    const conflicts = conflictsOf(session);
    if (conflicts.count === 0 && this.conflicts.count === 0) return;
    this.conflicts = conflicts;
    this.publish(this.state);
  }

  /** The number of digests the panel last showed (a new snapshot when it changes). */
  private offered = 0;
  /** The automatic start waiting for a quiet moment, if any. */
  private waiting: ReturnType<typeof setTimeout> | null = null;
  /** The files (key) a wait is for, and when their load was ready (performance.now()). */
  private waitKey = "";
  private readyAt = 0;
  /** When the check may start: now (asked for), or once the user's work has been quiet. */
  private startWhenIdle = true;

  /** Digest files among the loaded files (the check can run when there are any). */
  get digestsLoaded(): number {
    return this.session.digests.length;
  }

  /** Whether an automatic check is waiting for the page to be quiet before it starts. */
  get scheduled(): boolean {
    return this.waiting !== null;
  }

  /** Checks again now, every listed log read again ("check again"; also starts a waiting one). */
  start(): void {
    this.hashes.clear();
    this.checkedKey = "";
    this.startWhenIdle = false;
    this.refresh();
  }

  /** Follows the session: checks after each load that changed the files. Returns detach. */
  attach(): () => void {
    this.refresh();
    const detachSession = this.session.subscribe(() => this.refresh());
    return () => {
      detachSession();
      this.cancelWait();
    };
  }

  /**
   * Starts a check once a load that brought digests is ready, when the loaded files changed
   * since the last one: at once when asked for, otherwise after the user's worker requests have
   * been quiet for `idleMs` (reading every listed log again takes a worker for about as long as
   * the load did, and must not slow the first minutes of an investigation).
   */
  refresh(): void {
    const { session } = this;
    if (session.clears !== this.clears) {
      this.clears = session.clears;
      this.hashes.clear();
      this.checkedKey = "";
      this.offered = 0;
      this.run++;
      this.cancelWait();
      if (this.state !== NONE) this.publish(NONE);
    }
    this.refreshConflicts();
    if (session.progress.state === "loading" || session.progress.state === "idle") return;
    if (session.digests.length === 0) {
      if (this.state.status !== "none") this.publish(NONE);
      return;
    }
    const key = `${session.files.length}/${session.digests.length}/${session.keys.length}/${this.signatures.join(",")}`;
    if (key === this.checkedKey) return;
    if (this.startWhenIdle) {
      this.waitForQuiet(key);
      return;
    }
    this.cancelWait();
    this.checkedKey = key;
    // A later load's check waits for a quiet moment again.
    this.startWhenIdle = true;
    void this.check();
  }

  /** Starts the check for `key` once the user's requests have been quiet for idleMs. */
  private waitForQuiet(key: string): void {
    if (this.waiting !== null) return;
    if (!this.state.scheduled || this.offered !== this.session.digests.length) {
      // The panel shows the digests and that the check is coming (a new snapshot).
      this.offered = this.session.digests.length;
      this.publish({ ...this.state, scheduled: true });
    }
    if (this.waitKey !== key) {
      // The quiet time counts from the moment the load is ready, at the earliest.
      this.waitKey = key;
      this.readyAt = performance.now();
    }
    const quiet = () => Math.min(this.session.userWork.idleFor(), performance.now() - this.readyAt);
    const delay = Math.max(0, this.idleMs - quiet());
    const run = this.run;
    this.waiting = setTimeout(() => {
      this.waiting = null;
      // A load that began meanwhile schedules again once it is ready.
      if (run !== this.run || this.session.progress.state === "loading") return;
      if (quiet() < this.idleMs) {
        this.waitForQuiet(key);
        return;
      }
      this.checkedKey = "";
      this.startWhenIdle = false;
      this.refresh();
    }, delay);
  }

  private cancelWait(): void {
    if (this.waiting === null) return;
    clearTimeout(this.waiting);
    this.waiting = null;
  }

  /**
   * Whether the user is busy: a request of theirs in flight, or input within INPUT_QUIET_MS (a
   * click's work in the page needs the main thread, which each batch's reads take a share of).
   */
  private userBusy(): boolean {
    const work = this.session.userWork;
    return work.inFlight > 0 || work.inputIdleFor() < INPUT_QUIET_MS;
  }

  /** Resolves once the user is not busy (see userBusy). */
  private async userQuiet(): Promise<void> {
    const work = this.session.userWork;
    while (this.userBusy()) {
      if (work.inFlight > 0) {
        await new Promise<void>((resolve) => {
          const stop = work.subscribe(() => {
            if (work.inFlight > 0) return;
            stop();
            resolve();
          });
        });
      } else {
        const wait = INPUT_QUIET_MS - work.inputIdleFor();
        await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, wait)));
      }
    }
  }

  /** Pasted text: any number of hex signatures, separated by spaces, commas or new lines. */
  setSignatures(text: string): void {
    this.signatures = text
      .split(/[\s,;"]+/)
      .map((s) => s.trim())
      .filter((s) => s !== "");
    // Asked for: the check runs now (the hashes already read are kept).
    this.startWhenIdle = false;
    this.refresh();
  }

  /** Hashes what still needs it, then runs the checks. */
  async check(): Promise<void> {
    const run = ++this.run;
    const { session } = this;
    const listed = listedNames(session.digests);
    const todo = session.files.filter(
      (f) => isCandidate(f) && listed.has(f.name) && !this.hashes.has(f.index),
    );
    const sizeOf = (f: FileEntry) => f.outcome?.compressedBytes ?? 0;
    const batches = planBatches(todo.map(sizeOf), BATCH_FILES, BATCH_BYTES).map((batch) =>
      batch.map((i) => todo[i]),
    );
    let state: IntegrityState = {
      status: "checking",
      filesDone: 0,
      filesTotal: todo.length,
      bytesDone: 0,
      report: this.state.report,
      message: "",
      conflicts: this.conflicts,
      scheduled: false,
      paused: false,
    };
    this.publish(state);
    let next = 0;
    const lane = async () => {
      while (next < batches.length && run === this.run) {
        // The user's queries, searches, details and clicks go first: the next batch waits.
        if (this.userBusy()) {
          this.publish({ ...state, paused: true });
          await this.userQuiet();
          if (run !== this.run) return;
          this.publish({ ...state, paused: false });
        }
        const batch = batches[next++];
        const answer = await session.reads.hashFiles(batch.map((f) => f.index));
        if (run !== this.run) return;
        for (const hash of answer.hashes) this.hashes.set(hash.fileIndex, hash);
        state = {
          ...state,
          filesDone: state.filesDone + batch.length,
          bytesDone: state.bytesDone + answer.bytes,
        };
        this.publish(state);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(LANES, batches.length) }, lane));
      if (run !== this.run) return;
      const report = await checkIntegrity({
        digests: session.digests,
        files: this.loadedFiles(),
        keys: session.keys,
        signatures: this.signatures,
        nameOf: (fileIndex) => session.files[fileIndex]?.name ?? "",
      });
      if (run !== this.run) return;
      this.publish({ ...state, status: "done", report });
    } catch (error) {
      if (run !== this.run) return;
      // The state must still end: a report without the hashes would call every log modified.
      this.checkedKey = "";
      this.publish({
        ...state,
        status: "done",
        report: null,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private loadedFiles(): LoadedFile[] {
    const files: LoadedFile[] = [];
    for (const entry of this.session.files) {
      if (!isCandidate(entry) || entry.outcome === null) continue;
      const outcome = entry.outcome;
      const hash = this.hashes.get(entry.index);
      files.push({
        fileIndex: entry.index,
        name: entry.name || baseName(entry.path),
        sha256: hash === undefined ? null : hash.sha256,
        error: hash?.error ?? "",
        // Insights files are not listed by digests; a file that failed to parse is still checked
        // when a digest lists it (a damaged log), but is not "uncovered" otherwise.
        log: outcome.kind === "events" && !(outcome.events === 0 && outcome.insights > 0),
      });
    }
    return files;
  }

  private publish(state: IntegrityState): void {
    this.state =
      state.conflicts === this.conflicts ? state : { ...state, conflicts: this.conflicts };
    for (const listener of this.listeners) listener();
  }
}
