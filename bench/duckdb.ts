// DuckDB (@duckdb/node-api, in this process) reading the same delivery folder with the query the
// app's "Copy as SQL" gives for DuckDB (src/query/sql/duckdb.ts): read_json over AWSLogs/**,
// Records unnested, Insights out, deduplicated by eventID; here grouped by eventName so that the
// answer is small and its event count can be checked against the manifest.
import { DuckDBInstance } from "@duckdb/node-api";
import { relative } from "node:path";
import { duckdbSql } from "../src/query/sql/duckdb";
import { layoutOf } from "../src/query/sql/layout";
import type { DataSet } from "./data";

export interface DuckdbReading {
  ms: number;
  events: number;
  query: string;
}

/** One cold run: a new in-memory instance, the query, its rows read. */
export async function duckdbRun(data: DataSet): Promise<DuckdbReading> {
  const paths = data.paths.map((p) => relative(data.dir, p).split("\\").join("/"));
  const query = duckdbSql(
    {
      include: {},
      exclude: {},
      timeFrom: null,
      timeTo: null,
      expr: null,
      group: ["eventName"],
    },
    layoutOf(paths),
  );
  if (!query.ok) throw new Error(`no DuckDB query for the data set: ${query.reason}`);
  const started = performance.now();
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    await connection.run(`SET file_search_path = '${data.dir.replace(/'/g, "''")}'`);
    const reader = await connection.runAndReadAll(query.sql);
    const ms = performance.now() - started;
    const rows = reader.getRowObjects();
    const events = rows.reduce((sum, row) => sum + Number(row.event_count), 0);
    connection.closeSync();
    return { ms, events, query: query.sql };
  } finally {
    instance.closeSync();
  }
}
