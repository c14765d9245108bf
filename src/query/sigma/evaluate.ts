// A correlation run over rows the caller has already matched against the referenced rules. Pure
// and allocation-light: parallel arrays in, matching windows out, O(n log n) for the sort and
// O(n) for the windows whatever the timespan. groupSpans walks one group that is in time order
// already (store/correlate.ts) without the sort, in steps, so a group of millions of rows is
// never one long task.
//
// Windows slide: each member row closes a window reaching back `timespanMs` (inclusive), and the
// window's count is tested against the condition. Windows that hold and share rows merge into one
// match, so a burst of 500 events is one match, not 490.
//
//   event_count       count = rows in the window
//   value_count       count = distinct value ids in the window (rows without a value left out)
//   temporal          count = distinct referenced rules seen in the window
//   temporal_ordered  a match when the rules occur in their order (equal times in row order)
//                     within the timespan; count = the number of rules
import { runSteps } from "../../lib/steps";
import type { CountBound, SigmaCorrelation } from "./types";

export interface CorrelationRows {
  /** Per row: its time in ms. */
  time: ArrayLike<number>;
  /** Per row: bit i set when the row matches the correlation's `rules[i]`; 0: not a member. */
  rules: ArrayLike<number>;
  /**
   * Per row: the id of its group-by key (equal ids, same group). Negative: the row lacks a
   * group-by value and takes no part. Omitted: every row is in group 0.
   */
  group?: ArrayLike<number>;
  /** value_count: per row, the id of the counted field's value; negative: none. */
  value?: ArrayLike<number>;
}

export interface CorrelationMatch {
  group: number;
  /** Times of the first and last row of the match. */
  start: number;
  end: number;
  /** The highest count of the merged windows. */
  count: number;
  /** The member rows from start to end, in time order. */
  rows: number[];
}

export type CorrelationSpec = Pick<SigmaCorrelation, "type" | "rules" | "timespanMs" | "condition">;

export function holds(bounds: readonly CountBound[], count: number): boolean {
  for (const { op, value } of bounds) {
    const ok =
      op === "gt"
        ? count > value
        : op === "gte"
          ? count >= value
          : op === "lt"
            ? count < value
            : op === "lte"
              ? count <= value
              : op === "eq"
                ? count === value
                : count !== value;
    if (!ok) return false;
  }
  return true;
}

/** The running count of one window, per correlation type (not temporal_ordered). */
interface Counter {
  add(row: number): void;
  remove(row: number): void;
  count(): number;
}

function counterFor(spec: CorrelationSpec, rows: CorrelationRows): Counter {
  if (spec.type === "value_count") {
    const values = rows.value!;
    const seen = new Map<number, number>();
    return {
      add: (row) => seen.set(values[row]!, (seen.get(values[row]!) ?? 0) + 1),
      remove: (row) => {
        const left = seen.get(values[row]!)! - 1;
        if (left === 0) seen.delete(values[row]!);
        else seen.set(values[row]!, left);
      },
      count: () => seen.size,
    };
  }
  if (spec.type === "temporal") {
    const perRule = new Array<number>(spec.rules.length).fill(0);
    let distinct = 0;
    const step = (row: number, by: 1 | -1): void => {
      const bits = rows.rules[row]!;
      for (let i = 0; i < perRule.length; i++) {
        if ((bits & (1 << i)) === 0) continue;
        const before = perRule[i]!;
        perRule[i] = before + by;
        if (before === 0) distinct++;
        else if (perRule[i] === 0) distinct--;
      }
    };
    return { add: (row) => step(row, 1), remove: (row) => step(row, -1), count: () => distinct };
  }
  let n = 0;
  return { add: () => n++, remove: () => n--, count: () => n };
}

/** A match as positions in the order walked: from `lo` to `hi`, both included. */
export interface MatchSpan {
  group: number;
  lo: number;
  hi: number;
  /** The highest count of the merged windows. */
  count: number;
}

/** Adds window [lo, hi] (positions in time order) to the matches, merged with the last if they overlap. */
class Spans {
  readonly out: MatchSpan[] = [];
  private last: MatchSpan | null = null;

  add(group: number, lo: number, hi: number, count: number): void {
    const last = this.last;
    if (last !== null && last.group === group && lo <= last.hi) {
      last.hi = hi;
      last.count = Math.max(last.count, count);
    } else {
      this.last = { group, lo, hi, count };
      this.out.push(this.last);
    }
  }
}

/** Rows of a group walked between two yields of its steps: a few milliseconds. */
const GROUP_STEP = 1 << 16;

