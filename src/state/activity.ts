// The activity chart's data: events per time bucket over the selection, stacked by a field's top
// values, with the error share; the time ticks in the chosen zone; zoom and band arithmetic.
import { formatTime } from "../lib/format";
import { revealHidden } from "../lib/visible";
import type { DictField } from "../ingest/chunk";
import type { EventStore } from "../store/eventStore";
import { topValues } from "../store/topValues";
import { chooseBucketMs, histogram } from "../store/histogram";
import { computeView, emptyFilter } from "../store/view";
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

/** What an activity is worked out from; two equal keys give the same activity. */
interface ActivityKey {
  version: number;
  /** The selection: the same list object for the same rows (the unfiltered view keeps its own). */
  ordered: Derived["ordered"];
  /** The stacked field's facet counts when the view has them (else the rows are counted). */
  facet: Uint32Array | null;
  timeFrom: number | null;
  timeTo: number | null;
  sort: string;
  /** Whether the stacked field has a filter of its own. */
  filtered: boolean;
  field: StackField;
  target: number;
}

function keyOf(
  session: Session,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target: number,
): ActivityKey {
  const facet = derived.facets[field];
  return {
    version: session.viewVersion,
    ordered: derived.ordered,
    facet: facet.length > 0 ? facet : null,
    timeFrom: view.timeFrom,
    timeTo: view.timeTo,
    sort: `${view.sort.column} ${view.sort.direction}`,
    filtered: ownFilter(view, field),
    field,
    target,
  };
}

/** Every part the same value or the same object. */
function sameKey(a: ActivityKey, b: ActivityKey): boolean {
  return (Object.keys(a) as (keyof ActivityKey)[]).every((part) => a[part] === b[part]);
}

/** Whether `field` has a filter of its own in the view. */
function ownFilter(view: ViewState, field: StackField): boolean {
  return (view.include[field]?.length ?? 0) > 0 || (view.exclude[field]?.length ?? 0) > 0;
}

/**
 * The last few activities per session, newest first. More than one, so that going back to a
 * selection (a facet value clicked off again: everything, whose list and counts are kept) finds
 * its chart without counting every row again.
 */
const cache = new WeakMap<Session, { key: ActivityKey; activity: Activity | null }[]>();
const CACHED = 3;

/**
 * The chart's data for the current selection; null when nothing loaded has a time. `target` is
 * the number of buckets aimed at (bucketTarget of the plot's width).
 */
export function activityOf(
  session: Session,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target = BUCKET_TARGET,
): Activity | null {
  const key = keyOf(session, view, derived, field, target);
  // Only the views' current version: an older entry can never be found again, and its selection
  // holds on to that version's time order (4 bytes a row).
  const entries = (cache.get(session) ?? []).filter((entry) => entry.key.version === key.version);
  const at = entries.findIndex((entry) => sameKey(entry.key, key));
  if (at >= 0) {
    const [hit] = entries.splice(at, 1);
    entries.unshift(hit);
    return hit.activity;
  }
  const activity = computeActivity(session.store, view, derived, field, target);
  entries.unshift({ key, activity });
  entries.length = Math.min(entries.length, CACHED);
  cache.set(session, entries);
  return activity;
}

/** How many activities are kept for `session` (for tests: what the cache holds on to). */
export function cachedActivities(session: Session): number {
  return cache.get(session)?.length ?? 0;
}

