import { describe, expect, it } from "vitest";
import type { DictField } from "../ingest/chunk";
import { buildChunk, type TestEvent } from "../store/testing";
import { WorkerPool, type WorkerLike } from "../worker/pool";
import {
  BUCKET_TARGET,
  bucketTarget,
  chartRange,
  dragRange,
  MIN_BAR_PX,
  timeExtent,
  zoomView,
  type Activity,
} from "./activity";
import { activityOf, cachedActivities } from "./activityJob";
import { colorSlot, HASHED_SLOTS, loadedRanks, RANKED_SLOTS } from "./activityColors";
import { deriveView } from "./derive";
import { Session } from "./session";
import { emptyView, type ViewState } from "./viewState";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FIELDS: readonly DictField[] = ["eventName", "eventSource", "principal"];

/** A worker that is never asked anything: these sessions get their rows straight into the store. */
class IdleWorker implements WorkerLike {
  onmessage: WorkerLike["onmessage"] = null;
  onerror: WorkerLike["onerror"] = null;
  postMessage(): void {}
  terminate(): void {}
}

function session(events: TestEvent[]): Session {
  const s = new Session(new WorkerPool(() => new IdleWorker(), 1));
  s.store.append(buildChunk(events));
  return s;
}

function activity(s: Session, view: ViewState): Activity {
  const result = activityOf(s, view, deriveView(s, view, FIELDS), "eventName");
  if (result === null) throw new Error("no chart");
  return result;
}

const total = (a: Activity) => a.totals.reduce((x, y) => x + y, 0);

describe("the time extent of a selection", () => {
  const time = Float64Array.from([50, Number.NaN, 10, 40, 30, Number.NaN]);

  it("reads the ends of rows sorted by time, rows without a time last", () => {
    expect(timeExtent(time, Uint32Array.from([0, 3, 4, 2, 1, 5]), "desc")).toEqual({
      min: 10,
      max: 50,
    });
    expect(timeExtent(time, Uint32Array.from([2, 4, 3, 0, 5, 1]), "asc")).toEqual({
      min: 10,
      max: 50,
    });
  });

  it("makes one pass over rows in any other order, skipping rows without a time", () => {
    expect(timeExtent(time, Uint32Array.from([1, 4, 0, 5, 2]), null)).toEqual({ min: 10, max: 50 });
    expect(timeExtent(time, Uint32Array.from([3]), null)).toEqual({ min: 40, max: 40 });
  });

  it("is null when nothing selected has a time", () => {
    for (const order of ["asc", "desc", null] as const) {
      expect(timeExtent(time, Uint32Array.from([1, 5]), order)).toBeNull();
      expect(timeExtent(time, new Uint32Array(0), order)).toBeNull();
    }
  });
});

describe("the chart's range and buckets", () => {
  const T = Date.UTC(2024, 4, 1, 10, 3, 17);

  it("keeps the view's bounds exactly: they are the filter", () => {
    const range = chartRange(T - 5 * MINUTE, T + 5 * MINUTE, { min: T - 1, max: T + 1 });
    expect(range).toEqual({ from: T - 5 * MINUTE, to: T + 5 * MINUTE, bucketMs: MINUTE });
  });

  it("fits open sides to the selection, widened to whole buckets from round times", () => {
    const range = chartRange(null, null, { min: T, max: T + 90 * MINUTE })!;
    expect(range.bucketMs).toBe(MINUTE);
    expect(range.from).toBe(Date.UTC(2024, 4, 1, 10, 3));
    expect((range.to - range.from) % MINUTE).toBe(0);
    expect(range.to).toBeGreaterThan(T + 90 * MINUTE);
    expect(range.to - MINUTE).toBeLessThanOrEqual(T + 90 * MINUTE);
    // One side bound, the other open: buckets run whole from the bound.
    const half = chartRange(T, null, { min: T + HOUR, max: T + 2 * HOUR })!;
    expect(half.from).toBe(T);
    expect((half.to - T) % half.bucketMs).toBe(0);
    expect(half.to).toBeGreaterThan(T + 2 * HOUR);
  });

  it("draws a single instant as one bucket", () => {
    const range = chartRange(null, null, { min: T, max: T })!;
    expect(range).toEqual({
      from: Date.UTC(2024, 4, 1, 10, 3),
      to: Date.UTC(2024, 4, 1, 10, 4),
      bucketMs: MINUTE,
    });
  });

  it("keeps years of data to a few hundred bars, weeks from Mondays and longer from midnights", () => {
    for (const [years, size] of [
      [0.3, DAY],
      [2, 7 * DAY],
      [6, 30 * DAY],
      [20, 90 * DAY],
      [60, 365 * DAY],
    ] as const) {
      const min = Date.UTC(2019, 2, 14, 17, 45);
      const range = chartRange(null, null, { min, max: min + years * 365 * DAY })!;
      expect(range.bucketMs, `${years} years`).toBe(size);
      expect((range.to - range.from) / range.bucketMs).toBeLessThanOrEqual(BUCKET_TARGET * 1.5 + 2);
      expect(range.from % DAY).toBe(0);
      // Weeks begin on Mondays; longer buckets at midnight of any day.
      expect(size !== 7 * DAY || new Date(range.from).getUTCDay() === 1).toBe(true);
    }
  });

  it("has no range without bounds or times, nor for bounds that meet", () => {
    expect(chartRange(null, null, null)).toBeNull();
    expect(chartRange(T, null, null)).toBeNull();
    expect(chartRange(T, T, null)).toBeNull();
    expect(chartRange(T, T + MINUTE, null)).toEqual({ from: T, to: T + MINUTE, bucketMs: MINUTE });
  });
});

