// "Export case": a self-contained report of a case file, as Markdown for people and JSON for
// tools: the files (with the SHA-256 of their bytes as loaded), the query, the findings, a
// timeline of the starred events with their notes, and the notes on findings.
//
// Every value that came from a log (and the file paths, which come from S3 keys) is
// attacker-controlled. In Markdown they are escaped so that they stay text in any renderer: no
// HTML passes (`<`, `>` and `&` become entities), no link, code span or table cell can be forged,
// no line can start a heading or a spreadsheet formula, and hidden characters are shown as
// ⟦U+XXXX⟧. The JSON carries the values as they are, with `<`, `>` and `&` as \u escapes.
import { formatBytes, formatCount, formatTime, formatCountOf } from "../lib/format";
import { revealHidden } from "../lib/visible";
import {
  eventMs,
  noteKey,
  type CaseData,
  type CaseFinding,
  type CaseNote,
  type EventFields,
  type StarredEvent,
} from "./caseFileData";
import type { HashedFile } from "./caseExportHash";

export {
  caseSources,
  hashFiles,
  type CaseSource,
  type HashedFile,
  type HashProgress,
} from "./caseExportHash";

export type CaseExportFormat = "md" | "json";

export const CASE_EXPORT_TYPES: Record<CaseExportFormat, string> = {
  md: "text/markdown;charset=utf-8",
  json: "application/json",
};

/** The download's name: the time of the export only, never log text. */
export function caseExportName(format: CaseExportFormat, exportedAt: Date): string {
  const stamp = exportedAt.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `trailview-case-${stamp}.${format}`;
}

// ── Markdown ──

const MD_ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/**
 * Log text as inert Markdown text: hidden characters shown, newlines as ↵, Markdown punctuation
 * backslash-escaped, `<` `>` `&` as entities, and a leading `#` `=` `+` `-` `@` (heading, list,
 * spreadsheet formula) or `1.` (ordered list) escaped.
 */
