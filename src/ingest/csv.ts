// CSV with a header row naming CloudTrail fields: CloudTrail Lake's saved query results
// (`result_1.csv.gz`), Athena's query results, Trailview's own CSV export. Parsed by papaparse
// (RFC 4180: quoted fields holding commas, doubled quotes and line breaks; CRLF or LF). Header
// names may be CloudTrail's (`eventName`), the engines' lowercase (`eventname`), or dotted
// (`useridentity.arn`); canonical.ts rebuilds each row as a record.
import Papa from "papaparse";
import { put } from "./canonical";

/** The columns one of which a header must have for the text to be taken for CloudTrail CSV. */
const KEY_COLUMNS = new Set(["eventname", "eventsource", "eventtime", "eventid"]);

/** The first line is only looked at this far: a header is short. */
const HEADER_LIMIT = 65_536;

function cells(text: string): string[][] {
  return Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: false }).data;
}

function isKeyColumn(name: string): boolean {
  const lower = name.trim().toLowerCase();
  const dot = lower.indexOf(".");
  return KEY_COLUMNS.has(dot < 0 ? lower : lower.slice(0, dot));
}

/**
 * Whether the text from `start` begins with a CSV header that names a CloudTrail field. Cheap:
 * a substring test on the first line decides for almost all text that is not CSV.
 */
export function looksLikeCsv(text: string, start: number): boolean {
  let end = text.indexOf("\n", start);
  if (end < 0 || end - start > HEADER_LIMIT) end = Math.min(text.length, start + HEADER_LIMIT);
  const line = text.slice(start, end);
  if (!/event(name|source|time|id)/i.test(line)) return false;
  const header = cells(line)[0] ?? [];
  return header.some(isKeyColumn);
}

function isBlank(row: readonly string[]): boolean {
  return row.length === 1 && row[0]!.trim() === "";
}

function isHeader(row: readonly string[], header: readonly string[]): boolean {
  if (row.length !== header.length) return false;
  for (let c = 0; c < row.length; c++) if (row[c]!.trim() !== header[c]) return false;
  return true;
}

/**
 * The data rows of a CSV text, each as an object of column name → cell, in order. Blank lines
 * are not rows (as blank NDJSON lines are not entries); a row whose quotes do not close (a file
 * cut short), or that repeats the header, stays in the list as `undefined`, so it is counted as
 * skipped and the rows after it keep their indices. Line breaks between rows are guessed once for
 * the file (papaparse): a file mixing CRLF and LF rows is not read right.
 */
export function csvEntries(text: string, start: number): unknown[] {
  const parsed = Papa.parse<string[]>(start === 0 ? text : text.slice(start), {
    delimiter: ",",
    skipEmptyLines: false,
  });
  const broken = new Set<number>();
  for (const error of parsed.errors) {
    if (error.code === "MissingQuotes" && error.row !== undefined) broken.add(error.row);
  }
  const rows = parsed.data;
  const header = (rows[0] ?? []).map((name) => name.trim());
  const entries: unknown[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (isBlank(row)) continue;
    // A header again (CSV files joined with `cat`) is not a record: counted as skipped.
    if (broken.has(r) || isHeader(row, header)) {
      entries.push(undefined);
      continue;
    }
    const entry: Record<string, unknown> = {};
    const n = Math.min(row.length, header.length);
    for (let c = 0; c < n; c++) put(entry, header[c]!, row[c]);
    entries.push(entry);
  }
  return entries;
}
