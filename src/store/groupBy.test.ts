import { describe, expect, it } from "vitest";
import type { DictField } from "../ingest/chunk";
import { EventStore } from "./eventStore";
import {
  entitySummary,
  groupBy,
  groupFilters,
  groupKey,
  groupsToCsv,
  MAX_STRIP_BUCKETS,
  sortGroups,
  type GroupFields,
  type GroupSortKey,
  type GroupTable,
} from "./groupBy";
import { timeOrder } from "./timeOrder";
import { buildChunk, type TestEvent } from "./testing";

const T0 = Date.parse("2024-05-01T00:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;

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

/** A store holding `events` as rows 0..n-1, appended in chunks of `chunkSize`. */
function storeOf(events: TestEvent[], chunkSize = events.length, reverse = false): EventStore {
  const store = new EventStore(16);
  for (let i = 0; i < events.length; i += Math.max(1, chunkSize)) {
    store.append(
      buildChunk(events.slice(i, i + Math.max(1, chunkSize)), { reverseDictionaries: reverse }),
    );
  }
  return store;
}

const allRows = (store: EventStore) => timeOrder(store).slice(0, store.rows);

function valueOf(event: TestEvent, field: DictField): string {
  if (field === "readOnly") return event.readOnly === undefined ? "" : String(event.readOnly);
  return event[field] ?? "";
}

function timeOf(event: TestEvent): number {
  if (typeof event.eventTime === "number") return event.eventTime;
  return event.eventTime === undefined ? Number.NaN : Date.parse(event.eventTime);
}

interface RefGroup {
  key: string;
  count: number;
  errors: number;
  principals: number;
  ips: number;
  regions: number;
  first: number;
  last: number;
}

/** The plain computation: a Map of Sets over the events of `rows`. */
function referenceGroups(
  events: TestEvent[],
  rows: Iterable<number>,
  fields: GroupFields,
): Map<string, RefGroup> {
  const acc = new Map<
    string,
    {
      count: number;
      errors: number;
      principals: Set<string>;
      ips: Set<string>;
      regions: Set<string>;
      times: number[];
    }
  >();
  for (const r of rows) {
    const event = events[r];
    const key = fields.map((field) => valueOf(event, field)).join("\t");
    let group = acc.get(key);
    if (!group) {
      group = {
        count: 0,
        errors: 0,
        principals: new Set(),
        ips: new Set(),
        regions: new Set(),
        times: [],
      };
      acc.set(key, group);
    }
    group.count++;
    if (valueOf(event, "errorCode") !== "") group.errors++;
    if (event.principal) group.principals.add(event.principal);
    if (event.sourceIPAddress) group.ips.add(event.sourceIPAddress);
    if (event.awsRegion) group.regions.add(event.awsRegion);
    const t = timeOf(event);
    if (!Number.isNaN(t)) group.times.push(t);
  }
  const out = new Map<string, RefGroup>();
  for (const [key, g] of acc) {
    out.set(key, {
      key,
      count: g.count,
      errors: g.errors,
      principals: g.principals.size,
      ips: g.ips.size,
      regions: g.regions.size,
      first: g.times.length ? Math.min(...g.times) : Number.NaN,
      last: g.times.length ? Math.max(...g.times) : Number.NaN,
    });
  }
  return out;
}

function tableGroups(table: GroupTable): Map<string, RefGroup> {
  const out = new Map<string, RefGroup>();
  for (let g = 0; g < table.size; g++) {
    const key = groupKey(table, g);
    expect(out.has(key), `group ${JSON.stringify(key)} appears once`).toBe(false);
    out.set(key, {
      key,
      count: table.count[g],
      errors: table.errors[g],
      principals: table.principals[g],
      ips: table.ips[g],
      regions: table.regions[g],
      first: table.first[g],
      last: table.last[g],
    });
  }
  return out;
}

function expectSameGroups(table: GroupTable, reference: Map<string, RefGroup>) {
  const actual = tableGroups(table);
  const sorted = (map: Map<string, RefGroup>) =>
    [...map.values()].toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  expect(sorted(actual)).toEqual(sorted(reference));
  let total = 0;
  for (const g of reference.values()) total += g.count;
  expect(table.rows).toBe(total);
}

/** The order `sortGroups` promises, worked out on the plain groups with a comparator. */
function referenceOrder(
  groups: RefGroup[],
  fields: GroupFields,
  by: GroupSortKey,
  direction: "asc" | "desc",
): string[] {
  const parts = (g: RefGroup) => g.key.split("\t");
  const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cmpValue = (a: string, b: string, dir: number) => {
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;
    return dir * cmpText(a, b);
  };
  const byKey = (a: RefGroup, b: RefGroup, dir: number) => {
    const pa = parts(a);
    const pb = parts(b);
    for (let i = 0; i < fields.length; i++) {
      const c = cmpValue(pa[i], pb[i], dir);
      if (c !== 0) return c;
    }
    return 0;
  };
  const dir = direction === "asc" ? 1 : -1;
  return groups
    .toSorted((a, b) => {
      if (by === "key") return byKey(a, b, dir);
      if (by === "first" || by === "last") {
        const ta = a[by];
        const tb = b[by];
        if (Number.isNaN(ta) || Number.isNaN(tb)) {
          const c = Number.isNaN(ta) === Number.isNaN(tb) ? 0 : Number.isNaN(ta) ? 1 : -1;
          return c || byKey(a, b, 1);
        }
        return dir * (ta - tb) || byKey(a, b, 1);
      }
      return dir * (a[by] - b[by]) || byKey(a, b, 1);
    })
    .map((g) => g.key);
}

const SORT_KEYS: GroupSortKey[] = [
  "count",
  "errors",
  "principals",
  "ips",
  "regions",
  "first",
  "last",
  "key",
];

describe("groupBy", () => {
  const events: TestEvent[] = [
    {
      eventTime: T0,
      sourceIPAddress: "192.0.2.1",
      principal: "alice",
      awsRegion: "us-east-1",
      eventName: "GetObject",
    },
    {
      eventTime: T0 + MINUTE,
      sourceIPAddress: "192.0.2.1",
      principal: "bob",
      awsRegion: "us-east-1",
      eventName: "PutObject",
      errorCode: "AccessDenied",
    },
    {
      eventTime: T0 - MINUTE,
      sourceIPAddress: "192.0.2.1",
      principal: "alice",
      awsRegion: "eu-west-1",
      eventName: "GetObject",
    },
    // No time, no region, no principal.
    { sourceIPAddress: "198.51.100.7", eventName: "ListBuckets", errorCode: "Throttling" },
    { sourceIPAddress: "198.51.100.7", eventName: "ListBuckets", principal: "carol" },
    // No source IP at all.
    { eventTime: T0 + 5 * MINUTE, principal: "alice", awsRegion: "us-east-1", eventName: "X" },
  ];
  const store = storeOf(events);

  it("counts every group of one field", () => {
    const table = groupBy(store, allRows(store), ["sourceIPAddress"]);
    expect(table.size).toBe(3);
    const groups = tableGroups(table);
    expect(groups.get("192.0.2.1")).toEqual({
      key: "192.0.2.1",
      count: 3,
      errors: 1,
      principals: 2,
      ips: 1,
      regions: 2,
      first: T0 - MINUTE,
      last: T0 + MINUTE,
    });
    // Rows with no time are left out of first/last; with no time at all, NaN.
    const noTime = groups.get("198.51.100.7")!;
    expect(noTime.count).toBe(2);
    expect(noTime.errors).toBe(1);
    expect(noTime.principals).toBe(1); // the missing principal is not one
    expect(noTime.regions).toBe(0);
    expect(Number.isNaN(noTime.first) && Number.isNaN(noTime.last)).toBe(true);
    // The missing value is a group of its own, keyed "".
    expect(groups.get("")).toMatchObject({ count: 1, ips: 0, first: T0 + 5 * MINUTE });
    expectSameGroups(table, referenceGroups(events, events.keys(), ["sourceIPAddress"]));
  });

  it("groups by a pair of fields, keyed by the two values joined by a TAB", () => {
    const table = groupBy(store, allRows(store), ["principal", "eventName"]);
    const groups = tableGroups(table);
    expect(groups.get("alice\tGetObject")).toMatchObject({ count: 2, regions: 2 });
    expect(groups.get("\tListBuckets")).toMatchObject({ count: 1, errors: 1 });
    expectSameGroups(table, referenceGroups(events, events.keys(), ["principal", "eventName"]));
    expect(groupFilters(table, [...groups.keys()].indexOf("alice\tGetObject"))).toEqual([
      { field: "principal", value: "alice" },
      { field: "eventName", value: "GetObject" },
    ]);
  });

  it("counts only the rows given, in any order", () => {
    const rows = Uint32Array.of(4, 0, 2);
    const table = groupBy(store, rows, ["principal"]);
    expectSameGroups(table, referenceGroups(events, rows, ["principal"]));
    const none = groupBy(store, new Uint32Array(0), ["principal", "awsRegion"]);
    expect(none.size).toBe(0);
    expect(none.rows).toBe(0);
    expect(sortGroups(none, "count", "desc")).toHaveLength(0);
  });

  it("reads global ids, whatever the workers' local dictionaries were", () => {
    const reversed = storeOf(events, 2, true);
    const table = groupBy(reversed, allRows(reversed), ["awsRegion", "principal"]);
    expect(table.size).toBe(5);
    expectSameGroups(table, referenceGroups(events, events.keys(), ["awsRegion", "principal"]));
  });

  it("hashes pairs whose id space is too large for a table", () => {
    // 2100 × 2100 possible pairs is past the direct table's size.
    const many: TestEvent[] = [];
    const rand = random(7);
    for (let i = 0; i < 2100; i++) {
      many.push({ userAgent: `ua-${i}`, accessKeyId: `AKIA${i}`, eventTime: T0 + i * 1000 });
    }
    for (let i = 0; i < 3000; i++) {
      const a = Math.floor(rand() * 40);
      const b = Math.floor(rand() * 40);
      many.push({
        userAgent: `ua-${a}`,
        accessKeyId: b === 0 ? undefined : `AKIA${b}`,
        principal: `p${Math.floor(rand() * 5)}`,
        sourceIPAddress: `10.0.0.${Math.floor(rand() * 9)}`,
        errorCode: rand() < 0.2 ? "AccessDenied" : undefined,
        eventTime: rand() < 0.1 ? undefined : T0 + Math.floor(rand() * 1e6) * 1000,
      });
    }
    const big = storeOf(many, 1000);
    const table = groupBy(big, allRows(big), ["userAgent", "accessKeyId"]);
    expect(big.dict("userAgent").size * big.dict("accessKeyId").size).toBeGreaterThan(1 << 22);
    expectSameGroups(table, referenceGroups(many, many.keys(), ["userAgent", "accessKeyId"]));
    // A few rows of a large store, in time order.
    const few = allRows(big).filter((_, i) => i % 97 === 3);
    expect(few.length * 32).toBeLessThan(big.rows);
    for (const fields of [["userAgent", "accessKeyId"], ["principal"]] as const) {
      expectSameGroups(groupBy(big, few, fields), referenceGroups(many, few, fields));
    }
  });

  it("counts distinct values from the scattered ids when a table of groups × ids would not pay", () => {
    // 40 rows, each its own IP, over 10 event names: 10 × 41 slots for distinct IPs is more than
    // four a row, so those are counted group by group from the scattered ids.
    const list: TestEvent[] = Array.from({ length: 40 }, (_, i) => ({
      eventTime: T0 + i * MINUTE,
      eventName: `Call${i % 10}`,
      sourceIPAddress: `203.0.113.${i}`,
      principal: i % 3 === 0 ? "alice" : "bob",
      awsRegion: i % 2 === 0 ? "us-east-1" : undefined,
    }));
    const spread = storeOf(list);
    // Every name has four rows, each from its own IP.
    expect(Array.from(groupBy(spread, allRows(spread), ["eventName"]).ips)).toEqual(
      new Array(10).fill(4),
    );
    for (const rows of [allRows(spread), allRows(spread).filter((_, i) => i % 3 !== 0)]) {
      const table = groupBy(spread, rows, ["eventName"]);
      expectSameGroups(table, referenceGroups(list, rows, ["eventName"]));
    }
  });

  it("matches a plain computation on random data (property test)", () => {
    const rand = random(2024);
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
    const pools = {
      principal: ["", "alice", "bob", "role/Admin", "=cmd|' /C calc'!A0"],
      sourceIPAddress: ["", "192.0.2.1", "198.51.100.7", "2001:db8::1", "AWS Internal"],
      awsRegion: ["", "us-east-1", "eu-west-1", "ap-south-1"],
      eventName: ["", "GetObject", "AssumeRole", "RunInstances", "ConsoleLogin"],
      errorCode: ["", "", "", "AccessDenied"],
      userAgent: ["", "aws-cli/2", "console.amazonaws.com", "Boto3/1.34"],
    };
    const fieldsToTry: GroupFields[] = [
      ["principal"],
      ["sourceIPAddress"],
      ["eventName"],
      ["errorCode"],
      ["readOnly"],
      ["principal", "sourceIPAddress"],
      ["eventName", "awsRegion"],
      ["userAgent", "errorCode"],
      ["awsRegion", "awsRegion"],
    ];
    for (let round = 0; round < 30; round++) {
      const count = 1 + Math.floor(rand() * 400);
      const list: TestEvent[] = [];
      for (let i = 0; i < count; i++) {
        const event: TestEvent = {};
        for (const [field, pool] of Object.entries(pools)) {
          const value = pick(pool);
          if (value !== "") event[field as keyof typeof pools] = value;
        }
        if (rand() < 0.7) event.readOnly = rand() < 0.5;
        // Some without a time; times over years, so sorting by time needs more than 32 bits.
        if (rand() < 0.85) event.eventTime = T0 + Math.floor((rand() - 0.5) * 2e11);
        list.push(event);
      }
      const rounded = storeOf(list, 1 + Math.floor(rand() * count), rand() < 0.5);
      // Everything, much of the store or a few rows (each its own path through groupBy).
      const share = pick([1, 0.6, 0.1, 0.02]);
      const rows = allRows(rounded).filter(() => share === 1 || rand() < share);
      const fields = pick(fieldsToTry);
      const table = groupBy(rounded, rows, fields);
      const reference = referenceGroups(list, rows, fields);
      expectSameGroups(table, reference);
      const by = pick(SORT_KEYS);
      const direction = pick(["asc", "desc"] as const);
      const order = sortGroups(table, by, direction);
      expect(
        Array.from(order, (g) => groupKey(table, g)),
        `${fields.join(",")} by ${by} ${direction}`,
      ).toEqual(referenceOrder([...reference.values()], fields, by, direction));
    }
  });
});

describe("sortGroups", () => {
  const events: TestEvent[] = [
    { principal: "b", eventTime: T0 },
    { principal: "b", eventTime: T0 + DAY * 800 }, // more than 2^32 ms later
    { principal: "a", eventTime: T0 + MINUTE },
    { principal: "c" },
    { principal: "", eventTime: T0 - DAY },
    { principal: "d", eventTime: T0 + MINUTE, errorCode: "X" },
  ];
  const store = storeOf(events);
  const table = groupBy(store, allRows(store), ["principal"]);
  const keys = (by: GroupSortKey, direction: "asc" | "desc") =>
    Array.from(sortGroups(table, by, direction), (g) => groupKey(table, g));

  it("sorts by value with the missing value last either way", () => {
    expect(keys("key", "asc")).toEqual(["a", "b", "c", "d", ""]);
    expect(keys("key", "desc")).toEqual(["d", "c", "b", "a", ""]);
  });

  it("sorts by a figure, ties by value ascending (missing value last)", () => {
    expect(keys("count", "desc")).toEqual(["b", "a", "c", "d", ""]);
    expect(keys("count", "asc")).toEqual(["a", "c", "d", "", "b"]);
    expect(keys("errors", "desc")[0]).toBe("d");
  });

  it("sorts by time, groups with no time last either way", () => {
    expect(keys("first", "asc")).toEqual(["", "b", "a", "d", "c"]);
    expect(keys("last", "desc")).toEqual(["b", "a", "d", "", "c"]);
    expect(keys("last", "asc")).toEqual(["", "a", "d", "b", "c"]);
  });
});

describe("groupsToCsv", () => {
  it("writes the groups in order, neutralising formulas, times in ISO UTC", () => {
    const events: TestEvent[] = [
      { sourceIPAddress: '=HYPERLINK("x")', principal: "p", eventTime: T0, awsRegion: "r" },
      { sourceIPAddress: "10.0.0.1", principal: "a,b", errorCode: "E" },
      { sourceIPAddress: "10.0.0.1", principal: "a,b", eventTime: T0 + 1000 },
    ];
    const store = storeOf(events);
    const table = groupBy(store, allRows(store), ["sourceIPAddress", "principal"]);
    const csv = groupsToCsv(table, sortGroups(table, "count", "desc")).join("");
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFsourceIPAddress,principal,events,errors,principals,sourceIPs,regions,firstSeen,lastSeen",
      `10.0.0.1,"a,b",2,1,1,1,0,${new Date(T0 + 1000).toISOString()},${new Date(T0 + 1000).toISOString()}`,
      `"'=HYPERLINK(""x"")",p,1,0,1,1,1,${new Date(T0).toISOString()},${new Date(T0).toISOString()}`,
      "",
    ]);
  });

  it("leaves the time cells empty when a group has no time", () => {
    const store = storeOf([{ eventName: "X" }]);
    const table = groupBy(store, allRows(store), ["eventName"]);
    expect(groupsToCsv(table, sortGroups(table, "key", "asc")).join("")).toContain(
      "X,1,0,0,0,0,,\r\n",
    );
  });
});

