import { describe, expect, it } from "vitest";
import { DICT_FIELDS } from "../ingest/chunk";
import type { Expr } from "../query/ast";
import { DOUBLING_LIMIT, grownCapacity, widthFor } from "./columns";
import { EventStore } from "./eventStore";
import { evaluateQuery } from "./queryEval";
import { buildChunk, type TestEvent } from "./testing";
import { computeView, emptyFilter } from "./view";

const T0 = Date.UTC(2026, 0, 5);
const REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"];

/** Event `i`: `name` as its eventName, a userArn of its own, a region by i. */
function event(i: number, name: string, file = i % 200): TestEvent {
  return {
    eventName: name,
    userArn: `arn:aws:iam::123456789012:user/u${i}`,
    awsRegion: REGIONS[i % 3],
    eventID: `id-${i}`,
    eventTime: T0 + i * 1000,
    file,
    record: i,
  };
}

/** What the store must give back, from the events alone (compared in one go: many rows). */
function expectSame(store: EventStore, events: TestEvent[]): void {
  expect(store.rows).toBe(events.length);
  const fields = ["eventName", "userArn", "awsRegion"] as const;
  const actual: (string | number)[][] = [];
  const wanted: (string | number)[][] = [];
  events.forEach((e, r) => {
    actual.push([
      ...fields.map((field) => store.value(field, r)),
      store.file[r]!,
      store.record[r]!,
    ]);
    wanted.push([...fields.map((field) => e[field] ?? ""), e.file!, e.record!]);
  });
  expect(actual).toEqual(wanted);
}

/** Facet counts by value under `region`'s filter, and the rows a query keeps, from the store. */
function results(store: EventStore) {
  const filter = { ...emptyFilter(), include: { awsRegion: ["eu-west-1"] } };
  const view = computeView(store, filter, ["eventName", "awsRegion"]);
  const names = new Map<string, number>();
  view.facets.eventName.forEach((count, id) => {
    if (count > 0) names.set(store.dict("eventName").get(id), count);
  });
  const regions = new Map<string, number>();
  view.facets.awsRegion.forEach((count, id) => {
    if (count > 0) regions.set(store.dict("awsRegion").get(id), count);
  });
  const query: Expr = {
    kind: "term",
    field: "eventName",
    match: { op: "wildcard", pattern: "Name1*", cased: true },
  };
  const mask = evaluateQuery(store, query, () => null);
  const matched: number[] = [];
  for (let r = 0; r < store.rows; r++) if (mask[r] === 1) matched.push(r);
  return {
    shown: view.shown,
    rows: [...view.rows].toSorted((a, b) => a - b),
    names,
    regions,
    matched,
  };
}

/** The same, counted from the events. */
function expected(events: TestEvent[]) {
  const names = new Map<string, number>();
  const regions = new Map<string, number>();
  const rows: number[] = [];
  const matched: number[] = [];
  events.forEach((e, r) => {
    const region = e.awsRegion ?? "";
    regions.set(region, (regions.get(region) ?? 0) + 1);
    if (region === "eu-west-1") {
      rows.push(r);
      names.set(e.eventName!, (names.get(e.eventName!) ?? 0) + 1);
    }
    if (e.eventName!.startsWith("Name1")) matched.push(r);
  });
  return { shown: rows.length, rows, names, regions, matched };
}

function check(store: EventStore, events: TestEvent[]): void {
  expectSame(store, events);
  expect(results(store)).toEqual(expected(events));
}

