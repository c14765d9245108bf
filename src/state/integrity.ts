// Log file integrity against the loaded digest files (`aws cloudtrail validate-logs`, offline):
// once a load that brought digests is done, the log files the digests list are hashed again in
// the workers, batch by batch, with progress, and the checks of src/ingest/integrity.ts make the
// report. A load without digests costs nothing: no file is read again.
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
    versions.push({
      file: here.name,
      path: here.path,
      fileIndex: store.file[row],
      reason: `record ${store.record[row]}: same eventID as ${others.map((r) => place(r).text).join(", ")}, other content`,
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
}

const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;
/**
 * One batch in flight: the check runs in the background after a load, and must leave a worker
 * free for what the user asks meanwhile (a query that reads records, a detail).
 */
const LANES = 1;

const NONE: IntegrityState = {
  status: "none",
  filesDone: 0,
  filesTotal: 0,
  bytesDone: 0,
  report: null,
  message: "",
  conflicts: NO_CONFLICTS,
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

  constructor(private readonly session: Session) {}

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

  /**
   * Whether the user asked for the check: reading every listed log again takes a worker for about
   * as long as the load did, so it runs when asked, and then again after each later load.
   */
  private requested = false;
  /** The number of digests the panel last offered to verify. */
  private offered = 0;

  /** Digest files among the loaded files (the check can run when there are any). */
  get digestsLoaded(): number {
    return this.session.digests.length;
  }

  /** Runs the check now, and again after every later load that changes the files. */
  start(): void {
    this.requested = true;
    this.checkedKey = "";
    this.refresh();
  }

  /** Follows the session: checks again after each load that changed the files. Returns detach. */
  attach(): () => void {
    this.refresh();
    return this.session.subscribe(() => this.refresh());
  }

  /** Starts a check if the loaded files changed since the last one and no load is running. */
  refresh(): void {
    const { session } = this;
    if (session.clears !== this.clears) {
      this.clears = session.clears;
      this.hashes.clear();
      this.checkedKey = "";
      this.offered = 0;
      this.run++;
      if (this.state !== NONE) this.publish(NONE);
    }
    this.refreshConflicts();
    if (session.progress.state === "loading" || session.progress.state === "idle") return;
    if (session.digests.length === 0) {
      if (this.state.status !== "none") this.publish(NONE);
      return;
    }
    if (!this.requested) {
      // Digests are there, the check waits for the user; the panel offers it (a new snapshot
      // when their number changes, so that the panel shows it).
      if (this.offered !== session.digests.length) {
        this.offered = session.digests.length;
        this.publish({ ...NONE });
      }
      return;
    }
    const key = `${session.files.length}/${session.digests.length}/${session.keys.length}/${this.signatures.join(",")}`;
    if (key === this.checkedKey) return;
    this.checkedKey = key;
    void this.check();
  }

  /** Pasted text: any number of hex signatures, separated by spaces, commas or new lines. */
  setSignatures(text: string): void {
    this.signatures = text
      .split(/[\s,;"]+/)
      .map((s) => s.trim())
      .filter((s) => s !== "");
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
    };
    this.publish(state);
    let next = 0;
    const lane = async () => {
      while (next < batches.length && run === this.run) {
        const batch = batches[next++];
        const answer = await session.hashFiles(batch.map((f) => f.index));
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