describe("entitySummary", () => {
  const events: TestEvent[] = [
    {
      principal: "alice",
      eventName: "GetObject",
      awsRegion: "us-east-1",
      sourceIPAddress: "192.0.2.1",
      accessKeyId: "AKIA1",
      userAgent: "aws-cli",
      eventTime: T0 + 3 * DAY + 5 * MINUTE,
    },
    {
      principal: "alice",
      eventName: "GetObject",
      awsRegion: "us-east-1",
      sourceIPAddress: "192.0.2.1",
      errorCode: "AccessDenied",
      eventTime: T0 + 1 * MINUTE,
    },
    {
      principal: "alice",
      eventName: "PutObject",
      awsRegion: "eu-west-1",
      sourceIPAddress: "198.51.100.7",
      accessKeyId: "AKIA1",
      eventTime: T0 + 3 * DAY,
    },
    { principal: "alice", eventName: "ListBuckets" },
    { principal: "bob", eventName: "GetObject", sourceIPAddress: "192.0.2.1", eventTime: T0 },
  ];
  const store = storeOf(events);
  const aliceId = store.dict("principal").idOf("alice");

  it("summarises the rows of one value", () => {
    const summary = entitySummary(store, allRows(store), "principal", aliceId);
    expect(summary).toMatchObject({
      field: "principal",
      value: "alice",
      events: 4,
      errors: 1,
      noTime: 1,
      first: T0 + MINUTE,
      last: T0 + 3 * DAY + 5 * MINUTE,
    });
    const plain = <T extends { value: string; count: number }>(list: T[]) =>
      list.map(({ value, count }) => [value, count]);
    expect(summary.apis.map(({ value, success, failure }) => [value, success, failure])).toEqual([
      ["GetObject", 1, 1],
      ["ListBuckets", 1, 0],
      ["PutObject", 1, 0],
    ]);
    expect(plain(summary.regions)).toEqual([
      ["us-east-1", 2],
      ["", 1],
      ["eu-west-1", 1],
    ]);
    expect(plain(summary.ips)).toEqual([
      ["192.0.2.1", 2],
      ["", 1],
      ["198.51.100.7", 1],
    ]);
    expect(plain(summary.accessKeys)).toEqual([
      ["", 2],
      ["AKIA1", 2],
    ]);
    expect(plain(summary.userAgents)).toEqual([
      ["", 3],
      ["aws-cli", 1],
    ]);
    expect(plain(summary.principals)).toEqual([["alice", 4]]);
    expect(summary.daily).not.toBeNull();
    expect(summary.daily!.start).toBe(T0);
    expect(summary.daily!.bucketDays).toBe(1);
    expect(Array.from(summary.daily!.counts)).toEqual([1, 0, 0, 2]);
  });

  it("counts only the rows given; null means every row", () => {
    const ipId = store.dict("sourceIPAddress").idOf("192.0.2.1");
    expect(entitySummary(store, null, "sourceIPAddress", ipId).events).toBe(3);
    expect(entitySummary(store, Uint32Array.of(4, 3), "sourceIPAddress", ipId)).toMatchObject({
      events: 1,
      first: T0,
      last: T0,
    });
  });

  it("is empty for a value the store does not hold", () => {
    const summary = entitySummary(store, null, "principal", -1);
    expect(summary.events).toBe(0);
    expect(summary.apis).toEqual([]);
    expect(summary.daily).toBeNull();
    expect(Number.isNaN(summary.first)).toBe(true);
  });

  it("draws a very long span in buckets of several days", () => {
    const far = storeOf([
      { principal: "x", eventTime: T0 },
      { principal: "x", eventTime: T0 + 20_000 * DAY },
    ]);
    const summary = entitySummary(far, null, "principal", far.dict("principal").idOf("x"));
    const daily = summary.daily!;
    expect(daily.counts.length).toBeLessThanOrEqual(MAX_STRIP_BUCKETS);
    expect(daily.bucketDays).toBeGreaterThan(1);
    expect(daily.counts[0] + daily.counts[daily.counts.length - 1]).toBe(2);
  });
});
