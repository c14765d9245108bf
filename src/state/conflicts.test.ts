// Conflicting duplicates on real records: the invictus deliveries loaded with a file that repeats
// some of their records unchanged (also with members reordered) and others altered. The expected
// counts are computed here from gunzip + JSON.parse, by eventID and canonical content.
import { readFileSync } from "node:fs";
import { gzipSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Term } from "../query/ast";
import { conflictRows } from "../store/conflicts";
import { CONFLICT_RULE_ID } from "./conflictFinding";
import { Detections } from "./detections";
import { IntegrityCheck } from "./integrity";
import { filesUnder, INVICTUS, invictus, newSession, source } from "./testing";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type EventRecord = { [key: string]: Json };

function records(): EventRecord[] {
  return filesUnder(INVICTUS)
    .filter((f) => f.endsWith(".json.gz"))
    .flatMap(
      (f) =>
        (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: EventRecord[] }).Records,
    );
}

/** The value with every object's members in reverse order: the same fields, other bytes. */
function reversed(value: Json): Json {
  if (Array.isArray(value)) return value.map(reversed);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .toReversed()
        .map(([k, v]) => [k, reversed(v)]),
    );
  return value;
}

/** Canonical text: members sorted at every depth. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Kept rows, duplicates, conflicting duplicates and conflicting rows, counted by content. */
function expectedCounts(all: EventRecord[]) {
  const byId = new Map<string, Set<string>>();
  for (const record of all) {
    const id = String(record.eventID);
    const set = byId.get(id) ?? new Set<string>();
    set.add(canonical(record));
    byId.set(id, set);
  }
  let rows = 0;
  let conflictingRows = 0;
  for (const set of byId.values()) {
    rows += set.size;
    if (set.size > 1) conflictingRows += set.size;
  }
  return {
    rows,
    duplicates: all.length - rows,
    conflicting: rows - byId.size,
    conflictingRows,
  };
}

function alteredCopies(all: EventRecord[]): EventRecord[] {
  const pick = (i: number) => structuredClone(all[i]);
  const ip = pick(100);
  ip.sourceIPAddress = "203.0.113.66";
  const error = pick(900);
  error.errorCode = "AccessDenied";
  const params = pick(2000);
  params.requestParameters = { ...(params.requestParameters as object), bucketName: "exfil" };
  return [
    pick(5), // delivered twice, unchanged
    reversed(pick(6)) as EventRecord, // unchanged, members in another order
    ip,
    error,
    params,
    structuredClone(ip), // the altered copy twice: a plain duplicate of it
  ];
}

describe("conflicting duplicates on the invictus records", () => {
  it("keeps both versions of an altered event, drops plain repeats, counts each apart", async () => {
    const all = records();
    const extra = alteredCopies(all);
    const expected = expectedCounts([...all, ...extra]);
    expect(expected).toEqual({ rows: 2903, duplicates: 3, conflicting: 3, conflictingRows: 6 });

    const session = newSession();
    await session.load([
      ...invictus(),
      source("altered.json.gz", gzipSync(JSON.stringify({ Records: extra }))),
    ]);
    const { store } = session;
    expect(store.rows).toBe(expected.rows);
    expect(store.duplicates).toBe(expected.duplicates);
    expect(store.conflicting).toBe(expected.conflicting);
    expect(store.conflictingRows).toBe(expected.conflictingRows);
    // The marked rows are the two versions of each altered event, one from each file.
    const rows = conflictRows(store);
    const altered = session.files.findIndex((f) => f.name === "altered.json.gz");
    expect(Array.from(rows, (r) => store.file[r] === altered).filter(Boolean)).toHaveLength(3);
    const ids = new Set([all[100], all[900], all[2000]].map((r) => r.eventID));
    for (const r of rows) {
      const [json] = await session.reads.recordTexts(store.file[r], [store.record[r]]);
      expect(ids.has((JSON.parse(json ?? "null") as EventRecord).eventID)).toBe(true);
    }
  });

  it("loading the altered file first keeps the same rows and counts", async () => {
    const all = records();
    const extra = alteredCopies(all);
    const expected = expectedCounts([...extra, ...all]);
    const session = newSession();
    await session.load([source("altered.json.gz", gzipSync(JSON.stringify({ Records: extra })))]);
    await session.load(invictus());
    expect(session.store.rows).toBe(expected.rows);
    expect(session.store.duplicates).toBe(expected.duplicates);
    expect(session.store.conflicting).toBe(expected.conflicting);
  });
});

describe("conflicting duplicates: the finding and the integrity panel's list", () => {
  it("raise one finding over every version, and list each version with its file", async () => {
    const all = records();
    const extra = alteredCopies(all);
    const expected = expectedCounts([...all, ...extra]);
    const session = newSession();
    const detections = new Detections(session);
    const integrity = new IntegrityCheck(session);
    const detach = integrity.attach();
    await session.load([
      ...invictus(),
      source("altered.json.gz", gzipSync(JSON.stringify({ Records: extra }))),
    ]);
    for (let i = 0; i < 50 && detections.finding(CONFLICT_RULE_ID) === undefined; i++) {
      await detections.compute();
      await new Promise((done) => setTimeout(done, 10));
    }
    const finding = detections.finding(CONFLICT_RULE_ID);
    expect(finding?.source).toBe("conflict");
    expect(finding?.rows.length).toBe(expected.conflictingRows);
    expect(Array.from(finding?.rows ?? [])).toEqual(Array.from(conflictRows(session.store)));
    // `finding:` terms select its rows as for any finding.
    const term: Term = {
      kind: "term",
      field: "finding",
      match: { op: "eq", value: CONFLICT_RULE_ID, cased: false },
    };
    const mask = detections.rowsOf(term);
    expect(mask?.reduce((sum, bit) => sum + bit, 0)).toBe(expected.conflictingRows);

    const state = integrity.getState();
    expect(state.status).toBe("none");
    expect(state.conflicts.count).toBe(expected.conflicting);
    expect(state.conflicts.versions).toHaveLength(expected.conflictingRows);
    expect(state.conflicts.versions.filter((v) => v.file === "altered.json.gz")).toHaveLength(3);
    detach();
    session.clear();
    integrity.refresh();
    expect(integrity.getState().conflicts.count).toBe(0);
  });
});
