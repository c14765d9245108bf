// The open event and its relatives. The URL names an event by its eventID, which survives a
// reload with the same files in any order; a record without one is named by where it lives,
// `@<fileIndex>:<record>`, which survives only a reload of the same files in the same order.
import { FLAG_NO_EVENT_ID } from "../ingest/chunk";
import { asObject, eventKeyOf, text } from "../ingest/fields";
import type { EventStore } from "../store/eventStore";
import { PRINCIPAL_WINDOW_MS } from "./context";
import type { Session } from "./session";

/** Related events listed per kind, the nearest to the event; the filters show them all. */
export const RELATED_PREVIEW = 5;

const LOCATOR = /^@(\d+):(\d+)$/;

/** The eventID of a parsed record as the ingest keys it (non-strings printed), or null. */
export function eventIdOf(record: unknown): string | null {
  const id = asObject(record)?.eventID;
  if (id === undefined || id === null || id === "") return null;
  return text(id);
}

/** The store row an event reference names, or -1 when no loaded event matches it. */
export function rowOfEvent(session: Session, ref: string): number {
  const store = session.store;
  const locator = LOCATOR.exec(ref);
  if (!locator) return store.rowOfKey(eventKeyOf(ref));
  const fileIndex = Number(locator[1]);
  const record = Number(locator[2]);
  const files = store.file;
  const records = store.record;
  for (let row = 0; row < store.rows; row++) {
    if (files[row] === fileIndex && records[row] === record) return row;
  }
  return -1;
}

// The open row is asked for on every render; a locator costs a scan, so the answer is kept until
// the store or the reference changes.
const rowCache = new WeakMap<Session, { version: number; ref: string; row: number }>();

/** rowOfEvent, remembered for the last reference while the store is unchanged. */
export function openRowOf(session: Session, ref: string | null): number {
  if (ref === null) return -1;
  const version = session.store.version;
  const hit = rowCache.get(session);
  if (hit && hit.version === version && hit.ref === ref) return hit.row;
  const row = rowOfEvent(session, ref);
  rowCache.set(session, { version, ref, row });
  return row;
}

/**
 * How the URL names the event at `row`: its eventID when that leads back to this row, otherwise
 * its locator (no eventID, or one that reads like a locator, or one deduplicated to another row).
 */
export function eventRef(session: Session, row: number, eventID: string | null): string {
  const store = session.store;
  if (eventID !== null && eventID !== "" && !LOCATOR.test(eventID)) {
    if (store.rowOfKey(eventKeyOf(eventID)) === row) return eventID;
  }
  return `@${store.file[row]}:${store.record[row]}`;
}

/** The reference of a row, reading its record for the eventID when the row has one. */
export async function refOfRow(session: Session, row: number): Promise<string> {
  const store = session.store;
  if ((store.flags[row] & FLAG_NO_EVENT_ID) !== 0) return eventRef(session, row, null);
  try {
    const [json] = await session.reads.recordTexts(store.file[row], [store.record[row]]);
    return eventRef(session, row, json ? eventIdOf(JSON.parse(json)) : null);
  } catch {
    // The file can no longer be read: its place still names the row.
    return eventRef(session, row, null);
  }
}

export interface RelatedList {
  /** A preview: at most RELATED_PREVIEW rows, those nearest the event in time, in time order. */
  rows: number[];
  /** How many there are in all, the event itself not counted (the filter shows every one). */
  count: number;
}

export interface RelatedCandidates {
  /** Same requestID hash: still to be confirmed on the records. */
  request: RelatedList;
  /** Same sharedEventID hash: still to be confirmed on the records. */
  shared: RelatedList;
  /** Same principal in [time − PRINCIPAL_WINDOW_MS, time + PRINCIPAL_WINDOW_MS), as its filter. */
  principal: RelatedList;
}

/**
 * The `limit` rows nearest to `at` in time (rows without a time last, then by row), kept in a
 * short sorted array while a pass offers every match: no list of all matches is ever built.
 */
class Nearest {
  private readonly rows: number[] = [];
  private readonly gaps: number[] = [];
  count = 0;

  constructor(
    private readonly time: Float64Array,
    private readonly at: number,
    private readonly limit: number,
  ) {}

  offer(row: number): void {
    this.count++;
    const gap = Math.abs(this.time[row] - this.at);
    const key = Number.isNaN(gap) ? Infinity : gap;
    const rows = this.rows;
    const gaps = this.gaps;
    if (rows.length >= this.limit && !(key < gaps[gaps.length - 1])) return;
    let at = rows.length;
    while (at > 0 && key < gaps[at - 1]) at--;
    rows.splice(at, 0, row);
    gaps.splice(at, 0, key);
    if (rows.length > this.limit) {
      rows.pop();
      gaps.pop();
    }
  }

  list(): RelatedList {
    const time = this.time;
    return { rows: this.rows.toSorted((a, b) => timeOrder(time, a, b)), count: this.count };
  }
}

