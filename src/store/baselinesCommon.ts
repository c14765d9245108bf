// What the baseline code shares: the input columns, the result types, the options with their
// defaults and reasons, the rule in words, and the helpers the detector and the rate series use.

import { FLAG_MANAGEMENT, FLAG_WRITE } from "../ingest/chunk";
import type { IdColumn } from "./columns";
import type { EventStore } from "./eventStore";

export interface BaselineInput {
  rows: number;
  /** ms since epoch; NaN = no time (the row is ignored). */
  time: Float64Array;
  eventSource: IdColumn;
  eventName: IdColumn;
  /** id 0 = no error. */
  errorCode: IdColumn;
  /** recipientAccountId; id 0 = missing (its own scope). */
  account: IdColumn;
  /** id 0 = missing (its own scope). */
  awsRegion: IdColumn;
  /** FLAG_* from ../ingest/chunk. */
  flags: Uint8Array;
  eventSourceDict: readonly string[];
  eventNameDict: readonly string[];
  errorCodeDict: readonly string[];
  accountDict: readonly string[];
  awsRegionDict: readonly string[];
}

export type AnomalyKind = "call-rate" | "error-rate";

export interface Anomaly {
  kind: AnomalyKind;
  /** The account (recipientAccountId) and region whose series this is; "" when missing. */
  account: string;
  awsRegion: string;
  eventSource: string;
  eventName: string;
  /** "" for call rate. */
  errorCode: string;
  /** ms since epoch, start of the first unusual minute. */
  start: number;
  /** From the first to the last unusual minute, quiet minutes in between included. */
  minutes: number;
  /** Events per minute over the window before `start`. */
  baselineAverage: number;
  /** Events per minute over the anomaly. */
  observedAverage: number;
  /** Most events in one minute of the anomaly. */
  peak: number;
  /** −log10 of the smallest tail probability of the anomaly's minutes, at most SCORE_CAP. */
  score: number;
  /**
   * Minutes of the window the baseline was averaged over: the window cut to where the account and
   * region's data starts (WINDOW_MINUTES when data precedes the whole window).
   */
  baselineMinutes: number;
  /**
   * Share (0–1) of the window's hours (the 168 clock hours before the start's hour) in which the
   * account and region had any event at all.
   */
  coverage: number;
  /** Events of any kind of the account and region in those hours. */
  baselineEvents: number;
}

export interface AnomalyResult {
  /** Highest score first; only where the baseline met the coverage rule (BASELINE_RULE). */
  anomalies: Anomaly[];
  /** Unusual stretches found but not raised: their account and region's baseline was too thin. */
  withheld: number;
  /** Account and region pairs holding those withheld stretches. */
  withheldScopes: number;
  /** Distinct series seen (call rate per account, region and API; error rate also per code). */
  series: number;
  /** Account and region pairs with at least one timed event. */
  scopes: number;
  /** Minutes from the first to the last loaded minute, inclusive (0 when no row has a time). */
  spanMinutes: number;
}

/** One series per minute around a window: the chart's data. */
export interface ApiRate {
  /** ms since epoch of each minute's start. */
  minutes: Float64Array;
  counts: Uint32Array;
  /**
   * Events per minute over the window before each minute, cut to where the account and region's
   * data starts; NaN when none of its data precedes the minute.
   */
  baseline: Float64Array;
  /** Per minute, the coverage of its window (as Anomaly.coverage). */
  coverage: Float64Array;
  /** Per minute, 1 when its window meets the coverage rule (a burst there can be raised). */
  judged: Uint8Array;
}

/**
 * Which series apiRate charts. Account and region: "" is rows where it is missing, null is any
 * (an Insight whose record does not say).
 */
export interface RateKey {
  account: string | null;
  awsRegion: string | null;
  eventSource: string;
  eventName: string;
  /** null (or "") is the call rate; a code is that code's error rate. */
  errorCode: string | null;
}

export interface BaselineOptions {
  minCount: number;
  pThreshold: number;
  rateFloor: number;
  windowMinutes: number;
  minCoverage: number;
  minBaselineEvents: number;
  maxGapMinutes: number;
  scoreCap: number;
}

export const MINUTE_MS = 60_000;

/** Coverage is counted in clock hours: the window's 168 hours. */
export const COVERAGE_BUCKET_MINUTES = 60;

/** 7 days, the window AWS states for its own baselines. */
export const WINDOW_MINUTES = 7 * 24 * 60;

/**
 * A minute needs at least this many events to be unusual: an API called a handful of times a
 * month would otherwise alarm whenever someone uses it twice in a minute.
 */
export const MIN_COUNT = 5;

/**
 * One in a million per tested minute. A week of one busy API is ~10,000 minutes, a trail has tens
 * to hundreds of series, so noise alone yields well under one false anomaly per loaded week.
 */
export const P_THRESHOLD = 1e-6;

/**
 * λ never goes below 0.1 per minute (6 an hour): a rare API's average is mostly noise, and an API
 * never seen before would otherwise have λ = 0 and alarm on anything. With MIN_COUNT = 5 a new API
 * called 5 times in one minute is still unusual (P ≈ 8e-8).
 */
