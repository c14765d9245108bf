// Where each account and region pair (a "scope") has data: baselines are per scope, as CloudTrail
// Insights keeps them per trail region, and a baseline is only as good as the hours it saw.
//
//   rows ──▶ per row its scope ──▶ events per (scope, clock hour): a dense table over the loaded
//        hours, or (a long span with many scopes) each scope's hours sorted
//        ──▶ per scope its distinct hours with events, ascending, with prefix sums of the events
//
// Coverage of a window is then two binary searches in the scope's hours. All typed arrays, no
// object per row: one pass for the dictionary ranges, one to assign scopes, one to count hours.

import {
  type BaselineInput,
  COVERAGE_BUCKET_MINUTES,
  hasUsableTime,
  MINUTE_MS,
} from "./baselinesCommon";

export interface Scopes {
  count: number;
  /** Per row, its scope index; −1 when the row has no usable time. */
  rowScope: Int32Array;
  /** Per scope, its account and region dictionary ids and its first minute with an event. */
  account: Uint32Array;
  region: Uint32Array;
  first: Float64Array;
  /** Per scope s, its distinct hours with events, ascending, in hours[hourStart[s], hourStart[s + 1]). */
  hours: Float64Array;
  hourStart: Int32Array;
  /** cum[i] = events in hours[0, i) over all scopes: a difference within one scope is its events. */
  cum: Float64Array;
  /** First and last loaded minute; first > last when no row has a usable time. */
  spanFirst: number;
  spanLast: number;
}

/** Above this many (account × region) id pairs the scope lookup is a Map instead of a table. */
const TABLE_LIMIT = 1 << 22;

/**
 * Hours are counted in a dense (scope × hour) table when it has at most this many cells (8 MB:
 * a year of hours for 240 scopes), else by sorting each scope's hours.
 */
export const DENSE_HOURS_LIMIT = 1 << 21;

const HOUR_MS = COVERAGE_BUCKET_MINUTES * MINUTE_MS;

