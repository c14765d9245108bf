// For tests only: the events a view shows, counted the plain way over JSON.parse'd records
// (a record repeated with the same eventID and content counted once, first copy kept; one with
// other content kept; Insights left out), to check the SQL and the app against.
import { DICT_FIELDS } from "../../ingest/chunk";
import { text } from "../../ingest/fields";
import { referenceColumnTexts, referenceMatch } from "../testing/reference";
import { UUID_RE } from "./text";
import type { SqlView } from "./types";

type JsonObject = Record<string, unknown>;

/** One entry of a delivered file's `Records`, in load order (files in path order). */
export interface LoadedRecord {
  file: number;
  index: number;
  record: unknown;
}

const UUID = new RegExp(`^${UUID_RE}$`);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function dedupeKey(record: JsonObject): string | null {
  const id = record.eventID;
  if (id === undefined || id === null || id === "") return null;
  const t = typeof id === "string" ? id : text(id);
  return UUID.test(t) ? t.toLowerCase() : t;
}

/** Canonical JSON text: object members sorted at every depth (the app ignores their order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** The events a plain reading keeps: objects, no Insights, each (eventID, content) once. */
export function plainEvents(records: readonly LoadedRecord[]): JsonObject[] {
  const seen = new Set<string>();
  const out: JsonObject[] = [];
  for (const { record } of records) {
    if (!isObject(record)) continue;
    if (
      record.eventCategory === "Insight" ||
      record.eventType === "AwsCloudTrailInsight" ||
      isObject(record.insightDetails)
    )
      continue;
    const id = dedupeKey(record);
    const key = id === null ? null : `${id}\u0000${canonical(record)}`;
    if (key !== null) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(record);
  }
  return out;
}

/** How many events the view shows, and in how many groups (0 without group-by). */
export function referenceView(
  records: readonly LoadedRecord[],
  view: SqlView,
): { shown: number; groups: number } {
  let shown = 0;
  const groups = new Set<string>();
  for (const record of plainEvents(records)) {
    const texts = referenceColumnTexts(record);
    const column = (field: (typeof DICT_FIELDS)[number]): string =>
      texts[DICT_FIELDS.indexOf(field)]!;
    let keep = true;
    for (const field of DICT_FIELDS) {
      const include = view.include[field] ?? [];
      const exclude = view.exclude[field] ?? [];
      if (include.length > 0 && !include.includes(column(field))) keep = false;
      if (exclude.includes(column(field))) keep = false;
    }
    if (!keep) continue;
    if (view.timeFrom !== null || view.timeTo !== null) {
      const time = typeof record.eventTime === "string" ? Date.parse(record.eventTime) : NaN;
      if (Number.isNaN(time)) continue;
      if (view.timeFrom !== null && time < view.timeFrom) continue;
      if (view.timeTo !== null && time >= view.timeTo) continue;
    }
    if (view.text && !JSON.stringify(record).toLowerCase().includes(view.text.toLowerCase()))
      continue;
    if (view.expr !== null && !referenceMatch(view.expr, record)) continue;
    shown++;
    groups.add(view.group.map(column).join("\t"));
  }
  return { shown, groups: view.group.length > 0 ? groups.size : 0 };
}
