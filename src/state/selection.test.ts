import { describe, expect, it } from "vitest";
import { EventStore } from "../store/eventStore";
import { buildChunk, type TestEvent } from "../store/testing";
import { InProcessWorker } from "../worker/fakeWorker";
import { WorkerPool } from "../worker/pool";
import { Session, type SourceFile } from "./session";
import {
  eventIdOf,
  eventRef,
  openRowOf,
  refOfRow,
  RELATED_PREVIEW,
  relatedCandidates,
  relatedEvents,
  relatedIdsOf,
  rowOfEvent,
} from "./selection";

const user = (name: string) => ({
  type: "IAMUser",
  arn: `arn:aws:iam::111122223333:user/${name}`,
  userName: name,
});

// One afternoon: alice's calls around 12:00, one of them outside the five minutes; bob shares her
// request, carol (in another file) shares her event.
const FIRST = [
  {
    eventID: "e0",
    eventTime: "2024-05-01T12:00:00Z",
    eventName: "AssumeRole",
    requestID: "R1",
    sharedEventID: "S1",
    userIdentity: user("alice"),
  },
  {
    eventID: "e1",
    eventTime: "2024-05-01T12:00:30Z",
    eventName: "GetObject",
    requestID: "R1",
    userIdentity: user("bob"),
  },
  {
    eventID: "e2",
    eventTime: "2024-05-01T12:04:00Z",
    eventName: "ListBuckets",
    userIdentity: user("alice"),
  },
  {
    eventID: "e3",
    eventTime: "2024-05-01T12:06:00Z",
    eventName: "PutObject",
    userIdentity: user("alice"),
  },
  { eventTime: "2024-05-01T11:57:00Z", eventName: "Decrypt", userIdentity: user("alice") },
];
const SECOND = [
  {
    eventID: "e5",
    eventTime: "2024-05-01T12:01:00Z",
    eventName: "AssumeRole",
    sharedEventID: "S1",
    userIdentity: user("carol"),
  },
  { eventID: "@0:1", eventTime: "2024-05-01T12:02:00Z", eventName: "Odd", requestID: "R2" },
];

function source(name: string, records: unknown[]): SourceFile {
  const bytes = new TextEncoder().encode(JSON.stringify({ Records: records }));
  return { blob: new Blob([bytes]), name, path: `logs/${name}` };
}

async function loaded(): Promise<Session> {
  const session = new Session(new WorkerPool(() => new InProcessWorker(), 2));
  await session.load([source("first.json", FIRST), source("second.json", SECOND)]);
  return session;
}

/** The row of record `record` of file `fileIndex`. */
function rowAt(session: Session, fileIndex: number, record: number): number {
  for (let row = 0; row < session.store.rows; row++) {
    if (session.store.file[row] === fileIndex && session.store.record[row] === record) return row;
  }
  throw new Error(`no row for ${fileIndex}:${record}`);
}

describe("event references", () => {
  it("finds a row by eventID, by locator, and nothing for an unknown reference", async () => {
    const session = await loaded();
    expect(rowOfEvent(session, "e2")).toBe(rowAt(session, 0, 2));
    expect(rowOfEvent(session, "e5")).toBe(rowAt(session, 1, 0));
    expect(rowOfEvent(session, "@0:4")).toBe(rowAt(session, 0, 4));
    expect(rowOfEvent(session, "nope")).toBe(-1);
    expect(rowOfEvent(session, "@0:99")).toBe(-1);
    expect(openRowOf(session, null)).toBe(-1);
    expect(openRowOf(session, "@1:1")).toBe(rowAt(session, 1, 1));
  });

  it("names every row so that the name leads back to it", async () => {
    const session = await loaded();
    const refs: string[] = [];
    for (let row = 0; row < session.store.rows; row++) {
      const ref = await refOfRow(session, row);
      refs.push(ref);
      expect(rowOfEvent(session, ref)).toBe(row);
    }
    expect(refs).toEqual(["e0", "e1", "e2", "e3", "@0:4", "e5", "@1:1"]);
  });

  it("falls back to the locator for an eventID that is not the row's", async () => {
    const session = await loaded();
    const row = rowAt(session, 0, 3);
    expect(eventRef(session, row, "e3")).toBe("e3");
    expect(eventRef(session, row, "e2")).toBe("@0:3");
    expect(eventRef(session, row, null)).toBe("@0:3");
    expect(eventIdOf({ eventID: 42 })).toBe("42");
    expect(eventIdOf({ eventID: "" })).toBeNull();
    expect(eventIdOf("not a record")).toBeNull();
  });
});

