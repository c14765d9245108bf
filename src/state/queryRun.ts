// The applied query, run: parsed once per text, indexed terms evaluated over the columns, terms on
// other paths answered by a scan of the records in the workers (with progress and cancel). Scan
// results are kept per term as the places (file, record) that matched and the files read, so a
// refined query re-reads nothing, and files loaded later are the only ones read for it again.
import { concat } from "../lib/batches";
import { exprKey, type Expr, type Term } from "../query/ast";
import { parseQuery } from "../query/parse";
import { rowsAtPlaces } from "../store/locate";
import {
  evaluateQuery,
  scanCandidates,
  scanTerms,
  termSource,
  type RowMask,
} from "../store/queryEval";
import type { Session } from "./session";

export interface QueryState {
  /** The query text this state is for. */
  text: string;
  state: "ready" | "running" | "error";
  /** Why the query is not applied (state error), in words; "" otherwise. */
  message: string;
  /** Where in the text the error is (0-based), or -1. */
  at: number;
  /** Rows the query keeps; null: no query in force. While running, the last complete result. */
  mask: RowMask | null;
  /** Rows in `mask`. */
  matches: number;
  /** Whether answering the query reads the records again (a term on a path that is no column). */
  scans: boolean;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

interface ScanCache {
  /** Pairs (fileIndex, record) of the records matching the term, over the files read so far. */
  places: Uint32Array;
  /** Per file index: 1 once the file was read for this term. */
  read: Uint8Array;
  /** The row mask for `version` of the store (rebuilt from `places` when the store changed). */
  mask: RowMask | null;
  version: number;
  /** The store version for which every file was known to be read (-1: not checked yet). */
  complete: number;
}

function idle(text: string): QueryState {
  return {
    text,
    state: "ready",
    message: "",
    at: -1,
    mask: null,
    matches: 0,
    scans: false,
    filesDone: 0,
    filesTotal: 0,
    bytesDone: 0,
    bytesTotal: 0,
  };
}

export class QueryRunner {
  state: QueryState = idle("");
  private readonly listeners = new Set<() => void>();
  private readonly parsed = new Map<string, ReturnType<typeof parseQuery>>();
  private readonly scans = new Map<string, ScanCache>();
  private run = 0;
  private clears = 0;
  private running: string | null = null;
  /** The evaluation last published: query text and the view version it was computed for. */
  private evaluated: { text: string; viewVersion: number; findingsVersion: number } | null = null;
  private lastMask: { mask: RowMask; matches: number } | null = null;

  /**
   * The rows of `finding:<rule id>` terms, from the detections (null: none known). Set by the
   * owner of the detections; `findingsVersion` changes when they do.
   */
  findings: { version: number; rows(term: Term): RowMask | null } | null = null;

  constructor(private readonly session: Session) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): QueryState => this.state;

  /** The parse of `text`, cached (typing re-parses the same prefixes). */
  parse(text: string): ReturnType<typeof parseQuery> {
    let result = this.parsed.get(text);
    if (result === undefined) {
      result = parseQuery(text);
      if (this.parsed.size > 200) this.parsed.clear();
      this.parsed.set(text, result);
    }
    return result;
  }

  /**
   * Brings the state up to date for the applied query `text` and the loaded data: evaluates it
   * when every scan it needs is done, else starts the scans. Cheap when nothing changed. Safe to
   * call while rendering: it tells no listener (the caller reads the returned state); the scans
   * it starts report through `subscribe`.
   */
  update(text: string): QueryState {
    const { session } = this;
    if (this.clears !== session.clears) {
      // Other files now: scan results (kept by file index) and the last result are void.
      this.clears = session.clears;
      this.cancelRun();
      this.scans.clear();
      this.evaluated = null;
      this.lastMask = null;
    }
    const viewVersion = session.viewVersion;
    const current = this.state;
    const findingsVersion = this.findings?.version ?? -1;
    if (
      current.text === text &&
      this.evaluated !== null &&
      this.evaluated.text === text &&
      this.evaluated.viewVersion === viewVersion &&
      this.evaluated.findingsVersion === findingsVersion
    ) {
      return current;
    }
    if (text.trim() === "") {
      this.cancelRun();
      this.evaluated = { text, viewVersion, findingsVersion };
      return this.set(idle(text));
    }
    const parsed = this.parse(text);
    if (!parsed.ok) {
      this.cancelRun();
      this.evaluated = { text, viewVersion, findingsVersion };
      return this.set({ ...idle(text), state: "error", message: parsed.message, at: parsed.at });
    }
    const terms = scanTerms(parsed.expr);
    const missing = terms.filter((term) => !this.isScanned(term));
    if (missing.length === 0) {
      if (this.running !== null) this.cancelRun();
      this.evaluated = { text, viewVersion, findingsVersion };
      return this.set(this.evaluate(text, parsed.expr, terms.length > 0));
    }
    // Files still loading: the scan runs once they are read.
    if (session.progress.state === "loading") {
      this.cancelRun();
      return this.set({
        ...this.pending(text),
        message: "The query runs over whole records once the files are read.",
      });
    }
    if (this.running !== text) {
      const run = ++this.run;
      this.running = text;
      this.set(this.pending(text));
      queueMicrotask(() => void this.scan(run, text, missing));
    }
    return this.state;
  }

