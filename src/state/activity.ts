// The activity chart's data: events per time bucket over the selection, stacked by a field's top
// values, with the error share; the time ticks in the chosen zone; zoom and band arithmetic.
import { revealHidden } from "../lib/visible";
import type { DictField } from "../ingest/chunk";
import type { EventStore } from "../store/eventStore";
import { chooseBucketMs, histogram, topValues } from "../store/query";
import type { Derived } from "./derive";
import type { Session } from "./session";
import type { ViewState } from "./viewState";

export const STACK_FIELDS = [
  "eventSource",
  "eventName",
  "errorCode",
  "awsRegion",
  "principal",
  "account",
] as const satisfies readonly DictField[];
export type StackField = (typeof STACK_FIELDS)[number];

/** Stacked series besides "other": more colours than this stop being told apart at a glance. */
export const STACK_TOP = 8;
/** chooseBucketMs allows up to 1.5 × target: at most 150 bars, which stay a few pixels wide. */
export const BUCKET_TARGET = 100;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface StackSeries {
  /** The field's raw value ("" = missing); null for "other". */
  value: string | null;
  total: number;
}

export interface Activity {
  /** [from, to): the view's time range, or the loaded range widened to whole buckets. */
  from: number;
  to: number;
  bucketMs: number;
  /** Start of each bucket, ms since epoch. */
  buckets: Float64Array;
  field: StackField;
  /** Top values first (most events first), then "other" when any event falls there. */
  series: StackSeries[];
  /** One per series, per bucket. */
  counts: Uint32Array[];
  /** Events per bucket, all series. */
  totals: Uint32Array;
  /** Events with an errorCode, per bucket. */
  errors: Uint32Array;
  /** Whether the range comes from the view (zoomed) rather than from the data. */
  zoomed: boolean;
}

const cache = new WeakMap<
  Session,
  {
    version: number;
    derived: Derived;
    view: ViewState;
    field: StackField;
    activity: Activity | null;
  }
>();

/** The chart's data for the current selection; null when nothing loaded has a time. */
export function activityOf(
  session: Session,
  view: ViewState,
  derived: Derived,
  field: StackField,
): Activity | null {
  const store = session.store;
  const hit = cache.get(session);
  if (
    hit &&
    hit.version === session.viewVersion &&
    hit.derived === derived &&
    hit.view === view &&
    hit.field === field
  )
    return hit.activity;
  const activity = computeActivity(store, view, derived, field);
  cache.set(session, { version: session.viewVersion, derived, view, field, activity });
  return activity;
}

function computeActivity(
  store: EventStore,
  view: ViewState,
  derived: Derived,
  field: StackField,
): Activity | null {
  const range = store.timeRange();
  if (range === null && (view.timeFrom === null || view.timeTo === null)) return null;
  const dataFrom = range?.min ?? 0;
  const dataTo = (range?.max ?? 0) + 1;
  const rawFrom = view.timeFrom ?? dataFrom;
  const rawTo = view.timeTo ?? dataTo;
  if (!(rawTo > rawFrom)) return null;
  const bucketMs = chooseBucketMs(rawFrom, rawTo, BUCKET_TARGET);
  // An open side snaps outward to whole buckets, so bars sit on round times; a bound from the
  // view is the filter itself and stays exact.
  const from = view.timeFrom ?? Math.floor(rawFrom / bucketMs) * bucketMs;
  const to = view.timeTo ?? Math.ceil(rawTo / bucketMs) * bucketMs;

  const dict = store.dict(field);
  const counts = stackCounts(store, view, derived, field);
  const top = topValues(counts, dict, STACK_TOP);
  const stackIds = top.map((v) => v.id);
  const h = histogram(store, derived.rows, from, to, bucketMs, field, stackIds);

  const totals = new Uint32Array(h.buckets.length);
  const series: StackSeries[] = [];
  const kept: Uint32Array[] = [];
  h.counts.forEach((column, k) => {
    let total = 0;
    for (let b = 0; b < column.length; b++) {
      total += column[b];
      totals[b] += column[b];
    }
    const isOther = k === stackIds.length;
    if (isOther && total === 0) return;
    series.push({ value: isOther ? null : top[k].value, total });
    kept.push(column);
  });
  return {
    from,
    to,
    bucketMs,
    buckets: h.buckets,
    field,
    series,
    counts: kept,
    totals,
    errors: h.errors,
    zoomed: view.timeFrom !== null || view.timeTo !== null,
  };
}

