// The activity chart's data: events per time bucket over the selection, stacked by a field's top
// values, with the error share; the time ticks in the chosen zone; zoom and band arithmetic.
import type { DictField } from "../ingest/chunk";
import type { EventStore } from "../store/eventStore";
import { topValues } from "../store/topValues";
import {
  chooseBucketMs,
  HISTOGRAM_STEP_ROWS as STEP_ROWS,
  histogramSteps,
} from "../store/histogram";
import { runSteps } from "../lib/steps";
import { colorSlot, loadedRanks } from "./activityColors";
import type { Derived } from "./derive";
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
/** Pixels a bar keeps at least, where the plot is too narrow for BUCKET_TARGET. */
export const MIN_BAR_PX = 3;
/** The targets a narrower plot steps down through (few, so a resize seldom buckets again). */
const NARROW_TARGETS = [64, 48, 32, 24, 16, 12, 8];

/**
 * The bucket target for a plot `plotPx` wide (the bars' area): BUCKET_TARGET, or for a narrower
 * plot the largest of NARROW_TARGETS whose most buckets (chooseBucketMs allows 1.5 × target) keep
 * MIN_BAR_PX each; 8 at the least. An unmeasured plot (0) gets BUCKET_TARGET.
 */
export function bucketTarget(plotPx: number): number {
  if (!(plotPx > 0)) return BUCKET_TARGET;
  const fit = plotPx / (1.5 * MIN_BAR_PX);
  if (fit >= BUCKET_TARGET) return BUCKET_TARGET;
  return NARROW_TARGETS.find((t) => t <= fit) ?? NARROW_TARGETS[NARROW_TARGETS.length - 1];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-05 00:00 UTC, a Monday: week buckets and week ticks begin on Mondays. */
const MONDAY = 4 * DAY;

export interface StackSeries {
  /** The field's raw value ("" = missing); null for "other". */
  value: string | null;
  total: number;
  /** Its colour slot (colorSlot): the same value keeps it whatever the filter; -1 for grey. */
  color: number;
}

export interface Activity {
  /**
   * [from, to): the view's time bounds exactly; an open side fitted to the selection (to what is
   * loaded when nothing selected has a time), widened to whole buckets (chartRange).
   */
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

/** Whether `field` has a filter of its own in the view. */
export function ownFilter(view: ViewState, field: StackField): boolean {
  return (view.include[field]?.length ?? 0) > 0 || (view.exclude[field]?.length ?? 0) > 0;
}

/** The chart's data worked out in steps: each a slice of the walk, the extent or the counts. */
export function* activitySteps(
  store: EventStore,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target: number,
  stepRows = STEP_ROWS,
): Generator<void, Activity | null> {
  // The selection listed first, a slice at a time (the page walks it too, after its paint): the
  // walk reads a bit per place of the order, cheaper than a row's columns.
  while (!derived.ordered.step(8 * stepRows)) yield;
  const rows = derived.rows;
  const order = view.sort.column === "time" ? view.sort.direction : null;
  const selected =
    rows.length === store.rows
      ? store.timeRange()
      : yield* timeExtentSteps(store.time, rows, order, stepRows);
  const range = chartRange(view.timeFrom, view.timeTo, selected ?? store.timeRange(), target);
  if (range === null) return null;
  const { from, to, bucketMs } = range;

  const dict = store.dict(field);
  const counts = yield* stackCountSteps(store, view, derived, field, stepRows);
  const top = topValues(counts, dict, STACK_TOP);
  const stackIds = top.map((v) => v.id);
  // Rows sorted by time (the default sort) fall into buckets as runs, found without reading
  // every row's time.
  const h = yield* histogramSteps(
    store,
    rows,
    from,
    to,
    bucketMs,
    field,
    stackIds,
    order,
    stepRows,
  );
  const ranks = loadedRanks(store, field);

  const totals = new Uint32Array(h.buckets.length);
  const series: StackSeries[] = [];
  const kept: Uint32Array[] = [];
  h.counts.forEach((column, k) => {
    let total = 0;
    for (let b = 0; b < column.length; b++) {
      total += column[b];
      totals[b] += column[b];
    }
    // A value with no event on the chart (its events have no time) gets no series, nor does
    // "other" when nothing falls there.
    if (total === 0) return;
    const isOther = k === stackIds.length;
    const value = isOther ? null : top[k].value;
    series.push({ value, total, color: colorSlot(value, ranks) });
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

// ───────────────────────────── time range ─────────────────────────────

export interface TimeExtent {
  min: number;
  max: number;
}

/**
 * The earliest and latest time among `rows`; null when none has a time. `order` says that the rows
 * are sorted by time ("asc" or "desc", rows without a time last, as the view sorts them): then the
 * ends are read off without a pass. Otherwise one pass over a typed array.
 */
export function timeExtent(
  time: Float64Array,
  rows: Uint32Array,
  order: "asc" | "desc" | null,
): TimeExtent | null {
  return runSteps(timeExtentSteps(time, rows, order));
}

/** timeExtent in steps: the pass over unsorted rows yields every `stepRows` rows. */
function* timeExtentSteps(
  time: Float64Array,
  rows: Uint32Array,
  order: "asc" | "desc" | null,
  stepRows = STEP_ROWS,
): Generator<void, TimeExtent | null> {
  if (order !== null) {
    let last = rows.length - 1;
    while (last >= 0 && Number.isNaN(time[rows[last]])) last--;
    if (last < 0) return null;
    const first = time[rows[0]];
    const end = time[rows[last]];
    return order === "asc" ? { min: first, max: end } : { min: end, max: first };
  }
  let min = Infinity;
  let max = -Infinity;
  for (let lo = 0; lo < rows.length; lo += stepRows) {
    const hi = Math.min(rows.length, lo + stepRows);
    for (let i = lo; i < hi; i++) {
      const t = time[rows[i]];
      // NaN fails both comparisons: rows without a time are skipped.
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (hi < rows.length) yield;
  }
  return min <= max ? { min, max } : null;
}

/**
 * The chart's [from, to) and bucket size. A bound of the view is the filter itself and stays
 * exact (a zoom, a context window around an event); an open side fits `extent` (the selection's
 * times) and snaps outward to a bucket edge, so bars sit on round times: midnights (UTC) for a day
 * and longer, Mondays for a week. Buckets run from `from`, so an open `to` ends a whole bucket
 * after it. `target` is the number of buckets aimed at (at most 1.5 × as many). Null when there
 * is no range at all.
 */
export function chartRange(
  viewFrom: number | null,
  viewTo: number | null,
  extent: TimeExtent | null,
  target = BUCKET_TARGET,
): { from: number; to: number; bucketMs: number } | null {
  const rawFrom = viewFrom ?? extent?.min;
  const rawTo = viewTo ?? (extent ? extent.max + 1 : undefined);
  if (rawFrom === undefined || rawTo === undefined || !(rawTo > rawFrom)) return null;
  const bucketMs = chooseBucketMs(rawFrom, rawTo, target);
  const origin = bucketMs === WEEK ? MONDAY : 0;
  const from = viewFrom ?? origin + Math.floor((rawFrom - origin) / bucketMs) * bucketMs;
  const to = viewTo ?? from + Math.max(1, Math.ceil((rawTo - from) / bucketMs)) * bucketMs;
  return { from, to, bucketMs };
}

/**
 * Per id of `field`, the selected rows holding it. The facet counts already are that, unless the
 * field is filtered itself: a facet counts what the field's own filter rejects (what else could
 * be picked), and those rows are not on the chart. Then the rows are counted, in steps.
 */
function* stackCountSteps(
  store: EventStore,
  view: ViewState,
  derived: Derived,
  field: StackField,
  stepRows: number,
): Generator<void, Uint32Array> {
  const facet = derived.facets[field];
  if (facet.length > 0 && !ownFilter(view, field)) return facet;
  const counts = new Uint32Array(store.dict(field).size);
  const column = store.column(field);
  const rows = derived.rows;
  for (let lo = 0; lo < rows.length; lo += stepRows) {
    const hi = Math.min(rows.length, lo + stepRows);
    for (let i = lo; i < hi; i++) counts[column[rows[i]]]++;
    if (hi < rows.length) yield;
  }
  return counts;
}

// ───────────────────────────── zoom and bands ─────────────────────────────

/**
 * [from, to) of a drag from bucket `a` to bucket `b` (bucket starts, either order), both buckets
 * included and cut to the chart's own [from, to): the edges of the bars the user dragged across,
 * never more (the last bucket of a chart with an exact bound ends at the bound).
 */
export function dragRange(
  a: number,
  b: number,
  chart: Pick<Activity, "from" | "to" | "bucketMs">,
): { from: number; to: number } {
  const start = Math.max(chart.from, Math.min(a, b));
  const end = Math.min(chart.to, Math.max(a, b) + chart.bucketMs);
  return { from: start, to: Math.max(end, Math.min(chart.to, start + chart.bucketMs)) };
}

/**
 * The view zoomed to the buckets from `a` to `b` (bucket starts, either order), both included, cut
 * to `chart` when given. Bucket sizes up to a day divide one another, so the new range is whole
 * buckets at the finer size too.
 */
export function zoomView(
  view: ViewState,
  a: number,
  b: number,
  bucketMs: number,
  chart?: Pick<Activity, "from" | "to">,
): ViewState {
  const range = chart
    ? dragRange(a, b, { ...chart, bucketMs })
    : { from: Math.min(a, b), to: Math.max(a, b) + bucketMs };
  return { ...view, timeFrom: range.from, timeTo: range.to };
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