export function mdText(value: string): string {
  const text = revealHidden(value)
    .replace(/\r\n|\r|\n/g, " ↵ ")
    .replace(/\t/g, " ")
    .replace(/[\\`*_~|[\]<>&]/g, (ch) => MD_ENTITIES[ch] ?? `\\${ch}`);
  return text
    .replace(/^(\s*)([#=+\-@])/, "$1\\$2")
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/** A table cell: escaped text, or a dash when empty. */
function cell(value: string): string {
  return value === "" ? "–" : mdText(value);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function table(headers: readonly string[], rows: readonly string[][]): string[] {
  return [row(headers), row(headers.map(() => "---")), ...rows.map(row)];
}

/** A note as a block quote, line by line. */
function quote(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => (line.trim() ? `> ${mdText(line)}` : ">"));
}

function utc(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? "–" : `${formatTime(ms, "utc")} UTC`;
}

function eventTimeText(fields: EventFields): string {
  const ms = eventMs(fields);
  return Number.isFinite(ms) ? utc(ms) : "no time";
}

const HEX64 = /^[0-9a-f]{64}$/;

function hexCode(hex: string | null): string {
  return hex !== null && HEX64.test(hex) ? `\`${hex}\`` : "–";
}

const LEVELS = ["critical", "high", "medium", "low", "informational"];

function levelRank(level: string): number {
  const at = LEVELS.indexOf(level);
  return at < 0 ? LEVELS.length : at;
}

/** Findings by severity, then by count, then by title. */
function sortedFindings(findings: readonly CaseFinding[]): CaseFinding[] {
  return [...findings].sort(
    (a, b) =>
      levelRank(a.level) - levelRank(b.level) ||
      b.count - a.count ||
      (a.title < b.title ? -1 : a.title > b.title ? 1 : 0),
  );
}

/** Starred events by time (events without a time last), then by when they were starred. */
function timeline(stars: readonly StarredEvent[]): StarredEvent[] {
  return [...stars].sort((a, b) => eventMs(a) - eventMs(b) || a.starredAt - b.starredAt);
}

function fileContents(file: HashedFile): string {
  if (file.sha256 === null) return `not readable: ${mdText(file.error)}`;
  if (file.kind === "events") return formatCountOf(file.events, "event");
  if (file.kind === "error") return `not loaded: ${mdText(file.error)}`;
  return mdText(file.kind);
}

/** The case as a Markdown report. */
export function caseMarkdown(
  data: CaseData,
  files: readonly HashedFile[],
  exportedAt: Date = new Date(),
): string {
  const notes = new Map(data.notes.map((note) => [noteKey(note.target), note]));
  const findings = sortedFindings(data.findings);
  const events = timeline(data.stars);
  let bytes = 0;
  for (const file of files) bytes += file.bytes;
  const out: string[] = [
    "# Trailview case report",
    "",
    `- **Exported:** ${utc(exportedAt.getTime())}`,
    `- **Case key:** ${hexCode(data.fingerprint)} (SHA-256 of the loaded files' sorted paths and sizes)`,
    `- **Case started:** ${utc(data.created)}; **last change:** ${utc(data.updated)}`,
    `- **Files:** ${formatCount(files.length)} (${formatBytes(bytes)}); **starred events:** ` +
      `${formatCount(events.length)}; **notes:** ${formatCount(data.notes.length)}; ` +
      `**findings:** ${formatCount(findings.length)}`,
    `- **Query:** ${data.query ? mdText(data.query) : "none"}`,
    "",
    "Times are UTC. Values from the logs are shown as text: Markdown characters are escaped and " +
      "hidden characters shown as ⟦U+XXXX⟧.",
    "",
    `## Findings (${formatCount(findings.length)})`,
    "",
  ];

  if (findings.length === 0) out.push("No findings.");
  else {
    out.push(
      ...table(
        ["Level", "Finding", "ATT&CK", "Events", "First", "Last", "Rule"],
        findings.map((f) => [
          cell(f.level),
          cell(f.title),
          cell([...f.tactics, ...f.techniques].join(", ")),
          formatCount(f.count),
          utc(f.first),
          utc(f.last),
          cell(f.source ? `${f.ruleId} (${f.source})` : f.ruleId),
        ]),
      ),
    );
  }
  const findingNotes = data.notes.filter((note) => note.target.kind === "finding");
  if (findingNotes.length > 0) {
    out.push("", "### Notes on findings");
    const titles = new Map(data.findings.map((f) => [f.ruleId, f.title]));
    for (const note of findingNotes) {
      const ruleId = note.target.kind === "finding" ? note.target.ruleId : "";
      const title = titles.get(ruleId);
      out.push("", `**${cell(title ?? ruleId)}** (rule ${cell(ruleId)})`, "", ...noteBlock(note));
    }
  }

  out.push("", `## Timeline of starred events (${formatCount(events.length)})`, "");
  if (events.length === 0) out.push("No starred events.");
  else {
    out.push(
      ...table(
        [
          "#",
          "Time",
          "Event",
          "Source",
          "Principal",
          "Source IP",
          "Region",
          "Error",
          "Account",
          "Event ID",
          "Note",
        ],
        events.map((e, i) => [
          String(i + 1),
          eventTimeText(e),
          cell(e.eventName),
          cell(e.eventSource),
          cell(e.principal),
          cell(e.sourceIPAddress),
          cell(e.awsRegion),
          cell(e.errorCode),
          cell(e.account),
          cell(e.eventID),
          notes.has(noteKey({ kind: "event", eventID: e.eventID })) ? "yes" : "",
        ]),
      ),
    );
  }
  const eventNotes = eventNotesInOrder(data, events);
  if (eventNotes.length > 0) {
    out.push("", "### Notes on events");
    for (const { note, number, fields } of eventNotes) {
      const id = note.target.kind === "event" ? note.target.eventID : "";
      const what = fields
        ? `${eventTimeText(fields)} · ${cell(fields.eventName)} · ${cell(fields.principal)}`
        : "Event";
      const head = number > 0 ? `**#${number} · ${what}**` : `**${what}**`;
      const tail = number > 0 ? "" : ", not starred";
      out.push("", `${head} (event ID ${cell(id)}${tail})`, "", ...noteBlock(note));
    }
  }

  out.push("", `## Files (${formatCount(files.length)})`, "");
  if (files.length === 0) out.push("No files.");
  else {
    out.push(
      ...table(
        ["Path", "Bytes", "SHA-256", "Contents"],
        files.map((f) => [cell(f.path), formatCount(f.bytes), hexCode(f.sha256), fileContents(f)]),
      ),
    );
  }
  out.push("");
  return out.join("\n");
}

function noteBlock(note: CaseNote): string[] {
  const edited = note.updated !== note.created ? `, edited ${utc(note.updated)}` : "";
  return [...quote(note.text), "", `_Written ${utc(note.created)}${edited}._`];
}

/** Notes on events: those on starred events in timeline order, then the others by time. */
function eventNotesInOrder(
  data: CaseData,
  events: readonly StarredEvent[],
): { note: CaseNote; number: number; fields: EventFields | null }[] {
  const numbers = new Map(events.map((e, i) => [e.eventID, i + 1]));
  const starred = new Map(events.map((e) => [e.eventID, e]));
  const list: { note: CaseNote; number: number; fields: EventFields | null }[] = [];
  for (const note of data.notes) {
    if (note.target.kind !== "event") continue;
    const id = note.target.eventID;
    list.push({ note, number: numbers.get(id) ?? 0, fields: starred.get(id) ?? note.event });
  }
  const rank = (n: number) => (n > 0 ? n : Infinity);
  return list.sort(
    (a, b) =>
      rank(a.number) - rank(b.number) ||
      (a.fields ? eventMs(a.fields) : Infinity) - (b.fields ? eventMs(b.fields) : Infinity) ||
      a.note.created - b.note.created,
  );
}

// ── JSON ──

function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15
    ? null
    : new Date(ms).toISOString();
}

function noteJson(note: CaseNote | undefined) {
  return note ? { text: note.text, created: iso(note.created), updated: iso(note.updated) } : null;
}

/** The case as JSON: the same content as the Markdown, values as they are. */
export function caseJson(
  data: CaseData,
  files: readonly HashedFile[],
  exportedAt: Date = new Date(),
): string {
  const notes = new Map(data.notes.map((note) => [noteKey(note.target), note]));
  const report = {
    format: "trailview-case-report",
    version: 1,
    exportedAt: exportedAt.toISOString(),
    case: { key: data.fingerprint, created: iso(data.created), updated: iso(data.updated) },
    query: data.query,
    files: files.map((f) => ({
      path: f.path,
      bytes: f.bytes,
      sha256: f.sha256,
      kind: f.kind,
      events: f.events,
      error: f.error || null,
    })),
    findings: sortedFindings(data.findings).map((f) => ({
      ruleId: f.ruleId,
      title: f.title,
      level: f.level,
      tactics: f.tactics,
      techniques: f.techniques,
      count: f.count,
      first: iso(f.first),
      last: iso(f.last),
      source: f.source,
      note: noteJson(notes.get(noteKey({ kind: "finding", ruleId: f.ruleId }))),
    })),
    timeline: timeline(data.stars).map((e) => ({
      eventID: e.eventID,
      eventTime: e.eventTime || null,
      eventName: e.eventName,
      eventSource: e.eventSource,
      principal: e.principal,
      sourceIPAddress: e.sourceIPAddress,
      awsRegion: e.awsRegion,
      errorCode: e.errorCode,
      account: e.account,
      starredAt: iso(e.starredAt),
      note: noteJson(notes.get(noteKey({ kind: "event", eventID: e.eventID }))),
    })),
    notes: data.notes.map((note) => ({
      target: note.target,
      text: note.text,
      created: iso(note.created),
      updated: iso(note.updated),
      event: note.event,
    })),
  };
  // Safe to embed anywhere JSON is pasted: no `<`, `>`, `&` or line separator appears raw.
  return `${JSON.stringify(report, null, 2).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}
