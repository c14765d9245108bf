import { describe, expect, it } from "vitest";
import { FLAG_MANAGEMENT, FLAG_WRITE } from "../ingest/chunk";
import type { BaselineInput } from "./baselinesCommon";
import { coverageAt, scopesOf } from "./baselinesCoverage";

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** Rows of (account id, region id, time); every id names itself in the dictionaries. */
function input(rows: [number, number, number][]): BaselineInput {
  const n = rows.length;
  const names = ["", "a", "b", "c"];
  return {
    rows: n,
    time: Float64Array.from(rows.map((r) => r[2])),
    eventSource: new Uint32Array(n),
    eventName: new Uint32Array(n),
    errorCode: new Uint32Array(n),
    account: Uint32Array.from(rows.map((r) => r[0])),
    awsRegion: Uint32Array.from(rows.map((r) => r[1])),
    flags: new Uint8Array(n).fill(FLAG_MANAGEMENT | FLAG_WRITE),
    eventSourceDict: names,
    eventNameDict: names,
    errorCodeDict: names,
    accountDict: names,
    awsRegionDict: names,
  };
}

describe("scopesOf and coverageAt", () => {
  // Scope (1, 1): 3 events in hour 0, 1 in hour 5, 2 in hour 200; scope (2, 1): hour 3 and a
  // record years before; a row without time and one past the Int32 minute range are ignored.
  const rows: [number, number, number][] = [
    [1, 1, T0 + 200 * HOUR + 5],
    [1, 1, T0 + 10],
    [2, 1, T0 + 3 * HOUR],
    [1, 1, T0 + 5 * HOUR + 59 * 60_000],
    [1, 1, T0 + 20],
    [1, 1, T0 + 30],
    [1, 1, T0 + 200 * HOUR + 7],
    [2, 1, Date.UTC(2014, 5, 1)],
    [3, 2, NaN],
    [3, 2, 8.64e15],
  ];

  it("counts each account and region's distinct hours, the dense and the sorted way alike", () => {
    const dense = scopesOf(input(rows));
    const sorted = scopesOf(input(rows), 0);
    for (const scopes of [dense, sorted]) {
      expect(scopes.count).toBe(2);
      expect(Array.from(scopes.rowScope)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, -1, -1]);
      expect(Array.from(scopes.first)).toEqual([T0 / 60_000, Date.UTC(2014, 5, 1) / 60_000]);
      const h0 = T0 / HOUR;
      expect(Array.from(scopes.hours)).toEqual([
        h0,
        h0 + 5,
        h0 + 200,
        Date.UTC(2014, 5, 1) / HOUR,
        h0 + 3,
      ]);
      expect(Array.from(scopes.hourStart)).toEqual([0, 3, 5]);
      expect(Array.from(scopes.cum)).toEqual([0, 3, 4, 6, 7, 8]);
    }
  });

  it("gives the share of the 168 hours before the minute's hour with events, and their events", () => {
    const scopes = scopesOf(input(rows));
    // At hour 6 (minute 30): hours 0 and 5 are in [6 − 168, 6).
    expect(coverageAt(scopes, 0, (T0 + 6 * HOUR) / 60_000 + 30, 168)).toEqual({
      coverage: 2 / 168,
      events: 4,
    });
    // At hour 5 itself, hour 5 is not yet before it.
    expect(coverageAt(scopes, 0, (T0 + 5 * HOUR) / 60_000, 168)).toEqual({
      coverage: 1 / 168,
      events: 3,
    });
    // At hour 200, hours 0 and 5 are more than 168 hours back.
    expect(coverageAt(scopes, 0, (T0 + 200 * HOUR) / 60_000, 168)).toEqual({
      coverage: 0,
      events: 0,
    });
    // The other scope's years-old record is far outside its window.
    expect(coverageAt(scopes, 1, (T0 + 4 * HOUR) / 60_000, 168)).toEqual({
      coverage: 1 / 168,
      events: 1,
    });
  });
});