function computeActivity(
  store: EventStore,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target: number,
): Activity | null {
  const extent = selectionExtent(store, view, derived) ?? store.timeRange();
  const range = chartRange(view.timeFrom, view.timeTo, extent, target);
  if (range === null) return null;
  const { from, to, bucketMs } = range;

  const dict = store.dict(field);
  const counts = stackCounts(store, view, derived, field);
  const top = topValues(counts, dict, STACK_TOP);
  const stackIds = top.map((v) => v.id);
  // Rows sorted by time (the default sort) fall into buckets as runs, found without reading
  // every row's time.
  const order = view.sort.column === "time" ? view.sort.direction : null;
  const h = histogram(store, derived.rows, from, to, bucketMs, field, stackIds, order);
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
  for (let i = 0; i < rows.length; i++) {
    const t = time[rows[i]];
    // NaN fails both comparisons: rows without a time are skipped.
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return min <= max ? { min, max } : null;
}

/** The time extent of the selection: the store's own range when everything is selected. */
function selectionExtent(store: EventStore, view: ViewState, derived: Derived): TimeExtent | null {
  if (derived.rows.length === store.rows) return store.timeRange();
  const order = view.sort.column === "time" ? view.sort.direction : null;
  return timeExtent(store.time, derived.rows, order);
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
 * be picked), and those rows are not on the chart.
 */
function stackCounts(
  store: EventStore,
  view: ViewState,
  derived: Derived,
  field: StackField,
): Uint32Array {
  const facet = derived.facets[field];
  if (facet.length > 0 && !ownFilter(view, field)) return facet;
  const counts = new Uint32Array(store.dict(field).size);
  const column = store.column(field);
  const rows = derived.rows;
  for (let i = 0; i < rows.length; i++) counts[column[rows[i]]]++;
  return counts;
}

// ───────────────────────────── colours ─────────────────────────────

/** Colour slots for the loaded data's top values of a field, by rank (palette.ts). */
export const RANKED_SLOTS = 8;
/** Further slots, picked by a hash of the value, for every other value. */
export const HASHED_SLOTS = 8;

/** FNV-1a over the UTF-16 code units: the same text gives the same number on every machine. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A value's colour slot, which does not depend on the filter: the top values of everything
 * loaded take the ranked slots in order (so the values seen most often never share a colour), any
 * other value a hashed slot. -1 (grey) for "other" and for the missing value, which are no value.
 */
export function colorSlot(value: string | null, ranks: ReadonlyMap<string, number>): number {
  if (value === null || value === "") return -1;
  const rank = ranks.get(value);
  if (rank !== undefined && rank < RANKED_SLOTS) return rank;
  return RANKED_SLOTS + (hashText(value) % HASHED_SLOTS);
}

const rankCache = new WeakMap<
  EventStore,
  { version: number; ranks: Map<StackField, Map<string, number>> }
>();

/**
 * Per value, its rank among the top values of `field` over everything loaded (the missing value
 * left out). The unfiltered counts are the store's cached ones; the ranks are kept per store
 * version, so they change when more files load and never when the filter does.
 */
export function loadedRanks(store: EventStore, field: StackField): ReadonlyMap<string, number> {
  let cached = rankCache.get(store);
  if (!cached || cached.version !== store.version) {
    cached = { version: store.version, ranks: new Map() };
    rankCache.set(store, cached);
  }
  let ranks = cached.ranks.get(field);
  if (!ranks) {
    const counts = computeView(store, emptyFilter(), [field]).facets[field];
    const top = topValues(counts, store.dict(field), RANKED_SLOTS + 1).filter(
      (v) => v.value !== "",
    );
    ranks = new Map(top.slice(0, RANKED_SLOTS).map((v, rank) => [v.value, rank]));
    cached.ranks.set(field, ranks);
  }
  return ranks;
}

/** A value's label in the legend: the missing value reads as what it means in that field. */
export function seriesLabel(field: StackField, value: string | null): string {
  if (value === null) return "other";
  if (value === "") return field === "errorCode" ? "(no error)" : "(none)";
  return revealHidden(value);
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

// ───────────────────────────── time axis ─────────────────────────────

/** Ticks a fixed length apart (weeks from Mondays); past a week, calendar months and years. */
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
  WEEK,
];
/** The average Gregorian month: how far apart month ticks are, for choosing a step. */
export const MONTH_MS = (365.2425 / 12) * DAY;
export const YEAR_MS = 12 * MONTH_MS;
const MONTH_STEPS = [1, 2, 3, 6];

function offsetMs(ms: number, timeZone: "utc" | "local"): number {
  return timeZone === "utc" ? 0 : -new Date(ms).getTimezoneOffset() * MINUTE;
}

interface TimeParts {
  year: number;
  /** 0–11. */
  month: number;
  day: number;
  hours: number;
  minutes: number;
}

function partsOf(ms: number, timeZone: "utc" | "local"): TimeParts {
  const d = new Date(ms);
  return timeZone === "utc"
    ? {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth(),
        day: d.getUTCDate(),
        hours: d.getUTCHours(),
        minutes: d.getUTCMinutes(),
      }
    : {
        year: d.getFullYear(),
        month: d.getMonth(),
        day: d.getDate(),
        hours: d.getHours(),
        minutes: d.getMinutes(),
      };
}

/** Midnight on the first of month `index` (months since year 0) in the zone. */
function monthStart(index: number, timeZone: "utc" | "local"): number {
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  // setFullYear, not the Date constructor, which reads years 0–99 as 1900–1999.
  const d = new Date(0);
  if (timeZone === "utc") d.setUTCFullYear(year, month, 1);
  else {
    d.setFullYear(year, month, 1);
    d.setHours(0, 0, 0, 0);
  }
  return d.getTime();
}

/** The step in months for a span too long for TICK_STEPS: 1, 2, 3, 6 months, 1, 2, 5, 10… years. */
function monthStep(span: number, most: number): number {
  for (const months of MONTH_STEPS) if (span / (months * MONTH_MS) <= most) return months;
  // `span` is finite here (a Date's range at most), so some power of ten fits.
  for (let scale = 1; ; scale *= 10) {
    for (const years of [1, 2, 5]) {
      if (span / (years * scale * YEAR_MS) <= most) return years * scale * 12;
    }
  }
}

/**
 * Round times in [from, to] in the chosen zone, at most about `most` of them: whole minutes and
 * hours, midnights, Mondays, and past eight weeks the first of a month or of a year. `step` is the
 * distance between ticks (for calendar steps, in average months), which sets their format.
 */
export function timeTicks(
  from: number,
  to: number,
  timeZone: "utc" | "local",
  most = 8,
): { ticks: number[]; step: number } {
  const span = to - from;
  const ticks: number[] = [];
  const limit = Math.max(1, most);
  const fixed = TICK_STEPS.find((s) => span / s <= limit);
  if (fixed !== undefined || !Number.isFinite(span)) {
    const step = fixed ?? WEEK;
    if (!Number.isFinite(span)) return { ticks, step };
    const origin = step === WEEK ? MONDAY : 0;
    const offset = offsetMs(from, timeZone);
    const first = Math.ceil((from + offset - origin) / step) * step + origin - offset;
    for (let t = first; t <= to; t += step) ticks.push(t);
    return { ticks, step };
  }
  const months = monthStep(span, limit);
  const start = partsOf(from, timeZone);
  let index = Math.ceil((start.year * 12 + start.month) / months) * months;
  if (monthStart(index, timeZone) < from) index += months;
  for (let t = monthStart(index, timeZone); t <= to; t = monthStart(index, timeZone)) {
    ticks.push(t);
    index += months;
  }
  return { ticks, step: months * MONTH_MS };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Whether [from, to) spans more than one calendar day, more than one year, in the zone. */
export function spanCrossing(
  from: number,
  to: number,
  timeZone: "utc" | "local",
): { days: boolean; years: boolean } {
  const a = partsOf(from, timeZone);
  const b = partsOf(Math.max(from, to - 1), timeZone);
  const years = a.year !== b.year;
  return { years, days: years || a.month !== b.month || a.day !== b.day };
}

/**
 * The axis labels of `ticks` over the chart [from, to). Year steps read `2024`, month steps
 * `2024-05`; day steps `05-01`; shorter steps `10:30`, with the date on the first tick and
 * wherever the day changes. When the span crosses a year boundary, the date carries the year on
 * the first tick and wherever the year changes: `2024-12-31 22:00`, `23:00`, `2025-01-01 00:00`.
 */
export function axisLabels(
  ticks: readonly number[],
  step: number,
  timeZone: "utc" | "local",
  from: number,
  to: number,
): string[] {
  const { years } = spanCrossing(from, to, timeZone);
  let previous: TimeParts | null = null;
  return ticks.map((t) => {
    const p = partsOf(t, timeZone);
    const newYear = previous === null || previous.year !== p.year;
    const newDay =
      newYear || previous === null || previous.month !== p.month || previous.day !== p.day;
    previous = p;
    if (step >= YEAR_MS) return String(p.year);
    if (step >= MONTH_MS) return `${p.year}-${pad(p.month + 1)}`;
    const date = `${years && newYear ? `${p.year}-` : ""}${pad(p.month + 1)}-${pad(p.day)}`;
    if (step >= DAY) return date;
    const clock = `${pad(p.hours)}:${pad(p.minutes)}`;
    return newDay ? `${date} ${clock}` : clock;
  });
}

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

/** A bucket's [start, end) in the tooltip: the end's date only when it is another day. */
export function bucketSpanLabel(start: number, end: number, timeZone: "utc" | "local"): string {
  const a = formatTime(start, timeZone);
  const b = formatTime(end, timeZone);
  return `${a} – ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

/** A bucket size in words: `5 min`, `1 h`, `1 day`, `1 week`, `30 days`, `1 year`. */
export function bucketLabel(bucketMs: number): string {
  const years = bucketMs / (365 * DAY);
  if (years >= 1 && Number.isInteger(years)) return years === 1 ? "1 year" : `${years} years`;
  if (bucketMs === WEEK) return "1 week";
  if (bucketMs >= DAY) return bucketMs === DAY ? "1 day" : `${bucketMs / DAY} days`;
  if (bucketMs >= HOUR) return `${bucketMs / HOUR} h`;
  return `${bucketMs / MINUTE} min`;
}
