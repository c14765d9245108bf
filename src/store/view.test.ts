import { describe, expect, it } from "vitest";
import { DICT_FIELDS, FLAG_READ_ONLY, FLAG_WRITE, type DictField } from "../ingest/chunk";
import { EventStore } from "./eventStore";
import {
  allValues,
  chooseBucketMs,
  computeView,
  emptyFilter,
  histogram,
  sortRows,
  timeOrder,
  topValues,
  type Filter,
} from "./query";
import { buildChunk, type TestEvent } from "./testing";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse("2024-05-01T00:00:00Z");

// Deterministic, so a failure reproduces.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOLS: Partial<Record<DictField, string[]>> = {
  eventName: [
    "GetObject",
    "PutObject",
    "ListBuckets",
    "AssumeRole",
    "RunInstances",
    "ConsoleLogin",
    "Decrypt",
  ],
  eventSource: ["s3.amazonaws.com", "sts.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com"],
  sourceIPAddress: [
    "192.0.2.1",
    "198.51.100.7",
    "AWS Internal",
    "ec2.amazonaws.com",
    "2001:db8::1",
  ],
  awsRegion: ["us-east-1", "eu-west-1", "ap-south-1"],
  errorCode: ["AccessDenied", "ThrottlingException"],
  userType: ["IAMUser", "AssumedRole", "AWSService", "Root"],
};
const FILTERABLE = Object.keys(POOLS) as Exclude<DictField, "readOnly">[];

function randomEvents(rand: () => number, count: number, idBase: number): TestEvent[] {
  const events: TestEvent[] = [];
  for (let i = 0; i < count; i++) {
    const event: TestEvent = {};
    for (const field of FILTERABLE) {
      const pool = POOLS[field]!;
      // About one value in eight is missing, as optional CloudTrail fields are.
      if (rand() < 0.88) event[field] = pool[Math.floor(rand() * pool.length)];
    }
    if (rand() < 0.95) event.eventTime = T0 + Math.floor(rand() * 48) * 15 * MINUTE;
    const roll = rand();
    if (roll < 0.4) event.readOnly = true;
    else if (roll < 0.8) event.readOnly = false;
    // Some ids repeat (dedupe), some are missing (never deduped).
    const idRoll = rand();
    if (idRoll < 0.9) event.eventID = `e-${idBase + i}`;
    else if (idRoll < 0.95) event.eventID = `e-${Math.floor(rand() * (idBase + i + 1))}`;
    events.push(event);
  }
  return events;
}

function randomFilter(rand: () => number): Filter {
  const filter = emptyFilter();
  for (const f of FILTERABLE) {
    const pool = [...POOLS[f]!, "", "NoSuchValue"];
    const roll = rand();
    if (roll < 0.25) {
      const picks = 1 + Math.floor(rand() * 3);
      filter.include[f] = Array.from(
        { length: picks },
        () => pool[Math.floor(rand() * pool.length)],
      );
    } else if (roll < 0.4) {
      filter.exclude[f] = [pool[Math.floor(rand() * pool.length)]];
    } else if (roll < 0.45) {
      filter.include[f] = [
        pool[Math.floor(rand() * pool.length)],
        pool[Math.floor(rand() * pool.length)],
      ];
      filter.exclude[f] = [pool[Math.floor(rand() * pool.length)]];
    } else if (roll < 0.48) {
      filter.include[f] = [];
    }
  }
  const timeRoll = rand();
  if (timeRoll < 0.6) {
    const a = T0 + Math.floor(rand() * 50) * 15 * MINUTE - 7 * MINUTE * Math.floor(rand() * 2);
    const b = T0 + Math.floor(rand() * 50) * 15 * MINUTE;
    filter.timeFrom = rand() < 0.8 ? Math.min(a, b) : null;
    filter.timeTo = rand() < 0.8 ? Math.max(a, b) : null;
  }
  const readRoll = rand();
  filter.readOnly =
    readRoll < 0.2 ? "read" : readRoll < 0.4 ? "write" : readRoll < 0.5 ? null : undefined;
  return filter;
}