describe("narrow columns", () => {
  it("widens an id column from 1 to 2 bytes past 256 dictionary entries, keeping every value", () => {
    const store = new EventStore(64);
    const events: TestEvent[] = [];
    const add = (names: string[]) => {
      const chunk = names.map((name, k) => event(events.length + k, name));
      events.push(...chunk);
      store.append(buildChunk(chunk, { reverseDictionaries: events.length % 2 === 0 }));
    };
    // 254 names + "" = 255 entries, ids 0..254.
    add(Array.from({ length: 254 }, (_, i) => `Name${i}`));
    expect(store.dict("eventName").size).toBe(255);
    expect(store.column("eventName")).toBeInstanceOf(Uint8Array);
    check(store, events);
    // 256 entries: the largest id, 255, still fits a byte.
    add(["Name254", "Name3"]);
    expect(store.dict("eventName").size).toBe(256);
    expect(store.column("eventName")).toBeInstanceOf(Uint8Array);
    check(store, events);
    // 257 entries: id 256 needs two bytes; old rows keep their values.
    add(["Name10", "Name255", "Name0"]);
    expect(store.dict("eventName").size).toBe(257);
    expect(store.column("eventName")).toBeInstanceOf(Uint16Array);
    check(store, events);
    // A field whose dictionary stayed small stays at one byte.
    expect(store.column("awsRegion")).toBeInstanceOf(Uint8Array);
    expect(store.column("errorCode")).toBeInstanceOf(Uint8Array);
  });

  it("widens from 2 to 4 bytes past 65,536 entries, keeping every value", () => {
    const store = new EventStore(1024);
    const events: TestEvent[] = [];
    const add = (count: number) => {
      const chunk = Array.from({ length: count }, (_, k) =>
        event(events.length + k, `Name${(events.length + k) % 500}`),
      );
      events.push(...chunk);
      store.append(buildChunk(chunk));
    };
    // Every event has a userArn of its own: 65,534 + "" = 65,535 entries.
    add(65_534);
    expect(store.dict("userArn").size).toBe(65_535);
    expect(store.column("userArn")).toBeInstanceOf(Uint16Array);
    expect(store.column("eventName")).toBeInstanceOf(Uint16Array);
    add(1);
    expect(store.dict("userArn").size).toBe(65_536);
    expect(store.column("userArn")).toBeInstanceOf(Uint16Array);
    const before = results(store);
    expect(before).toEqual(expected(events));
    add(2);
    expect(store.dict("userArn").size).toBe(65_538);
    expect(store.column("userArn")).toBeInstanceOf(Uint32Array);
    check(store, events);
    // The rows stored before the widening give the same answers as before it.
    const after = results(store);
    expect(after.matched.filter((r) => r < 65_535)).toEqual(before.matched);
  });

  it("keeps file and record as narrow as their largest value, also past dropped duplicates", () => {
    const store = new EventStore(16);
    const events = [event(0, "A", 3), event(1, "B", 255)];
    store.append(buildChunk(events));
    expect(store.file).toBeInstanceOf(Uint8Array);
    expect(store.record).toBeInstanceOf(Uint8Array);
    // A duplicate of event 0 in file 70,000 is dropped: its file does not widen the column.
    const next = [event(2, "C", 256), { ...event(0, "A", 70_000), record: 0 }, event(300, "D", 9)];
    store.append(buildChunk(next));
    events.push(next[0]!, next[2]!);
    expect(store.duplicates).toBe(1);
    expect(store.file).toBeInstanceOf(Uint16Array);
    expect(store.record).toBeInstanceOf(Uint16Array);
    expectSame(store, events);
    const last = [event(70_000, "E", 65_536)];
    store.append(buildChunk(last));
    events.push(...last);
    expect(store.file).toBeInstanceOf(Uint32Array);
    expect(store.record).toBeInstanceOf(Uint32Array);
    expectSame(store, events);
  });
});

describe("EventStore.approximateBytes", () => {
  /** The bytes of every array the store shows, its dedupe table and its dictionaries. */
  function counted(store: EventStore): number {
    const arrays = [
      store.time,
      store.flags,
      store.file,
      store.record,
      store.requestKey,
      store.sharedKey,
      store.eventKey,
      ...DICT_FIELDS.map((field) => store.column(field)),
    ];
    let bytes = store.dedupeBytes;
    for (const array of arrays) bytes += array.buffer.byteLength;
    for (const field of DICT_FIELDS) {
      bytes += store.dict(field).bytes + store.idCountsOf(field).buffer.byteLength;
    }
    return bytes;
  }

  it("is the bytes of the columns at their width and capacity, the table, the dictionaries and their counts", () => {
    const store = new EventStore(16);
    expect(store.approximateBytes()).toBe(counted(store));
    const events = Array.from({ length: 3000 }, (_, i) => event(i, `Name${i % 7}`));
    store.append(buildChunk(events.slice(0, 100)));
    expect(store.approximateBytes()).toBe(counted(store));
    // Everything but userArn (3,000 values) and record (up to 2,999) fits a byte: per row
    // 8 time + 1 flags + 16 key + 4 + 4 hashes + 1 file + 2 record + 22 × 1 + 2 = 60 bytes.
    store.append(buildChunk(events.slice(100)));
    expect(store.rowCapacity).toBe(4096);
    const dictionaries = DICT_FIELDS.reduce(
      (sum, field) => sum + store.dict(field).bytes + store.idCountsOf(field).buffer.byteLength,
      0,
    );
    expect(store.approximateBytes()).toBe(4096 * 60 + store.dedupeBytes + dictionaries);
    expect(store.approximateBytes()).toBe(counted(store));
    store.clear();
    expect(store.approximateBytes()).toBe(counted(store));
    expect(store.approximateBytes()).toBe(new EventStore(16).approximateBytes());
  });
});