/**
 * Rows that may be related to `row`, in one pass over the store; `row` itself is left out. Each
 * list keeps the `preview` rows nearest the event and counts the rest: the filters show them all.
 */
export function relatedCandidates(
  store: EventStore,
  row: number,
  preview = RELATED_PREVIEW,
): RelatedCandidates {
  const requestKeys = store.requestKey;
  const sharedKeys = store.sharedKey;
  const principals = store.column("principal");
  const time = store.time;
  const requestKey = requestKeys[row];
  const sharedKey = sharedKeys[row];
  const principal = principals[row];
  const at = time[row];
  // A missing principal (id 0) is not an identity, and without a time there is no window. The
  // window is the one the principal filter sets (relatedPrincipalView), so the counts agree.
  const byPrincipal = principal !== 0 && !Number.isNaN(at);
  const from = at - PRINCIPAL_WINDOW_MS;
  const to = at + PRINCIPAL_WINDOW_MS;
  const request = new Nearest(time, at, preview);
  const shared = new Nearest(time, at, preview);
  const near = new Nearest(time, at, preview);
  for (let r = 0; r < store.rows; r++) {
    if (r === row) continue;
    if (requestKey !== 0 && requestKeys[r] === requestKey) request.offer(r);
    if (sharedKey !== 0 && sharedKeys[r] === sharedKey) shared.offer(r);
    if (byPrincipal && principals[r] === principal && time[r] >= from && time[r] < to)
      near.offer(r);
  }
  return { request: request.list(), shared: shared.list(), principal: near.list() };
}

// Rows without a time sort last; ties keep load order.
function timeOrder(time: Float64Array, a: number, b: number): number {
  const ta = time[a];
  const tb = time[b];
  if (Number.isNaN(ta) || Number.isNaN(tb))
    return Number.isNaN(ta) ? (Number.isNaN(tb) ? a - b : 1) : -1;
  return ta - tb || a - b;
}

/** The requestID and sharedEventID of a parsed record as text ("" when it has none). */
export function relatedIdsOf(record: unknown): { requestID: string; sharedEventID: string } {
  const fields = asObject(record);
  return { requestID: idText(fields?.requestID), sharedEventID: idText(fields?.sharedEventID) };
}

export interface RelatedEvents extends RelatedCandidates {
  /** The open record's requestID and sharedEventID as text ("" when it has none). */
  requestID: string;
  sharedEventID: string;
  /** Preview candidates that could not be checked because their file could not be read. */
  unchecked: number;
}

/**
 * The related events of `row`, whose parsed record is `record`. The store keeps only 32-bit
 * hashes of requestID and sharedEventID: the preview rows are confirmed on their own records (a
 * handful of reads), and a preview row that turns out to be a hash collision is taken off the
 * count too. The filters are exact.
 */
export async function relatedEvents(
  session: Session,
  row: number,
  record: unknown,
  preview = RELATED_PREVIEW,
): Promise<RelatedEvents> {
  const candidates = relatedCandidates(session.store, row, preview);
  const { requestID, sharedEventID } = relatedIdsOf(record);
  const wanted = new Set([...candidates.request.rows, ...candidates.shared.rows]);
  const { texts, unchecked } = await readRows(session, [...wanted]);
  const confirm = (
    list: RelatedList,
    field: "requestID" | "sharedEventID",
    value: string,
  ): RelatedList => {
    if (value === "") return { rows: [], count: 0 };
    const rows = list.rows.filter((r) => {
      const json = texts.get(r);
      return json !== undefined && idText(asObject(JSON.parse(json))?.[field]) === value;
    });
    const collisions = list.rows.filter((r) => texts.has(r) && !rows.includes(r)).length;
    return { rows, count: list.count - collisions };
  };
  return {
    request: confirm(candidates.request, "requestID", requestID),
    shared: confirm(candidates.shared, "sharedEventID", sharedEventID),
    principal: candidates.principal,
    requestID,
    sharedEventID,
    unchecked,
  };
}

function idText(value: unknown): string {
  return value === undefined || value === null ? "" : text(value);
}

/** The compact JSON of each row's record, one worker request per file. */
async function readRows(
  session: Session,
  rows: number[],
): Promise<{ texts: Map<number, string>; unchecked: number }> {
  const store = session.store;
  const byFile = new Map<number, number[]>();
  for (const r of rows) {
    const list = byFile.get(store.file[r]);
    if (list) list.push(r);
    else byFile.set(store.file[r], [r]);
  }
  const texts = new Map<number, string>();
  let unchecked = 0;
  await Promise.all(
    [...byFile].map(async ([fileIndex, fileRows]) => {
      try {
        const answers = await session.reads.recordTexts(
          fileIndex,
          fileRows.map((r) => store.record[r]),
        );
        fileRows.forEach((r, i) => {
          const json = answers[i];
          if (json !== null && json !== undefined) texts.set(r, json);
          else unchecked++;
        });
      } catch {
        unchecked += fileRows.length;
      }
    }),
  );
  return { texts, unchecked };
}