export const RATE_FLOOR = 0.1;

/**
 * The account and region must have events in at least a quarter of the window's hours (42 of 168)
 * before anything of theirs is raised. A baseline that has not seen a day and a half of the
 * account's traffic cannot know its office hours, and a window that is mostly empty (one hour of
 * logs next to records from other years) averages to nearly zero, so every busy API would stand
 * out. AWS, too, takes up to 36 hours after Insights is enabled before it reports anything.
 */
export const MIN_COVERAGE = 0.25;

/** …and at least this many events of the account and region in the window. */
export const MIN_BASELINE_EVENTS = 100;

/** Up to 2 quiet minutes inside a burst keep it one anomaly. */
export const MAX_GAP_MINUTES = 2;

/** Scores stay readable (−log10 of 1e-300) and comparable; beyond this a burst is simply huge. */
export const SCORE_CAP = 300;

export const DEFAULT_BASELINE_OPTIONS: Readonly<BaselineOptions> = {
  minCount: MIN_COUNT,
  pThreshold: P_THRESHOLD,
  rateFloor: RATE_FLOOR,
  windowMinutes: WINDOW_MINUTES,
  minCoverage: MIN_COVERAGE,
  minBaselineEvents: MIN_BASELINE_EVENTS,
  maxGapMinutes: MAX_GAP_MINUTES,
  scoreCap: SCORE_CAP,
};

/** The coverage rule in words, for the UI. */
export const BASELINE_RULE =
  `Raised only where the account and region have events in at least ` +
  `${Math.round(MIN_COVERAGE * 100)}% of the hours of the 7-day baseline ` +
  `(${Math.ceil((MIN_COVERAGE * WINDOW_MINUTES) / COVERAGE_BUCKET_MINUTES)} of ` +
  `${WINDOW_MINUTES / COVERAGE_BUCKET_MINUTES}) and at least ${MIN_BASELINE_EVENTS} events in it.`;

export const WRITE_MANAGEMENT = FLAG_WRITE | FLAG_MANAGEMENT;

/**
 * Minutes since epoch fit an Int32Array up to the year 6053; a time past that (or before 1970
 * by as much) is treated as no time rather than wrapped.
 */
export const MAX_ABS_MS = 2 ** 31 * MINUTE_MS;

export function hasUsableTime(t: number): boolean {
  return t > -MAX_ABS_MS && t < MAX_ABS_MS;
}

/** Window hours, for coverage: the window's minutes in whole buckets. */
export function windowBuckets(opt: BaselineOptions): number {
  return Math.max(1, Math.round(opt.windowMinutes / COVERAGE_BUCKET_MINUTES));
}

/** Whether a window with this coverage and event count may raise an anomaly. */
export function meetsRule(coverage: number, events: number, opt: BaselineOptions): boolean {
  return coverage >= opt.minCoverage && events >= opt.minBaselineEvents;
}

export function resolveOptions(options: Partial<BaselineOptions> | undefined): BaselineOptions {
  return { ...DEFAULT_BASELINE_OPTIONS, ...options };
}

/** Ids whose string equals `value` (a merged dictionary should hold it once; this does not assume so). */
export function idsOf(dict: readonly string[], value: string): Set<number> {
  const ids = new Set<number>();
  for (let i = 0; i < dict.length; i++) if (dict[i] === value) ids.add(i);
  return ids;
}

/** The store's columns as computeAnomalies and apiRate read them; no copy. */
export function baselineInputOf(store: EventStore): BaselineInput {
  return {
    rows: store.rows,
    time: store.time,
    eventSource: store.column("eventSource"),
    eventName: store.column("eventName"),
    errorCode: store.column("errorCode"),
    account: store.column("account"),
    awsRegion: store.column("awsRegion"),
    flags: store.flags,
    eventSourceDict: store.dict("eventSource").values(),
    eventNameDict: store.dict("eventName").values(),
    errorCodeDict: store.dict("errorCode").values(),
    accountDict: store.dict("account").values(),
    awsRegionDict: store.dict("awsRegion").values(),
  };
}

/**
 * baselineInputOf with its columns copied and cut to the rows, for a worker, and the copies'
 * buffers to transfer with them.
 */
export function baselineCopyOf(store: EventStore): {
  input: BaselineInput;
  transfer: ArrayBuffer[];
} {
  const shared = baselineInputOf(store);
  const transfer: ArrayBuffer[] = [];
  const copy = <T extends Float64Array | IdColumn>(column: T): T => {
    const out = column.slice(0, shared.rows) as T;
    transfer.push(out.buffer as ArrayBuffer);
    return out;
  };
  const input: BaselineInput = {
    ...shared,
    time: copy(shared.time),
    eventSource: copy(shared.eventSource),
    eventName: copy(shared.eventName),
    errorCode: copy(shared.errorCode),
    account: copy(shared.account),
    awsRegion: copy(shared.awsRegion),
    flags: copy(shared.flags),
  };
  return { input, transfer };
}
