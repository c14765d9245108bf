import { describe, expect, it } from "vitest";
import { DICT_FIELDS } from "../ingest/chunk";
import { Random } from "../lib/random";
import { rebuildTable, tableSizeFor } from "./eventIdTable";
import { EventStore, FLAG_CONFLICT } from "./eventStore";
import { TableAhead } from "./growAhead";
import { buildChunk, testEventKey, type TestEvent } from "./testing";

const T0 = Date.parse("2024-03-01T00:00:00Z");

/**
 * Random chunks: new events, repeats of earlier ones (dropped), altered copies (kept and marked,
 * the earlier row too), rows without an eventID, and values that outgrow a byte of id as they come.
 */
function randomChunks(seed: number, chunks: number): ReturnType<typeof buildChunk>[] {
  const random = new Random(seed);
  const out: ReturnType<typeof buildChunk>[] = [];
  let next = 0;
  for (let c = 0; c < chunks; c++) {
    const events: (TestEvent & { content: number })[] = [];
    const size = 1 + random.int(400);
    for (let i = 0; i < size; i++) {
      const roll = random.next();
      const id = roll < 0.1 && next > 0 ? random.int(next) : next++;
      const content = roll < 0.05 ? 1 + random.int(3) : 0;
      events.push({
        eventName: `Op${random.int(20 + c * 10)}`,
        awsRegion: `region-${random.int(5)}`,
        sourceIPAddress: `10.0.${random.int(4)}.${random.int(40 + c * 4)}`,
        eventTime: T0 + id * 1000,
        ...(roll > 0.97 ? {} : { eventID: `evt-${id}` }),
        file: c * 3 + random.int(3),
        record: i,
        content,
      });
    }
    const chunk = buildChunk(events);
    // The fingerprint word: the same for repeats of an event, another for an altered copy.
    events.forEach((event, r) => {
      chunk.eventKey[4 * r + 3] = 1 + event.content;
    });
    out.push(chunk);
  }
  return out;
}

/** Everything a reader can see of a store, row by row. */
function snapshot(store: EventStore) {
  const rows = store.rows;
  const fields = Object.fromEntries(
    DICT_FIELDS.map((field) => [
      field,
      Array.from({ length: rows }, (_, r) => store.value(field, r)),
    ]),
  );
  return {
    rows,
    duplicates: store.duplicates,
    conflicting: store.conflicting,
    conflictingRows: store.conflictingRows,
    fields,
    time: Array.from(store.time.subarray(0, rows)),
    flags: Array.from(store.flags.subarray(0, rows)),
    file: Array.from(store.file.subarray(0, rows)),
    record: Array.from(store.record.subarray(0, rows)),
    eventKey: Array.from(store.eventKey.subarray(0, 4 * rows)),
    requestKey: Array.from(store.requestKey.subarray(0, rows)),
    sameEvent: Array.from({ length: rows }, (_, r) => store.rowsOfSameEvent(r)),
  };
}

