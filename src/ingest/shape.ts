// Text of a file → the list of entries it holds and how to get a record out of each, or a digest,
// or the reason the file is not CloudTrail. Shapes: see FileShape in chunk.ts.
import type { DigestSummary, FileShape } from "./chunk";
import { asObject, text } from "./fields";

/** How an entry of the list becomes a record. */
export type Unwrap = "none" | "eventbridge" | "lookup-events";

export interface RecordList {
  shape: FileShape;
  /** Entries in the file's own order; an entry's index is the record index of its row. */
  entries: unknown[];
  unwrap: Unwrap;
}

export type Located =
  | { kind: "events"; list: RecordList }
  | { kind: "digest"; digest: Record<string, unknown> }
  | { kind: "error"; reason: string };

/** Keys of which a CloudTrail record has at least one; used only where a lone object must be told apart. */
const RECORD_KEYS = [
  "eventVersion",
  "eventTime",
  "eventName",
  "eventSource",
  "eventID",
  "eventType",
  "userIdentity",
  "insightDetails",
  "awsRegion",
] as const;

export function looksLikeRecord(value: Record<string, unknown>): boolean {
  for (const key of RECORD_KEYS) if (value[key] !== undefined) return true;
  return false;
}

/** `{"detail-type": "...", "detail": {record}}` as EventBridge delivers CloudTrail events. */
export function isEventBridgeEnvelope(value: Record<string, unknown>): boolean {
  return typeof value["detail-type"] === "string" && asObject(value.detail) !== null;
}

export function isDigest(value: Record<string, unknown>): boolean {
  return (
    value.Records === undefined &&
    value.logFiles !== undefined &&
    (value.digestStartTime !== undefined || value.digestS3Object !== undefined)
  );
}

/** The record an entry holds, or null if the entry is not one (it is then counted as skipped). */
export function recordOf(entry: unknown, unwrap: Unwrap): Record<string, unknown> | null {
  const value = asObject(entry);
  if (value === null || unwrap === "none") return value;
  if (unwrap === "eventbridge")
    return isEventBridgeEnvelope(value) ? asObject(value.detail) : value;
  const event = value.CloudTrailEvent;
  if (typeof event !== "string") return asObject(event);
  try {
    return asObject(JSON.parse(event));
  } catch {
    return null;
  }
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
}

