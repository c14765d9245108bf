// The time order: every row id newest first, rows with no time last, cached per store version so
// every view comes out sorted without sorting. A radix sort on seconds (or milliseconds) since
// the earliest time; a comparator sort only for sub-second times spread over months.
import { radixSortStable } from "../lib/radixSort";
import type { EventStore, TimeRange } from "./eventStore";

export interface TimeOrder {
  version: number;
  /** Row ids by time desc (ties by row id), then the rows with no time in row order. */
  order: Uint32Array;
  /** How many rows of `order` have a time; they come first. */
  timed: number;
  /** Inverse of `order`, built on first use by sortRows. */
  position: Uint32Array | null;
}

const timeOrders = new WeakMap<EventStore, TimeOrder>();

/** The cached time order of `store` (the views and the time sort read its parts). */
export function timeOrderOf(store: EventStore): TimeOrder {
  const cached = timeOrders.get(store);
  if (cached && cached.version === store.version) return cached;
  const timed = store.rows - store.noTime;
  const fresh: TimeOrder = {
    version: store.version,
    order: buildTimeOrder(store, timed),
    timed,
    position: null,
  };
  timeOrders.set(store, fresh);
  return fresh;
}

/**
 * Takes `order` (sortByTime of the store's time column, made elsewhere: a worker) as the time
 * order of the store as it is now. Ignored when it does not have one entry per row.
 */
export function adoptTimeOrder(store: EventStore, order: Uint32Array): void {
  if (order.length !== store.rows) return;
  const timed = store.rows - store.noTime;
  timeOrders.set(store, { version: store.version, order, timed, position: null });
}

/** Whether the store's time order for its current version is made already. */
export function hasTimeOrder(store: EventStore): boolean {
  return timeOrders.get(store)?.version === store.version;
}

/**
 * Every row id, newest first, rows with no time last. Cached per store version, so every view
 * comes out sorted without sorting.
 */
export function timeOrder(store: EventStore): Uint32Array {
  return timeOrderOf(store).order;
}

function buildTimeOrder(store: EventStore, timed: number): Uint32Array {
  return sortByTime({ time: store.time, rows: store.rows, timed, range: store.timeRange() });
}

/** What the time order is made from: a time column (longer than `rows` is fine) and its parts. */
export interface TimeColumn {
  time: Float64Array;
  rows: number;
  /** Rows with a time (not NaN). */
  timed: number;
  range: TimeRange | null;
}

/**
 * Every row id of `column`, newest first, rows with no time last: the time order. Pure, so a
 * worker can make it from a copy of the time column (see adoptTimeOrder).
 */
export function sortByTime(column: TimeColumn): Uint32Array {
  const { time, timed, range } = column;
  const n = column.rows;
  const order = new Uint32Array(n);
  const timedRows = new Uint32Array(timed);
  let t = 0;
  let u = timed;
  let integral = true;
  for (let r = 0; r < n; r++) {
    const value = time[r];
    if (value !== value) order[u++] = r;
    else {
      timedRows[t++] = r;
      if (Math.floor(value) !== value) integral = false;
    }
  }
  if (timed === 0 || range === null) return order;
  // CloudTrail writes eventTime to the second: counting in seconds keeps the keys short (fewer
  // radix passes) and within 32 bits for 136 years, where milliseconds last 49 days. Division,
  // not `%`: fmod is several times slower over a million rows.
  let wholeSeconds = integral;
  for (let j = 0; j < timed && wholeSeconds; j++) {
    const value = time[timedRows[j]];
    if (Math.floor(value / 1000) * 1000 !== value) wholeSeconds = false;
  }
  const unit = wholeSeconds ? 1000 : 1;
  const keySpan = (range.max - range.min) / unit;
  if (integral && keySpan < 2 ** 32) {
    const keys = new Uint32Array(timed);
    for (let j = 0; j < timed; j++) keys[j] = (range.max - time[timedRows[j]]) / unit;
    order.set(radixSortStable(timedRows, keys, keySpan), 0);
  } else {
    // Sub-second times spread over months never come from CloudTrail; a comparator sort is fine.
    timedRows.sort((a, b) => time[b] - time[a] || a - b);
    order.set(timedRows, 0);
  }
  return order;
}

/** First position p < timed in `order` whose time is < bound (times descend), or timed. */
export function firstBelow(
  order: Uint32Array,
  time: Float64Array,
  timed: number,
  bound: number,
): number {
  let lo = 0;
  let hi = timed;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[order[mid]] < bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
