// The view as one DuckDB query over the delivered files, run from the folder that holds
// `AWSLogs/`: records unnested from `Records`, Insights left out, deduplicated as the store does
// (a record repeated with the same eventID and the same content is read once, the first copy in
// path order; a record with a loaded eventID but other content is a conflicting duplicate and is
// kept; records without an eventID are all kept), then the view's conditions on the same column
// texts the store keeps.
import { DICT_FIELDS, type DictField } from "../../ingest/chunk";
import { COLUMN_PATHS } from "../fields";
import { fieldsOf, whereBody, viewConditions, type Dialect, type Leaves } from "./predicate";
import { principalSql } from "./principal";
import { UUID_RE, lit, litList, re2Source, refuse, sql, type Sql } from "./text";
import type { DeliveryLayout, SqlView } from "./types";

const ident = (name: string): string => `"${name}"`;

/** A record's value at a JSON path as ingest's text(): '' when missing or null. */
function textAt(path: string): string {
  return `coalesce(json_extract_string(rec, ${lit(path)}), '')`;
}

/** A name-like value (principal.ts's name()): '' for objects and arrays too. */
function nameAt(path: string): string {
  return `CASE WHEN json_type(rec, ${lit(path)}) IN ('OBJECT', 'ARRAY') THEN '' ELSE ${textAt(path)} END`;
}

const IDENTITY_FIELDS: Readonly<Record<string, string>> = {
  ui_arn: "$.userIdentity.arn",
  ui_principal_id: "$.userIdentity.principalId",
  ui_user_name: "$.userIdentity.userName",
  ui_account_id: "$.userIdentity.accountId",
  ui_invoked_by: "$.userIdentity.invokedBy",
  ui_issuer_user_name: "$.userIdentity.sessionContext.sessionIssuer.userName",
  ui_on_behalf_of: "$.userIdentity.onBehalfOf.userId",
};

/** A node's text in json_tree: strings as they are, anything else as JSON. */
const NODE_TEXT =
  "CASE WHEN t.type = 'VARCHAR' THEN json_extract_string(t.value, '$') ELSE CAST(t.value AS VARCHAR) END";
const EMPTY_OBJECT = "(t.type = 'OBJECT' AND CAST(t.value AS VARCHAR) = '{}')";

/**
 * The values at a dotted path, as query/record.ts finds them: arrays on the way and at the end
 * looked into (the array indexes dropped from json_tree's full key), keys compared ignoring case,
 * null never a value.
 */
function leavesAt(path: string): Leaves {
  const [head, ...rest] = path.split(".") as [string, ...string[]];
  // The subtree under the first key: the key as written, else the first key equal ignoring case.
  const root =
    `coalesce(json_extract(rec, ${lit(`$."${head}"`)}), json_extract(rec, '$."' || ` +
    `list_filter(json_keys(rec), k -> lower(k) = ${lit(head.toLowerCase())})[1] || '"'))`;
  const key = lit(["$", ...rest].join(".").toLowerCase());
  const node = (test: string): string =>
    `EXISTS (SELECT 1 FROM json_tree(${root}) AS t WHERE lower(regexp_replace(t.fullkey, '\\[[0-9]+\\]', '', 'g')) = ${key} AND t.type NOT IN ('ARRAY', 'NULL') AND ${test})`;
  return {
    some: (test) => node(test(`(${NODE_TEXT})`)),
    exists: node(
      `NOT ${EMPTY_OBJECT} AND NOT (t.type = 'VARCHAR' AND json_extract_string(t.value, '$') = '')`,
    ),
    present: node(`NOT ${EMPTY_OBJECT}`),
  };
}

export const duckdbDialect: Dialect = {
  name: "DuckDB",
  column: (field) => sql(ident(field)),
  path: (path) => {
    if (!/^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/.test(path))
      return `DuckDB cannot address the path "${path.slice(0, 60)}"`;
    return leavesAt(path);
  },
  regex: (text, source, flags) => {
    try {
      return sql(`regexp_matches(${text}, ${lit(re2Source(source, flags))})`);
    } catch (error) {
      return refuse(`the regular expression cannot be translated (${String(error).slice(0, 80)})`);
    }
  },
  fullMatch: (text, re) => `regexp_full_match(${text}, ${lit(re)})`,
  tryDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  tryBigint: (text) => `TRY_CAST(${text} AS BIGINT)`,
  eventId: textAt("$.eventID"),
  time: (from, to) => {
    const parts: string[] = [];
    const at = (ms: number): string =>
      `epoch_ms(TIMESTAMP '${new Date(ms).toISOString().replace("T", " ").replace("Z", "")}')`;
    if (from !== null) parts.push(`time_ms >= ${at(from)}`);
    if (to !== null) parts.push(`time_ms < ${at(to)}`);
    return parts.join(" AND ");
  },
  fullText: (needle) =>
    sql(`strpos(lower(CAST(rec AS VARCHAR)), ${lit(needle.toLowerCase())}) > 0`),
};