function firstNonWhitespace(s: string): number {
  let i = 0;
  while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

function lastNonWhitespace(s: string): number {
  let i = s.length - 1;
  while (i >= 0 && isWhitespace(s.charCodeAt(i))) i--;
  return i;
}

/** "truncated JSON" when the parser ran out of text, else "invalid JSON (<what it said>)". */
export function describeJsonError(error: unknown, json: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (
    /end of (JSON input|data)/i.test(message) ||
    (position !== null && Number(position[1]) > lastNonWhitespace(json))
  ) {
    return "truncated JSON";
  }
  const short = message.length > 100 ? `${message.slice(0, 97)}...` : message;
  return `invalid JSON (${short})`;
}

function hasObject(entries: unknown[]): boolean {
  for (const entry of entries) if (asObject(entry) !== null) return true;
  return false;
}

function firstObject(entries: unknown[]): Record<string, unknown> | null {
  for (const entry of entries) {
    const value = asObject(entry);
    if (value !== null) return value;
  }
  return null;
}

function listOf(shape: "array" | "ndjson", entries: unknown[]): RecordList {
  const first = firstObject(entries);
  return first !== null && isEventBridgeEnvelope(first)
    ? { shape: "eventbridge", entries, unwrap: "eventbridge" }
    : { shape, entries, unwrap: "none" };
}

/** The shape of an already parsed JSON document. */
export function shapeOfValue(value: unknown): Located {
  if (Array.isArray(value)) {
    if (value.length > 0 && !hasObject(value))
      return { kind: "error", reason: "JSON without CloudTrail records" };
    return { kind: "events", list: listOf("array", value) };
  }
  const object = asObject(value);
  if (object === null) return { kind: "error", reason: "JSON without CloudTrail records" };
  if (object.Records !== undefined) {
    const records = object.Records;
    return Array.isArray(records)
      ? { kind: "events", list: { shape: "records", entries: records, unwrap: "none" } }
      : { kind: "error", reason: '"Records" is not a list' };
  }
  if (isDigest(object)) return { kind: "digest", digest: object };
  if (object.Events !== undefined) {
    const events = object.Events;
    return Array.isArray(events)
      ? {
          kind: "events",
          list: { shape: "lookup-events", entries: events, unwrap: "lookup-events" },
        }
      : { kind: "error", reason: '"Events" is not a list' };
  }
  if (isEventBridgeEnvelope(object)) {
    return {
      kind: "events",
      list: { shape: "eventbridge", entries: [object], unwrap: "eventbridge" },
    };
  }
  if (looksLikeRecord(object))
    return { kind: "events", list: { shape: "single", entries: [object], unwrap: "none" } };
  return { kind: "error", reason: "JSON without CloudTrail records" };
}

/**
 * One record per line. Blank lines do not count; a line that is not JSON stays in the list as
 * `undefined`, so it is counted as skipped and the other lines keep their indices.
 */
function ndjsonEntries(json: string): { entries: unknown[]; objects: number } {
  const entries: unknown[] = [];
  let objects = 0;
  let start = 0;
  while (start < json.length) {
    let end = json.indexOf("\n", start);
    if (end < 0) end = json.length;
    let first = start;
    while (first < end && isWhitespace(json.charCodeAt(first))) first++;
    if (first < end) {
      let entry: unknown;
      try {
        entry = JSON.parse(json.slice(first, end));
      } catch {
        entry = undefined;
      }
      if (asObject(entry) !== null) objects++;
      entries.push(entry);
    }
    start = end + 1;
  }
  return { entries, objects };
}

/**
 * Finds the records in a file's text. `gzip` only changes the words of the reason when the text
 * is not JSON at all.
 */
export function detectShape(json: string, gzip = false): Located {
  const start = firstNonWhitespace(json);
  if (start === json.length) return { kind: "error", reason: "empty file" };
  const first = json.charCodeAt(start);
  if (first !== 123 /* { */ && first !== 91 /* [ */) {
    // A bare JSON scalar is JSON, just not CloudTrail; anything else is not JSON at all.
    try {
      JSON.parse(json);
      return { kind: "error", reason: "JSON without CloudTrail records" };
    } catch {
      return { kind: "error", reason: gzip ? "gzip of data that is not JSON" : "not gzip or JSON" };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    // A whole-document parse of NDJSON fails right after the first line, so trying it first costs
    // one line; only then is the file read line by line.
    if (first === 123 && json.indexOf("\n", start) >= 0) {
      const { entries, objects } = ndjsonEntries(json);
      if (objects > 0) return { kind: "events", list: listOf("ndjson", entries) };
    }
    return { kind: "error", reason: describeJsonError(error, json) };
  }
  return shapeOfValue(value);
}

/** The fields of a CloudTrail-Digest file that the app shows and checks. */
export function digestSummary(digest: Record<string, unknown>, fileIndex: number): DigestSummary {
  const logFiles: DigestSummary["logFiles"] = [];
  if (Array.isArray(digest.logFiles)) {
    for (const entry of digest.logFiles) {
      const logFile = asObject(entry);
      if (logFile === null) continue;
      logFiles.push({
        s3Object: text(logFile.s3Object),
        hashValue: text(logFile.hashValue),
        hashAlgorithm: text(logFile.hashAlgorithm),
      });
    }
  }
  return {
    fileIndex,
    awsAccountId: text(digest.awsAccountId),
    digestStartTime: text(digest.digestStartTime),
    digestEndTime: text(digest.digestEndTime),
    digestS3Object: text(digest.digestS3Object),
    previousDigestHashValue: text(digest.previousDigestHashValue),
    logFiles,
  };
}
