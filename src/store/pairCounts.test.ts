import { describe, expect, it } from "vitest";
import type { DictField } from "../ingest/chunk";
import { runSteps } from "../lib/steps";
import { EventStore } from "./eventStore";
import { countFromPairs, pairCountSteps, pairCountsOf, pairCountsRefused } from "./pairCounts";
import { buildChunk, type TestEvent } from "./testing";
import { computeView, emptyFilter, type Filter } from "./view";
import { POOLS, random, randomStore } from "./viewRandom";

const OTHERS: DictField[] = [
  "eventSource",
  "sourceIPAddress",
  "awsRegion",
  "errorCode",
  "readOnly",
];

/** Per value of `field`, per value of `other`, the rows with both, by strings row by row. */
function referencePairs(store: EventStore, field: DictField, other: DictField) {
  const out = new Map<string, Map<string, number>>();
  for (let r = 0; r < store.rows; r++) {
    const a = store.value(field, r);
    const b = store.value(other, r);
    const counts = out.get(a) ?? new Map<string, number>();
    counts.set(b, (counts.get(b) ?? 0) + 1);
    out.set(a, counts);
  }
  return out;
}

function countsAsMap(store: EventStore, f: DictField, counts: Uint32Array): Map<string, number> {
  const out = new Map<string, number>();
  counts.forEach((count, id) => {
    if (count > 0) out.set(store.dict(f).get(id), count);
  });
  return out;
}

/** The counts of `other` over the rows passing `mask` (per id of `field`), from the pairs. */
function summed(store: EventStore, field: DictField, other: DictField, mask: Uint8Array) {
  const pairs = pairCountsOf(store, field, [other]);
  expect(pairs).not.toBeNull();
  const all = store.idCountsOf(other).slice();
  const counts = new Uint32Array(store.dict(other).size);
  countFromPairs(pairs!, other, mask, all, counts);
  return countsAsMap(store, other, counts);
}

