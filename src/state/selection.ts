// The open event and its relatives. The URL names an event by its eventID, which survives a
// reload with the same files in any order; a record without one is named by where it lives,
// `@<fileIndex>:<record>`, which survives only a reload of the same files in the same order.
import { FLAG_NO_EVENT_ID } from "../ingest/chunk";
import { asObject, eventKeyOf, text } from "../ingest/fields";
import type { EventStore } from "../store/eventStore";
import type { Session } from "./session";

/** Entries per related list; the rest are only counted. */
export const RELATED_CAP = 200;
/** "Around" for the same principal: this far before and after the event. */
export const PRINCIPAL_WINDOW_MS = 5 * 60_000;

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
    const [json] = await session.recordTexts(store.file[row], [store.record[row]]);
    return eventRef(session, row, json ? eventIdOf(JSON.parse(json)) : null);
  } catch {
    // The file can no longer be read: its place still names the row.
    return eventRef(session, row, null);
  }
}

export interface RelatedList {
  /** Store rows, in time order. */
  rows: number[];
  /** Further matches left out of `rows` by the cap. */
  more: number;
}

export interface RelatedCandidates {
  /** Same requestID hash: still to be confirmed on the records. */
  request: RelatedList;
  /** Same sharedEventID hash: still to be confirmed on the records. */
  shared: RelatedList;
  /** Same principal within PRINCIPAL_WINDOW_MS, the nearest first kept. */
  principal: RelatedList;
}

/** Rows that may be related to `row`, in one pass over the store; `row` itself is left out. */
export function relatedCandidates(
  store: EventStore,
  row: number,
  cap = RELATED_CAP,
): RelatedCandidates {
  const requestKeys = store.requestKey;
  const sharedKeys = store.sharedKey;
  const principals = store.column("principal");
  const time = store.time;
  const requestKey = requestKeys[row];
  const sharedKey = sharedKeys[row];
  const principal = principals[row];
  const at = time[row];
  // A missing principal (id 0) is not an identity, and without a time there is no window.
  const byPrincipal = principal !== 0 && !Number.isNaN(at);
  const request: number[] = [];
  const shared: number[] = [];
  const near: number[] = [];
  let requestMore = 0;
  let sharedMore = 0;
  for (let r = 0; r < store.rows; r++) {
    if (r === row) continue;
    if (requestKey !== 0 && requestKeys[r] === requestKey) {
      if (request.length < cap) request.push(r);
      else requestMore++;
    }
    if (sharedKey !== 0 && sharedKeys[r] === sharedKey) {
      if (shared.length < cap) shared.push(r);
      else sharedMore++;
    }
    if (byPrincipal && principals[r] === principal && Math.abs(time[r] - at) <= PRINCIPAL_WINDOW_MS)
      near.push(r);
  }
  // A busy principal can have thousands of calls in ten minutes: keep those closest to the event.
  near.sort((a, b) => Math.abs(time[a] - at) - Math.abs(time[b] - at) || a - b);
  const principalRows = near.slice(0, cap);
  const byTime = (rows: number[]) => rows.sort((a, b) => timeOrder(time, a, b));
  return {
    request: { rows: byTime(request), more: requestMore },
    shared: { rows: byTime(shared), more: sharedMore },
    principal: { rows: byTime(principalRows), more: near.length - principalRows.length },
  };
}

// Rows without a time sort last; ties keep load order.
function timeOrder(time: Float64Array, a: number, b: number): number {
  const ta = time[a];
  const tb = time[b];
  if (Number.isNaN(ta) || Number.isNaN(tb))
    return Number.isNaN(ta) ? (Number.isNaN(tb) ? a - b : 1) : -1;
  return ta - tb || a - b;
}

export interface RelatedEvents extends RelatedCandidates {
  /** The open record's requestID and sharedEventID as text ("" when it has none). */
  requestID: string;
  sharedEventID: string;
  /** Candidates that could not be checked because their file could not be read. */
  unchecked: number;
}

/**
 * The related events of `row`, whose parsed record is `record`: the hash candidates are kept
 * only when their own records carry the same requestID or sharedEventID.
 */
export async function relatedEvents(
  session: Session,
  row: number,
  record: unknown,
  cap = RELATED_CAP,
): Promise<RelatedEvents> {
  const candidates = relatedCandidates(session.store, row, cap);
  const fields = asObject(record);
  const requestID = idText(fields?.requestID);
  const sharedEventID = idText(fields?.sharedEventID);
  const wanted = new Set([...candidates.request.rows, ...candidates.shared.rows]);
  const { texts, unchecked } = await readRows(session, [...wanted]);
  const confirm = (list: RelatedList, field: "requestID" | "sharedEventID", value: string) => ({
    rows:
      value === ""
        ? []
        : list.rows.filter((r) => {
            const json = texts.get(r);
            return json !== undefined && idText(asObject(JSON.parse(json))?.[field]) === value;
          }),
    more: value === "" ? 0 : list.more,
  });
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
        const answers = await session.recordTexts(
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