describe("capacity growth", () => {
  it("doubles up to DOUBLING_LIMIT rows, then leaves at most a quarter of the rows as room", () => {
    expect(grownCapacity(16, 17)).toBe(32);
    expect(grownCapacity(4096, 600_000)).toBe(1 << 20);
    for (const needed of [DOUBLING_LIMIT + 1, 1_500_000, 5_000_000, 7_777_777, 10_000_000]) {
      const capacity = grownCapacity(4096, needed);
      expect(capacity).toBeGreaterThanOrEqual(needed);
      expect(capacity).toBeLessThanOrEqual(needed * 1.25 + 4096);
    }
    expect(widthFor(255)).toBe(1);
    expect(widthFor(256)).toBe(2);
    expect(widthFor(65_535)).toBe(2);
    expect(widthFor(65_536)).toBe(4);
  });
});

describe("EventStore.fitStep", () => {
  it("gives back the unused room step by step, keeping every value, and grows again after", () => {
    const store = new EventStore(1024);
    const events = Array.from({ length: 1500 }, (_, i) => event(i, `Name${i % 300}`));
    store.append(buildChunk(events));
    // 1,500 rows in room for 2,048: a quarter unused.
    expect(store.rowCapacity).toBe(2048);
    const before = store.approximateBytes();
    // One column a step at the least: with a 1-byte budget, a step per column.
    let steps = 1;
    while (!store.fitStep(1)) {
      steps++;
      // Between steps the store answers as before.
      check(store, events);
    }
    expect(steps).toBeGreaterThan(10);
    expect(store.rowCapacity).toBe(1500);
    for (const field of DICT_FIELDS) expect(store.column(field).length).toBe(1500);
    expect(store.time.length).toBe(1500);
    expect(store.eventKey.length).toBe(4 * 1500);
    expect(store.file.length).toBe(1500);
    expect(store.approximateBytes()).toBeLessThan(before);
    check(store, events);
    // Fitted, it has nothing left to do; the next append grows it and keeps the older rows.
    expect(store.fitStep()).toBe(true);
    const more = Array.from({ length: 20 }, (_, i) => event(1500 + i, `Name${i}`));
    store.append(buildChunk(more));
    events.push(...more);
    expect(store.rowCapacity).toBeGreaterThanOrEqual(1520);
    check(store, events);
  });

  it("leaves a store alone when its unused room is under a sixteenth", () => {
    const store = new EventStore(1024);
    store.append(buildChunk(Array.from({ length: 1000 }, (_, i) => event(i, "A"))));
    const time = store.time;
    expect(store.fitStep()).toBe(true);
    expect(store.rowCapacity).toBe(1024);
    expect(store.time).toBe(time);
  });

  it("can be left half done: an append in between grows every column from its rows", () => {
    const store = new EventStore(1024);
    const events = Array.from({ length: 1500 }, (_, i) => event(i, `Name${i % 300}`));
    store.append(buildChunk(events));
    expect(store.fitStep(1)).toBe(false);
    const more = Array.from({ length: 700 }, (_, i) => event(1500 + i, `Name${i % 400}`));
    store.append(buildChunk(more));
    events.push(...more);
    check(store, events);
    while (!store.fitStep(1));
    check(store, events);
  });
});
