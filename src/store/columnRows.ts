// The rows of an expression read through dictionaries alone (a detection rule on indexed fields:
// `eventSource:iam.amazonaws.com AND eventName:(CreateUser OR CreateAccessKey)`), listed in steps
// of rows: at ten million rows a rule is a pass over two columns, too long for one task after a
// load. Other expressions are left to evaluateQuery.
import type { DictField } from "../ingest/chunk";
import type { Expr } from "../query/ast";
import type { EventStore } from "./eventStore";
import { columnsToRead, fusedMask, groupByColumn } from "./queryEval";

/** Rows read between yields: a millisecond or two. */
const STEP_ROWS = 1 << 16;

/**
 * The rows matching `expr`, ascending, in steps that yield after every `stepRows` rows read; the
 * same rows as maskRows(evaluateQuery(store, expr)). Null when `expr` is not a term on a column,
 * a NOT, AND or OR of such (evaluateQuery it is then). The store must not change between steps.
 */
export function columnRowSteps(
  store: EventStore,
  expr: Expr,
  stepRows = STEP_ROWS,
): Generator<void, Uint32Array> | null {
  const plan = planOf(store, expr);
  return plan === null ? null : rowSteps(store, plan, stepRows);
}

/** Per column, the ids it keeps; the rows kept are those that all (and) or any (or) keep. */
interface Plan {
  kind: "and" | "or";
  byField: ReadonlyMap<DictField, Uint8Array>;
}

function planOf(store: EventStore, expr: Expr): Plan | null {
  const whole = fusedMask(store, expr);
  if (whole !== null) return { kind: "and", byField: new Map([[whole.field, whole.ids]]) };
  if (expr.kind !== "and" && expr.kind !== "or") return null;
  const group = groupByColumn(store, expr.kind, expr.items);
  if ("decisive" in group || group.rest.length > 0) return null;
  return { kind: expr.kind, byField: group.byField };
}

function* rowSteps(store: EventStore, plan: Plan, stepRows: number): Generator<void, Uint32Array> {
  const n = store.rows;
  // From the store's counts per id, without reading a row when they decide.
  const columns = columnsToRead(store, plan.kind, plan.byField);
  if (columns === "all") return everyRow(n);
  if (columns === "none" || columns === null) return new Uint32Array(0);
  const ids = columns.fields.map((field) => store.column(field));
  const masks = columns.masks;
  let out = new Uint32Array(1024);
  let count = 0;
  const and = plan.kind === "and";
  const c0 = ids[0]!;
  const m0 = masks[0]!;
  for (let from = 0; from < n; from += stepRows) {
    const end = Math.min(n, from + stepRows);
    if (out.length - count < end - from) {
      const grown = new Uint32Array(Math.max(2 * out.length, count + (end - from)));
      grown.set(out.subarray(0, count));
      out = grown;
    }
    for (let r = from; r < end; r++) {
      let keep = m0[c0[r]]!;
      for (let c = 1; c < ids.length; c++) {
        const hit = masks[c]![ids[c]![r]]!;
        keep = and ? keep & hit : keep | hit;
      }
      // Written whatever, counted when kept: no branch on the row.
      out[count] = r;
      count += keep;
    }
    yield;
  }
  return out.slice(0, count);
}

function everyRow(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let r = 0; r < n; r++) rows[r] = r;
  return rows;
}