  /** Stops a running scan; the query is then not applied. */
  cancel(): void {
    if (this.state.state !== "running") return;
    this.cancelRun();
    this.publish({
      ...this.state,
      state: "error",
      message: "Query cancelled before every file was read: not applied.",
      at: -1,
      mask: null,
    });
  }

  private cancelRun(): void {
    this.run++;
    this.running = null;
  }

  private pending(text: string): QueryState {
    return {
      ...idle(text),
      state: "running",
      scans: true,
      mask: this.lastMask?.mask ?? null,
      matches: this.lastMask?.matches ?? 0,
    };
  }

  /** Whether `term` was read in every file that holds events now (known per store version). */
  private isScanned(term: Term): boolean {
    const key = exprKey(term);
    const cache = this.scans.get(key);
    if (cache === undefined) return false;
    const version = this.session.store.version;
    if (cache.complete === version) return true;
    const complete = this.filesToRead(term, cache).length === 0;
    if (complete) cache.complete = version;
    return complete;
  }

  /** The files a scan for `term` still has to read. */
  private filesToRead(term: Term, cache: ScanCache | undefined): number[] {
    const { session } = this;
    const candidates = scanCandidates(session.store, term);
    let wanted: Set<number> | null = null;
    if (candidates !== null) {
      wanted = new Set();
      const file = session.store.file;
      for (let r = 0; r < candidates.length; r++) if (candidates[r] === 1) wanted.add(file[r]);
    }
    const out: number[] = [];
    for (const entry of session.files) {
      if (entry.outcome?.kind !== "events") continue;
      if (wanted !== null && !wanted.has(entry.index)) continue;
      if (cache !== undefined && cache.read[entry.index] === 1) continue;
      out.push(entry.index);
    }
    return out;
  }

  private async scan(run: number, text: string, terms: Term[]): Promise<void> {
    if (run !== this.run) return;
    const { session } = this;
    const files = new Set<number>();
    for (const term of terms) {
      for (const index of this.filesToRead(term, this.scans.get(exprKey(term)))) files.add(index);
    }
    const list = [...files].sort((a, b) => a - b);
    const sizeOf = (index: number) => session.files[index]?.outcome?.compressedBytes ?? 0;
    const batches = session.reads
      .batches(list.map((index) => session.files[index]))
      .map((batch) => batch.map((f) => f.index));
    let state: QueryState = {
      ...this.pending(text),
      filesTotal: list.length,
      bytesTotal: list.reduce((sum, index) => sum + sizeOf(index), 0),
    };
    this.publish(state);
    const found: Uint32Array[][] = terms.map(() => []);
    let next = 0;
    const lane = async () => {
      while (next < batches.length && run === this.run) {
        const batch = batches[next++];
        const answer = await session.reads.matchFiles(batch, terms);
        if (run !== this.run) return;
        answer.places.forEach((places, k) => found[k].push(places));
        state = {
          ...state,
          filesDone: state.filesDone + batch.length,
          bytesDone: state.bytesDone + batch.reduce((sum, index) => sum + sizeOf(index), 0),
        };
        this.publish(state);
      }
    };
    try {
      const lanes = Math.max(1, Math.min(session.reads.lanes, batches.length));
      await Promise.all(Array.from({ length: lanes }, lane));
    } catch (error) {
      if (run === this.run) {
        this.running = null;
        this.publish({
          ...state,
          state: "error",
          message: `The query could not be run: ${error instanceof Error ? error.message : String(error)}`,
          mask: null,
        });
      }
      return;
    }
    if (run !== this.run) return;
    this.running = null;
    // Keep what was read, per term, so that a refined query or a later load reads only new files.
    const fileCount = session.files.length;
    terms.forEach((term, k) => {
      const key = exprKey(term);
      const before = this.scans.get(key);
      const read = new Uint8Array(fileCount);
      if (before !== undefined) read.set(before.read.subarray(0, fileCount));
      for (const index of list) read[index] = 1;
      const places = concat([before?.places ?? new Uint32Array(0), ...found[k]]);
      this.scans.set(key, { places, read, mask: null, version: -1, complete: -1 });
    });
    this.evaluated = null;
    this.publish(this.update(text));
  }

  private evaluate(text: string, expr: Expr, scans: boolean): QueryState {
    const { store } = this.session;
    const mask = evaluateQuery(store, expr, (term) => {
      if (termSource(term).kind === "finding") {
        return this.findings?.rows(term) ?? new Uint8Array(store.rows);
      }
      const cache = this.scans.get(exprKey(term));
      if (cache === undefined) return null;
      if (cache.mask === null || cache.version !== store.version) {
        cache.mask = rowsAtPlaces(store, cache.places).mask;
        cache.version = store.version;
      }
      return cache.mask;
    });
    let matches = 0;
    for (let r = 0; r < mask.length; r++) matches += mask[r];
    this.lastMask = { mask, matches };
    return { ...idle(text), mask, matches, scans };
  }

  /** Sets the state without telling anyone (the caller is rendering and reads it). */
  private set(state: QueryState): QueryState {
    this.state = state;
    return state;
  }

  private publish(state: QueryState): QueryState {
    this.state = state;
    for (const listener of this.listeners) listener();
    return state;
  }
}
