// What the baseline code shares: the input columns, the result types, the options with their
// defaults and reasons, and the scanning helpers the detector and the rate series both use.

import { FLAG_MANAGEMENT, FLAG_WRITE } from "../ingest/chunk";
import type { EventStore } from "./eventStore";

export interface BaselineInput {
  rows: number;
  /** ms since epoch; NaN = no time (the row is ignored). */
  time: Float64Array;
  eventSource: Uint32Array;
  eventName: Uint32Array;
  /** id 0 = no error. */
  errorCode: Uint32Array;
  /** FLAG_* from ../ingest/chunk. */
  flags: Uint8Array;
  eventSourceDict: readonly string[];
  eventNameDict: readonly string[];
  errorCodeDict: readonly string[];
}

export type AnomalyKind = "call-rate" | "error-rate";

export interface Anomaly {
  kind: AnomalyKind;
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
  /** Minutes of loaded data the baseline was averaged over (WINDOW_MINUTES when the window was full). */
  baselineMinutes: number;
}

export interface AnomalyResult {
  /** Highest score first. */
  anomalies: Anomaly[];
  /**
   * True when the loaded data spans more than the window and every anomaly's baseline covered the
   * whole window; false says some judgement (or, with no anomalies, the data) had less than 7 days.
   */
  fullWindow: boolean;
  /** Distinct series seen (call-rate APIs plus error-rate API × error code pairs). */
  series: number;
  /** Minutes from the first to the last loaded minute, inclusive (0 when no row has a time). */
  spanMinutes: number;
}

export interface ApiRate {
  /** ms since epoch of each minute's start. */
  minutes: Float64Array;
  counts: Uint32Array;
  /** Events per minute over the window before each minute; NaN when no loaded data precedes it. */
  baseline: Float64Array;
}

export interface BaselineOptions {
  minCount: number;
  pThreshold: number;
  rateFloor: number;
  warmupMinutes: number;
  windowMinutes: number;
  maxGapMinutes: number;
  scoreCap: number;
}

export const MINUTE_MS = 60_000;

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
 * A full day of data before anything alarms. A baseline that has not seen a whole day cannot know
 * office hours: data loaded from midnight would alarm on every busy API at 9 o'clock. (AWS, too,
 * takes up to 36 hours after Insights is enabled before it reports anything.)
 */
export const WARMUP_MINUTES = 24 * 60;

/** Up to 2 quiet minutes inside a burst keep it one anomaly. */
export const MAX_GAP_MINUTES = 2;

/** Scores stay readable (−log10 of 1e-300) and comparable; beyond this a burst is simply huge. */
export const SCORE_CAP = 300;

export const DEFAULT_BASELINE_OPTIONS: Readonly<BaselineOptions> = {
  minCount: MIN_COUNT,
  pThreshold: P_THRESHOLD,
  rateFloor: RATE_FLOOR,
  warmupMinutes: WARMUP_MINUTES,
  windowMinutes: WINDOW_MINUTES,
  maxGapMinutes: MAX_GAP_MINUTES,
  scoreCap: SCORE_CAP,
};

export const WRITE_MANAGEMENT = FLAG_WRITE | FLAG_MANAGEMENT;

export interface Span {
  /** First and last loaded minute (minutes since epoch); first > last when nothing has a time. */
  first: number;
  last: number;
}

export function loadedSpan(input: BaselineInput): Span {
  const { rows, time } = input;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < rows; r++) {
    const t = time[r]!;
    if (!Number.isFinite(t)) continue;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  if (lo > hi) return { first: 0, last: -1 };
  return { first: Math.floor(lo / MINUTE_MS), last: Math.floor(hi / MINUTE_MS) };
}

/** Minutes of [t − window, t) that lie inside the loaded span. */
export function windowMinutesAt(t: number, span: Span, window: number): number {
  return Math.max(0, Math.min(t, span.last + 1) - Math.max(t - window, span.first));
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
    flags: store.flags,
    eventSourceDict: store.dict("eventSource").values(),
    eventNameDict: store.dict("eventName").values(),
    errorCodeDict: store.dict("errorCode").values(),
  };
}
