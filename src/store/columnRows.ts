// The rows of an expression read through dictionaries alone (a detection rule on indexed fields:
// `eventSource:iam.amazonaws.com AND eventName:(CreateUser OR CreateAccessKey)`), listed in steps
// of rows: at ten million rows a rule is a pass over two columns, too long for one task after a
// load. Other expressions are left to evaluateQuery.
import type { DictField } from "../ingest/chunk";
import type { Expr } from "../query/ast";
import type { IdColumn } from "./columns";
import type { EventStore } from "./eventStore";
import { fusedMask, rowsKept } from "./queryEval";

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
  fields: DictField[];
  masks: Uint8Array[];
}

function planOf(store: EventStore, expr: Expr): Plan | null {
  const whole = fusedMask(store, expr);
  if (whole !== null) return { kind: "and", fields: [whole.field], masks: [whole.ids] };
  if (expr.kind !== "and" && expr.kind !== "or") return null;
  const byField = new Map<DictField, Uint8Array>();
  for (const item of expr.items) {
    const fused = fusedMask(store, item);
    if (fused === null) return null;
    const have = byField.get(fused.field);
    if (have === undefined) byField.set(fused.field, fused.ids.slice());
    else if (expr.kind === "and")
      for (let id = 0; id < have.length; id++) have[id] &= fused.ids[id];
    else for (let id = 0; id < have.length; id++) have[id] |= fused.ids[id];
  }
  return { kind: expr.kind, fields: [...byField.keys()], masks: [...byField.values()] };
}

function* rowSteps(store: EventStore, plan: Plan, stepRows: number): Generator<void, Uint32Array> {
  const n = store.rows;
  // From the store's counts per id: a column that keeps no row empties an AND and drops out of an
  // OR, one that keeps every row fills an OR and drops out of an AND, without reading a row.
  const columns: IdColumn[] = [];
  const masks: Uint8Array[] = [];
  for (let c = 0; c < plan.fields.length; c++) {
    const field = plan.fields[c]!;
    const mask = plan.masks[c]!;
    const kept = rowsKept(store, field, mask);
    if (plan.kind === "and" && kept === 0) return new Uint32Array(0);
    if (plan.kind === "or" && kept === n) return everyRow(n);
    if ((plan.kind === "and" && kept === n) || (plan.kind === "or" && kept === 0)) continue;
    columns.push(store.column(field));
    masks.push(mask);
  }
  if (columns.length === 0) return plan.kind === "and" ? everyRow(n) : new Uint32Array(0);
  let out = new Uint32Array(1024);
  let count = 0;
  const and = plan.kind === "and";
  const c0 = columns[0]!;
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
      for (let c = 1; c < columns.length; c++) {
        const hit = masks[c]![columns[c]![r]]!;
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
