import { describe, expect, it } from "vitest";
import { DICT_FIELDS, FLAG_NO_EVENT_ID } from "../ingest/chunk";
import { EventStore } from "./eventStore";
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
    expect(store.rowsOfFile(0)).toBe(3);
    expect(store.rowsOfFile(1)).toBe(1);
    expect(store.rowsOfFile(7)).toBe(0);
    expect(Array.from(store.fileRowCounts())).toEqual([3, 1]);
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
    expect(Array.from(store.fileRowCounts())).toEqual([1000, 1000, 1000, 1000, 1000]);

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
    expect(store.fileRowCounts().length).toBe(0);
    for (const field of DICT_FIELDS) expect(store.dict(field).size).toBe(1);
    // Ids seen before the clear are no longer duplicates.
    expect(store.append(buildChunk([{ eventName: "A", eventID: "1" }]))).toMatchObject({
      added: 1,
      duplicates: 0,
    });
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
    // At least the columns' bytes per row, and the 5,000 distinct names.
    expect(full - empty).toBeGreaterThan(5000 * (41 + 4 * DICT_FIELDS.length) + 5000 * 8);
    store.clear();
    expect(store.approximateBytes()).toBe(empty);
  });
});
