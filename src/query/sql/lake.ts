// The view for CloudTrail Lake: one SELECT over an event data store. Lake keeps each event once,
// requestParameters and friends as maps of strings (element_at), readOnly as a boolean.
import type { DictField } from "../../ingest/chunk";
import { columnText, viewConditions, whereBody, type Dialect } from "./predicate";
import { principalSql } from "./principal";
import { RESOURCE_FIELDS, STRUCT_PATHS, TOP_LEVEL, jsonPathReason } from "./schema";
import { REGEX_NOTE, hasRegex, identityOf, scalarLeaves, trinoFunctions } from "./trino";
import { lit, refuse, sql, type Sql } from "./text";
import type { SqlView } from "./types";

export const STORE_PLACEHOLDER = "<your-event-data-store-id>";

const IDENTITY = identityOf("userIdentity", {
  type: "type",
  arn: "arn",
  principalId: "principalId",
  userName: "userName",
  accountId: "accountId",
  invokedBy: "invokedBy",
  issuerUserName: "sessionContext.sessionIssuer.userName",
  onBehalfOfUserId: "onBehalfOf.userId",
});

const COLUMNS: Readonly<Record<DictField, string | null>> = {
  eventName: "eventName",
  eventSource: "eventSource",
  sourceIPAddress: "sourceIPAddress",
  awsRegion: "awsRegion",
  principal: null,
  userType: "userIdentity.type",
  userArn: "userIdentity.arn",
  accessKeyId: "userIdentity.accessKeyId",
  errorCode: "errorCode",
  account: "recipientAccountId",
  eventType: "eventType",
  eventCategory: "eventCategory",
  userAgent: "userAgent",
  readOnly: "CAST(readOnly AS varchar)",
  mfaUsed: "element_at(additionalEventData, 'MFAUsed')",
  requestUserName: "element_at(requestParameters, 'userName')",
  requestRoleArn: "element_at(requestParameters, 'roleArn')",
  bucketName: "element_at(requestParameters, 'bucketName')",
  issuerArn: "userIdentity.sessionContext.sessionIssuer.arn",
  issuerType: "userIdentity.sessionContext.sessionIssuer.type",
  credentialsKeyId: null,
  createdKeyId: null,
  consoleLogin: "element_at(responseElements, 'ConsoleLogin')",
};

const SCALARS = new Set<string>([...TOP_LEVEL, ...STRUCT_PATHS]);
/** Lake types these as boolean or timestamp: their text is not the record's. */
const NOT_TEXT = new Set(["eventtime", "managementevent", "sessioncredentialfromconsole"]);

/** Lake's spelling of a lower-case path: Lake compares names ignoring case too. */
function lakeName(path: string): string {
  return path === "readonly" ? "CAST(readOnly AS varchar)" : path;
}

export const lakeDialect: Dialect = {
  name: "CloudTrail Lake",
  column: (field) => {
    if (field === "principal") return sql(principalSql(IDENTITY));
    const column = COLUMNS[field];
    if (column === null) {
      return refuse(
        `CloudTrail Lake keeps responseElements as a map of strings, so ${field} (a value nested below it) cannot be compared exactly`,
      );
    }
    return sql(`coalesce(${column}, '')`);
  },
  path: (path) => {
    const lower = path.toLowerCase();
    if (NOT_TEXT.has(lower))
      return `CloudTrail Lake types ${path} as a timestamp or boolean, not as the record's text`;
    if (SCALARS.has(lower)) return scalarLeaves(lakeName(lower));
    const [head, field] = lower.split(".");
    if (head === "resources" && (RESOURCE_FIELDS as readonly string[]).includes(field ?? ""))
      return "the CloudTrail Lake form does not look into the resources array (use Athena or DuckDB)";
    return jsonPathReason("CloudTrail Lake", path);
  },
  ...trinoFunctions,
  eventId: "coalesce(eventID, '')",
  time: (from, to) => {
    // Lake compares eventTime with 'YYYY-MM-DD HH:MM:SS[.mmm]' literals (UTC).
    const at = (ms: number): string =>
      lit(
        new Date(ms)
          .toISOString()
          .replace("T", " ")
          .replace(/(\.000)?Z$/, ""),
      );
    const parts: string[] = [];
    if (from !== null) parts.push(`eventTime >= ${at(from)}`);
    if (to !== null) parts.push(`eventTime < ${at(to)}`);
    return parts.join(" AND ");
  },
};

/** The SELECT of the view over an event data store. */
export function lakeSql(view: SqlView): Sql {
  const conditions = viewConditions(lakeDialect, view);
  if (!conditions.ok) return refuse(conditions.reason);
  const group = view.group.map((field) => `${columnText(lakeDialect, field)} AS "${field}"`);
  const select =
    group.length > 0
      ? `SELECT ${group.join(", ")}, count(*) AS event_count, min(eventTime) AS first_seen, max(eventTime) AS last_seen`
      : "SELECT eventTime, eventSource, eventName, userIdentity.arn, sourceIPAddress, errorCode, eventID";
  const order =
    group.length > 0
      ? `GROUP BY ${view.group.map((_, i) => i + 1).join(", ")}\nORDER BY event_count DESC`
      : "ORDER BY eventTime DESC";
  return sql(
    [
      `-- CloudTrail Lake: replace ${STORE_PLACEHOLDER} with the event data store's ID. A store`,
      "-- keeps each event once, so no deduplication is needed.",
      ...(hasRegex(view.expr) ? REGEX_NOTE : []),
      select,
      `FROM ${STORE_PLACEHOLDER}`,
      `WHERE ${whereBody(conditions.items)}`,
      order,
    ].join("\n"),
  );
}