describe("pairCountSteps", () => {
  it("counts every pair of values as the rows have them, in steps of any size", () => {
    for (const stepRows of [1, 7, 1000, 1 << 20]) {
      const store = randomStore(5);
      let yields = 0;
      const steps = pairCountSteps(store, "eventName", OTHERS, stepRows);
      let step = steps.next();
      while (step.done !== true) {
        yields++;
        step = steps.next();
      }
      expect(step.value).not.toBeNull();
      // Each row is read once to list the rows by value and once per other field.
      expect(yields).toBeGreaterThanOrEqual(Math.floor((store.rows * 6) / stepRows) - 6);
      for (const other of OTHERS) {
        const expected = referencePairs(store, "eventName", other);
        for (const [value, counts] of expected) {
          const mask = new Uint8Array(store.dict("eventName").size);
          mask[store.dict("eventName").idOf(value)] = 1;
          expect(summed(store, "eventName", other, mask)).toEqual(counts);
        }
      }
    }
  });

  it("counts pairs seen once, and values with no rows of their own", () => {
    const store = new EventStore(64);
    const rows: [string, string][] = [
      ["A", "s3"],
      ["B", "ec2"],
      ["A", "s3"],
      ["A", "ec2"],
      ["C", "kms"],
      ["B", "s3"],
    ];
    store.append(
      buildChunk(
        rows.map(([eventName, eventSource], i) => ({ eventName, eventSource, eventID: `p-${i}` })),
      ),
    );
    // A value the dictionary has and no row does.
    store.dict("eventName").intern("Unused");
    expect(runSteps(pairCountSteps(store, "eventName", ["eventSource"], 2))).not.toBeNull();
    const of = (...values: string[]) => {
      const mask = new Uint8Array(store.dict("eventName").size);
      for (const value of values) mask[store.dict("eventName").idOf(value)] = 1;
      return summed(store, "eventName", "eventSource", mask);
    };
    expect(of("A")).toEqual(
      new Map([
        ["s3", 2],
        ["ec2", 1],
      ]),
    );
    expect(of("B")).toEqual(
      new Map([
        ["ec2", 1],
        ["s3", 1],
      ]),
    );
    expect(of("C")).toEqual(new Map([["kms", 1]]));
    expect(of("B", "C")).toEqual(
      new Map([
        ["ec2", 1],
        ["s3", 1],
        ["kms", 1],
      ]),
    );
    expect(of("A", "B", "C")).toEqual(
      new Map([
        ["s3", 3],
        ["ec2", 2],
        ["kms", 1],
      ]),
    );
  });

  it("gives a value's complement as every row's counts minus that value's", () => {
    const store = randomStore(8);
    expect(runSteps(pairCountSteps(store, "awsRegion", OTHERS))).not.toBeNull();
    const size = store.dict("awsRegion").size;
    const left = store.dict("awsRegion").idOf("us-east-1");
    // Every value but one passes: the lists of the one that does not are subtracted.
    const mask = new Uint8Array(size).fill(1);
    mask[left] = 0;
    for (const other of ["eventSource", "errorCode"] as const) {
      const expected = new Map<string, number>();
      for (let r = 0; r < store.rows; r++) {
        if (store.value("awsRegion", r) === "us-east-1") continue;
        const value = store.value(other, r);
        expected.set(value, (expected.get(value) ?? 0) + 1);
      }
      expect(summed(store, "awsRegion", other, mask)).toEqual(expected);
    }
  });

  it("gives the view the same counts as its passes over the rows", () => {
    const store = randomStore(11);
    const fields: DictField[] = ["eventName", ...OTHERS];
    const rand = random(3);
    const filters: Filter[] = [];
    for (let trial = 0; trial < 30; trial++) {
      const pool = [...POOLS.eventName!, "", "NoSuchValue"];
      const picks = Array.from(
        { length: 1 + Math.floor(rand() * 4) },
        () => pool[Math.floor(rand() * pool.length)],
      );
      const filter = emptyFilter();
      if (trial % 3 === 0) filter.exclude.eventName = picks;
      else filter.include.eventName = picks;
      filters.push(filter);
    }
    const before = filters.map((filter) => computeView(store, filter, fields));
    expect(pairCountsOf(store, "eventName", fields)).toBeNull();
    runSteps(pairCountSteps(store, "eventName", fields));
    expect(pairCountsOf(store, "eventName", fields)).not.toBeNull();
    filters.forEach((filter, k) => {
      const view = computeView(store, filter, fields);
      expect(view.shown).toBe(before[k].shown);
      expect(Array.from(view.rows)).toEqual(Array.from(before[k].rows));
      for (const f of fields)
        expect(Array.from(view.facets[f])).toEqual(Array.from(before[k].facets[f]));
    });
  });

  it("is stale once the store changes, and stops when it changes while counting", () => {
    const store = randomStore(2);
    expect(runSteps(pairCountSteps(store, "eventName", OTHERS))).not.toBeNull();
    expect(pairCountsOf(store, "eventName", OTHERS)).not.toBeNull();
    // Fields not counted against are not covered.
    expect(pairCountsOf(store, "eventName", [...OTHERS, "userAgent"])).toBeNull();
    expect(pairCountsOf(store, "awsRegion", OTHERS)).toBeNull();

    const steps = pairCountSteps(store, "awsRegion", OTHERS, 100);
    steps.next();
    store.append(buildChunk([{ eventName: "GetObject", eventID: "late-1" }]));
    expect(pairCountsOf(store, "eventName", OTHERS)).toBeNull();
    let step = steps.next();
    while (step.done !== true) step = steps.next();
    expect(step.value).toBeNull();
    expect(pairCountsOf(store, "awsRegion", OTHERS)).toBeNull();
  });

  it("keeps nothing when the lists would be longer than a quarter of the rows", () => {
    const events: TestEvent[] = [];
    for (let i = 0; i < 6000; i++)
      events.push({ eventName: `Call${i % 1000}`, userAgent: `agent-${i}`, eventID: `u-${i}` });
    const store = new EventStore(64);
    store.append(buildChunk(events));
    // Each agent is one row: 6,000 entries for 6,000 rows, past a floor of 4,096.
    expect(pairCountsRefused(store, "eventName")).toBe(false);
    expect(runSteps(pairCountSteps(store, "eventName", ["userAgent"], 1000, 4096))).toBeNull();
    expect(pairCountsOf(store, "eventName", ["userAgent"])).toBeNull();
    // Not tried again until the store changes.
    expect(pairCountsRefused(store, "eventName")).toBe(true);
    expect(pairCountsRefused(store, "userAgent")).toBe(false);
    // Against a field with one value, one entry per name: kept.
    expect(runSteps(pairCountSteps(store, "eventName", ["awsRegion"], 1000, 4096))).not.toBeNull();
    // Under the default floor, small stores keep them however long the lists.
    expect(runSteps(pairCountSteps(store, "eventName", ["userAgent"]))).not.toBeNull();
    store.append(buildChunk([{ eventName: "Late", eventID: "u-late" }]));
    expect(pairCountsRefused(store, "eventName")).toBe(false);
  });
});
