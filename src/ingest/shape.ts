// Text of a file → the list of entries it holds and how to get a record out of each, or a digest,
// or the reason the file is not CloudTrail. Shapes: see FileShape in chunk.ts. The shapes that
// query engines give back (Lake, CSV, Athena's lowercase names) and Firehose's concatenated JSON
// are only looked for where a delivered file would be an error, so they cost a delivery nothing.
import { canonicalRecord, isLowercaseRecord, recordOfColumns, recordOfLakeRow } from "./canonical";
import type { DigestSummary, FileShape } from "./chunk";
import {
  hasCloudWatchLogs,
  isCloudWatchLogsEnvelope,
  openWrappers,
  splitConcatenated,
} from "./concat";
import { csvEntries, looksLikeCsv } from "./csv";
import { asObject, text } from "./fields";
import { isPublicKeyList } from "./integrityCrypto";

/**
 * How an entry of the list becomes a record: `lake-row` a `get-query-results` row, `columns` a
 * CSV row (column → cell), `lowercase` a record under Athena's lowercase names, `auto` whatever
 * the entry is (a record, an envelope, a Lake row: concatenated values differ one from another).
 */
export type Unwrap =
  "none" | "eventbridge" | "lookup-events" | "lake-row" | "columns" | "lowercase" | "auto";

export interface RecordList {
  shape: FileShape;
  /** Entries in the file's own order; an entry's index is the record index of its row. */
  entries: unknown[];
  unwrap: Unwrap;
}

export type Located =
  | { kind: "events"; list: RecordList }
  | { kind: "digest"; digest: Record<string, unknown> }
  /** `aws cloudtrail list-public-keys` output: keys to verify digests with (not an error). */
  | { kind: "keys"; keys: Record<string, unknown> }
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
  if (unwrap === "lake-row") return recordOfLakeRow(entry);
  if (unwrap === "auto" && Array.isArray(entry)) return recordOfLakeRow(entry);
  const value = asObject(entry);
  if (value === null || unwrap === "none") return value;
  switch (unwrap) {
    case "eventbridge":
      return isEventBridgeEnvelope(value) ? asObject(value.detail) : value;
    case "lowercase":
      return canonicalRecord(value);
    case "columns":
      return recordOfColumns(value);
    case "auto":
      return anyRecord(value);
    default:
      return lookupEvent(value);
  }
}

/** An entry of concatenated values: only what is a record or holds one gives a row. */
function anyRecord(value: Record<string, unknown>): Record<string, unknown> | null {
  if (isEventBridgeEnvelope(value)) return asObject(value.detail);
  if (looksLikeRecord(value)) return value;
  if (value.CloudTrailEvent !== undefined) return lookupEvent(value);
  if (isLowercaseRecord(value)) return canonicalRecord(value);
  return null;
}