describe("related events", () => {
  it("finds the same request, the same shared event, and the principal's calls nearby", async () => {
    const session = await loaded();
    const row = rowAt(session, 0, 0);
    const related = relatedCandidates(session.store, row);
    expect(related.request).toEqual({ rows: [rowAt(session, 0, 1)], count: 1 });
    expect(related.shared).toEqual({ rows: [rowAt(session, 1, 0)], count: 1 });
    // 11:57 and 12:04 are inside the five minutes, 12:06 is not; time order.
    expect(related.principal).toEqual({
      rows: [rowAt(session, 0, 4), rowAt(session, 0, 2)],
      count: 2,
    });
  });

  it("previews the calls nearest the event and counts them all", async () => {
    const session = await loaded();
    const related = relatedCandidates(session.store, rowAt(session, 0, 0), 1);
    // 11:57 is three minutes away, 12:04 four.
    expect(related.principal).toEqual({ rows: [rowAt(session, 0, 4)], count: 2 });
  });

  it("counts over the whole store however many match, with the preview's window and filter's", () => {
    const store = new EventStore();
    const at = Date.parse("2024-05-01T12:00:00Z");
    const events: TestEvent[] = [
      { eventID: "open", eventTime: at, principal: "alice", requestID: "R" },
    ];
    // 500 calls of the same request and of alice within the window, spread either side.
    for (let i = 1; i <= 500; i++) {
      const t = at + (i % 2 === 0 ? 1 : -1) * i * 500;
      events.push({ eventID: `r${i}`, eventTime: t, principal: "alice", requestID: "R" });
    }
    // The window is [at − 5 min, at + 5 min), as the principal filter sets it.
    events.push({ eventID: "edge-in", eventTime: at - 5 * 60_000, principal: "alice" });
    events.push({ eventID: "edge-out", eventTime: at + 5 * 60_000, principal: "alice" });
    events.push({ eventID: "bob", eventTime: at + 1000, principal: "bob" });
    events.push({ eventID: "no-time", principal: "alice", requestID: "R" });
    store.append(buildChunk(events));
    const related = relatedCandidates(store, 0, RELATED_PREVIEW);
    expect(related.request.count).toBe(501);
    expect(related.principal.count).toBe(501);
    expect(related.request.rows.length).toBe(RELATED_PREVIEW);
    // The nearest (0.5 s, 1 s, 1.5 s, 2 s, 2.5 s away), in time order.
    expect(related.principal.rows.map((r) => store.time[r] - at)).toEqual([
      -2500, -1500, -500, 1000, 2000,
    ]);
    expect(related.shared).toEqual({ rows: [], count: 0 });
  });

  it("has no request or shared relatives for an event without those ids", async () => {
    const session = await loaded();
    const related = relatedCandidates(session.store, rowAt(session, 0, 3));
    expect(related.request.rows).toEqual([]);
    expect(related.shared.rows).toEqual([]);
    expect(related.principal.rows).toEqual([rowAt(session, 0, 2)]);
  });

  it("confirms candidates on their records", async () => {
    const session = await loaded();
    const row = rowAt(session, 0, 0);
    const related = await relatedEvents(session, row, FIRST[0]);
    expect(related.requestID).toBe("R1");
    expect(related.sharedEventID).toBe("S1");
    expect(related.request).toEqual({ rows: [rowAt(session, 0, 1)], count: 1 });
    expect(related.shared).toEqual({ rows: [rowAt(session, 1, 0)], count: 1 });
    expect(related.unchecked).toBe(0);
    // The same hashes but a record that says otherwise: nothing is confirmed, nothing counted.
    const other = await relatedEvents(session, row, { requestID: "R9", sharedEventID: "S9" });
    expect(other.request).toEqual({ rows: [], count: 0 });
    expect(other.shared).toEqual({ rows: [], count: 0 });
    expect(relatedIdsOf({ requestID: 7, sharedEventID: null })).toEqual({
      requestID: "7",
      sharedEventID: "",
    });
  });

  it("counts candidates in a file that can no longer be read as unchecked", async () => {
    const session = await loaded();
    session.files[1] = { ...session.files[1], blob: new Blob(["gone"]) };
    const related = await relatedEvents(session, rowAt(session, 0, 0), FIRST[0]);
    expect(related.request.rows).toEqual([rowAt(session, 0, 1)]);
    expect(related.shared.rows).toEqual([]);
    expect(related.unchecked).toBe(1);
  });
});
