import { describe, expect, it } from "vitest";
import {
  FLAG_DATA,
  FLAG_MANAGEMENT,
  FLAG_NO_TIME,
  FLAG_READ_ONLY,
  FLAG_WRITE,
} from "../ingest/chunk";
import {
  type Anomaly,
  type AnomalyKind,
  type BaselineInput,
  MIN_COVERAGE,
  MINUTE_MS,
  WINDOW_MINUTES,
  apiRate,
  computeAnomalies,
  logPoissonUpperTail,
  logRegularizedGammaP,
  poissonUpperTail,
} from "./baselines";

interface Ev {
  t: number;
  eventSource: string;
  eventName: string;
  errorCode: string;
  /** readOnly false → true, readOnly true → false, readOnly missing → null. */
  write: boolean | null;
  management: boolean;
  /** Defaults: ACCOUNT, REGION. */
  account?: string;
  awsRegion?: string;
}

const ACCOUNT = "111122223333";
const REGION = "us-east-1";

/** Columns as the store holds them; `pad` extra junk rows past `rows` must be ignored. */
function makeInput(events: readonly Ev[], pad = 0): BaselineInput {
  const dict = (): { list: string[]; ids: Map<string, number> } => ({
    list: [""],
    ids: new Map([["", 0]]),
  });
  const sources = dict();
  const names = dict();
  const errors = dict();
  const accounts = dict();
  const regions = dict();
  const id = (d: { list: string[]; ids: Map<string, number> }, v: string): number => {
    let i = d.ids.get(v);
    if (i === undefined) {
      i = d.list.length;
      d.ids.set(v, i);
      d.list.push(v);
    }
    return i;
  };
  const size = events.length + pad;
  const input: BaselineInput = {
    rows: events.length,
    time: new Float64Array(size),
    eventSource: new Uint32Array(size),
    eventName: new Uint32Array(size),
    errorCode: new Uint32Array(size),
    account: new Uint32Array(size),
    awsRegion: new Uint32Array(size),
    flags: new Uint8Array(size),
    eventSourceDict: sources.list,
    eventNameDict: names.list,
    errorCodeDict: errors.list,
    accountDict: accounts.list,
    awsRegionDict: regions.list,
  };
  events.forEach((e, r) => {
    input.time[r] = e.t;
    input.eventSource[r] = id(sources, e.eventSource);
    input.eventName[r] = id(names, e.eventName);
    input.errorCode[r] = id(errors, e.errorCode);
    input.account[r] = id(accounts, e.account ?? ACCOUNT);
    input.awsRegion[r] = id(regions, e.awsRegion ?? REGION);
    let f = e.management ? FLAG_MANAGEMENT : FLAG_DATA;
    if (e.write === true) f |= FLAG_WRITE;
    if (e.write === false) f |= FLAG_READ_ONLY;
    if (Number.isNaN(e.t)) f |= FLAG_NO_TIME;
    input.flags[r] = f;
  });
  const junkSource = id(sources, "junk.amazonaws.com");
  const junkError = id(errors, "JunkError");
  for (let r = events.length; r < size; r++) {
    input.time[r] = Date.UTC(2024, 0, 3, 12, 0, r % 60);
    input.eventSource[r] = junkSource;
    input.errorCode[r] = junkError;
    input.flags[r] = FLAG_MANAGEMENT | FLAG_WRITE;
  }
  return input;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(rand: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) {
    // Normal approximation (Box–Muller): exact enough for background noise.
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/** Monday 2024-01-01 00:00 UTC. */
const T0 = Date.UTC(2024, 0, 1);
const DAY_MINUTES = 1440;

interface Api {
  eventSource: string;
  eventName: string;
  /** Calls per minute at the height of a weekday. */
  peak: number;
  write: boolean | null;
  management: boolean;
  /** Share of calls that fail, and with what. */
  errorRate: number;
  errorCode: string;
}

const APIS: Api[] = [
  api("ec2.amazonaws.com", "RunInstances", 0.4, true, 0.01, "Client.UnauthorizedOperation"),
  api("ec2.amazonaws.com", "TerminateInstances", 0.3, true, 0.01, "Client.UnauthorizedOperation"),
  api("lambda.amazonaws.com", "UpdateFunctionCode20150331v2", 2, true, 0.005, "AccessDenied"),
  api("iam.amazonaws.com", "CreateRole", 0.05, true, 0.02, "EntityAlreadyExists"),
  api("iam.amazonaws.com", "AttachRolePolicy", 0.08, true, 0.01, "AccessDenied"),
  api("ssm.amazonaws.com", "PutParameter", 6, true, 0.01, "ThrottlingException"),
  api("s3.amazonaws.com", "PutBucketPolicy", 0.02, true, 0.05, "AccessDenied"),
  api("kms.amazonaws.com", "CreateGrant", 1.5, true, 0.002, "AccessDenied"),
  api("ec2.amazonaws.com", "DescribeInstances", 8, false, 0.02, "Client.RequestLimitExceeded"),
  api("iam.amazonaws.com", "GetRole", 3, false, 0.05, "NoSuchEntity"),
  { ...api("s3.amazonaws.com", "GetObject", 8, false, 0.03, "AccessDenied"), management: false },
  { ...api("s3.amazonaws.com", "PutObject", 4, true, 0.01, "AccessDenied"), management: false },
];

function api(
  eventSource: string,
  eventName: string,
  peak: number,
  write: boolean | null,
  errorRate: number,
  errorCode: string,
): Api {
  return { eventSource, eventName, peak, write, management: true, errorRate, errorCode };
}

/** Office hours on weekdays with an hour of ramp each side; quiet nights and weekends. */
function rhythm(minute: number): number {
  const weekday = Math.floor(minute / DAY_MINUTES) % 7 < 5; // T0 is a Monday
  const hour = (minute % DAY_MINUTES) / 60;
  if (!weekday) return 0.06;
  if (hour >= 8 && hour < 18) return 1;
  if (hour >= 7 && hour < 8) return 0.03 + 0.97 * (hour - 7);
  if (hour >= 18 && hour < 19) return 1 - 0.97 * (hour - 18);
  return 0.03;
}

function background(seed: number, days: number): Ev[] {
  const rand = mulberry32(seed);
  const events: Ev[] = [];
  for (let day = 0; day < days; day++) {
    // Some days are busier than others.
    const dayFactor = 0.8 + 0.4 * rand();
    for (let m = day * DAY_MINUTES; m < (day + 1) * DAY_MINUTES; m++) {
      const level = rhythm(m) * dayFactor;
      for (const a of APIS) {
        const n = poisson(rand, a.peak * level);
        for (let i = 0; i < n; i++) {
          events.push({
            t: T0 + m * MINUTE_MS + Math.floor(rand() * MINUTE_MS),
            eventSource: a.eventSource,
            eventName: a.eventName,
            errorCode: rand() < a.errorRate ? a.errorCode : "",
            write: a.write,
            management: a.management,
          });
        }
      }
    }
  }
  return events;
}

interface Burst {
  kind: AnomalyKind;
  eventSource: string;
  eventName: string;
  errorCode: string;
  write: boolean;
  /** Minutes after T0. */
  start: number;
  minutes: number;
  perMinute: number;
}

function at(day: number, hour: number, minute: number): number {
  return day * DAY_MINUTES + hour * 60 + minute;
}

const BURSTS: Burst[] = [
  burst("call-rate", "ec2.amazonaws.com", "RunInstances", "", true, at(2, 2, 13), 8, 30),
  burst(
    "call-rate",
    "lambda.amazonaws.com",
    "UpdateFunctionCode20150331v2",
    "",
    true,
    at(4, 14, 7),
    10,
    40,
  ),
  burst("call-rate", "iam.amazonaws.com", "CreateRole", "", true, at(5, 11, 30), 5, 12),
  burst("call-rate", "ssm.amazonaws.com", "PutParameter", "", true, at(7, 15, 45), 5, 60),
  burst(
    "error-rate",
    "ec2.amazonaws.com",
    "DescribeInstances",
    "AccessDenied",
    false,
    at(3, 10, 41),
    6,
    25,
  ),
  burst(
    "error-rate",
    "iam.amazonaws.com",
    "AttachRolePolicy",
    "AccessDenied",
    true,
    at(6, 20, 2),
    4,
    15,
  ),
  burst(
    "error-rate",
    "kms.amazonaws.com",
    "CreateGrant",
    "LimitExceededException",
    true,
    at(7, 9, 20),
    3,
    10,
  ),
];

function burst(
  kind: AnomalyKind,
  eventSource: string,
  eventName: string,
  errorCode: string,
  write: boolean,
  start: number,
  minutes: number,
  perMinute: number,
): Burst {
  return { kind, eventSource, eventName, errorCode, write, start, minutes, perMinute };
}

function plant(seed: number, bursts: readonly Burst[]): Ev[] {
  const rand = mulberry32(seed);
  const events: Ev[] = [];
  for (const b of bursts) {
    for (let m = b.start; m < b.start + b.minutes; m++) {
      for (let i = 0; i < b.perMinute; i++) {
        events.push({
          t: T0 + m * MINUTE_MS + Math.floor(rand() * MINUTE_MS),
          eventSource: b.eventSource,
          eventName: b.eventName,
          errorCode: b.errorCode,
          write: b.write,
          management: true,
        });
      }
    }
  }
  return events;
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const rand = mulberry32(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The anomaly for a planted burst; throws (naming the burst) when there is none. */
function findBurst(anomalies: readonly Anomaly[], b: Burst): Anomaly {
  const found = anomalies.find(
    (a) =>
      a.kind === b.kind &&
      a.eventSource === b.eventSource &&
      a.eventName === b.eventName &&
      a.errorCode === b.errorCode &&
      Math.abs(a.start - (T0 + b.start * MINUTE_MS)) <= 3 * MINUTE_MS,
  );
  if (found === undefined) throw new Error(`missed ${b.kind} ${b.eventName} ${b.errorCode}`);
  return found;
}

/** A write management call every 10 minutes, so the loaded span is `days` long. */
function ticks(days: number): Ev[] {
  const events: Ev[] = [];
  for (let m = 0; m < days * DAY_MINUTES; m += 10) {
    events.push(ev(m, "ec2.amazonaws.com", "CreateTags", "", true, true));
  }
  return events;
}

function ev(
  minute: number,
  eventSource: string,
  eventName: string,
  errorCode: string,
  write: boolean | null,
  management: boolean,
): Ev {
  return {
    t: T0 + minute * MINUTE_MS + 1000,
    eventSource,
    eventName,
    errorCode,
    write,
    management,
  };
}

function repeat(n: number, make: (i: number) => Ev): Ev[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe("Poisson tail", () => {
  it("matches known values", () => {
    const known: [number, number, number][] = [
      [5, 1, 0.003659846827343713],
      [10, 2, 4.649807501726386e-5],
      [100, 100, 0.5132987982791487],
      [20, 3.5, 1.131426237424723e-9],
      [50, 10, 1.8547268838698457e-19],
      [1, 0.5, 0.3934693402873665],
      [30, 0.01, 3.733680025912573e-93],
    ];
    for (const [k, lambda, p] of known) {
      expect(poissonUpperTail(k, lambda) / p).toBeCloseTo(1, 9);
    }
  });

  it("stays finite in log space far out in the tail", () => {
    expect(logPoissonUpperTail(1000, 1)).toBeCloseTo(-5913.127178988828, 6);
    expect(logPoissonUpperTail(500, 20)).toBeCloseTo(-1133.423586295037, 6);
    expect(logPoissonUpperTail(200, 0.001)).toBeCloseTo(-2244.784038013696, 6);
  });

  it("handles the edges and non-integer k", () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(poissonUpperTail(3, 0)).toBe(0);
    expect(Math.exp(logRegularizedGammaP(2.5, 0.3))).toBeCloseTo(0.011996757205906265, 13);
    expect(Math.exp(logRegularizedGammaP(7.25, 1.5))).toBeCloseTo(0.000612614450060704, 15);
    expect(Math.exp(logRegularizedGammaP(3, 12))).toBeCloseTo(0.9994777419499671, 13);
  });
});

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