/** Column expressions over `rec` for the indexed fields asked for (the principal apart). */
function columnSelect(fields: ReadonlySet<DictField>): string[] {
  return DICT_FIELDS.filter((field) => field !== "principal" && fields.has(field)).map(
    (field) => `${textAt(`$.${COLUMN_PATHS[field]}`)} AS ${ident(field)}`,
  );
}

/** eventTime as ms since epoch (zone-less times read as UTC, as the app reads them), or NULL. */
const TIME_MS =
  "CASE WHEN json_type(rec, '$.eventTime') <> 'VARCHAR' THEN NULL" +
  " WHEN regexp_matches(json_extract_string(rec, '$.eventTime'), '[0-9]\\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)\\s*$')" +
  " THEN epoch_ms(TRY_CAST(json_extract_string(rec, '$.eventTime') AS TIMESTAMPTZ))" +
  " ELSE epoch_ms(TRY_CAST(json_extract_string(rec, '$.eventTime') AS TIMESTAMP)) END";

/** The dedupe key: a UUID in lower case (the store keys UUIDs by their bits), else the id; NULL without one. */
const EVENT_KEY =
  "CASE WHEN coalesce(json_extract_string(rec, '$.eventID'), '') = '' THEN NULL" +
  ` WHEN regexp_full_match(json_extract_string(rec, '$.eventID'), '${UUID_RE}') THEN lower(json_extract_string(rec, '$.eventID'))` +
  " ELSE json_extract_string(rec, '$.eventID') END";

const INSIGHT =
  "coalesce(json_extract_string(rec, '$.eventCategory'), '') = 'Insight' AND json_type(rec, '$.eventCategory') = 'VARCHAR'" +
  " OR coalesce(json_extract_string(rec, '$.eventType'), '') = 'AwsCloudTrailInsight' AND json_type(rec, '$.eventType') = 'VARCHAR'" +
  " OR json_type(rec, '$.insightDetails') = 'OBJECT'";

function glob(layout: DeliveryLayout): string {
  const org = layout.orgId === null ? "" : `${layout.orgId}/`;
  return `AWSLogs/${org}*/CloudTrail/*/*/*/*/*.json.gz`;
}

/** Conditions on the file path: only the accounts, regions and days the app loaded. */
function fileConditions(layout: DeliveryLayout): string[] {
  const out = [
    `regexp_extract(file, '/([0-9]{12})/CloudTrail/', 1) IN (${litList(layout.accounts)})`,
    `regexp_extract(file, '/CloudTrail/([a-z0-9-]+)/', 1) IN (${litList(layout.regions)})`,
  ];
  if (layout.firstDay !== null && layout.lastDay !== null) {
    out.push(
      `regexp_extract(file, '/CloudTrail/[a-z0-9-]+/([0-9]{4}/[0-9]{2}/[0-9]{2})/', 1) BETWEEN ${lit(layout.firstDay)} AND ${lit(layout.lastDay)}`,
    );
  }
  return out;
}

function principalColumn(): string {
  const body = principalSql({
    type: "ui_type",
    arn: "ui_arn",
    principalId: "ui_principal_id",
    userName: "ui_user_name",
    accountId: "ui_account_id",
    invokedBy: "ui_invoked_by",
    issuerUserName: "ui_issuer_user_name",
    onBehalfOfUserId: "ui_on_behalf_of",
    lastSegment: (arn) =>
      `CASE WHEN strpos(${arn}, '/') > 0 THEN regexp_extract(${arn}, '[^/]*$') ELSE regexp_extract(${arn}, '[^:]*$') END`,
  });
  return [
    "CASE json_type(rec, '$.userIdentity')",
    "    WHEN 'VARCHAR' THEN json_extract_string(rec, '$.userIdentity')",
    `    WHEN 'OBJECT' THEN ${body.replace(/\n/g, "\n      ")}`,
    "    ELSE '' END",
  ].join("\n");
}