/**
 * Per id of `field`, the selected rows holding it. The facet counts already are that, unless the
 * field is filtered itself: a facet counts what the field's own filter rejects (what else could
 * be picked), and those rows are not on the chart.
 */
function stackCounts(
  store: EventStore,
  view: ViewState,
  derived: Derived,
  field: StackField,
): Uint32Array {
  const facet = derived.facets[field];
  const filtered = (view.include[field]?.length ?? 0) > 0 || (view.exclude[field]?.length ?? 0) > 0;
  if (facet.length > 0 && !filtered) return facet;
  const counts = new Uint32Array(store.dict(field).size);
  const column = store.column(field);
  const rows = derived.rows;
  for (let i = 0; i < rows.length; i++) counts[column[rows[i]]]++;
  return counts;
}

/** A value's label in the legend: the missing value reads as what it means in that field. */
export function seriesLabel(field: StackField, value: string | null): string {
  if (value === null) return "other";
  if (value === "") return field === "errorCode" ? "(no error)" : "(none)";
  return revealHidden(value);
}

// ───────────────────────────── zoom and bands ─────────────────────────────

/**
 * The view zoomed to the buckets from `a` to `b` (bucket starts, either order), both included.
 * Bucket sizes divide one another, so the new range is whole buckets at the finer size too.
 */
export function zoomView(view: ViewState, a: number, b: number, bucketMs: number): ViewState {
  return {
    ...view,
    timeFrom: Math.min(a, b),
    timeTo: Math.max(a, b) + bucketMs,
  };
}

export function resetZoom(view: ViewState): ViewState {
  return { ...view, timeFrom: null, timeTo: null };
}

/**
 * [x1, x2] of a band for a window, at least one bucket wide (a ten-minute Insight on a week's
 * chart would be a hairline) and cut to the chart; null when it lies outside.
 */
export function bandOf(
  start: number,
  end: number | null,
  activity: Pick<Activity, "from" | "to" | "bucketMs">,
): { x1: number; x2: number } | null {
  const { from, to, bucketMs } = activity;
  if (Number.isNaN(start)) return null;
  const stop = Math.max(end ?? start, start);
  // The window is [start, stop): one that ends where the chart begins is not on it.
  if (start >= to || stop < from || (stop === from && start < from)) return null;
  const x1 = from + Math.floor((start - from) / bucketMs) * bucketMs;
  const x2 = Math.max(x1 + bucketMs, from + Math.ceil((stop - from) / bucketMs) * bucketMs);
  return { x1: Math.max(from, x1), x2: Math.min(to, x2) };
}

// ───────────────────────────── time axis ─────────────────────────────

const TICK_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

function offsetMs(ms: number, timeZone: "utc" | "local"): number {
  return timeZone === "utc" ? 0 : -new Date(ms).getTimezoneOffset() * MINUTE;
}

/** Round times in [from, to] in the chosen zone (midnights, whole hours), at most `most` of them. */
export function timeTicks(
  from: number,
  to: number,
  timeZone: "utc" | "local",
  most = 8,
): { ticks: number[]; step: number } {
  const span = to - from;
  const step = TICK_STEPS.find((s) => span / s <= most) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const ticks: number[] = [];
  const offset = offsetMs(from, timeZone);
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return { ticks, step };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `11-04` for day steps; `10:30` within a day, with the date where a day begins or at the first tick. */
export function tickLabel(
  ms: number,
  step: number,
  timeZone: "utc" | "local",
  first: boolean,
): string {
  const d = new Date(ms + offsetMs(ms, timeZone));
  const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (step >= DAY) return date;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return first || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0) ? `${date} ${clock}` : clock;
}

/** A bucket size in words: `5 min`, `1 h`, `1 day`. */
export function bucketLabel(bucketMs: number): string {
  if (bucketMs >= DAY) return `${bucketMs / DAY} day`;
  if (bucketMs >= HOUR) return `${bucketMs / HOUR} h`;
  return `${bucketMs / MINUTE} min`;
}
