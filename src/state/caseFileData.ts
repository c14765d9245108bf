// What a case file holds, as plain data: it is kept in IndexedDB (structured clone) and written
// out by caseExport.ts. Only what the case needs: the key fields of starred events, notes, the
// query and a summary of the findings; never the content of a log file.
import type { DictField } from "../ingest/chunk";

/** The store fields captured with a star (besides the time), in the order a report shows them. */
export const STAR_FIELDS = [
  "eventName",
  "eventSource",
  "principal",
  "sourceIPAddress",
  "awsRegion",
  "errorCode",
  "account",
] as const satisfies readonly DictField[];

export type StarField = (typeof STAR_FIELDS)[number];

/** An event's key fields as the store had them when it was starred (or noted). */
export type EventFields = Record<StarField, string> & {
  /** eventTime as ISO 8601 UTC, "" when the record has no usable time. */
  eventTime: string;
};

export interface StarredEvent extends EventFields {
  /** The event's reference as the view state names it: its eventID (or `@file:record`). */
  eventID: string;
  /** ms since epoch. */
  starredAt: number;
}

export type NoteTarget = { kind: "event"; eventID: string } | { kind: "finding"; ruleId: string };

export interface CaseNote {
  target: NoteTarget;
  text: string;
  /** ms since epoch. */
  created: number;
  updated: number;
  /** For a note on an event: its key fields, when the caller could give them. */
  event: EventFields | null;
}

/** A detection's summary as the caller computed it over the loaded events. */
export interface CaseFinding {
  ruleId: string;
  title: string;
  /** Sigma's levels: informational, low, medium, high, critical. */
  level: string;
  tactics: string[];
  techniques: string[];
  count: number;
  /** Times of the first and last matching events, ms since epoch; null when unknown. */
  first: number | null;
  last: number | null;
  /** Where the rule comes from (built in, a Sigma file, …). */
  source: string;
}

/** A file the case is about: the fingerprint is computed over these. */
export interface CaseFileRef {
  path: string;
  bytes: number;
}

export const CASE_FORMAT = "trailview-case";
export const CASE_VERSION = 1;

export interface CaseData {
  format: typeof CASE_FORMAT;
  version: typeof CASE_VERSION;
  /** SHA-256 (hex) over the sorted paths and sizes of the files: the storage key. */
  fingerprint: string;
  files: CaseFileRef[];
  /** ms since epoch. */
  created: number;
  updated: number;
  query: string;
  stars: StarredEvent[];
  notes: CaseNote[];
  findings: CaseFinding[];
}

/** Longest note kept, in characters. */
export const MAX_NOTE_CHARS = 20_000;

export function emptyCase(fingerprint: string, files: CaseFileRef[], now: number): CaseData {
  return {
    format: CASE_FORMAT,
    version: CASE_VERSION,
    fingerprint,
    files,
    created: now,
    updated: now,
    query: "",
    stars: [],
    notes: [],
    findings: [],
  };
}

/** A note's target as one string, for lookups. */
export function noteKey(target: NoteTarget): string {
  return target.kind === "event" ? `event:${target.eventID}` : `finding:${target.ruleId}`;
}

/** Time of an event for sorting: ms since epoch, +Infinity when it has none. */
export function eventMs(fields: Pick<EventFields, "eventTime">): number {
  const ms = fields.eventTime ? Date.parse(fields.eventTime) : NaN;
  return Number.isNaN(ms) ? Infinity : ms;
}

// Reading back what IndexedDB held: the database belongs to the origin and outlives versions of
// the app, so its content is checked and anything malformed dropped, never trusted.

type Loose = Record<string, unknown>;

function obj(value: unknown): Loose | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Loose)
    : null;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function list<T>(value: unknown, read: (item: Loose) => T | null): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  for (const item of value) {
    const o = obj(item);
    const read1 = o ? read(o) : null;
    if (read1 !== null) out.push(read1);
  }
  return out;
}

export function readEventFields(o: Loose): EventFields {
  const fields = { eventTime: str(o.eventTime) } as EventFields;
  for (const field of STAR_FIELDS) fields[field] = str(o[field]);
  return fields;
}

function readStar(o: Loose): StarredEvent | null {
  const eventID = str(o.eventID);
  if (!eventID) return null;
  return { ...readEventFields(o), eventID, starredAt: num(o.starredAt) ?? 0 };
}

function readTarget(o: Loose | null): NoteTarget | null {
  if (!o) return null;
  if (o.kind === "event" && str(o.eventID)) return { kind: "event", eventID: str(o.eventID) };
  if (o.kind === "finding" && str(o.ruleId)) return { kind: "finding", ruleId: str(o.ruleId) };
  return null;
}

function readNote(o: Loose): CaseNote | null {
  const target = readTarget(obj(o.target));
  const text = str(o.text).slice(0, MAX_NOTE_CHARS);
  if (!target || !text.trim()) return null;
  const event = obj(o.event);
  return {
    target,
    text,
    created: num(o.created) ?? 0,
    updated: num(o.updated) ?? 0,
    event: target.kind === "event" && event ? readEventFields(event) : null,
  };
}

/** A finding as given by the caller or read back: unknown fields dropped, types forced. */
export function readFinding(o: Loose): CaseFinding | null {
  const ruleId = str(o.ruleId);
  if (!ruleId) return null;
  return {
    ruleId,
    title: str(o.title),
    level: str(o.level),
    tactics: strings(o.tactics),
    techniques: strings(o.techniques),
    count: Math.max(0, num(o.count) ?? 0),
    first: num(o.first),
    last: num(o.last),
    source: str(o.source),
  };
}

/** The findings as plain data of the expected shape (the caller's objects may hold more). */
export function readFindings(value: unknown): CaseFinding[] {
  return list(value, readFinding);
}

/** A stored case, checked; null when it is not one (or is for another fingerprint). */
export function parseCase(value: unknown, fingerprint: string): CaseData | null {
  const o = obj(value);
  if (!o || o.format !== CASE_FORMAT || o.version !== CASE_VERSION) return null;
  if (o.fingerprint !== fingerprint) return null;
  const seenStars = new Set<string>();
  const seenNotes = new Set<string>();
  return {
    format: CASE_FORMAT,
    version: CASE_VERSION,
    fingerprint,
    files: list(o.files, (f) => ({ path: str(f.path), bytes: num(f.bytes) ?? 0 })),
    created: num(o.created) ?? 0,
    updated: num(o.updated) ?? 0,
    query: str(o.query),
    stars: list(o.stars, readStar).filter(
      (s) => !seenStars.has(s.eventID) && seenStars.add(s.eventID),
    ),
    notes: list(o.notes, readNote).filter((n) => {
      const key = noteKey(n.target);
      return !seenNotes.has(key) && seenNotes.add(key);
    }),
    findings: readFindings(o.findings),
  };
}