// The obvious, slow definition: strings compared per row, a sort with a comparator.
function reference(store: EventStore, filter: Filter, facetFields: DictField[]) {
  const valueOf = (f: DictField, r: number) => store.dict(f).get(store.column(f)[r]);
  const passesField = (f: DictField, r: number) => {
    const value = valueOf(f, r);
    const include = filter.include[f];
    const exclude = filter.exclude[f];
    if (include && include.length > 0 && !include.includes(value)) return false;
    if (exclude && exclude.includes(value)) return false;
    return true;
  };
  const passesOthers = (r: number) => {
    const t = store.time[r];
    if (filter.timeFrom !== null && !(t >= filter.timeFrom)) return false;
    if (filter.timeTo !== null && !(t < filter.timeTo)) return false;
    if (filter.readOnly === "read" && !(store.flags[r] & FLAG_READ_ONLY)) return false;
    if (filter.readOnly === "write" && !(store.flags[r] & FLAG_WRITE)) return false;
    return true;
  };
  const rows: number[] = [];
  const facets = new Map<DictField, Map<string, number>>(facetFields.map((f) => [f, new Map()]));
  for (let r = 0; r < store.rows; r++) {
    if (!passesOthers(r)) continue;
    const ok = DICT_FIELDS.map((f) => passesField(f, r));
    if (ok.every(Boolean)) rows.push(r);
    for (const f of facetFields) {
      if (DICT_FIELDS.every((g, k) => g === f || ok[k])) {
        const counts = facets.get(f)!;
        const value = valueOf(f, r);
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
  }
  rows.sort((a, b) => {
    const ta = store.time[a];
    const tb = store.time[b];
    if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? 1 : -1;
    if (!Number.isNaN(ta) && ta !== tb) return tb - ta;
    return a - b;
  });
  return { rows, facets };
}

function countsAsMap(store: EventStore, f: DictField, counts: Uint32Array): Map<string, number> {
  const out = new Map<string, number>();
  counts.forEach((count, id) => {
    if (count > 0) out.set(store.dict(f).get(id), count);
  });
  return out;
}

function randomStore(seed: number): EventStore {
  const rand = random(seed);
  const store = new EventStore(64);
  let idBase = 0;
  for (let chunk = 0; chunk < 6; chunk++) {
    const count = 300 + Math.floor(rand() * 500);
    store.append(
      buildChunk(randomEvents(rand, count, idBase), { reverseDictionaries: chunk % 2 === 1 }),
    );
    idBase += count;
  }
  return store;
}

describe("computeView", () => {
  it("matches a brute-force reference on random rows and random filters", () => {
    const store = randomStore(7);
    expect(store.rows).toBeGreaterThan(2000);
    expect(store.duplicates).toBeGreaterThan(0);
    const rand = random(99);
    const facetFields: DictField[] = [
      "eventName",
      "eventSource",
      "sourceIPAddress",
      "awsRegion",
      "errorCode",
    ];
    let someButNotAll = 0;
    for (let trial = 0; trial < 150; trial++) {
      const filter = randomFilter(rand);
      const view = computeView(store, filter, facetFields);
      const expected = reference(store, filter, facetFields);
      if (view.shown > 0 && view.shown < store.rows) someButNotAll++;
      expect(Array.from(view.rows)).toEqual(expected.rows);
      expect(view.shown).toBe(expected.rows.length);
      for (const f of facetFields) {
        expect(countsAsMap(store, f, view.facets[f])).toEqual(expected.facets.get(f));
      }
      // Fields not asked for come back empty rather than undefined.
      expect(view.facets.userAgent.length).toBe(0);
    }
    // The random filters must actually cut: a comparison of empty selections proves nothing.
    expect(someButNotAll).toBeGreaterThan(50);
  });

  it("selects everything, newest first with no-time rows last, when nothing is filtered", () => {
    const store = new EventStore();
    store.append(
      buildChunk([
        { eventName: "A", eventTime: T0 + 2 * HOUR, eventID: "1" },
        { eventName: "B", eventID: "2" },
        { eventName: "C", eventTime: T0, eventID: "3" },
        { eventName: "D", eventTime: T0 + 5 * HOUR, eventID: "4" },
        { eventName: "E", eventID: "5" },
        { eventName: "F", eventTime: T0 + 2 * HOUR, eventID: "6" },
      ]),
    );
    const view = computeView(store, emptyFilter(), ["eventName"]);
    expect(Array.from(view.rows)).toEqual([3, 0, 5, 2, 1, 4]);
    expect(Array.from(timeOrder(store))).toEqual([3, 0, 5, 2, 1, 4]);
    expect(view.shown).toBe(6);
    expect(
      topValues(view.facets.eventName, store.dict("eventName"), 10).map((v) => v.count),
    ).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("treats an included value that was never loaded as matching nothing", () => {
    const store = randomStore(3);
    const filter = emptyFilter();
    filter.include.eventName = ["NoSuchEvent"];
    const view = computeView(store, filter, ["eventName", "awsRegion"]);
    expect(view.shown).toBe(0);
    expect(Array.from(view.facets.awsRegion).every((c) => c === 0)).toBe(true);
    // Its own panel still shows every value, so the user can pick another.
    const total = Array.from(view.facets.eventName).reduce((a, b) => a + b, 0);
    expect(total).toBe(store.rows);
  });

  it("keeps the time order across store versions (cache invalidated on append)", () => {
    const store = new EventStore();
    store.append(buildChunk([{ eventName: "old", eventTime: T0, eventID: "1" }]));
    expect(Array.from(computeView(store, emptyFilter(), []).rows)).toEqual([0]);
    store.append(buildChunk([{ eventName: "new", eventTime: T0 + HOUR, eventID: "2" }]));
    expect(Array.from(computeView(store, emptyFilter(), []).rows)).toEqual([1, 0]);
  });

  it("orders times over years, to the millisecond and below", () => {
    const store = new EventStore();
    const year = 365 * 24 * HOUR;
    // Whole seconds over three years: the radix sort needs three passes.
    store.append(
      buildChunk([
        { eventTime: T0, eventID: "1" },
        { eventTime: T0 - 3 * year, eventID: "2" },
        { eventTime: T0 - 3 * year + 70_000, eventID: "3" },
        { eventTime: T0 - 1000, eventID: "4" },
        { eventTime: T0 - 2 * year, eventID: "5" },
        { eventTime: T0 - 1000, eventID: "6" },
      ]),
    );
    expect(Array.from(timeOrder(store))).toEqual([0, 3, 5, 4, 2, 1]);
    // Milliseconds over three years: beyond 32 bits, so the comparator fallback.
    store.append(buildChunk([{ eventTime: T0 - 1, eventID: "7" }]));
    expect(Array.from(timeOrder(store))).toEqual([0, 6, 3, 5, 4, 2, 1]);
    store.append(buildChunk([{ eventTime: T0 - 0.5, eventID: "8" }]));
    expect(Array.from(timeOrder(store))).toEqual([0, 7, 6, 3, 5, 4, 2, 1]);
  });

  it("orders milliseconds within 49 days by radix sort", () => {
    const store = new EventStore();
    store.append(
      buildChunk([
        { eventTime: T0 + 5, eventID: "1" },
        { eventTime: T0 + 40 * 24 * HOUR + 3, eventID: "2" },
        { eventTime: T0, eventID: "3" },
        { eventTime: T0 + 5, eventID: "4" },
        { eventTime: T0 + 2049, eventID: "5" },
      ]),
    );
    expect(Array.from(timeOrder(store))).toEqual([1, 4, 0, 3, 2]);
  });
});

describe("topValues and allValues", () => {
  it("orders by count, then by value, and skips zeros", () => {
    const store = new EventStore();
    const events: TestEvent[] = [];
    const add = (name: string, n: number) => {
      for (let i = 0; i < n; i++) events.push({ eventName: name });
    };
    add("Decrypt", 3);
    add("AssumeRole", 5);
    add("GetObject", 3);
    add("ListBuckets", 1);
    add("PutObject", 2);
    store.append(buildChunk(events));
    const dict = store.dict("eventName");
    const counts = computeView(store, emptyFilter(), ["eventName"]).facets.eventName;
    expect(topValues(counts, dict, 3)).toEqual([
      { value: "AssumeRole", id: dict.idOf("AssumeRole"), count: 5 },
      { value: "Decrypt", id: dict.idOf("Decrypt"), count: 3 },
      { value: "GetObject", id: dict.idOf("GetObject"), count: 3 },
    ]);
    expect(allValues(counts, dict).map((v) => v.value)).toEqual([
      "AssumeRole",
      "Decrypt",
      "GetObject",
      "PutObject",
      "ListBuckets",
    ]);
    expect(topValues(counts, dict, 100)).toEqual(allValues(counts, dict));
    expect(topValues(counts, dict, 0)).toEqual([]);
  });

  it("agrees with a full sort on random counts", () => {
    const store = randomStore(11);
    const view = computeView(store, emptyFilter(), ["sourceIPAddress", "eventName"]);
    for (const f of ["sourceIPAddress", "eventName"] as const) {
      const all = allValues(view.facets[f], store.dict(f));
      for (const limit of [1, 2, 3, 5, 50]) {
        expect(topValues(view.facets[f], store.dict(f), limit)).toEqual(all.slice(0, limit));
      }
    }
  });
});

describe("sortRows", () => {
  it("sorts by a dictionary field, stably, with missing values last in both directions", () => {
    const store = randomStore(5);
    const rows = computeView(store, emptyFilter(), []).rows;
    const inputPosition = new Map(Array.from(rows, (r, i) => [r, i]));
    const dict = store.dict("eventName");
    const names = store.column("eventName");
    for (const direction of ["asc", "desc"] as const) {
      const sorted = sortRows(store, rows, "eventName", direction);
      expect(sorted.length).toBe(rows.length);
      expect(new Set(sorted).size).toBe(rows.length);
      const problems: string[] = [];
      for (let i = 1; i < sorted.length; i++) {
        const a = dict.get(names[sorted[i - 1]]);
        const b = dict.get(names[sorted[i]]);
        if (a === b) {
          if (inputPosition.get(sorted[i - 1])! > inputPosition.get(sorted[i])!)
            problems.push(`unstable at ${i}`);
        } else if (a === "") problems.push(`missing value before ${b} at ${i}`);
        else if (b !== "" && (direction === "asc" ? a > b : a < b))
          problems.push(`${a} before ${b} at ${i}`);
      }
      expect(problems).toEqual([]);
      expect(dict.get(names[sorted[sorted.length - 1]])).toBe("");
    }
  });

  it("keeps the time order among equal values (the input order of a view)", () => {
    const store = new EventStore();
    store.append(
      buildChunk([
        { eventName: "B", eventTime: T0 + 1, eventID: "1" },
        { eventName: "A", eventTime: T0 + 2, eventID: "2" },
        { eventName: "B", eventTime: T0 + 3, eventID: "3" },
        { eventName: "A", eventTime: T0 + 4, eventID: "4" },
        { eventTime: T0 + 5, eventID: "5" },
      ]),
    );
    const rows = computeView(store, emptyFilter(), []).rows;
    expect(Array.from(rows)).toEqual([4, 3, 2, 1, 0]);
    expect(Array.from(sortRows(store, rows, "eventName", "asc"))).toEqual([3, 1, 2, 0, 4]);
    expect(Array.from(sortRows(store, rows, "eventName", "desc"))).toEqual([2, 0, 3, 1, 4]);
  });

  it("sorts by time in both directions, rows with no time last", () => {
    const store = randomStore(21);
    const time = store.time;
    // Problems in the order, as words: an empty list is a sorted list.
    const problemsOf = (sorted: Uint32Array, direction: "asc" | "desc"): string[] => {
      const problems: string[] = [];
      for (let i = 1; i < sorted.length; i++) {
        const previous = time[sorted[i - 1]];
        const t = time[sorted[i]];
        if (Number.isNaN(previous)) {
          if (!Number.isNaN(t)) problems.push(`timed row after a row with no time at ${i}`);
        } else if (!Number.isNaN(t) && (direction === "asc" ? previous > t : previous < t)) {
          problems.push(`${previous} before ${t} at ${i}`);
        }
      }
      return problems;
    };
    const all = computeView(store, emptyFilter(), []).rows;
    const byName = sortRows(store, all, "eventName", "asc");
    // A large subset goes through marks along the time order, a small one through a radix sort.
    for (const rows of [byName, byName.filter((_, i) => i % 20 === 0)]) {
      for (const direction of ["asc", "desc"] as const) {
        const sorted = sortRows(store, rows, "time", direction);
        expect(new Set(sorted)).toEqual(new Set(rows));
        expect(problemsOf(sorted, direction)).toEqual([]);
      }
    }
    expect(Array.from(sortRows(store, byName, "time", "desc"))).toEqual(Array.from(all));
  });
});

describe("histogram", () => {
  const store = new EventStore();
  store.append(
    buildChunk([
      { eventName: "A", eventTime: T0 + 10 * MINUTE, eventID: "1" },
      { eventName: "B", eventTime: T0 + 20 * MINUTE, eventID: "2", errorCode: "AccessDenied" },
      { eventName: "A", eventTime: T0 + 3 * HOUR + 1, eventID: "3" },
      {
        eventName: "C",
        eventTime: T0 + 4 * HOUR - 1,
        eventID: "4",
        errorCode: "ThrottlingException",
      },
      { eventName: "A", eventID: "5" },
      { eventName: "A", eventTime: T0 + 9 * HOUR, eventID: "6" },
      { eventName: "A", eventTime: T0 - 1, eventID: "7" },
    ]),
  );
  const rows = computeView(store, emptyFilter(), []).rows;

  it("keeps empty buckets as zeros and counts only rows inside [from, to)", () => {
    const h = histogram(store, rows, T0, T0 + 5 * HOUR, HOUR);
    expect(Array.from(h.buckets)).toEqual([0, 1, 2, 3, 4].map((b) => T0 + b * HOUR));
    expect(h.counts.length).toBe(1);
    expect(Array.from(h.counts[0])).toEqual([2, 0, 0, 2, 0]);
    expect(Array.from(h.errors)).toEqual([1, 0, 0, 1, 0]);
    expect(h.counts[0].reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("stacks by a field, with an 'other' series, summing to the unstacked total", () => {
    const dict = store.dict("eventName");
    const h = histogram(store, rows, T0 - HOUR, T0 + 10 * HOUR, HOUR, "eventName", [
      dict.idOf("A"),
      dict.idOf("B"),
    ]);
    expect(h.counts.length).toBe(3);
    const plain = histogram(store, rows, T0 - HOUR, T0 + 10 * HOUR, HOUR);
    const sum = h.counts[0].map((c, b) => c + h.counts[1][b] + h.counts[2][b]);
    expect(Array.from(sum)).toEqual(Array.from(plain.counts[0]));
    expect(h.counts[0].reduce((a, b) => a + b, 0)).toBe(4);
    expect(h.counts[1].reduce((a, b) => a + b, 0)).toBe(1);
    expect(h.counts[2].reduce((a, b) => a + b, 0)).toBe(1);
    expect(plain.counts[0].reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("matches a brute-force count for sparse and dense selections", () => {
    const big = randomStore(13);
    const rand = random(5);
    const dict = big.dict("eventName");
    const stackIds = [dict.idOf("GetObject"), dict.idOf("AssumeRole"), dict.idOf("NoSuchName")];
    let dense = 0;
    for (let trial = 0; trial < 30; trial++) {
      const view = computeView(big, randomFilter(rand), []);
      if (view.shown * 4 >= big.rows) dense++;
      const from = T0 + Math.floor(rand() * 10) * 15 * MINUTE - 30 * MINUTE;
      const to = from + (1 + Math.floor(rand() * 12)) * HOUR;
      const h = histogram(big, view.rows, from, to, HOUR, "eventName", stackIds);
      const series = h.counts.map((c) => Array.from(c));
      const expected = series.map((c) => c.map(() => 0));
      const errors = series[0].map(() => 0);
      for (const r of view.rows) {
        const t = big.time[r];
        if (!(t >= from && t < to)) continue;
        const b = Math.floor((t - from) / HOUR);
        const k = stackIds.indexOf(big.column("eventName")[r]);
        expected[k === -1 ? stackIds.length : k][b]++;
        if (big.column("errorCode")[r] !== 0) errors[b]++;
      }
      expect(series).toEqual(expected);
      expect(Array.from(h.errors)).toEqual(errors);
    }
    // Both ways of walking a selection were taken.
    expect(dense).toBeGreaterThan(0);
    expect(dense).toBeLessThan(30);
  });

  it("returns no buckets for an empty range and refuses absurd bucket counts", () => {
    expect(histogram(store, rows, T0, T0, HOUR).buckets.length).toBe(0);
    expect(() => histogram(store, rows, T0, T0 + 365 * 24 * HOUR, 1)).toThrow(RangeError);
  });

  it("chooses a bucket size giving about 120 bars", () => {
    expect(chooseBucketMs(T0, T0 + 2 * HOUR)).toBe(MINUTE);
    expect(chooseBucketMs(T0, T0 + 24 * HOUR)).toBe(15 * MINUTE);
    expect(chooseBucketMs(T0, T0 + 7 * 24 * HOUR)).toBe(HOUR);
    expect(chooseBucketMs(T0, T0 + 30 * 24 * HOUR)).toBe(6 * HOUR);
    expect(chooseBucketMs(T0, T0 + 120 * 24 * HOUR)).toBe(24 * HOUR);
    expect(chooseBucketMs(T0, T0)).toBe(MINUTE);
  });

  it("keeps years of data to a few hundred bars at most, whatever the span", () => {
    const DAY = 24 * HOUR;
    const YEAR = 365 * DAY;
    expect(chooseBucketMs(T0, T0 + YEAR)).toBe(7 * DAY);
    expect(chooseBucketMs(T0, T0 + 10 * YEAR)).toBe(30 * DAY);
    expect(chooseBucketMs(T0, T0 + 25 * YEAR)).toBe(90 * DAY);
    expect(chooseBucketMs(T0, T0 + 100 * YEAR)).toBe(YEAR);
    // A hostile eventTime thousands of years away: whole multiples of a year.
    const far = chooseBucketMs(-62e12, 253e12);
    expect(far % YEAR).toBe(0);
    expect((253e12 + 62e12) / far).toBeLessThanOrEqual(180);
    for (const years of [0.01, 0.5, 1, 2, 3, 7, 30, 60, 150, 400, 5000]) {
      const span = years * YEAR;
      const size = chooseBucketMs(T0, T0 + span);
      expect(span / size, `${years} years`).toBeLessThanOrEqual(180);
      expect(histogram(store, rows, T0, T0 + span, size).buckets.length).toBeLessThanOrEqual(181);
    }
    expect(chooseBucketMs(T0, Number.POSITIVE_INFINITY)).toBe(YEAR);
    expect(chooseBucketMs(T0, Number.NaN)).toBe(MINUTE);
  });
});

describe("computeView without filters", () => {
  it("counts every value and lists every row newest first, also after more rows arrive", () => {
    const store = new EventStore(8);
    const batch = (from: number, n: number): TestEvent[] =>
      Array.from({ length: n }, (_, i) => ({
        eventName: `E${(from + i) % 7}`,
        eventSource: `s${(from + i) % 3}.amazonaws.com`,
        eventTime: (from + i) % 11 === 0 ? undefined : T0 + (((from + i) * 7919) % 5000),
        eventID: `u-${from + i}`,
      }));
    for (const [from, n] of [
      [0, 40],
      [40, 60],
    ]) {
      store.append(buildChunk(batch(from, n)));
      const view = computeView(store, emptyFilter(), ["eventName", "eventSource"]);
      expect(view.shown).toBe(store.rows);
      const names = store.dict("eventName");
      for (let k = 0; k < 7; k++) {
        let expected = 0;
        for (let r = 0; r < store.rows; r++)
          if (store.value("eventName", r) === `E${k}`) expected++;
        expect(view.facets.eventName[names.idOf(`E${k}`)]).toBe(expected);
      }
      // Newest first, rows with no time last, every row once.
      const times = Array.from(view.rows, (r) => store.time[r]);
      const timed = times.filter((t) => !Number.isNaN(t));
      expect(timed).toEqual([...timed].sort((a, b) => b - a));
      expect(times.slice(timed.length).every((t) => Number.isNaN(t))).toBe(true);
      expect(new Set(view.rows).size).toBe(store.rows);
      // The same as the filtered path with a filter that keeps everything.
      const all = computeView(store, { ...emptyFilter(), timeFrom: -Infinity }, ["eventName"]);
      expect(all.shown).toBe(store.rows - store.noTime);
    }
  });
});