describe("growth prepared ahead (EventStore.growStep)", () => {
  it("leaves the store exactly as growth at once does, whatever steps run between appends", () => {
    for (const seed of [1, 2, 3]) {
      const chunks = randomChunks(seed, 60);
      const atOnce = new EventStore(16);
      const ahead = new EventStore(16);
      const random = new Random(100 + seed);
      let prepared = 0;
      for (const chunk of chunks) {
        atOnce.append(chunk);
        ahead.append(chunk);
        // Some steps, small ones, sometimes until done and sometimes not at all.
        const steps = random.int(4);
        for (let s = 0; s < steps; s++) {
          const done = ahead.growStep(random.next() < 0.5 ? 1 + random.int(2000) : 1 << 20, 0);
          if (ahead.approximateBytes() > atOnce.approximateBytes()) prepared++;
          if (done) break;
        }
        expect(ahead.rows).toBe(atOnce.rows);
      }
      // The steps did prepare growth, many times over.
      expect(prepared).toBeGreaterThan(10);
      expect(snapshot(ahead)).toEqual(snapshot(atOnce));
      // Every eventID leads to the same row in both.
      for (let id = 0; id < 3000; id++) {
        const key = testEventKey(`evt-${id}`);
        expect(ahead.rowOfKey(key)).toBe(atOnce.rowOfKey(key));
      }
      expect(atOnce.conflictingRows).toBeGreaterThan(0);
      expect(snapshot(ahead).flags.filter((f) => (f & FLAG_CONFLICT) !== 0).length).toBe(
        atOnce.conflictingRows,
      );
    }
  });

  it("does nothing for a store under the size where growth at once is cheap", () => {
    const store = new EventStore(16);
    for (const chunk of randomChunks(9, 5)) store.append(chunk);
    const bytes = store.approximateBytes();
    expect(store.growStep()).toBe(true);
    expect(store.approximateBytes()).toBe(bytes);
  });

  it("prepares nothing that would take more than the room it is given, and gives it back on demand", () => {
    const chunks = randomChunks(5, 30);
    const store = new EventStore(16);
    const plain = new EventStore(16);
    let prepared = 0;
    for (const chunk of chunks) {
      store.append(chunk);
      plain.append(chunk);
      expect(store.growStep(1 << 20, 0, 0)).toBe(true);
      expect(store.approximateBytes()).toBe(plain.approximateBytes());
      // With room, it prepares; dropped, the store is as one that never prepared.
      store.growStep(1 << 20, 0);
      if (store.dropAhead()) prepared++;
      expect(store.approximateBytes()).toBe(plain.approximateBytes());
    }
    expect(prepared).toBeGreaterThan(5);
    expect(store.dropAhead()).toBe(false);
    expect(snapshot(store)).toEqual(snapshot(plain));
  });

  it("prepares a growth whose copy is larger than the room when the room holds what it adds", () => {
    const chunks = randomChunks(11, 40);
    // What a growth adds, as a store that grows at once shows it: the largest jump of its bytes.
    const plain = new EventStore(16);
    let room = 0;
    for (const chunk of chunks) {
      const before = plain.approximateBytes();
      plain.append(chunk);
      room = Math.max(room, plain.approximateBytes() - before);
    }
    const store = new EventStore(16);
    let largest = 0;
    for (const chunk of chunks) {
      store.append(chunk);
      while (!store.growStep(1 << 20, 0, room)) largest = Math.max(largest, store.aheadBytes());
      largest = Math.max(largest, store.aheadBytes());
    }
    // The copy takes more than the room: it replaces the columns it copies.
    expect(largest).toBeGreaterThan(room);
    expect(snapshot(store)).toEqual(snapshot(plain));
  });

  it("gives the prepared room back when the load is done (fitStep)", () => {
    const store = new EventStore(16);
    for (const chunk of randomChunks(4, 20)) store.append(chunk);
    while (!store.growStep(4096, 0));
    const prepared = store.approximateBytes();
    while (!store.fitStep());
    expect(store.approximateBytes()).toBeLessThan(prepared);
    const fresh = new EventStore(16);
    for (const chunk of randomChunks(4, 20)) fresh.append(chunk);
    while (!fresh.fitStep());
    expect(store.approximateBytes()).toBe(fresh.approximateBytes());
  });
});

describe("the next dedupe table filled ahead (TableAhead)", () => {
  it("writes the table in order first, a few slots a step, then holds the rows a rebuild holds", () => {
    const random = new Random(7);
    const rows = 300;
    const keys = new Uint32Array(4 * rows);
    for (let i = 0; i < keys.length; i++) keys[i] = 1 + random.int(0x7fffffff);
    const flags = new Uint8Array(rows);
    const ahead = new TableAhead(1024, 256);
    // Four steps write the 1,024 slots; no row goes in before that.
    for (let i = 0; i < 4; i++) {
      expect(ahead.step(keys, flags, FLAG_CONFLICT, rows, 1000)).toBe(false);
      expect(ahead.slots.some((slot) => slot !== 0)).toBe(false);
    }
    expect(ahead.step(keys, flags, FLAG_CONFLICT, rows, 1000)).toBe(true);
    const rebuilt = rebuildTable(
      1024,
      keys,
      () => true,
      rows,
      () => true,
    );
    // The same rows as a rebuild holds (each on its probe path; collisions may sit in another
    // order).
    const held = (slots: Uint32Array) => [...slots].filter((s) => s !== 0).sort((a, b) => a - b);
    expect(held(ahead.slots)).toEqual(held(rebuilt));
    expect(held(ahead.slots)).toHaveLength(rows);
  });

  it("takes every row at once when asked to finish (the append that needs the table)", () => {
    const keys = Uint32Array.from({ length: 4 * 50 }, (_, i) => i + 1);
    const ahead = new TableAhead(256, 16);
    expect(ahead.step(keys, new Uint8Array(50), FLAG_CONFLICT, 50, Infinity)).toBe(true);
    expect(ahead.slots.filter((slot) => slot !== 0)).toHaveLength(50);
  });
});

