// The case file: starred events, notes, the current query and the findings of an investigation,
// kept in the browser under a fingerprint of the loaded files, so that loading the same files
// again (in any order, after a reload) brings the case back. No React here: components subscribe
// through `subscribe`/`getVersion`, as with the Session.
import {
  emptyCase,
  MAX_NOTE_CHARS,
  noteKey,
  parseCase,
  readFindings,
  type CaseData,
  type CaseFileRef,
  type CaseFinding,
  type CaseNote,
  type EventFields,
  type NoteTarget,
  type StarredEvent,
} from "./caseFileData";
import {
  caseFilesOf,
  caseFingerprint,
  eventFieldsOf,
  pickEventFields,
  within,
} from "./caseFileKey";
import { untilNextTask } from "../lib/nextTask";
import { defaultStorage, type CaseStorage } from "./caseFileStorage";
import { refOfRow, rowOfEvent } from "./selection";
import type { FileEntry, Session } from "./session";

export { caseFilesOf, caseFingerprint, eventFieldsOf } from "./caseFileKey";

/** `opening`: the stored case is being read; changes wait for `open`. */
export type CaseStatus = "closed" | "opening" | "open";

/** `pending`: a change waits for the write delay; `error`: the last read or write failed. */
export type SaveState = "saved" | "pending" | "saving" | "error";

export interface CaseFileOptions {
  /** Where cases are kept (default: IndexedDB when the page has it, else memory). */
  storage?: CaseStorage;
  /** Changes within this delay are written together (ms). */
  writeDelayMs?: number;
  /** The clock (ms since epoch), for tests. */
  now?: () => number;
}

