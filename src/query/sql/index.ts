// "Copy as SQL": the current view as Athena, CloudTrail Lake and DuckDB SQL (see README.md).
import { athenaSql, athenaUnloadSql } from "./athena";
import { duckdbSql } from "./duckdb";
import { lakeSql } from "./lake";
import type { DeliveryLayout, SqlForms, SqlView } from "./types";

export { layoutOf } from "./layout";
export type { DeliveryLayout, SqlForms, SqlText, SqlView } from "./types";

/** Every SQL form of the view; a form that cannot say it exactly gives the reason instead. */
export function toSql(view: SqlView, layout: DeliveryLayout): SqlForms {
  return {
    athena: athenaSql(view, layout),
    athenaUnload: athenaUnloadSql(view, layout),
    lake: lakeSql(view),
    duckdb: duckdbSql(view, layout),
  };
}
