// A Sigma correlation (event_count, value_count, temporal) over the rows its rules matched: the
// member rows are walked in time order, split by their group-by key (dictionary ids, no strings),
// and each group's rows go to the sliding-window evaluator already sorted by time.
import type { DictField } from "../ingest/chunk";
import { columnOf } from "../query/fields";
import { groupSpans } from "../query/sigma";
import type { SigmaCorrelation } from "../query/sigma/types";
import type { IdColumn } from "./columns";
import { MISSING_ID } from "./dictionary";
import type { EventStore } from "./eventStore";
import { runSteps, runStepsPaused } from "../lib/steps";
import { maskRowsSteps } from "./rowLists";
import { timeOrder } from "./timeOrder";

export interface CorrelationResult {
  /** The rows of every matching window, ascending. */
  rows: Uint32Array;
  /** How many separate matches (bursts) there were. */
  matches: number;
}

/**
 * Rows of the time order walked, or of groups evaluated, between two pauses of a sliced run. The
 * walk reads each row's rule bits at random, which at ten million rows misses the cache at almost
 * every row: a slice of a few milliseconds is a few ten thousand rows.
 */
const SLICE_ROWS = 1 << 14;

/**
 * The rows of `correlation`'s matches, given the rows each of its referenced rules matched (in
 * the order of `correlation.rules`), or why it cannot run over the columns (a group-by or counted
 * field that is not indexed).
 */
export function correlateRows(
  store: EventStore,
  correlation: SigmaCorrelation,
  ruleRows: readonly Uint32Array[],
): CorrelationResult | string {
  return runSteps(correlationSteps(store, correlation, ruleRows, Number.POSITIVE_INFINITY));
}

/**
 * correlateRows in slices: `pause` is awaited every `sliceRows` rows walked or evaluated, where
 * the page gets a turn. The store must not change until it resolves (the caller checks its
 * version after).
 */
export function correlateRowsSliced(
  store: EventStore,
  correlation: SigmaCorrelation,
  ruleRows: readonly Uint32Array[],
  pause: () => Promise<void>,
  sliceRows = SLICE_ROWS,
): Promise<CorrelationResult | string> {
  return runStepsPaused(correlationSteps(store, correlation, ruleRows, sliceRows), pause);
}

/** correlateRows as a generator that yields between slices of its work. */
function* correlationSteps(
  store: EventStore,
  correlation: SigmaCorrelation,
  ruleRows: readonly Uint32Array[],
  sliceRows: number,
): Generator<void, CorrelationResult | string> {
  const groupColumns: IdColumn[] = [];
  const groupSizes: number[] = [];
  for (const path of correlation.groupBy) {
    const field = columnOf(path);
    if (field === null) return `group-by field ${path} is not an indexed field`;
    groupColumns.push(store.column(field));
    groupSizes.push(store.dict(field).size);
  }
  let valueColumn: IdColumn | null = null;
  if (correlation.type === "value_count") {
    const path = correlation.condition.field;
    const field: DictField | null = path === null ? null : columnOf(path);
    if (field === null) return `value_count field ${path ?? "(none)"} is not an indexed field`;
    valueColumn = store.column(field);
  }
  const n = store.rows;
  const bits = new Uint32Array(n);
  let members = 0;
  let walked = 0;
  for (let bit = 0; bit < ruleRows.length; bit++) {
    const rows = ruleRows[bit]!;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r >= n) continue;
      if (bits[r] === 0) members++;
      bits[r] |= 1 << bit;
      if (++walked >= sliceRows) {
        walked = 0;
        yield;
      }
    }
  }
  if (members === 0) return { rows: new Uint32Array(0), matches: 0 };

  // Group of a row: its id when one column, else the ids folded into one number.
  const groupOf = (r: number): number => {
    let key = 0;
    for (let c = 0; c < groupColumns.length; c++) {
      const id = groupColumns[c][r];
      if (id === MISSING_ID) return -1;
      key = key * groupSizes[c] + id;
    }
    return key;
  };
  const groups = new Map<number, number[]>();
  const order = timeOrder(store);
  const timed = n - store.noTime;
  // The time order is newest first: walked backwards, each group's rows come out oldest first.
  for (let p = timed - 1; p >= 0; p--) {
    if (++walked >= sliceRows) {
      walked = 0;
      yield;
    }
    const r = order[p];
    if (bits[r] === 0) continue;
    const g = groupOf(r);
    if (g < 0) continue;
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [r]);
    else list.push(r);
  }

  const marked = new Uint8Array(n);
  let matches = 0;
  for (const list of groups.values()) {
    const rows = new Uint32Array(list.length);
    const time = new Float64Array(list.length);
    const rules = new Uint32Array(list.length);
    const value = new Int32Array(list.length);
    let k = 0;
    for (let i = 0; i < list.length; i++) {
      if (++walked >= sliceRows) {
        walked = 0;
        yield;
      }
      const r = list[i];
      // A value_count counts the rows with a value only.
      if (valueColumn !== null && valueColumn[r] === MISSING_ID) continue;
      rows[k] = r;
      time[k] = store.time[r];
      rules[k] = bits[r];
      value[k++] = valueColumn === null ? -1 : valueColumn[r];
    }
    // In time order, each a member: its windows in steps, however large the group.
    const spans = yield* groupSpans(
      correlation,
      { time: time.subarray(0, k), rules: rules.subarray(0, k), value: value.subarray(0, k) },
      sliceRows * 4,
    );
    matches += spans.length;
    for (const { lo, hi } of spans) {
      for (let i = lo; i <= hi; i++) {
        if (++walked >= sliceRows) {
          walked = 0;
          yield;
        }
        marked[rows[i]] = 1;
      }
    }
  }
  // The marked rows in steps too: one pass over a mask of ten million rows is tens of ms.
  const marks = yield* maskRowsSteps(marked, sliceRows * 64);
  return { rows: marks, matches };
}