const WRITE_DELAY_MS = 400;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class CaseFile {
  status: CaseStatus = "closed";
  /** The open case; null when closed. Replaced (never mutated) on every change. */
  data: CaseData | null = null;
  saveState: SaveState = "saved";
  /** Why the last read or write failed, when saveState is "error". */
  saveError = "";
  version = 0;

  private readonly storage: CaseStorage;
  private readonly writeDelayMs: number;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  /** Changes on open and close: a read answered for an older one is dropped. */
  private epoch = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The chain of writes, in order; it never rejects. */
  private writing: Promise<void> = Promise.resolve();
  /** Whether the open case is in storage (a case with nothing in it is not written). */
  private stored = false;
  /**
   * False when the stored case could not be read: writing would replace it, unseen, with what
   * this page holds. The case then lives in this page only.
   */
  private writable = true;
  /** The caller's latest query and findings, applied to a case when it opens. */
  private query = "";
  private findings: CaseFinding[] | null = null;
  private fingerprintCache: {
    files: FileEntry[];
    settled: number;
    refs: CaseFileRef[];
    key: string;
  } | null = null;
  private rowCache: {
    session: Session;
    storeVersion: number;
    data: CaseData;
    rows: Map<number, string>;
  } | null = null;
  private starCache: { data: CaseData; ids: Map<string, StarredEvent> } | null = null;

  constructor(options: CaseFileOptions = {}) {
    this.storage = options.storage ?? defaultStorage();
    this.writeDelayMs = options.writeDelayMs ?? WRITE_DELAY_MS;
    this.now = options.now ?? Date.now;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  get isOpen(): boolean {
    return this.status === "open";
  }

  /** The fingerprint of what the session has loaded, computed once per load. */
  async fingerprintOf(session: Session): Promise<{ key: string; refs: CaseFileRef[] }> {
    const files = session.files;
    let settled = 0;
    for (const file of files) if (file.outcome !== null) settled++;
    const hit = this.fingerprintCache;
    if (hit && hit.files === files && hit.settled === settled) return hit;
    // Not in the task that ended the load: with an archive's tens of thousands of members, the
    // sort and the text of the key are tens of milliseconds of their own.
    await untilNextTask();
    const refs = caseFilesOf(files);
    const entry = { files, settled, refs, key: await caseFingerprint(refs, untilNextTask) };
    this.fingerprintCache = entry;
    return entry;
  }

  /**
   * Opens the case of the session's files (call it once a load is ready): the stored one, or a
   * new one. Files added to an open case's files carry its content over into a new case, when the
   * larger set has none of its own yet.
   */
  async open(session: Session): Promise<void> {
    const files = session.files;
    const { key, refs } = await this.fingerprintOf(session);
    // Cleared, or more files loaded, while the key was made: the next open is for those.
    if (session.files !== files) return;
    if (refs.length === 0) return this.close();
    if (this.status !== "closed" && this.data?.fingerprint === key) return;
    const previous = this.status === "open" ? this.data : null;
    const flushed = this.flush();
    const epoch = ++this.epoch;
    const now = this.now();
    this.status = "opening";
    this.data = emptyCase(key, refs, now);
    this.stored = false;
    this.changed();

    let found: CaseData | null = null;
    let error = "";
    try {
      await flushed;
      found = parseCase(await this.storage.get(key), key);
    } catch (cause) {
      error =
        `The case could not be read from this browser's storage (${message(cause)}); ` +
        "changes are kept in this page only.";
    }
    if (epoch !== this.epoch) return;

    let data = this.data;
    if (found) data = found;
    else if (previous && within(previous.files, refs)) {
      data = { ...previous, fingerprint: key, files: refs, updated: now };
    }
    if (this.query && this.query !== data.query) data = { ...data, query: this.query };
    const findings = this.findings;
    if (findings && JSON.stringify(findings) !== JSON.stringify(data.findings)) {
      data = { ...data, findings };
    }
    this.status = "open";
    this.data = data;
    this.stored = found !== null;
    this.writable = error === "";
    this.saveState = error ? "error" : "saved";
    this.saveError = error;
    if (data !== found && this.worthStoring(data)) this.schedule();
    this.changed();
  }

  /** Writes what is pending and closes the case (call it when the loaded files are cleared). */
  async close(): Promise<void> {
    const flushed = this.flush();
    this.epoch++;
    if (this.status !== "closed") {
      this.status = "closed";
      this.data = null;
      this.findings = null;
      this.rowCache = null;
      this.saveState = "saved";
      this.saveError = "";
      this.changed();
    }
    await flushed;
  }

  /** Writes a pending change now; resolves when every write so far is done. */
  flush(): Promise<void> {
    if (this.timer === null) return this.writing;
    clearTimeout(this.timer);
    this.timer = null;
    return this.write();
  }

  /** Stops the write timer, without writing. */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  // ── stars ──

  get stars(): readonly StarredEvent[] {
    return this.data?.stars ?? [];
  }

  isStarred(eventID: string): boolean {
    return this.starIndex().has(eventID);
  }

  /** The reference under which the event at `row` is starred, or null when it is not. */
  starredRef(session: Session, row: number): string | null {
    const data = this.data;
    if (!data || data.stars.length === 0 || row < 0) return null;
    const version = session.store.version;
    let cache = this.rowCache;
    if (
      !cache ||
      cache.session !== session ||
      cache.storeVersion !== version ||
      cache.data !== data
    ) {
      const rows = new Map<number, string>();
      for (const star of data.stars) {
        const at = rowOfEvent(session, star.eventID);
        if (at >= 0) rows.set(at, star.eventID);
      }
      cache = { session, storeVersion: version, data, rows };
      this.rowCache = cache;
    }
    return cache.rows.get(row) ?? null;
  }

  /** Stars the event at `row`, whose reference is `eventID`, with its key fields. */
  star(session: Session, row: number, eventID: string): void {
    if (!eventID || row < 0 || row >= session.store.rows) return;
    this.update((data) => {
      if (data.stars.some((s) => s.eventID === eventID)) return null;
      const star: StarredEvent = { ...eventFieldsOf(session, row), eventID, starredAt: this.now() };
      return { ...data, stars: [...data.stars, star] };
    });
  }

  unstar(eventID: string): void {
    this.update((data) => {
      const stars = data.stars.filter((s) => s.eventID !== eventID);
      return stars.length === data.stars.length ? null : { ...data, stars };
    });
  }

  /** Stars or unstars the event at `row` (reading its eventID from its record); the new state. */
  async toggleRow(session: Session, row: number): Promise<boolean> {
    const starred = this.starredRef(session, row);
    if (starred !== null) {
      this.unstar(starred);
      return false;
    }
    const data = this.data;
    const ref = await refOfRow(session, row);
    if (this.status !== "open" || this.data?.fingerprint !== data?.fingerprint) return false;
    this.star(session, row, ref);
    return this.isStarred(ref);
  }

  // ── notes ──

  get notes(): readonly CaseNote[] {
    return this.data?.notes ?? [];
  }

  noteOf(target: NoteTarget): CaseNote | null {
    const key = noteKey(target);
    return this.data?.notes.find((note) => noteKey(note.target) === key) ?? null;
  }

  /**
   * Sets the note on an event or a finding; empty text deletes it. For an event, `at` gives its
   * row so that the note keeps the event's key fields (a starred event's are used otherwise).
   */
  setNote(target: NoteTarget, text: string, at?: { session: Session; row: number }): void {
    const clipped = text.slice(0, MAX_NOTE_CHARS);
    const key = noteKey(target);
    this.update((data) => {
      const index = data.notes.findIndex((note) => noteKey(note.target) === key);
      const old = index >= 0 ? data.notes[index] : null;
      if (!clipped.trim()) {
        return old ? { ...data, notes: data.notes.filter((_, i) => i !== index) } : null;
      }
      if (old && old.text === clipped) return null;
      let event: EventFields | null = null;
      if (target.kind === "event") {
        const valid = at && at.row >= 0 && at.row < at.session.store.rows;
        const starred = this.starIndex().get(target.eventID);
        event = valid ? eventFieldsOf(at.session, at.row) : (starred ?? old?.event ?? null);
        if (event) event = pickEventFields(event);
      }
      const now = this.now();
      const note: CaseNote = {
        // Only the target's own fields: the caller's object may carry more.
        target:
          target.kind === "event"
            ? { kind: "event", eventID: target.eventID }
            : { kind: "finding", ruleId: target.ruleId },
        text: clipped,
        created: old?.created ?? now,
        updated: now,
        event,
      };
      const notes = old
        ? data.notes.map((n, i) => (i === index ? note : n))
        : [...data.notes, note];
      return { ...data, notes };
    });
  }

  // ── what the caller provides ──

  /** The current query (the caller passes the view's applied query). */
  setQuery(query: string): void {
    this.query = query;
    this.update((data) => (data.query === query ? null : { ...data, query }));
  }

  /** The findings summary over the loaded events (plain objects; other properties are dropped). */
  setFindings(findings: readonly CaseFinding[]): void {
    const clean = readFindings(findings);
    this.findings = clean;
    this.update((data) =>
      JSON.stringify(data.findings) === JSON.stringify(clean) ? null : { ...data, findings: clean },
    );
  }

  // ── internals ──

  private starIndex(): Map<string, StarredEvent> {
    const data = this.data;
    if (!data) return new Map();
    if (this.starCache?.data !== data) {
      this.starCache = { data, ids: new Map(data.stars.map((s) => [s.eventID, s])) };
    }
    return this.starCache.ids;
  }

  /** Applies a change to the open case; `null` from `change` means nothing changed. */
  private update(change: (data: CaseData) => CaseData | null): void {
    if (this.status !== "open" || this.data === null) return;
    const next = change(this.data);
    if (next === null) return;
    this.data = { ...next, updated: this.now() };
    this.schedule();
    this.changed();
  }

  /** A case with nothing the user gave (no star, note or query) is not written until it has. */
  private worthStoring(data: CaseData): boolean {
    return this.stored || data.stars.length > 0 || data.notes.length > 0 || data.query !== "";
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.writable) this.saveState = "pending";
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write();
    }, this.writeDelayMs);
  }

  private write(): Promise<void> {
    const data = this.data;
    if (data === null || this.status !== "open" || !this.worthStoring(data)) {
      if (this.saveState === "pending") this.saveState = "saved";
      return this.writing;
    }
    if (!this.writable) {
      this.saveState = "error";
      this.changed();
      return this.writing;
    }
    this.stored = true;
    this.saveState = "saving";
    this.changed();
    const job = this.writing
      .then(() => this.storage.put(data.fingerprint, data))
      .then(
        () => {
          if (this.data === data && this.timer === null) {
            this.saveState = "saved";
            this.saveError = "";
            this.changed();
          }
        },
        (cause: unknown) => {
          if (this.data?.fingerprint !== data.fingerprint) return;
          this.saveState = "error";
          this.saveError = `The case could not be saved in this browser: ${message(cause)}`;
          this.changed();
        },
      );
    this.writing = job;
    return job;
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