describe("the activity chart over the selection", () => {
  // Two years of background activity; alice works on one afternoon only.
  const events: TestEvent[] = [];
  const Y0 = Date.UTC(2023, 0, 1);
  for (let d = 0; d < 730; d += 3) {
    events.push({
      eventID: `bg${d}`,
      eventTime: Y0 + d * DAY,
      eventName: "Describe",
      principal: "svc",
    });
  }
  const AFTERNOON = Date.UTC(2024, 4, 1, 13, 7, 12);
  for (let m = 0; m < 40; m++) {
    events.push({
      eventID: `a${m}`,
      eventTime: AFTERNOON + m * 3 * MINUTE,
      eventName: m % 3 === 0 ? "PutObject" : "GetObject",
      principal: "alice",
    });
  }
  events.push({ eventID: "no-time", eventName: "GetObject", principal: "alice" });

  it("fits the axis to the selected events, not to everything loaded", () => {
    const s = session(events);
    const all = activity(s, emptyView());
    expect(all.bucketMs).toBe(7 * DAY);
    expect(all.from).toBeLessThanOrEqual(Y0);
    expect(total(all)).toBe(events.length - 1);
    expect(all.buckets.length).toBeLessThanOrEqual(BUCKET_TARGET * 1.5 + 2);

    const alice: ViewState = { ...emptyView(), include: { principal: ["alice"] } };
    const fitted = activity(s, alice);
    expect(fitted.from).toBeLessThanOrEqual(AFTERNOON);
    expect(fitted.from).toBeGreaterThan(AFTERNOON - fitted.bucketMs);
    expect(fitted.to).toBeGreaterThan(AFTERNOON + 117 * MINUTE);
    expect(fitted.bucketMs).toBe(MINUTE);
    expect(total(fitted)).toBe(40);
    expect(fitted.zoomed).toBe(false);

    // The same range whatever the table's sort: read off the time order or found in a pass.
    for (const sort of [
      { column: "time", direction: "asc" },
      { column: "eventName", direction: "desc" },
      { column: "principal", direction: "asc" },
    ] as const) {
      const sorted = activity(s, { ...alice, sort });
      expect([sorted.from, sorted.to, sorted.bucketMs]).toEqual([
        fitted.from,
        fitted.to,
        fitted.bucketMs,
      ]);
    }
  });

  it("finds a selection's chart again when the view goes back to it, and only then", () => {
    const s = session(events);
    const all = activity(s, emptyView());
    const alice = activity(s, { ...emptyView(), include: { principal: ["alice"] } });
    // A value clicked on and off again: another view object, the same selection (everything).
    const again = activity(s, { ...emptyView() });
    expect(again).toBe(all);
    expect(alice).not.toBe(all);
    // The same selection with a time bound of the view's own, or another stacked field: not the
    // same chart.
    const zoomed = activity(s, { ...emptyView(), timeFrom: AFTERNOON });
    expect(zoomed).not.toBe(all);
    expect(zoomed.from).toBe(AFTERNOON);
    const view = emptyView();
    const bySource = activityOf(s, view, deriveView(s, view, FIELDS), "eventSource");
    expect(bySource).not.toBe(all);
    expect(bySource?.field).toBe("eventSource");
    // A stacked field with no facet counts in the view: the rows tell the selections apart.
    const onAll = activityOf(s, view, deriveView(s, view, FIELDS), "awsRegion");
    const aliceView: ViewState = { ...emptyView(), include: { principal: ["alice"] } };
    const onAlice = activityOf(s, aliceView, deriveView(s, aliceView, FIELDS), "awsRegion");
    expect(onAlice).not.toBe(onAll);
    expect(onAlice === null ? 0 : total(onAlice)).toBe(40);
    expect(cachedActivities(s)).toBe(3);
    // A newer version of the views (more rows loaded): the older activities are let go.
    s.viewVersion++;
    activity(s, emptyView());
    expect(cachedActivities(s)).toBe(1);
  });

  it("draws everything in one bucket when the selection is one instant", () => {
    const s = session(events);
    const one = activity(s, {
      ...emptyView(),
      include: { eventName: ["PutObject"] },
      timeFrom: null,
    });
    expect(one.buckets.length).toBeGreaterThan(1);
    const single = activity(s, {
      ...emptyView(),
      include: { principal: ["alice"] },
      timeFrom: AFTERNOON,
      timeTo: AFTERNOON + 1000,
    });
    expect(single.buckets.length).toBe(1);
    expect(single.totals[0]).toBe(1);
  });

  it("falls back to what is loaded when nothing selected has a time", () => {
    const s = session(events);
    const none = activity(s, { ...emptyView(), include: { principal: ["nobody"] } });
    expect(none.bucketMs).toBe(7 * DAY);
    expect(total(none)).toBe(0);
  });
});