function lookupEvent(value: Record<string, unknown>): Record<string, unknown> | null {
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

/**
 * The parser's message, made readable: without V8's multi-line quote of the surrounding text,
 * with a line and column instead of a character offset.
 */
function jsonProblem(message: string, json: string, position: number): string {
  let what = message
    .replace(/^JSON(\.parse:| Parse error:)\s*/i, "")
    .replace(/,\s*(\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, "")
    .replace(/\s*(in JSON\s*)?at position \d+(\s*\(line \d+ column \d+\))?/, "")
    .replace(/\s+/g, " ")
    .trim();
  if (what.length > 80) what = `${what.slice(0, 77)}...`;
  what = what.charAt(0).toLowerCase() + what.slice(1);
  if (position >= 0 && position <= json.length) {
    let line = 1;
    let lineStart = 0;
    for (let i = json.indexOf("\n"); i >= 0 && i < position; i = json.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    what += ` at line ${line}, column ${position - lineStart + 1}`;
  }
  return what;
}

/** "truncated JSON" when the parser ran out of text, else "invalid JSON (<what it said>)". */
export function describeJsonError(error: unknown, json: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 parses iteratively, but other engines recurse: "too much recursion" (Firefox) or a stack
  // overflow, rather than a syntax error, on [[[[... a hundred thousand levels deep.
  if (/call stack|recursion|too deep/i.test(message)) return "JSON nested too deeply";
  if (/invalid string length|allocation failed|out of memory/i.test(message))
    return "too large to read in a browser (out of memory)";
  const position = /position (\d+)/.exec(message);
  if (
    /end of (JSON input|data)/i.test(message) ||
    (position !== null && Number(position[1]) > lastNonWhitespace(json))
  ) {
    return "truncated JSON";
  }
  return `invalid JSON (${jsonProblem(message, json, position === null ? -1 : Number(position[1]))})`;
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

/**
 * Whether any entry has a CloudTrail field: a list of other objects (`[{"name": "a"}]`, an S3
 * inventory) is not a log, and must not load as rows of nothing. Usually settled by entry 0.
 */
function hasRecord(entries: unknown[]): boolean {
  for (const entry of entries) {
    const value = asObject(entry);
    if (value !== null && looksLikeRecord(value)) return true;
  }
  return false;
}

const NO_RECORDS = "JSON without CloudTrail records";

const found = (shape: FileShape, entries: unknown[], unwrap: Unwrap): Located => ({
  kind: "events",
  list: { shape, entries, unwrap },
});

function listOf(shape: "array" | "ndjson", entries: unknown[]): Located {
  const first = firstObject(entries);
  if (first !== null && isEventBridgeEnvelope(first))
    return found("eventbridge", entries, "eventbridge");
  // Query results written as JSON objects (Lake's columns, values as strings): `userIdentity` is
  // the text of its JSON, and the row is read as columns.
  if (first !== null && typeof first.userIdentity === "string" && /^\s*\{/.test(first.userIdentity))
    return found(shape, entries, "columns");
  if (entries.length > 0 && !hasRecord(entries)) {
    if (first !== null && isCloudWatchLogsEnvelope(first))
      return found("cloudwatch-logs", openWrappers(entries), "auto");
    // Delivered files joined one a line (`zcat *.json.gz`, `cat` of gzip members).
    if (first !== null && Array.isArray(first.Records))
      return found("concatenated", openWrappers(entries), "auto");
    if (first !== null && isLowercaseRecord(first)) return found("athena", entries, "lowercase");
    return { kind: "error", reason: `${NO_RECORDS} (no entry has CloudTrail fields)` };
  }
  return found(shape, entries, "none");
}

/** `aws cloudtrail get-query-results` output: `QueryResultRows`, a list of rows. */
function lakeResults(object: Record<string, unknown>): Located | null {
  const rows = object.QueryResultRows;
  if (Array.isArray(rows)) return found("lake", rows, "lake-row");
  if (rows !== undefined) return { kind: "error", reason: '"QueryResultRows" is not a list' };
  if (typeof object.QueryStatus === "string") {
    const why = typeof object.ErrorMessage === "string" ? `: ${object.ErrorMessage}` : "";
    return {
      kind: "error",
      reason: `${NO_RECORDS} (CloudTrail Lake results without rows, the query is ${object.QueryStatus}${why})`,
    };
  }
  return null;
}

/** The shape of an already parsed JSON document. */
export function shapeOfValue(value: unknown): Located {
  if (Array.isArray(value)) {
    if (value.length > 0 && !hasObject(value)) return { kind: "error", reason: NO_RECORDS };
    return listOf("array", value);
  }
  const object = asObject(value);
  if (object === null) return { kind: "error", reason: NO_RECORDS };
  if (object.Records !== undefined) {
    const records = object.Records;
    if (!Array.isArray(records)) {
      return {
        kind: "error",
        reason: records === null ? '"Records" is null, not a list' : '"Records" is not a list',
      };
    }
    // Entries that are not objects are counted as skipped; a list of objects none of which has
    // a CloudTrail field is someone else's "Records", not a log.
    if (hasObject(records) && !hasRecord(records))
      return { kind: "error", reason: `${NO_RECORDS} ("Records" holds no CloudTrail events)` };
    return { kind: "events", list: { shape: "records", entries: records, unwrap: "none" } };
  }
  if (isDigest(object)) return { kind: "digest", digest: object };
  if (isPublicKeyList(object)) return { kind: "keys", keys: object };
  if (object.Events !== undefined) {
    const events = object.Events;
    return Array.isArray(events)
      ? {
          kind: "events",
          list: { shape: "lookup-events", entries: events, unwrap: "lookup-events" },
        }
      : { kind: "error", reason: '"Events" is not a list' };
  }
  if (isEventBridgeEnvelope(object)) return found("eventbridge", [object], "eventbridge");
  if (looksLikeRecord(object)) return found("single", [object], "none");
  const lake = lakeResults(object);
  if (lake !== null) return lake;
  if (isCloudWatchLogsEnvelope(object))
    return found("cloudwatch-logs", openWrappers([object]), "auto");
  if (isLowercaseRecord(object)) return found("athena", [object], "lowercase");
  return { kind: "error", reason: NO_RECORDS };
}

/**
 * One record per line. Blank lines do not count; a line that is not JSON stays in the list as
 * `undefined`, so it is counted as skipped and the other lines keep their indices.
 */
function ndjsonEntries(json: string): { entries: unknown[]; objects: number; failed: number } {
  const entries: unknown[] = [];
  let objects = 0;
  let failed = 0;
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
        failed++;
      }
      if (asObject(entry) !== null) objects++;
      entries.push(entry);
    }
    start = end + 1;
  }
  return { entries, objects, failed };
}

function parses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/**
 * Values one after another (Firehose): each value's wrappers opened, see concat.ts. `complete`:
 * the values that were whole JSON; `clean`: all of them were.
 */
function concatenatedList(
  json: string,
  start: number,
): { located: Located; complete: number; clean: boolean } | null {
  const split = splitConcatenated(json, start);
  if (split === null) return null;
  const shape = hasCloudWatchLogs(split.values) ? "cloudwatch-logs" : "concatenated";
  const entries = openWrappers(split.values);
  return {
    located: found(shape, entries, "auto"),
    complete: split.complete,
    clean: split.complete === split.values.length,
  };
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
    if (looksLikeCsv(json, start)) return found("csv", csvEntries(json, start), "columns");
    // A bare JSON scalar is JSON, just not CloudTrail; anything else is not JSON at all.
    try {
      JSON.parse(json);
      return { kind: "error", reason: NO_RECORDS };
    } catch {
      return { kind: "error", reason: gzip ? "gzip of data that is not JSON" : "not gzip or JSON" };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    // A whole-document parse of NDJSON fails right after the first line, so trying it first costs
    // one line; only then is the file read line by line. Values with no line break between them
    // (Firehose) are split only when NDJSON does not read every line.
    const newline = first === 123 ? json.indexOf("\n", start) : -1;
    let values: ReturnType<typeof concatenatedList> | undefined;
    if (newline >= 0 && !parses(json.slice(start, newline))) {
      // Not one value a line (pretty-printed values): reading it line by line would fail on
      // every line, which costs an exception each.
      values = concatenatedList(json, start);
      if (values !== null && values.clean) return values.located;
    }
    const lines = newline >= 0 ? ndjsonEntries(json) : null;
    if (lines !== null && lines.objects > 0 && lines.failed === 0)
      return listOf("ndjson", lines.entries);
    if (values === undefined) values = concatenatedList(json, start);
    if (values !== null && (lines === null || values.complete > lines.objects))
      return values.located;
    if (lines !== null && lines.objects > 0) return listOf("ndjson", lines.entries);
    return { kind: "error", reason: describeJsonError(error, json) };
  }
  return shapeOfValue(value);
}

/** The fields of a CloudTrail-Digest file that the app shows and checks. */
export function digestSummary(
  digest: Record<string, unknown>,
  fileIndex: number,
  /** Hex SHA-256 of the digest file's decompressed bytes ("" when not known). */
  digestHash = "",
): DigestSummary {
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
    digestS3Bucket: text(digest.digestS3Bucket),
    digestPublicKeyFingerprint: text(digest.digestPublicKeyFingerprint),
    digestSignatureAlgorithm: text(digest.digestSignatureAlgorithm),
    previousDigestS3Bucket: text(digest.previousDigestS3Bucket),
    previousDigestS3Object: text(digest.previousDigestS3Object),
    previousDigestHashAlgorithm: text(digest.previousDigestHashAlgorithm),
    previousDigestSignature: text(digest.previousDigestSignature),
    digestHash: digestHash.toLowerCase(),
  };
}
