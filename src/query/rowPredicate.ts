// An Expr over one record as the parser indexes it, for the detection rules run during a load: a
// term on an indexed column reads the row's id in the chunk being built and tests each distinct
// value once (per chunk dictionary), where record.ts would walk the record's path and test the
// text per record. The answer is always record.ts's: the column is only read where it holds
// exactly the one value the record has at that path (see `plainId`), else the record is read.
import { DICT_FIELDS, type DictField } from "../ingest/chunk";
import type { ColumnDict, RowSource } from "../ingest/parse";
import type { Expr, Match } from "./ast";
import { COLUMN_PATHS, PRINCIPAL_PATH } from "./fields";
import { compileMatch } from "./match";
import { compileRecordPredicate, type RecordPredicate } from "./record";

type JsonObject = Record<string, unknown>;

/** A test of one record of a chunk being built; without `source`, of the record alone. */
export type RowPredicate = (record: JsonObject, row: number, source?: RowSource) => boolean;

/** Column index (DICT_FIELDS) by the exact path the parser reads it from; principal is derived. */
const COLUMN_BY_PATH = new Map<string, number>(
  DICT_FIELDS.flatMap((field: DictField, index) =>
    COLUMN_PATHS[field] === PRINCIPAL_PATH ? [] : [[COLUMN_PATHS[field], index] as const],
  ),
);

/**
 * The row's id when the column holds the record's value at the path as it is: a string, found
 * through exact keys of plain objects (the parser reads nothing else into the column), not
 * clipped, and never the text of a number, boolean or object (`hashes` says so). Else -1: the
 * value is missing (a key in another case may still hold one), or not a plain string.
 */
function plainId(dict: ColumnDict, id: number): number {
  return id !== 0 && dict.hashes[id]! >= 0 ? id : -1;
}

/** What a term says of a path whose one value is the string `value` (record.ts's leaves). */
function stringTest(match: Match): (value: string) => boolean {
  switch (match.op) {
    case "exists":
      return (value) => value !== "";
    case "null":
      return () => false;
    default:
      return compileMatch(match);
  }
}

function compileColumnTerm(index: number, match: Match, slow: RecordPredicate): RowPredicate {
  const test = stringTest(match);
  // Per id of the dictionary it was filled for: 0 not yet tested, 1 holds, 2 does not.
  let memoOf: ColumnDict | null = null;
  let memo = new Uint8Array(0);
  return (record, row, source) => {
    if (source === undefined) return slow(record);
    const dict = source.dicts[index]!;
    const id = plainId(dict, source.columns[index]![row]!);
    if (id < 0) return slow(record);
    if (dict !== memoOf) {
      memoOf = dict;
      memo = new Uint8Array(Math.max(64, dict.values.length * 2));
    } else if (id >= memo.length) {
      const grown = new Uint8Array(Math.max(id + 1, memo.length * 2));
      grown.set(memo);
      memo = grown;
    }
    let known = memo[id]!;
    if (known === 0) {
      known = test(dict.values[id]!) ? 1 : 2;
      memo[id] = known;
    }
    return known === 1;
  };
}

/**
 * Compiles an expression into a test of a record with its row (see `RowPredicate`). Throws as
 * compileRecordPredicate does.
 */
export function compileRowPredicate(expr: Expr): RowPredicate {
  switch (expr.kind) {
    case "term": {
      const slow = compileRecordPredicate(expr);
      const index = COLUMN_BY_PATH.get(expr.field);
      // A test of the record alone is a RowPredicate as it is: it takes no row.
      if (index === undefined || expr.match.op === "fieldref") return slow;
      return compileColumnTerm(index, expr.match, slow);
    }
    case "not": {
      const item = compileRowPredicate(expr.item);
      return (record, row, source) => !item(record, row, source);
    }
    case "and": {
      const items = expr.items.map(compileRowPredicate);
      return (record, row, source) => {
        for (const item of items) if (!item(record, row, source)) return false;
        return true;
      };
    }
    case "or": {
      const items = expr.items.map(compileRowPredicate);
      return (record, row, source) => {
        for (const item of items) if (item(record, row, source)) return true;
        return false;
      };
    }
    default:
      return compileRecordPredicate(expr);
  }
}
