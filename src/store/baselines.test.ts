// computeAnomalies and apiRate on synthetic columns (baselinesTesting.ts): planted bursts as the
// ground truth, every expected number counted from the planted events.
import { describe, expect, it } from "vitest";
import { MIN_COVERAGE, MINUTE_MS, WINDOW_MINUTES, apiRate, computeAnomalies } from "./baselines";
import {
  ACCOUNT,
  BURSTS,
  DAY_MINUTES,
  REGION,
  T0,
  at,
  background,
  burst,
  ev,
  findBurst,
  makeInput,
  plant,
  repeat,
  shuffle,
  ticks,
  type Ev,
} from "./baselinesTesting";

describe("computeAnomalies", () => {
  const planted = [...background(1, 8), ...plant(2, BURSTS)];

  it("finds every planted burst near its start", () => {
    const { anomalies, series, scopes } = computeAnomalies(makeInput(planted));
    for (const b of BURSTS) {
      const found = findBurst(anomalies, b);
      expect(found.account).toBe(ACCOUNT);
      expect(found.awsRegion).toBe(REGION);
      expect(found.coverage).toBeGreaterThanOrEqual(MIN_COVERAGE);
      expect(found.peak).toBeGreaterThanOrEqual(b.perMinute);
      expect(Math.abs(found.minutes - b.minutes)).toBeLessThanOrEqual(3);
      expect(found.observedAverage).toBeGreaterThan(found.baselineAverage * 3);
      expect(found.score).toBeGreaterThan(6);
    }
    // The failing AttachRolePolicy and CreateGrant calls are also a burst of write calls.
    expect(anomalies.length).toBeLessThanOrEqual(BURSTS.length + 3);
    for (let i = 1; i < anomalies.length; i++) {
      expect(anomalies[i]!.score).toBeLessThanOrEqual(anomalies[i - 1]!.score);
    }
    // The earliest burst (day 2, 02:13) had 50 of the 168 hours before its hour covered.
    expect(findBurst(anomalies, BURSTS[0]!).coverage).toBeCloseTo(50 / 168, 12);
    expect(series).toBeGreaterThan(10);
    expect(scopes).toBe(1);
  });

  it("raises almost nothing on a normal office-hours rhythm", () => {
    for (const seed of [3, 4, 5]) {
      const { anomalies } = computeAnomalies(makeInput(background(seed, 8)));
      expect(anomalies.length).toBeLessThanOrEqual(1);
    }
  });

  it("does not depend on row order or on what lies past `rows`", () => {
    const reference = computeAnomalies(makeInput(planted));
    expect(computeAnomalies(makeInput(shuffle(planted, 7)))).toEqual(reference);
    expect(computeAnomalies(makeInput(shuffle(planted, 8), 5000))).toEqual(reference);
  });

  it("does not alarm on an API called once, or on fewer than MIN_COUNT calls in a minute", () => {
    const events = [
      ...ticks(3),
      ev(at(2, 10, 0), "iam.amazonaws.com", "DeleteAccountPasswordPolicy", "", true, true),
      ...repeat(4, () => ev(at(2, 11, 0), "iam.amazonaws.com", "DeleteUser", "", true, true)),
    ];
    expect(computeAnomalies(makeInput(events)).anomalies).toEqual([]);
    // The same API five times in one minute, never seen before, is unusual.
    const five = repeat(5, () =>
      ev(at(2, 11, 0), "iam.amazonaws.com", "DeleteUser", "", true, true),
    );
    const { anomalies } = computeAnomalies(makeInput([...ticks(3), ...five]));
    expect(anomalies.map((a) => [a.kind, a.eventName, a.peak])).toEqual([
      ["call-rate", "DeleteUser", 5],
    ]);
  });

  it("counts only write management calls toward call rate, management errors toward error rate", () => {
    const m = at(2, 3, 0);
    const ignored = [
      ...ticks(3),
      ...repeat(60, () => ev(m, "ec2.amazonaws.com", "DescribeInstances", "", false, true)),
      ...repeat(60, () => ev(m, "s3.amazonaws.com", "PutObject", "", true, false)),
      ...repeat(60, () => ev(m, "s3.amazonaws.com", "GetObject", "AccessDenied", false, false)),
      ...repeat(60, () => ev(m, "ec2.amazonaws.com", "CreateVolume", "", null, true)),
      ...repeat(60, () => ({
        ...ev(m, "ec2.amazonaws.com", "DeleteVolume", "", true, true),
        t: NaN,
      })),
    ];
    expect(computeAnomalies(makeInput(ignored)).anomalies).toEqual([]);

    const counted = [
      ...ticks(3),
      ...repeat(60, () =>
        ev(m, "ec2.amazonaws.com", "DescribeInstances", "Throttling", false, true),
      ),
      ...repeat(60, () => ev(m, "ec2.amazonaws.com", "CreateVolume", "", true, true)),
    ];
    const got = computeAnomalies(makeInput(counted)).anomalies.map((a) => [
      a.kind,
      a.eventName,
      a.errorCode,
      a.start,
    ]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["error-rate", "DescribeInstances", "Throttling", T0 + m * MINUTE_MS],
        ["call-rate", "CreateVolume", "", T0 + m * MINUTE_MS],
      ]),
    );
    expect(got).toHaveLength(2);
  });

  it("says when less than 7 days preceded a minute", () => {
    const short = [...background(11, 3), ...plant(12, [BURSTS[0]!])];
    const input = makeInput(short);
    const { anomalies, spanMinutes } = computeAnomalies(input);
    expect(spanMinutes).toBeLessThanOrEqual(3 * DAY_MINUTES);
    const found = findBurst(anomalies, BURSTS[0]!);
    const firstMinute = Math.floor(Math.min(...input.time) / MINUTE_MS);
    expect(found.baselineMinutes).toBe(found.start / MINUTE_MS - firstMinute);
    expect(found.baselineMinutes).toBeLessThan(WINDOW_MINUTES);
    expect(found.coverage).toBeLessThan(1);
  });

  it("uses the full window once 7 days precede the minute", () => {
    const late = burst(
      "call-rate",
      "ec2.amazonaws.com",
      "RunInstances",
      "",
      true,
      at(8, 3, 0),
      5,
      30,
    );
    const { anomalies } = computeAnomalies(makeInput([...background(21, 9), ...plant(22, [late])]));
    const found = findBurst(anomalies, late);
    expect(found.baselineMinutes).toBe(WINDOW_MINUTES);
    expect(found.coverage).toBe(1);
  });

  it("withholds what stands out before the account and region have enough data", () => {
    // 10 hours in: 10 of the 168 hours covered, far below the rule.
    const early = burst("call-rate", "ec2.amazonaws.com", "RunInstances", "", true, 600, 5, 30);
    const { anomalies, withheld, withheldScopes } = computeAnomalies(
      makeInput([...ticks(3), ...plant(31, [early])]),
    );
    expect(anomalies).toEqual([]);
    expect(withheld).toBe(1);
    expect(withheldScopes).toBe(1);
    // The same burst after 42 covered hours is raised (ticks: 6 events an hour).
    const later = { ...early, start: at(1, 18, 0) };
    const raised = computeAnomalies(makeInput([...ticks(3), ...plant(31, [later])]));
    expect(raised.anomalies.map((a) => [a.eventName, a.coverage, a.baselineEvents])).toEqual([
      ["RunInstances", 42 / 168, 42 * 6],
    ]);
    expect(raised.withheld).toBe(0);
  });

  it("merges minutes up to 2 quiet minutes apart, and no further", () => {
    const call = (minute: number): Ev[] =>
      repeat(20, () => ev(minute, "iam.amazonaws.com", "CreateUser", "", true, true));
    const base = at(2, 4, 0);
    const { anomalies } = computeAnomalies(
      makeInput([...ticks(3), ...call(base), ...call(base + 3), ...call(base + 7)]),
    );
    const spans = anomalies.map((a) => [(a.start - T0) / MINUTE_MS - base, a.minutes]);
    expect(spans).toEqual(
      expect.arrayContaining([
        [0, 4],
        [7, 1],
      ]),
    );
    expect(spans).toHaveLength(2);
    const merged = anomalies.find((a) => a.minutes === 4)!;
    expect(merged.observedAverage).toBe(40 / 4);
    expect(merged.peak).toBe(20);
  });

  it("handles an empty input", () => {
    const result = computeAnomalies(makeInput([]));
    expect(result).toEqual({
      anomalies: [],
      withheld: 0,
      withheldScopes: 0,
      series: 0,
      scopes: 0,
      spanMinutes: 0,
    });
  });
});