function* slidingGroup(
  spec: CorrelationSpec,
  rows: CorrelationRows,
  a: number,
  b: number,
  group: number,
  spans: Spans,
  every: number,
): Generator<void, void> {
  const counter = counterFor(spec, rows);
  const { time } = rows;
  let left = a;
  let walked = 0;
  for (let right = a; right < b; right++) {
    if (++walked >= every) {
      walked = 0;
      yield;
    }
    counter.add(right);
    const t = time[right]!;
    while (t - time[left]! > spec.timespanMs) counter.remove(left++);
    const count = counter.count();
    if (holds(spec.condition.bounds, count)) spans.add(group, left, right, count);
  }
}

/** The latest-starting chain rules[0] → … → rules[k] per k (start position, or -1). */
function* orderedGroup(
  spec: CorrelationSpec,
  rows: CorrelationRows,
  a: number,
  b: number,
  group: number,
  spans: Spans,
  every: number,
): Generator<void, void> {
  const n = spec.rules.length;
  const start = new Array<number>(n).fill(-1);
  const { time } = rows;
  let walked = 0;
  for (let p = a; p < b; p++) {
    if (++walked >= every) {
      walked = 0;
      yield;
    }
    const bits = rows.rules[p]!;
    // Highest rule first, so that one row never serves as two steps of a chain.
    for (let k = n - 1; k >= 0; k--) {
      if ((bits & (1 << k)) === 0) continue;
      const from = k === 0 ? p : start[k - 1]!;
      if (from > start[k]!) start[k] = from;
    }
    const first = start[n - 1]!;
    if (first >= 0 && (bits & (1 << (n - 1))) !== 0 && time[p]! - time[first]! <= spec.timespanMs) {
      spans.add(group, first, p, n);
    }
  }
}

/** The walk of positions [a, b) of one group for the correlation's type. */
function groupWalk(
  spec: CorrelationSpec,
  rows: CorrelationRows,
  a: number,
  b: number,
  group: number,
  spans: Spans,
  every: number,
): Generator<void, void> {
  return spec.type === "temporal_ordered"
    ? orderedGroup(spec, rows, a, b, group, spans, every)
    : slidingGroup(spec, rows, a, b, group, spans, every);
}

/**
 * The matches of one group whose rows are all members and come in time order (equal times in
 * row order), as spans of positions, yielding every `every` rows: what evaluateCorrelation finds
 * for them, without its sort, in steps a large group can be walked in.
 */
export function* groupSpans(
  spec: CorrelationSpec,
  rows: CorrelationRows,
  every = GROUP_STEP,
): Generator<void, MatchSpan[]> {
  const spans = new Spans();
  yield* groupWalk(spec, rows, 0, rows.time.length, 0, spans, every);
  return spans.out;
}

/**
 * The matches of a correlation over rows (see the header for what each type counts). Rows are
 * taken in any order; the result is ordered by group id, then time.
 */
export function evaluateCorrelation(
  spec: CorrelationSpec,
  rows: CorrelationRows,
): CorrelationMatch[] {
  const { time, group, value } = rows;
  const all = spec.rules.length >= 31 ? -1 : (1 << spec.rules.length) - 1;
  const members: number[] = [];
  for (let row = 0; row < time.length; row++) {
    if ((rows.rules[row]! & all) === 0) continue;
    if (group !== undefined && group[row]! < 0) continue;
    if (spec.type === "value_count" && (value === undefined || value[row]! < 0)) continue;
    if (!Number.isFinite(time[row]!)) continue;
    members.push(row);
  }
  const groupOf = (row: number): number => (group === undefined ? 0 : group[row]!);
  members.sort((x, y) => groupOf(x) - groupOf(y) || time[x]! - time[y]! || x - y);
  const order = Uint32Array.from(members);
  // The members in that order: a window is then a run of positions.
  const ordered: CorrelationRows = {
    time: Float64Array.from(order, (row) => time[row]!),
    rules: Uint32Array.from(order, (row) => rows.rules[row]!),
    value: value === undefined ? undefined : Int32Array.from(order, (row) => value[row]!),
  };
  const spans = new Spans();
  for (let a = 0; a < order.length;) {
    const g = groupOf(order[a]!);
    let b = a + 1;
    while (b < order.length && groupOf(order[b]!) === g) b++;
    runSteps(groupWalk(spec, ordered, a, b, g, spans, Number.POSITIVE_INFINITY));
    a = b;
  }
  return spans.out.map(({ group: g, lo, hi, count }) => ({
    group: g,
    start: ordered.time[lo]!,
    end: ordered.time[hi]!,
    count,
    rows: Array.from(order.subarray(lo, hi + 1)),
  }));
}