/** The DuckDB query of the view, or why it cannot be said. */
export function duckdbSql(view: SqlView, layout: DeliveryLayout): Sql {
  if (layout.inLayout === 0) {
    return refuse(
      "the loaded files are not in the CloudTrail S3 layout (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/), so there is no folder to point DuckDB at",
    );
  }
  const where = viewConditions(duckdbDialect, view);
  if (!where.ok) return where;
  const used = fieldsOf(view);
  const group = view.group.map(ident);
  const principal = used.has("principal");
  const identity = principal
    ? [
        `CASE WHEN json_type(rec, '$.userIdentity.type') = 'VARCHAR' THEN json_extract_string(rec, '$.userIdentity.type') ELSE '' END AS ui_type`,
        ...Object.entries(IDENTITY_FIELDS).map(([name, path]) => `${nameAt(path)} AS ${name}`),
      ]
    : [];
  const select =
    group.length > 0
      ? `SELECT ${group.join(", ")}, count(*) AS event_count, epoch_ms(min(time_ms)) AS first_seen, epoch_ms(max(time_ms)) AS last_seen`
      : [
          "SELECT json_extract_string(rec, '$.eventTime') AS \"eventTime\",",
          "  json_extract_string(rec, '$.eventSource') AS \"eventSource\",",
          "  json_extract_string(rec, '$.eventName') AS \"eventName\",",
          "  json_extract_string(rec, '$.userIdentity.arn') AS \"userArn\",",
          "  json_extract_string(rec, '$.sourceIPAddress') AS \"sourceIPAddress\",",
          "  json_extract_string(rec, '$.errorCode') AS \"errorCode\",",
          "  json_extract_string(rec, '$.eventID') AS \"eventID\",",
          '  rec AS "record"',
        ].join("\n");
  const tail =
    group.length > 0
      ? `GROUP BY ${group.join(", ")}\nORDER BY event_count DESC, ${group.join(", ")};`
      : "ORDER BY time_ms DESC NULLS LAST, file, idx;";
  const lines = [
    "-- Trailview view as DuckDB SQL: run it from the folder that holds AWSLogs/ (duckdb < view.sql).",
    "-- One row per event the view shows: Insights left out, identical copies of a record counted once",
    "-- (records with one eventID and different contents are all kept: conflicting duplicates).",
    ...(layout.outside > 0
      ? [
          `-- ${layout.outside} loaded file(s) lie outside AWSLogs/…/CloudTrail/ and are not read here.`,
        ]
      : []),
    "WITH records AS (",
    "  SELECT filename AS file, unnest(Records) AS rec, generate_subscripts(Records, 1) AS idx",
    `  FROM read_json(${lit(glob(layout))}, columns = {Records: 'JSON[]'}, filename = true, maximum_object_size = 1073741824)`,
    "),",
    "fields AS (",
    "  SELECT file, idx, rec,",
    ...[...columnSelect(used), ...identity].map((column) => `    ${column},`),
    `    ${TIME_MS} AS time_ms,`,
    `    ${EVENT_KEY} AS event_key`,
    "  FROM records",
    `  WHERE json_type(rec) = 'OBJECT' AND NOT coalesce(${INSIGHT}, FALSE)`,
    ...fileConditions(layout).map((condition) => `    AND ${condition}`),
    "),",
    "events AS (",
    principal
      ? `  SELECT * EXCLUDE (ui_type, ${Object.keys(IDENTITY_FIELDS).join(", ")}),\n    ${principalColumn()} AS "principal"`
      : "  SELECT *",
    "  FROM fields",
    "  QUALIFY event_key IS NULL",
    "    OR row_number() OVER (PARTITION BY event_key, CAST(rec AS VARCHAR) ORDER BY file, idx) = 1",
    ")",
    select,
    "FROM events",
    `WHERE ${whereBody(where.items)}`,
    tail,
  ];
  return sql(lines.join("\n"));
}

/** Exported for tests: the column names the DuckDB query gives each indexed field. */
export const DUCKDB_COLUMNS: readonly DictField[] = DICT_FIELDS;