describe("apiRate", () => {
  const key = (eventName: string, errorCode: string | null, awsRegion = REGION) => ({
    account: ACCOUNT,
    awsRegion,
    eventSource: "ec2.amazonaws.com",
    eventName,
    errorCode,
  });

  it("gives per-minute counts with the trailing average beneath", () => {
    const events = [
      ...ticks(2),
      ...repeat(3, () => ev(100, "ec2.amazonaws.com", "CreateTags", "", true, true)),
      ...repeat(4, () => ev(100, "ec2.amazonaws.com", "CreateTags", "Denied", true, true)),
      ev(101, "ec2.amazonaws.com", "CreateTags", "", false, true),
    ];
    const input = makeInput(events);
    const from = T0 + 95 * MINUTE_MS;
    const rate = apiRate(input, key("CreateTags", null), from, from + 10 * MINUTE_MS);
    expect(rate.minutes.length).toBe(10);
    expect(rate.minutes[0]).toBe(from);
    // Ticks at 0, 10, …, 90, 100, 110: minute 100 has the tick plus 3 + 4 write calls.
    expect(Array.from(rate.counts)).toEqual([0, 0, 0, 0, 0, 8, 0, 0, 0, 0]);
    expect(rate.baseline[0]).toBeCloseTo(10 / 95, 12); // ticks 0..90 over minutes 0..94
    expect(rate.baseline[6]).toBeCloseTo(18 / 101, 12); // minute 101 sees the burst
    const errors = apiRate(input, key("CreateTags", "Denied"), from, from + 10 * MINUTE_MS);
    expect(Array.from(errors.counts)).toEqual([0, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
    expect(errors.baseline[6]).toBeCloseTo(4 / 101, 12);
  });

  it("keeps to one account and region, or any when the key says null", () => {
    const other = (e: Ev): Ev => ({ ...e, awsRegion: "eu-west-1" });
    const minute = 100;
    const input = makeInput([
      ...ticks(2),
      ...repeat(3, () => ev(minute, "ec2.amazonaws.com", "CreateTags", "", true, true)),
      ...repeat(4, () => other(ev(minute, "ec2.amazonaws.com", "CreateTags", "", true, true))),
    ]);
    const from = T0 + minute * MINUTE_MS;
    const one = apiRate(input, key("CreateTags", null), from, from + MINUTE_MS);
    const west = apiRate(input, key("CreateTags", null, "eu-west-1"), from, from + MINUTE_MS);
    const any = apiRate(
      input,
      { ...key("CreateTags", null), awsRegion: null },
      from,
      from + MINUTE_MS,
    );
    // us-east-1: the tick at minute 100 and the 3 calls; eu-west-1: the 4 calls.
    expect([one.counts[0], west.counts[0], any.counts[0]]).toEqual([4, 4, 8]);
    // eu-west-1 has no data before minute 100: no baseline, and nothing covered.
    expect(Number.isNaN(west.baseline[0])).toBe(true);
    expect(west.coverage[0]).toBe(0);
    expect(west.judged[0]).toBe(0);
    // us-east-1 had ticks in hour 0 (minutes 0..59) only before minute 100's hour (hour 1).
    expect(one.coverage[0]).toBeCloseTo(1 / 168, 12);
  });

  it("puts NaN where no loaded data precedes the minute and slides a full 7-day window", () => {
    const input = makeInput(ticks(9));
    const before = apiRate(input, key("CreateTags", null), T0 - 2 * MINUTE_MS, T0 + MINUTE_MS);
    expect(Number.isNaN(before.baseline[0])).toBe(true);
    expect(Number.isNaN(before.baseline[2])).toBe(true); // minute 0 has nothing before it
    const late = T0 + 8 * DAY_MINUTES * MINUTE_MS;
    const rate = apiRate(input, key("CreateTags", null), late, late + MINUTE_MS);
    expect(rate.baseline[0]).toBeCloseTo(WINDOW_MINUTES / 10 / WINDOW_MINUTES, 12);
  });
});
