import { describe, expect, it } from "vitest";
import { EventStore } from "./eventStore";
import { chooseBucketMs, histogram, histogramSteps } from "./histogram";
import { buildChunk } from "./testing";
import { computeView, emptyFilter } from "./view";
import { HOUR, MINUTE, T0, random, randomFilter, randomStore } from "./viewRandom";

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
      // The same rows walked by their time order: newest first as the view gives them, and
      // oldest first (rows without a time still last).
      const byRuns = histogram(big, view.rows, from, to, HOUR, "eventName", stackIds, "desc");
      expect(byRuns.counts.map((c) => Array.from(c))).toEqual(expected);
      expect(Array.from(byRuns.errors)).toEqual(errors);
      const timed = Array.from(view.rows).filter((r) => !Number.isNaN(big.time[r]));
      const untimed = Array.from(view.rows).filter((r) => Number.isNaN(big.time[r]));
      const ascending = Uint32Array.from([...timed.toReversed(), ...untimed]);
      const up = histogram(big, ascending, from, to, HOUR, "eventName", stackIds, "asc");
      expect(up.counts.map((c) => Array.from(c))).toEqual(expected);
      expect(Array.from(up.errors)).toEqual(errors);
      const unstacked = histogram(big, view.rows, from, to, HOUR, undefined, undefined, "desc");
      expect(Array.from(unstacked.counts[0])).toEqual(
        expected[0].map((_, b) => expected.reduce((sum, c) => sum + c[b], 0)),
      );
      expect(Array.from(unstacked.errors)).toEqual(errors);
      // In steps of a few rows, every way of walking counts the same, yielding between steps.
      for (const stepRows of [1, 7, 1000]) {
        for (const [list, order] of [
          [view.rows, null],
          [view.rows, "desc"],
          [ascending, "asc"],
        ] as const) {
          const steps = histogramSteps(
            big,
            list,
            from,
            to,
            HOUR,
            "eventName",
            stackIds,
            order,
            stepRows,
          );
          let yields = 0;
          let step = steps.next();
          for (; step.done !== true; step = steps.next()) yields++;
          const stepped = step.value;
          expect(
            stepped.counts.map((c) => Array.from(c)),
            `${order} by ${stepRows}`,
          ).toEqual(expected);
          expect(Array.from(stepped.errors)).toEqual(errors);
          // Runs yield once per stepRows rows counted; a pass over rows between each stepRows
          // rows marked (a dense selection) and each stepRows rows read but the last.
          const passes = (length: number) => Math.ceil(length / stepRows);
          const marks = list.length * 4 >= big.rows;
          const expectedYields =
            order !== null
              ? Math.floor(counted(expected) / stepRows)
              : marks
                ? passes(list.length) + passes(big.rows) - 1
                : Math.max(0, passes(list.length) - 1);
          expect(yields).toBe(expectedYields);
        }
      }
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

/** Rows in any series and bucket. */
function counted(series: number[][]): number {
  return series.reduce((sum, c) => sum + c.reduce((a, b) => a + b, 0), 0);
}
