// The view for Athena: the table over the trail's S3 layout with partition projection, the SELECT
// with partition predicates and the app's deduplication, and the same as an UNLOAD (the way
// back: gzipped JSON lines that Trailview loads).
import type { DictField } from "../../ingest/chunk";
import { columnText, fieldsOf, viewConditions, whereBody, type Dialect } from "./predicate";
import { principalSql } from "./principal";
import {
  ATHENA_COLUMNS,
  RECORD_COLUMNS,
  RESOURCE_FIELDS,
  STRUCT_PATHS,
  TOP_LEVEL,
  jsonPathReason,
} from "./schema";
import { REGEX_NOTE, hasRegex, identityOf, iso, scalarLeaves, trinoFunctions } from "./trino";
import { UUID_RE, lit, refuse, sql, type Sql } from "./text";
import type { DeliveryLayout, SqlView } from "./types";

export const ATHENA_TABLE = "cloudtrail_logs";
export const BUCKET_PLACEHOLDER = "<your-trail-bucket>";
export const RESULTS_PLACEHOLDER = "s3://<your-results-bucket>/trailview-export/";

const COLUMNS: Readonly<Record<DictField, string>> = {
  eventName: "eventname",
  eventSource: "eventsource",
  sourceIPAddress: "sourceipaddress",
  awsRegion: "awsregion",
  principal: "principal",
  userType: "useridentity.type",
  userArn: "useridentity.arn",
  accessKeyId: "useridentity.accesskeyid",
  errorCode: "errorcode",
  account: "recipientaccountid",
  eventType: "eventtype",
  eventCategory: "eventcategory",
  userAgent: "useragent",
  readOnly: "readonly",
  mfaUsed: "json_extract_scalar(additionaleventdata, '$.MFAUsed')",
  requestUserName: "json_extract_scalar(requestparameters, '$.userName')",
  requestRoleArn: "json_extract_scalar(requestparameters, '$.roleArn')",
  bucketName: "json_extract_scalar(requestparameters, '$.bucketName')",
  issuerArn: "useridentity.sessioncontext.sessionissuer.arn",
  issuerType: "useridentity.sessioncontext.sessionissuer.type",
  credentialsKeyId: "json_extract_scalar(responseelements, '$.credentials.accessKeyId')",
  createdKeyId: "json_extract_scalar(responseelements, '$.accessKey.accessKeyId')",
  consoleLogin: "json_extract_scalar(responseelements, '$.ConsoleLogin')",
};

const SCALARS = new Set<string>([...TOP_LEVEL, ...STRUCT_PATHS]);

export const athenaDialect: Dialect = {
  name: "Athena",
  column: (field) => sql(field === "principal" ? "principal" : `coalesce(${COLUMNS[field]}, '')`),
  path: (path) => {
    const lower = path.toLowerCase();
    if (SCALARS.has(lower)) return scalarLeaves(lower);
    const [head, field, ...rest] = lower.split(".");
    if (
      head === "resources" &&
      rest.length === 0 &&
      (RESOURCE_FIELDS as readonly string[]).includes(field ?? "")
    ) {
      const at = `r.${field}`;
      return {
        some: (test) =>
          `coalesce(any_match(resources, r -> ${at} IS NOT NULL AND ${test(at)}), FALSE)`,
        exists: `coalesce(any_match(resources, r -> coalesce(${at}, '') <> ''), FALSE)`,
        present: `coalesce(any_match(resources, r -> ${at} IS NOT NULL), FALSE)`,
      };
    }
    return jsonPathReason("Athena", path);
  },
  ...trinoFunctions,
  eventId: "coalesce(eventid, '')",
  time: (from, to) => {
    const at = "try(from_iso8601_timestamp(eventtime))";
    const parts: string[] = [];
    if (from !== null) parts.push(`${at} >= from_iso8601_timestamp(${lit(iso(from))})`);
    if (to !== null) parts.push(`${at} < from_iso8601_timestamp(${lit(iso(to))})`);
    return `coalesce(${parts.join(" AND ")}, FALSE)`;
  },
};

/** A prefix fit for the DDL's string literals, or a placeholder to edit. */
function safePrefix(prefix: string): string {
  if (prefix === "") return "";
  return /^[A-Za-z0-9!_.*()/-]+$/.test(prefix) ? `${prefix}/` : "<your-prefix>/";
}

function logsRoot(layout: DeliveryLayout): string {
  const org = layout.orgId === null ? "" : `${layout.orgId}/`;
  return `s3://${BUCKET_PLACEHOLDER}/${safePrefix(layout.prefix)}AWSLogs/${org}`;
}