describe("series colours", () => {
  // Twelve event names: Api0 called most, Api11 least; a missing name too.
  const events: TestEvent[] = [];
  const T = Date.UTC(2024, 4, 1);
  for (let k = 0; k < 12; k++) {
    for (let i = 0; i < 30 - 2 * k; i++) {
      events.push({
        eventID: `${k}-${i}`,
        eventTime: T + i * MINUTE,
        eventName: `Api${k}`,
        awsRegion: i % 2 === 0 ? "us-east-1" : "eu-west-1",
      });
    }
  }
  for (let i = 0; i < 50; i++) events.push({ eventID: `none-${i}`, eventTime: T + i * MINUTE });

  const colours = (a: Activity) => new Map(a.series.map((x) => [x.value, x.color]));

  it("gives the loaded data's top values distinct colours, the missing value and other grey", () => {
    const s = session(events);
    const a = activity(s, emptyView());
    const slots = colours(a);
    expect(slots.get("")).toBe(-1);
    expect(slots.get(null)).toBe(-1);
    const top = a.series.filter((x) => x.value !== null && x.value !== "");
    expect(top.map((x) => x.value)).toEqual([
      "Api0",
      "Api1",
      "Api2",
      "Api3",
      "Api4",
      "Api5",
      "Api6",
    ]);
    expect(top.map((x) => x.color)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("keeps a value's colour when the filter changes what else is stacked", () => {
    const s = session(events);
    const before = colours(activity(s, emptyView()));
    const views: ViewState[] = [
      { ...emptyView(), exclude: { eventName: ["Api0", "Api1", "Api2"] } },
      { ...emptyView(), include: { eventName: ["Api9", "Api5", "Api11", "Api3"] } },
      { ...emptyView(), include: { awsRegion: ["eu-west-1"] }, timeFrom: T + 20 * MINUTE },
    ];
    const seen = new Map<string | null, number>(before);
    const changed: string[] = [];
    let compared = 0;
    for (const view of views) {
      for (const [value, slot] of colours(activity(s, view))) {
        if (value === null) continue;
        const earlier = seen.get(value);
        if (earlier !== undefined) compared++;
        if (earlier !== undefined && earlier !== slot) changed.push(value);
        seen.set(value, slot);
      }
    }
    expect(changed).toEqual([]);
    expect(compared).toBeGreaterThan(8);
    // The rarer values, stacked once the common ones are filtered away, keep their slot too.
    expect(seen.get("Api9")).toBe(colorSlot("Api9", loadedRanks(s.store, "eventName")));
    expect(seen.get("Api9")).toBeGreaterThanOrEqual(RANKED_SLOTS);
  });

  it("picks a slot by rank among the loaded top values, by hash for the rest", () => {
    const ranks = new Map([
      ["a", 0],
      ["b", 7],
    ]);
    expect(colorSlot("a", ranks)).toBe(0);
    expect(colorSlot("b", ranks)).toBe(7);
    expect(colorSlot(null, ranks)).toBe(-1);
    expect(colorSlot("", ranks)).toBe(-1);
    for (const value of ["c", "AccessDenied", "arn:aws:iam::1:user/x", "⟦U+202E⟧"]) {
      const slot = colorSlot(value, ranks);
      expect(slot).toBeGreaterThanOrEqual(RANKED_SLOTS);
      expect(slot).toBeLessThan(RANKED_SLOTS + HASHED_SLOTS);
      expect(colorSlot(value, new Map())).toBe(slot);
    }
  });

  it("ranks the loaded values without the missing one, again once more is loaded", () => {
    const s = session(events);
    const ranks = loadedRanks(s.store, "eventName");
    expect(ranks.has("")).toBe(false);
    expect([...ranks.keys()]).toEqual([
      "Api0",
      "Api1",
      "Api2",
      "Api3",
      "Api4",
      "Api5",
      "Api6",
      "Api7",
    ]);
    const more: TestEvent[] = [];
    for (let i = 0; i < 100; i++)
      more.push({ eventID: `new-${i}`, eventTime: T, eventName: "Api11" });
    s.store.append(buildChunk(more));
    expect(loadedRanks(s.store, "eventName").get("Api11")).toBe(0);
  });
});

describe("zooming by drag", () => {
  // A context window: exact bounds off the minute, so buckets run from the bound.
  const from = Date.UTC(2024, 4, 1, 11, 55, 37);
  const chart = { from, to: from + 9 * MINUTE + 30_000, bucketMs: MINUTE };

  it("lands on the edges of the bars dragged across, either direction", () => {
    expect(dragRange(from + 5 * MINUTE, from + 2 * MINUTE, chart)).toEqual({
      from: from + 2 * MINUTE,
      to: from + 6 * MINUTE,
    });
  });

  it("stays within the chart: the last bar ends at the bound", () => {
    expect(dragRange(from + 7 * MINUTE, from + 9 * MINUTE, chart)).toEqual({
      from: from + 7 * MINUTE,
      to: chart.to,
    });
    expect(dragRange(from - MINUTE, from + 20 * MINUTE, chart)).toEqual({ from, to: chart.to });
    const view = zoomView(emptyView(), from + 9 * MINUTE, from + 7 * MINUTE, MINUTE, chart);
    expect([view.timeFrom, view.timeTo]).toEqual([from + 7 * MINUTE, chart.to]);
  });
});

describe("buckets for the chart's width", () => {
  it("aims at fewer buckets on a narrow plot, so that bars keep a few pixels", () => {
    expect(bucketTarget(0)).toBe(BUCKET_TARGET);
    expect(bucketTarget(2000)).toBe(BUCKET_TARGET);
    for (const px of [120, 177, 300, 440]) {
      const target = bucketTarget(px);
      expect(target).toBeLessThan(BUCKET_TARGET);
      // The most buckets chooseBucketMs allows for the target, each MIN_BAR_PX wide at least.
      expect(target * 1.5 * MIN_BAR_PX, `${px} px`).toBeLessThanOrEqual(Math.max(px, 8 * 4.5));
    }
    expect(bucketTarget(10)).toBe(8);
  });

  it("keeps four years on a narrow plot to a few dozen bars", () => {
    const min = Date.UTC(2014, 2, 6, 17, 10);
    const max = Date.UTC(2018, 6, 14, 19, 15);
    const wide = chartRange(null, null, { min, max })!;
    const narrow = chartRange(null, null, { min, max }, bucketTarget(177))!;
    const count = (r: { from: number; to: number; bucketMs: number }) =>
      (r.to - r.from) / r.bucketMs;
    expect(count(wide)).toBeLessThanOrEqual(BUCKET_TARGET * 1.5 + 2);
    expect(count(narrow)).toBeLessThanOrEqual(177 / MIN_BAR_PX + 1);
    expect(count(narrow)).toBeGreaterThanOrEqual(8);
    expect(narrow.bucketMs).toBeGreaterThan(wide.bucketMs);
  });

  it("leaves out a stacked value none of whose events has a time", () => {
    const s = session([
      { eventID: "a", eventTime: Date.UTC(2024, 0, 1), eventName: "GetObject" },
      { eventID: "b", eventTime: Date.UTC(2024, 0, 2), eventName: "GetObject" },
      { eventID: "c", eventName: "Timeless" },
      { eventID: "d", eventName: "Timeless" },
      { eventID: "e", eventName: "Timeless" },
    ]);
    const a = activity(s, emptyView());
    expect(a.series.map((x) => x.value)).toEqual(["GetObject"]);
    expect(a.series.every((x) => x.total > 0)).toBe(true);
  });
});
