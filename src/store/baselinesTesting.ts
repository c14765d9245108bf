// Test-only: synthetic CloudTrail columns for the baseline tests (office-hours traffic of a dozen
// APIs, planted bursts, ticks), built straight into a BaselineInput. Not imported by app code.
import {
  FLAG_DATA,
  FLAG_MANAGEMENT,
  FLAG_NO_TIME,
  FLAG_READ_ONLY,
  FLAG_WRITE,
} from "../ingest/chunk";
import { type Anomaly, type AnomalyKind, type BaselineInput, MINUTE_MS } from "./baselines";

export interface Ev {
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

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";

/** Columns as the store holds them; `pad` extra junk rows past `rows` must be ignored. */
export function makeInput(events: readonly Ev[], pad = 0): BaselineInput {
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

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(rand: () => number, lambda: number): number {
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
export const T0 = Date.UTC(2024, 0, 1);
export const DAY_MINUTES = 1440;

export interface Api {
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

export const APIS: Api[] = [
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

export function api(
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
export function rhythm(minute: number): number {
  const weekday = Math.floor(minute / DAY_MINUTES) % 7 < 5; // T0 is a Monday
  const hour = (minute % DAY_MINUTES) / 60;
  if (!weekday) return 0.06;
  if (hour >= 8 && hour < 18) return 1;
  if (hour >= 7 && hour < 8) return 0.03 + 0.97 * (hour - 7);
  if (hour >= 18 && hour < 19) return 1 - 0.97 * (hour - 18);
  return 0.03;
}

export function background(seed: number, days: number): Ev[] {
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

export interface Burst {
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

export function at(day: number, hour: number, minute: number): number {
  return day * DAY_MINUTES + hour * 60 + minute;
}

export const BURSTS: Burst[] = [
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

export function burst(
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

export function plant(seed: number, bursts: readonly Burst[]): Ev[] {
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

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const rand = mulberry32(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The anomaly for a planted burst; throws (naming the burst) when there is none. */
export function findBurst(anomalies: readonly Anomaly[], b: Burst): Anomaly {
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
export function ticks(days: number): Ev[] {
  const events: Ev[] = [];
  for (let m = 0; m < days * DAY_MINUTES; m += 10) {
    events.push(ev(m, "ec2.amazonaws.com", "CreateTags", "", true, true));
  }
  return events;
}

export function ev(
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

export function repeat(n: number, make: (i: number) => Ev): Ev[] {
  return Array.from({ length: n }, (_, i) => make(i));
}
