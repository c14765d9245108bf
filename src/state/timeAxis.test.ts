import { describe, expect, it } from "vitest";
import { axisLabels, bucketLabel, bucketSpanLabel, spanCrossing, timeTicks } from "./timeAxis";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("the time axis", () => {
  const utc = (...parts: [number, number, number, number?, number?]) => Date.UTC(...parts);
  const labels = (from: number, to: number, zone: "utc" | "local" = "utc") => {
    const { ticks, step } = timeTicks(from, to, zone);
    return axisLabels(ticks, step, zone, from, to);
  };

  it("says when a span crosses days and years", () => {
    expect(spanCrossing(utc(2024, 4, 1, 10), utc(2024, 4, 1, 18), "utc")).toEqual({
      days: false,
      years: false,
    });
    // `to` is exclusive: up to midnight is still the same day.
    expect(spanCrossing(utc(2024, 4, 1, 10), utc(2024, 4, 2), "utc").days).toBe(false);
    expect(spanCrossing(utc(2024, 4, 1, 10), utc(2024, 4, 2, 0, 1), "utc").days).toBe(true);
    expect(spanCrossing(utc(2024, 11, 31, 23), utc(2025, 0, 1, 1), "utc")).toEqual({
      days: true,
      years: true,
    });
  });

  it("labels hours with the date first and where the day changes, no year within one", () => {
    expect(labels(utc(2024, 4, 1, 20), utc(2024, 4, 2, 3))).toEqual([
      "05-01 20:00",
      "21:00",
      "22:00",
      "23:00",
      "05-02 00:00",
      "01:00",
      "02:00",
      "03:00",
    ]);
  });

  it("puts the year on the labels when the span crosses a year boundary", () => {
    expect(labels(utc(2024, 11, 31, 21), utc(2025, 0, 1, 3))).toEqual([
      "2024-12-31 21:00",
      "22:00",
      "23:00",
      "2025-01-01 00:00",
      "01:00",
      "02:00",
      "03:00",
    ]);
    // Weeks, from Mondays.
    expect(labels(utc(2024, 11, 20), utc(2025, 0, 10))).toEqual([
      "2024-12-23",
      "12-30",
      "2025-01-06",
    ]);
  });

  it("labels days without the year within one year", () => {
    expect(labels(utc(2024, 4, 1), utc(2024, 4, 8))).toEqual([
      "05-01",
      "05-02",
      "05-03",
      "05-04",
      "05-05",
      "05-06",
      "05-07",
      "05-08",
    ]);
  });

  it("puts months and years on calendar boundaries past a few weeks", () => {
    expect(labels(utc(2023, 2, 15), utc(2024, 1, 1))).toEqual([
      "2023-05",
      "2023-07",
      "2023-09",
      "2023-11",
      "2024-01",
    ]);
    const { ticks } = timeTicks(utc(2023, 2, 15), utc(2024, 1, 1), "utc");
    expect(ticks.map((t) => new Date(t).getUTCDate())).toEqual([1, 1, 1, 1, 1]);
    expect(labels(utc(2010, 5, 1), utc(2024, 5, 1))).toEqual([
      "2012",
      "2014",
      "2016",
      "2018",
      "2020",
      "2022",
      "2024",
    ]);
    // Centuries of hostile timestamps still get a handful of ticks.
    expect(timeTicks(utc(1, 0, 1), utc(9999, 0, 1), "utc").ticks.length).toBeLessThanOrEqual(9);
  });

  it("labels in local time too, on local calendar boundaries", () => {
    const from = new Date(2024, 11, 31, 21).getTime();
    const to = new Date(2025, 0, 1, 3).getTime();
    const result = labels(from, to, "local");
    expect(result[0]).toBe("2024-12-31 21:00");
    expect(result).toContain("2025-01-01 00:00");
  });

  it("names bucket sizes and a bucket's span", () => {
    expect(
      [MINUTE, 15 * MINUTE, 3 * HOUR, DAY, 7 * DAY, 30 * DAY, 90 * DAY, 365 * DAY, 730 * DAY].map(
        bucketLabel,
      ),
    ).toEqual([
      "1 min",
      "15 min",
      "3 h",
      "1 day",
      "1 week",
      "30 days",
      "90 days",
      "1 year",
      "2 years",
    ]);
    expect(bucketSpanLabel(utc(2024, 4, 1, 10), utc(2024, 4, 1, 10, 5), "utc")).toBe(
      "2024-05-01 10:00:00 – 10:05:00",
    );
    expect(bucketSpanLabel(utc(2024, 3, 29), utc(2024, 4, 6), "utc")).toBe(
      "2024-04-29 00:00:00 – 2024-05-06 00:00:00",
    );
  });
});