describe("growth to the rows a load is expected to end with (EventStore.expectRows)", () => {
  /** The store's capacity and table size after each chunk, with the rows of the plain store. */
  function run(chunks: ReturnType<typeof buildChunk>[], tell: (store: EventStore) => void) {
    const store = new EventStore(16);
    const capacities: number[] = [];
    const tables: number[] = [];
    const random = new Random(7);
    chunks.forEach((chunk, c) => {
      store.append(chunk);
      if (c === 0) tell(store);
      capacities.push(store.rowCapacity);
      tables.push(store.dedupeBytes);
      // Prepared ahead now and then, as a load's tasks do.
      for (let s = random.int(3); s > 0; s--) if (store.growStep(1 + random.int(4000), 0)) break;
    });
    return { store, capacities, tables };
  }
  const changes = (values: number[]) => new Set(values).size - 1;

  it("grows its columns and its table once, to the same rows as a store that grows by steps", () => {
    const chunks = randomChunks(21, 80);
    const plain = run(chunks, () => undefined);
    const total = plain.store.rows;
    const told = run(chunks, (store) => store.expectRows(total));
    expect(snapshot(told.store)).toEqual(snapshot(plain.store));
    // Rounded up to whole steps of growth (4,096 rows).
    expect(told.store.rowCapacity).toBe(Math.ceil(total / 4096) * 4096);
    expect(changes(told.capacities)).toBe(1);
    expect(changes(told.tables)).toBe(1);
    expect(told.store.dedupeBytes).toBe(4 * tableSizeFor(total));
    // The store that was not told grew several times over the same rows.
    expect(changes(plain.capacities)).toBeGreaterThan(1);
    expect(changes(plain.tables)).toBeGreaterThan(1);
    for (let id = 0; id < 3000; id++) {
      const key = testEventKey(`evt-${id}`);
      expect(told.store.rowOfKey(key)).toBe(plain.store.rowOfKey(key));
    }
  });

  it("makes a table at once no larger than a million rows', leaving a larger one to be filled ahead", () => {
    const chunks = randomChunks(27, 30);
    const store = new EventStore(16);
    store.append(chunks[0]!);
    store.expectRows(2_000_000);
    for (const chunk of chunks.slice(1)) store.append(chunk);
    // The columns went to the rows expected at once: a growth at once copies only the rows stored.
    expect(store.rowCapacity).toBe(Math.ceil(2_000_000 / 4096) * 4096);
    expect(store.dedupeBytes).toBe(4 * tableSizeFor(1 << 20));
  });

  it("grows as before when the growth would not fit in the room, or the rows are already there", () => {
    const chunks = randomChunks(22, 60);
    const plain = run(chunks, () => undefined);
    const total = plain.store.rows;
    for (const tell of [
      (store: EventStore) => store.expectRows(total, 1000),
      (store: EventStore) => store.expectRows(store.rows),
      (store: EventStore) => store.expectRows(Number.NaN),
    ]) {
      const told = run(chunks, tell);
      expect(told.capacities).toEqual(plain.capacities);
      expect(told.tables).toEqual(plain.tables);
      expect(snapshot(told.store)).toEqual(snapshot(plain.store));
    }
  });

  it("grows past a guess that was short, as a store that was not told", () => {
    const chunks = randomChunks(23, 80);
    const plain = run(chunks, () => undefined);
    const told = run(chunks, (store) => store.expectRows(Math.floor(plain.store.rows / 3)));
    expect(snapshot(told.store)).toEqual(snapshot(plain.store));
    expect(told.store.rowCapacity).toBeGreaterThanOrEqual(plain.store.rows);
  });
});

describe("growth prepared late for a forecast that nearly fits (EventStore.growStep)", () => {
  /** The rows at which growth was first prepared, told `factor` × the capacity at each chunk. */
  function firstPrepared(factor: number): { at: number; capacity: number; store: EventStore } {
    const chunks = randomChunks(25, 80);
    const store = new EventStore(16);
    store.append(chunks[0]!);
    // Columns for 8,192 rows; a table that holds them with room to spare.
    store.expectRows(8000);
    let at = -1;
    let capacity = 0;
    for (const chunk of chunks.slice(1)) {
      store.append(chunk);
      if (store.rowCapacity < 8192) continue;
      if (store.rowCapacity > 8192) break;
      capacity = store.rowCapacity;
      store.expectRows(Math.ceil(capacity * factor));
      while (!store.growStep(1 << 20, 0));
      if (at < 0 && store.aheadBytes() > 0) at = store.rows;
    }
    return { at, capacity, store };
  }

  it("waits for the rows to nearly fill the capacity when the forecast is a little past it", () => {
    const late = firstPrepared(1.03);
    expect(late.capacity).toBe(8192);
    expect(late.at).toBeGreaterThanOrEqual(0.95 * 8192);
    // A forecast far past the capacity has the growth prepared at three quarters.
    const early = firstPrepared(2);
    expect(early.at).toBeGreaterThanOrEqual(0.75 * 8192);
    expect(early.at).toBeLessThan(0.95 * 8192);
  });
});