/** CREATE EXTERNAL TABLE with partition projection over the accounts, regions and days seen. */
export function createTable(layout: DeliveryLayout): string {
  const root = logsRoot(layout);
  const first = layout.firstDay ?? "2020/01/01";
  return [
    `-- 1. The table, once. Replace ${BUCKET_PLACEHOLDER} with the trail's bucket (and the prefix, if the`,
    "--    trail writes under another); add accounts and regions to the projection as needed.",
    `CREATE EXTERNAL TABLE ${ATHENA_TABLE} (`,
    ATHENA_COLUMNS,
    ")",
    "PARTITIONED BY (account STRING, region STRING, delivery_day STRING)",
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION '${root}'`,
    "TBLPROPERTIES (",
    "  'projection.enabled' = 'true',",
    "  'projection.account.type' = 'enum',",
    `  'projection.account.values' = '${layout.accounts.join(",")}',`,
    "  'projection.region.type' = 'enum',",
    `  'projection.region.values' = '${layout.regions.join(",")}',`,
    "  'projection.delivery_day.type' = 'date',",
    "  'projection.delivery_day.format' = 'yyyy/MM/dd',",
    `  'projection.delivery_day.range' = '${first},NOW',`,
    "  'projection.delivery_day.interval' = '1',",
    "  'projection.delivery_day.interval.unit' = 'DAYS',",
    `  'storage.location.template' = '${root}\${account}/CloudTrail/\${region}/\${delivery_day}'`,
    ");",
  ].join("\n");
}

function day(ms: number): string {
  return iso(ms).slice(0, 10).replace(/-/g, "/");
}

/** The events of the view, deduplicated, with the partition predicates of its time range. */
function eventsFrom(view: SqlView, principal: boolean): string {
  const partitions: string[] = [];
  if (view.timeFrom !== null) partitions.push(`delivery_day >= ${lit(day(view.timeFrom))}`);
  // A file is delivered minutes after its events: the day after the range is read too.
  if (view.timeTo !== null)
    partitions.push(`delivery_day <= ${lit(day(view.timeTo + 86_400_000))}`);
  const key = `CASE WHEN regexp_like(eventid, '^${UUID_RE}$') THEN lower(eventid) ELSE eventid END`;
  const identity = identityOf("useridentity", {
    type: "type",
    arn: "arn",
    principalId: "principalid",
    userName: "username",
    accountId: "accountid",
    invokedBy: "invokedby",
    issuerUserName: "sessioncontext.sessionissuer.username",
    onBehalfOfUserId: "onbehalfof.userid",
  });
  return [
    "FROM (",
    "  SELECT *,",
    ...(principal ? [`    ${principalSql(identity).replace(/\n/g, "\n    ")} AS principal,`] : []),
    // Copies are the same eventID with the same content: a record with other content under a
    // loaded eventID is a conflicting duplicate and is kept, as the app keeps it.
    `    row_number() OVER (PARTITION BY ${key}, ${RECORD_COLUMNS.map(([column]) => column).join(", ")} ORDER BY "$path") AS event_copy`,
    `  FROM ${ATHENA_TABLE}`,
    `  WHERE ${partitions.length > 0 ? partitions.join(" AND ") : "TRUE"}`,
    ") AS events",
  ].join("\n");
}

function viewParts(view: SqlView): { from: string; where: string } | { reason: string } {
  const conditions = viewConditions(athenaDialect, view);
  if (!conditions.ok) return { reason: conditions.reason };
  const used = fieldsOf(view);
  return {
    from: eventsFrom(view, used.has("principal")),
    where: whereBody(["coalesce(eventid, '') = '' OR event_copy = 1", ...conditions.items]),
  };
}

/** CREATE TABLE and the SELECT of the view. */
export function athenaSql(view: SqlView, layout: DeliveryLayout): Sql {
  if (layout.inLayout === 0) {
    return refuse(
      "the loaded files are not in the CloudTrail S3 layout (AWSLogs/<account>/CloudTrail/<region>/…), so there is no table location to give",
    );
  }
  const p = viewParts(view);
  if ("reason" in p) return refuse(p.reason);
  const group = view.group.map((field) => `${columnText(athenaDialect, field)} AS "${field}"`);
  const select =
    group.length > 0
      ? `SELECT ${group.join(", ")}, count(*) AS event_count, min(eventtime) AS first_seen, max(eventtime) AS last_seen`
      : "SELECT eventtime, eventsource, eventname, useridentity.arn AS user_arn, sourceipaddress, errorcode, eventid";
  const order =
    group.length > 0
      ? `GROUP BY ${view.group.map((_, i) => i + 1).join(", ")}\nORDER BY event_count DESC;`
      : "ORDER BY eventtime DESC;";
  return sql(
    [
      createTable(layout),
      "",
      "-- 2. The view's events: identical copies of a record once (the first by file), as Trailview counts them;",
      "--    records with one eventID and different contents are all kept (conflicting duplicates).",
      ...(view.timeTo !== null
        ? [
            "--    delivery_day is the day a file was delivered, minutes after its events: the day after the range is read too.",
          ]
        : []),
      ...(hasRegex(view.expr) ? REGEX_NOTE : []),
      select,
      p.from,
      `WHERE ${p.where}`,
      order,
    ].join("\n"),
  );
}

/** The view's events written back to S3 as gzipped JSON lines (Trailview loads NDJSON). */
export function athenaUnloadSql(view: SqlView, layout: DeliveryLayout): Sql {
  if (layout.inLayout === 0) return athenaSql(view, layout);
  const p = viewParts(view);
  if ("reason" in p) return refuse(p.reason);
  const columns = RECORD_COLUMNS.map(([column, name]) => `${column} AS "${name}"`);
  return sql(
    [
      "-- 3. The way back: the view's events (ungrouped) as gzipped JSON lines, one record per line.",
      "--    Replace <your-results-bucket> (the folder must be empty), then drop the files on Trailview:",
      "--    it gives Athena's lower-case names back their CloudTrail spelling and parses the JSON text.",
      ...(hasRegex(view.expr) ? REGEX_NOTE : []),
      "UNLOAD (",
      `  SELECT ${columns.join(",\n    ")}`,
      `  ${p.from.replace(/\n/g, "\n  ")}`,
      `  WHERE ${p.where.replace(/\n/g, "\n  ")}`,
      `) TO '${RESULTS_PLACEHOLDER}'`,
      "WITH (format = 'JSON', compression = 'GZIP');",
    ].join("\n"),
  );
}