export function scopesOf(input: BaselineInput, denseLimit = DENSE_HOURS_LIMIT): Scopes {
  const { rows, time, account, awsRegion } = input;
  let maxAccount = 0;
  let maxRegion = 0;
  for (let r = 0; r < rows; r++) {
    if (account[r]! > maxAccount) maxAccount = account[r]!;
    if (awsRegion[r]! > maxRegion) maxRegion = awsRegion[r]!;
  }
  const regionStride = maxRegion + 1;
  const pairs = (maxAccount + 1) * regionStride;
  const table = pairs <= TABLE_LIMIT ? new Int32Array(pairs).fill(-1) : null;
  const map = table === null ? new Map<string, number>() : null;

  const rowScope = new Int32Array(rows);
  let scopeAccount = new Uint32Array(64);
  let scopeRegion = new Uint32Array(64);
  let scopeFirst = new Float64Array(64);
  let count = 0;
  let spanFirst = Infinity;
  let spanLast = -Infinity;
  for (let r = 0; r < rows; r++) {
    const t = time[r]!;
    if (!hasUsableTime(t)) {
      rowScope[r] = -1;
      continue;
    }
    const minute = Math.floor(t / MINUTE_MS);
    const a = account[r]!;
    const g = awsRegion[r]!;
    let s = table !== null ? table[a * regionStride + g]! : (map!.get(`${a}:${g}`) ?? -1);
    if (s < 0) {
      s = count++;
      if (table !== null) table[a * regionStride + g] = s;
      else map!.set(`${a}:${g}`, s);
      if (s === scopeAccount.length) {
        scopeAccount = grown(scopeAccount, new Uint32Array(s * 2));
        scopeRegion = grown(scopeRegion, new Uint32Array(s * 2));
        scopeFirst = grown(scopeFirst, new Float64Array(s * 2));
      }
      scopeAccount[s] = a;
      scopeRegion[s] = g;
      scopeFirst[s] = minute;
    }
    rowScope[r] = s;
    if (minute < scopeFirst[s]!) scopeFirst[s] = minute;
    if (minute < spanFirst) spanFirst = minute;
    if (minute > spanLast) spanLast = minute;
  }

  const firstHour = Math.floor(spanFirst / COVERAGE_BUCKET_MINUTES);
  const spanHours = count > 0 ? Math.floor(spanLast / COVERAGE_BUCKET_MINUTES) - firstHour + 1 : 0;
  const { hours, hourStart, cum } =
    count * spanHours <= denseLimit
      ? denseHours(input, rowScope, count, firstHour, spanHours)
      : sortedHours(input, rowScope, count);
  return {
    count,
    rowScope,
    account: scopeAccount.slice(0, count),
    region: scopeRegion.slice(0, count),
    first: scopeFirst.slice(0, count),
    hours,
    hourStart,
    cum,
    spanFirst: count > 0 ? spanFirst : 0,
    spanLast: count > 0 ? spanLast : -1,
  };
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

interface Hours {
  hours: Float64Array;
  hourStart: Int32Array;
  cum: Float64Array;
}

/** Events per (scope, hour) in one table over the loaded hours, then read out per scope. */
function denseHours(
  input: BaselineInput,
  rowScope: Int32Array,
  count: number,
  firstHour: number,
  spanHours: number,
): Hours {
  const { rows, time } = input;
  const cells = new Uint32Array(count * spanHours);
  for (let r = 0; r < rows; r++) {
    const s = rowScope[r]!;
    if (s >= 0) cells[s * spanHours + Math.floor(time[r]! / HOUR_MS) - firstHour]!++;
  }
  let filled = 0;
  for (let i = 0; i < cells.length; i++) if (cells[i]! > 0) filled++;
  const hours = new Float64Array(filled);
  const cum = new Float64Array(filled + 1);
  const hourStart = new Int32Array(count + 1);
  let n = 0;
  for (let s = 0; s < count; s++) {
    hourStart[s] = n;
    const base = s * spanHours;
    for (let h = 0; h < spanHours; h++) {
      const events = cells[base + h]!;
      if (events === 0) continue;
      hours[n] = firstHour + h;
      cum[n + 1] = cum[n]! + events;
      n++;
    }
  }
  hourStart[count] = n;
  return { hours, hourStart, cum };
}

/** Each scope's hours counting-sorted by scope, sorted, and made distinct (for long spans). */
function sortedHours(input: BaselineInput, rowScope: Int32Array, count: number): Hours {
  const { rows, time } = input;
  const offsets = new Int32Array(count + 1);
  for (let r = 0; r < rows; r++) if (rowScope[r]! >= 0) offsets[rowScope[r]! + 1]!++;
  for (let s = 0; s < count; s++) offsets[s + 1]! += offsets[s]!;
  const sorted = new Float64Array(offsets[count]!);
  const fill = offsets.slice(0, count);
  for (let r = 0; r < rows; r++) {
    const s = rowScope[r]!;
    if (s >= 0) sorted[fill[s]!++] = Math.floor(time[r]! / HOUR_MS);
  }
  const hours = new Float64Array(sorted.length);
  const cum = new Float64Array(sorted.length + 1);
  const hourStart = new Int32Array(count + 1);
  let n = 0;
  for (let s = 0; s < count; s++) {
    hourStart[s] = n;
    // oxlint-disable-next-line unicorn/no-array-sort -- in place on purpose: `sorted` is scratch
    const own = sorted.subarray(offsets[s]!, offsets[s + 1]!).sort();
    for (let i = 0; i < own.length; i++) {
      const h = own[i]!;
      if (n === hourStart[s] || hours[n - 1] !== h) {
        hours[n] = h;
        cum[n + 1] = cum[n]! + 1;
        n++;
      } else {
        cum[n]!++;
      }
    }
  }
  hourStart[count] = n;
  return { hours: hours.slice(0, n), hourStart, cum: cum.slice(0, n + 1) };
}

export interface Coverage {
  /** Share (0–1) of the window's hours in which the scope had any event. */
  coverage: number;
  /** The scope's events in those hours. */
  events: number;
}

/**
 * Coverage of scope `s` over the `buckets` clock hours before the hour of `minute` (the window
 * [t − 7 days, t) in whole hours).
 */
export function coverageAt(scopes: Scopes, s: number, minute: number, buckets: number): Coverage {
  const hour = Math.floor(minute / COVERAGE_BUCKET_MINUTES);
  const lo = scopes.hourStart[s]!;
  const hi = scopes.hourStart[s + 1]!;
  const from = lowerBound(scopes.hours, lo, hi, hour - buckets);
  const to = lowerBound(scopes.hours, from, hi, hour);
  return { coverage: (to - from) / buckets, events: scopes.cum[to]! - scopes.cum[from]! };
}

/** First index in [lo, hi) of the ascending `values` whose value is ≥ `target` (hi if none). */
function lowerBound(values: Float64Array, lo: number, hi: number, target: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
