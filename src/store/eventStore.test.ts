import { describe, expect, it } from "vitest";
import { DICT_FIELDS, FLAG_NO_EVENT_ID } from "../ingest/chunk";
import { conflictRows, isConflicting } from "./conflicts";
import { EventStore, FLAG_CONFLICT } from "./eventStore";
import { buildChunk, testEventKey, type TestEvent } from "./testing";

function valuesOf(store: EventStore, field: "eventName" | "eventSource" | "awsRegion"): string[] {
  const column = store.column(field);
  const dict = store.dict(field);
  return Array.from({ length: store.rows }, (_, r) => dict.get(column[r]));
}

const T0 = Date.parse("2024-03-01T00:00:00Z");

describe("EventStore.append", () => {
  it("maps chunks with differently numbered local dictionaries onto one global dictionary", () => {
    const store = new EventStore();
    const events: TestEvent[] = [
      {
        eventName: "ListBuckets",
        eventSource: "s3.amazonaws.com",
        awsRegion: "us-east-1",
        eventID: "a",
      },
      { eventName: "RunInstances", eventSource: "ec2.amazonaws.com", eventID: "b" },
      {
        eventName: "GetObject",
        eventSource: "s3.amazonaws.com",
        awsRegion: "eu-west-1",
        eventID: "c",
      },
    ];
    store.append(buildChunk(events));
    const again: TestEvent[] = [
      {
        eventName: "GetObject",
        eventSource: "s3.amazonaws.com",
        awsRegion: "eu-west-1",
        eventID: "d",
      },
      {
        eventName: "AssumeRole",
        eventSource: "sts.amazonaws.com",
        awsRegion: "us-east-1",
        eventID: "e",
      },
      { eventName: "ListBuckets", eventSource: "s3.amazonaws.com", eventID: "f" },
    ];
    store.append(buildChunk(again, { reverseDictionaries: true }));

    expect(store.rows).toBe(6);
    expect(valuesOf(store, "eventName")).toEqual([
      "ListBuckets",
      "RunInstances",
      "GetObject",
      "GetObject",
      "AssumeRole",
      "ListBuckets",
    ]);
    expect(valuesOf(store, "awsRegion")).toEqual([
      "us-east-1",
      "",
      "eu-west-1",
      "eu-west-1",
      "us-east-1",
      "",
    ]);
    // Same string, same global id, whatever the local numbering was.
    const names = store.column("eventName");
    expect(names[0]).toBe(names[5]);
    expect(names[2]).toBe(names[3]);
    expect(store.dict("eventName").size).toBe(5);
    expect(store.dict("eventSource").size).toBe(4);
    // A field no event set holds only the missing entry, and every row points at it.
    expect(store.dict("userAgent").size).toBe(1);
    expect(Array.from(store.column("userAgent").subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("drops duplicate eventIDs within a chunk and across chunks", () => {
    const store = new EventStore();
    const first = store.append(
      buildChunk([
        { eventName: "A", eventID: "id-1", file: 0 },
        { eventName: "B", eventID: "id-2", file: 0 },
        { eventName: "A again", eventID: "id-1", file: 0 },
        { eventName: "C", eventID: "id-3", file: 0 },
      ]),
    );
    expect(first).toMatchObject({ added: 3, duplicates: 1 });
    const second = store.append(
      buildChunk([
        { eventName: "B copy", eventID: "id-2", file: 1 },
        { eventName: "D", eventID: "id-4", file: 1 },
        { eventName: "C copy", eventID: "id-3", file: 1 },
      ]),
    );
    expect(second).toMatchObject({ added: 1, duplicates: 2 });
    expect(store.rows).toBe(4);
    expect(store.duplicates).toBe(3);
    // The first occurrence wins, and the kept rows stay compact and in order.
    expect(valuesOf(store, "eventName")).toEqual(["A", "B", "C", "D"]);
    expect(Array.from(store.record.subarray(0, 4))).toEqual([0, 1, 3, 1]);
    expect(Array.from(store.file.subarray(0, 4))).toEqual([0, 0, 0, 1]);
  });

  it("never treats rows without an eventID as duplicates", () => {
    const store = new EventStore();
    const noId: TestEvent = { eventName: "ConsoleLogin", eventTime: T0 };
    expect(store.append(buildChunk([noId, noId, noId]))).toMatchObject({ added: 3, duplicates: 0 });
    expect(store.append(buildChunk([noId, { ...noId, eventID: "" }]))).toMatchObject({
      added: 2,
      duplicates: 0,
    });
    expect(store.rows).toBe(5);
    expect(store.flags[0] & FLAG_NO_EVENT_ID).toBe(FLAG_NO_EVENT_ID);

    // The flag alone is enough, even if a parser left a key behind.
    const flagged = buildChunk([
      { eventName: "X", eventID: "same" },
      { eventName: "Y", eventID: "same" },
    ]);
    flagged.flags[0] |= FLAG_NO_EVENT_ID;
    flagged.flags[1] |= FLAG_NO_EVENT_ID;
    expect(store.append(flagged)).toMatchObject({ added: 2, duplicates: 0 });
    expect(store.duplicates).toBe(0);
  });

  it("grows past its initial capacity and its dedupe table without losing rows", () => {
    const store = new EventStore(8);
    const total = 5000;
    for (let start = 0; start < total; start += 700) {
      const events: TestEvent[] = [];
      for (let i = start; i < Math.min(total, start + 700); i++) {
        events.push({
          eventName: `Op${i % 37}`,
          awsRegion: `region-${i % 5}`,
          eventTime: T0 + i * 1000,
          eventID: `evt-${i}`,
          file: Math.floor(i / 1000),
          record: i % 1000,
        });
      }
      store.append(buildChunk(events));
    }
    expect(store.rows).toBe(total);
    expect(store.duplicates).toBe(0);
    const names = valuesOf(store, "eventName");
    for (let i = 0; i < total; i++) {
      expect(names[i]).toBe(`Op${i % 37}`);
      expect(store.time[i]).toBe(T0 + i * 1000);
    }

    // After all that growth, every stored eventID is still found.
    const replay: TestEvent[] = [];
    for (let i = 0; i < total; i += 3) replay.push({ eventName: "dup", eventID: `evt-${i}` });
    replay.push({ eventName: "new", eventID: "evt-new" });
    expect(store.append(buildChunk(replay))).toMatchObject({
      added: 1,
      duplicates: replay.length - 1,
    });
    expect(store.rows).toBe(total + 1);
  });

  it("tracks the time range, rows without time and the version", () => {
    const store = new EventStore();
    expect(store.timeRange()).toBeNull();
    const v0 = store.version;
    store.append(
      buildChunk([
        { eventName: "A", eventTime: "2024-03-01T10:00:00Z", eventID: "1" },
        { eventName: "B", eventID: "2" },
        { eventName: "C", eventTime: "2024-02-28T23:59:59Z", eventID: "3" },
        { eventName: "D", eventTime: "not a date", eventID: "4" },
      ]),
    );
    expect(store.version).toBeGreaterThan(v0);
    expect(store.timeRange()).toMatchObject({
      min: Date.parse("2024-02-28T23:59:59Z"),
      max: Date.parse("2024-03-01T10:00:00Z"),
    });
    expect(store.noTime).toBe(2);

    const v1 = store.version;
    store.append(buildChunk([]));
    expect(store.version).toBe(v1);

    store.clear();
    expect(store.version).toBeGreaterThan(v1);
    expect(store.rows).toBe(0);
    expect(store.duplicates).toBe(0);
    expect(store.timeRange()).toBeNull();
    expect(store.noTime).toBe(0);
    for (const field of DICT_FIELDS) expect(store.dict(field).size).toBe(1);
    // Ids seen before the clear are no longer duplicates.
    expect(store.append(buildChunk([{ eventName: "A", eventID: "1" }]))).toMatchObject({
      added: 1,
      duplicates: 0,
    });
  });
});

describe("EventStore.idCountsOf", () => {
  it("counts the stored rows per value as chunks arrive, dropped duplicates not counted", () => {
    const store = new EventStore(64);
    const unique: TestEvent[] = [];
    for (let c = 0; c < 5; c++) {
      const chunk: TestEvent[] = [];
      for (let i = 0; i < 120; i++) {
        // Later chunks repeat some events of the one before (same id, same content): dropped.
        const k = c * 100 + i;
        const event = { eventName: `Api${k % 37}`, awsRegion: `r${k % 3}`, eventID: `id-${k}` };
        chunk.push(event);
        if (i < 100 || c === 4) unique.push(event);
      }
      store.append(buildChunk(chunk, { reverseDictionaries: c % 2 === 1 }));
    }
    expect(store.rows).toBe(unique.length);
    for (const field of ["eventName", "awsRegion", "userAgent"] as const) {
      const expected = new Map<string, number>();
      for (const e of unique) {
        const value = e[field] ?? "";
        expected.set(value, (expected.get(value) ?? 0) + 1);
      }
      const counts = store.idCountsOf(field);
      expect(counts.length).toBe(store.dict(field).size);
      const actual = new Map<string, number>();
      counts.forEach((count, id) => {
        if (count > 0) actual.set(store.dict(field).get(id), count);
      });
      expect(actual).toEqual(expected);
    }
    store.clear();
    expect(store.idCountsOf("eventName").reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe("EventStore.rowOfKey", () => {
  it("finds the row of an eventID, and -1 for an unknown one", () => {
    const store = new EventStore(4);
    store.append(
      buildChunk(
        Array.from({ length: 50 }, (_, i) => ({
          eventName: `E${i}`,
          eventID: `id-${i}`,
          eventTime: i * 1000,
        })),
      ),
    );
    for (const i of [0, 17, 49]) {
      const row = store.rowOfKey(testEventKey(`id-${i}`));
      expect(store.value("eventName", row)).toBe(`E${i}`);
    }
    expect(store.rowOfKey(testEventKey("id-50"))).toBe(-1);
    expect(store.rowOfKey(new Uint32Array(4))).toBe(-1);
  });
});

describe("EventStore.approximateBytes", () => {
  it("grows with rows and with dictionary text, and drops on clear", () => {
    const store = new EventStore(16);
    const empty = store.approximateBytes();
    store.append(
      buildChunk(
        Array.from({ length: 5000 }, (_, i) => ({
          eventName: `Event${i}`,
          eventID: `id-${i}`,
          eventTime: i,
        })),
      ),
    );
    const full = store.approximateBytes();
    // At least the columns' bytes per row at their narrowest (33 fixed, file, record and every
    // id one byte), and the 5,000 distinct names.
    expect(full - empty).toBeGreaterThan(5000 * (35 + DICT_FIELDS.length) + 5000 * 8);
    store.clear();
    expect(store.approximateBytes()).toBe(empty);
  });
});

/** A chunk whose rows carry `content` as the fingerprint word of their eventID key. */
function withContent(events: (TestEvent & { content: number })[]) {
  const chunk = buildChunk(events);
  events.forEach((event, r) => {
    chunk.eventKey[4 * r + 3] = event.content;
  });
  return chunk;
}

const conflicted = (store: EventStore) =>
  Array.from({ length: store.rows }, (_, r) => (store.flags[r] & FLAG_CONFLICT) !== 0);

describe("EventStore: conflicting duplicates", () => {
  it("keeps and marks both versions of an eventID whose contents differ; repeats stay dropped", () => {
    const store = new EventStore();
    const first = store.append(
      withContent([
        { eventName: "A", eventID: "id-1", content: 11 },
        { eventName: "B", eventID: "id-2", content: 22 },
        { eventName: "A altered", eventID: "id-1", content: 12 },
        { eventName: "A repeat", eventID: "id-1", content: 11 },
      ]),
    );
    expect(first).toMatchObject({ added: 3, duplicates: 1, conflicting: 1 });
    const second = store.append(
      withContent([
        { eventName: "A altered repeat", eventID: "id-1", content: 12 },
        { eventName: "B", eventID: "id-2", content: 22 },
        { eventName: "A third version", eventID: "id-1", content: 13 },
        { eventName: "C", eventID: "id-3", content: 33 },
      ]),
    );
    expect(second).toMatchObject({ added: 2, duplicates: 2, conflicting: 1 });
    expect(valuesOf(store, "eventName")).toEqual(["A", "B", "A altered", "A third version", "C"]);
    expect(store.duplicates).toBe(3);
    expect(store.conflicting).toBe(2);
    expect(store.conflictingRows).toBe(3);
    expect(conflicted(store)).toEqual([true, false, true, true, false]);
    expect(Array.from(conflictRows(store))).toEqual([0, 2, 3]);
    expect(isConflicting(store, 2)).toBe(true);
    expect(isConflicting(store, 1)).toBe(false);
    // The eventID leads to its first version; every version is listed.
    expect(store.rowOfKey(testEventKey("id-1"))).toBe(0);
    expect(store.rowsOfSameEvent(3)).toEqual([0, 2, 3]);
    expect(store.rowsOfSameEvent(1)).toEqual([1]);
  });

  it("marks an earlier row of the same chunk and of a chunk before a table rebuild", () => {
    const store = new EventStore(2);
    const many = Array.from({ length: 300 }, (_, i) => ({
      eventName: `E${i}`,
      eventID: `id-${i}`,
      content: i,
    }));
    store.append(withContent(many));
    store.append(
      withContent([
        ...Array.from({ length: 300 }, (_, i) => ({
          eventName: `F${i}`,
          eventID: `new-${i}`,
          content: i,
        })),
        { eventName: "E7 altered", eventID: "id-7", content: 9999 },
      ]),
    );
    expect(store.rows).toBe(601);
    expect(store.conflicting).toBe(1);
    expect(Array.from(conflictRows(store))).toEqual([7, 600]);
    store.clear();
    expect(store.conflicting).toBe(0);
    expect(store.conflictingRows).toBe(0);
    expect(conflictRows(store).length).toBe(0);
  });

  it("thousands of versions of one eventID, across table rebuilds: each kept once, all listed", () => {
    const store = new EventStore(2);
    const versions = 2000;
    for (let part = 0; part < 4; part++) {
      const events = [];
      for (let i = part * 500; i < (part + 1) * 500; i++) {
        events.push({ eventName: `V${i}`, eventID: "id-x", content: 1000 + i });
        events.push({ eventName: `O${i}`, eventID: `other-${i}`, content: i });
        // A repeat of an earlier version, and of an earlier other event: both dropped.
        events.push({ eventName: "repeat", eventID: "id-x", content: 1000 + (i >> 1) });
        events.push({ eventName: "repeat", eventID: `other-${i >> 1}`, content: i >> 1 });
      }
      store.append(withContent(events));
    }
    expect(store.rows).toBe(2 * versions);
    expect(store.duplicates).toBe(2 * versions);
    expect(store.conflicting).toBe(versions - 1);
    expect(store.conflictingRows).toBe(versions);
    const rows = store.rowsOfSameEvent(2 * 1234);
    expect(rows).toEqual(Array.from({ length: versions }, (_, i) => 2 * i));
    expect(rows.map((r) => store.value("eventName", r))).toEqual(
      Array.from({ length: versions }, (_, i) => `V${i}`),
    );
    expect(store.rowOfKey(testEventKey("id-x"))).toBe(0);
    expect(conflicted(store).filter(Boolean)).toHaveLength(versions);
    expect(store.rowsOfSameEvent(1)).toEqual([1]);
  });

  it("dedupes a row of unknown content (a query engine's result) on its eventID alone", () => {
    const store = new EventStore();
    expect(
      store.append(
        withContent([
          { eventName: "from Athena", eventID: "id-1", content: 0 },
          { eventName: "delivered", eventID: "id-1", content: 5 },
          { eventName: "delivered", eventID: "id-2", content: 6 },
          { eventName: "from Athena", eventID: "id-2", content: 0 },
        ]),
      ),
    ).toMatchObject({ added: 2, duplicates: 2, conflicting: 0 });
    // An unknown row stored first stands for its eventID: later versions are copies of it (the
    // limit of a result rebuilt from columns). Stored after a known one, it changes nothing.
    const other = new EventStore();
    other.append(
      withContent([
        { eventName: "from Athena", eventID: "id-1", content: 0 },
        { eventName: "first", eventID: "id-1", content: 5 },
      ]),
    );
    expect(other.rows).toBe(1);
    other.append(withContent([{ eventName: "altered", eventID: "id-1", content: 7 }]));
    expect(other.rows).toBe(1);
    const third = new EventStore();
    third.append(
      withContent([
        { eventName: "first", eventID: "id-1", content: 5 },
        { eventName: "from Athena", eventID: "id-1", content: 0 },
        { eventName: "altered", eventID: "id-1", content: 7 },
      ]),
    );
    expect(third.rows).toBe(2);
    expect(third.conflicting).toBe(1);
    expect(conflicted(third)).toEqual([true, true]);
  });

  it("never compares rows without an eventID", () => {
    const store = new EventStore();
    const chunk = withContent([
      { eventName: "X", content: 1 },
      { eventName: "Y", content: 2 },
    ]);
    expect(store.append(chunk)).toMatchObject({ added: 2, duplicates: 0, conflicting: 0 });
    expect(conflicted(store)).toEqual([false, false]);
  });
});
