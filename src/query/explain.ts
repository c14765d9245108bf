// Why a record matched an expression: the terms that held, each with the value that made it hold.
// For the event detail ("matched rule X because eventName is StopLogging"); run on one record.
import type { Expr } from "./ast";
import { describeExpr } from "./parse";
import { PRINCIPAL_PATH } from "./fields";
import { compileRecordPredicate, valuesAt, valueText } from "./record";

export interface Reason {
  /** The field (a record path), or "" for a bare word or an absent field. */
  field: string;
  /** The value that matched; for a term that held because something is absent, "" */
  value: string;
  /** The term as query text. */
  term: string;
}

const MAX_VALUE = 200;

/** The reasons `expr` holds for `record` (empty when it does not hold). */
export function explainRecord(expr: Expr, record: Record<string, unknown>): Reason[] {
  if (!holds(expr, record)) return [];
  const out: Reason[] = [];
  collect(expr, record, out);
  return out;
}

function holds(expr: Expr, record: Record<string, unknown>): boolean {
  try {
    return compileRecordPredicate(expr)(record);
  } catch {
    return false;
  }
}

function collect(expr: Expr, record: Record<string, unknown>, out: Reason[]): void {
  switch (expr.kind) {
    case "and":
      for (const item of expr.items) collect(item, record, out);
      return;
    case "or":
      for (const item of expr.items) {
        if (holds(item, record)) {
          collect(item, record, out);
          return;
        }
      }
      return;
    case "not":
      // It holds because something is not there: say what.
      out.push({ field: "", value: "", term: describeExpr(expr) });
      return;
    case "term": {
      const values = valuesAt(record, expr.field);
      const matching =
        expr.field === PRINCIPAL_PATH
          ? values[0]
          : values.find((value) => termHoldsOn(expr, value));
      const text = matching === undefined ? "" : valueText(matching);
      out.push({
        field: expr.field,
        value: text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text,
        term: describeExpr(expr),
      });
      return;
    }
    case "word":
      out.push({ field: "", value: expr.word, term: describeExpr(expr) });
      return;
    default:
      return;
  }
}

/** Whether the term holds on a record whose field holds only `value`. */
function termHoldsOn(expr: Extract<Expr, { kind: "term" }>, value: unknown): boolean {
  const probe: Record<string, unknown> = {};
  let node = probe;
  const segments = expr.field.split(".");
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) node[segment] = value;
    else {
      const next: Record<string, unknown> = {};
      node[segment] = next;
      node = next;
    }
  });
  return holds(expr, probe);
}
