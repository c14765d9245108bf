import { describe, expect, it } from "vitest";
import { DICT_FIELDS, type DictField } from "../ingest/chunk";
import { EventStore } from "./eventStore";
import { topValues } from "./topValues";
import { buildChunk, type TestEvent } from "./testing";
import { timeOrder } from "./timeOrder";
import { computeView, emptyFilter, type Filter } from "./view";
import { HOUR, T0, random, randomFilter, randomStore } from "./viewRandom";

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
    if (filter.rowMask && filter.rowMask[r] !== 1) return false;
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

/** The rows with no facet asked for (each path has a shorter way then), as the reference has them. */
function expectRowsAlone(
  store: EventStore,
  filter: Filter,
  expected: ReturnType<typeof reference>,
): void {
  const rowsOnly = computeView(store, filter, []);
  expect(Array.from(rowsOnly.rows)).toEqual(expected.rows);
  expect(rowsOnly.shown).toBe(expected.rows.length);
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
      expectRowsAlone(store, filter, expected);
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

  it("matches the reference with a row mask, alone or with 1 to 9 filtered fields", () => {
    const store = randomStore(3);
    const rand = random(17);
    const facetFields: DictField[] = [
      "eventName",
      "awsRegion",
      "errorCode",
      "readOnly",
      "userType",
    ];
    // Six fields whose values repeat, then three more: a value left out of each in turn.
    const cuts: [DictField, string][] = [
      ["eventName", "GetObject"],
      ["eventSource", "s3.amazonaws.com"],
      ["awsRegion", "us-east-1"],
      ["errorCode", "AccessDenied"],
      ["userType", "Root"],
      ["readOnly", "true"],
      ["sourceIPAddress", "192.0.2.1"],
      ["userAgent", "no such agent"],
      ["principal", "no such principal"],
    ];
    let masked = 0;
    let maskAlone = 0;
    for (let trial = 0; trial < 45; trial++) {
      // No field filter one trial in ten: the row mask alone (or with the time bounds).
      const fields = trial % (cuts.length + 1);
      const exclude: Filter["exclude"] = {};
      for (const [field, value] of cuts.slice(0, fields)) exclude[field] = [value];
      let rowMask: Uint8Array | null = null;
      if (trial % 3 !== 0) {
        rowMask = new Uint8Array(store.rows);
        for (let r = 0; r < store.rows; r++) rowMask[r] = rand() < 0.6 ? 1 : 0;
      }
      const bounded = trial % 4 === 1;
      const filter: Filter = {
        ...emptyFilter(),
        exclude,
        rowMask,
        timeFrom: bounded ? T0 + 2 * HOUR : null,
        timeTo: bounded ? T0 + 30 * HOUR : null,
      };
      const view = computeView(store, filter, facetFields);
      const expected = reference(store, filter, facetFields);
      expect(Array.from(view.rows)).toEqual(expected.rows);
      for (const f of facetFields) {
        expect(countsAsMap(store, f, view.facets[f])).toEqual(expected.facets.get(f));
      }
      expectRowsAlone(store, filter, expected);
      if (rowMask !== null && view.shown > 0) masked++;
      if (rowMask !== null && fields === 0 && !bounded) maskAlone++;
    }
    expect(masked).toBeGreaterThan(20);
    expect(maskAlone).toBeGreaterThanOrEqual(3);
  });

  it("matches the reference under one field's filter alone (a facet click), facet or not", () => {
    const store = randomStore(11);
    const rand = random(5);
    const facetFields: DictField[] = ["eventName", "eventSource", "awsRegion", "errorCode"];
    const fields: DictField[] = ["eventName", "awsRegion", "sourceIPAddress", "errorCode"];
    let checked = 0;
    for (let trial = 0; trial < 60; trial++) {
      // The random filter's picks for one field only, and no time bounds.
      const field = fields[trial % fields.length];
      const picked = randomFilter(rand);
      const filter: Filter = {
        ...emptyFilter(),
        include: trial % 3 === 2 ? {} : { [field]: picked.include[field] ?? ["GetObject"] },
        exclude: trial % 3 === 2 ? { [field]: picked.exclude[field] ?? [""] } : {},
      };
      const view = computeView(store, filter, facetFields);
      const expected = reference(store, filter, facetFields);
      // The first screen read before the rest (a table's first render), then all of them.
      const screen = 1 + (trial % 9);
      expect(Array.from(view.ordered.upTo(screen))).toEqual(expected.rows.slice(0, screen));
      expect(Array.from(view.rows)).toEqual(expected.rows);
      expect(view.shown).toBe(expected.rows.length);
      for (const f of facetFields) {
        expect(countsAsMap(store, f, view.facets[f])).toEqual(expected.facets.get(f));
      }
      expectRowsAlone(store, filter, expected);
      if (view.shown > 0 && view.shown < store.rows) checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("keeps a view's rows its own when other views are worked out before they are read", () => {
    const store = randomStore(13);
    const facetFields: DictField[] = ["eventName", "awsRegion"];
    const filters: Filter[] = [
      { ...emptyFilter(), include: { eventName: ["GetObject"] } },
      { ...emptyFilter(), exclude: { awsRegion: ["us-east-1"] } },
      { ...emptyFilter(), include: { errorCode: ["AccessDenied"] } },
    ];
    // Each view's first screen only, then all the views' rows after every view is made (a click
    // followed by another before the first one's list was walked out).
    const views = filters.map((filter) => {
      const view = computeView(store, filter, facetFields);
      view.ordered.upTo(3);
      return view;
    });
    filters.forEach((filter, i) => {
      expect(Array.from(views[i].rows)).toEqual(reference(store, filter, facetFields).rows);
    });
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
