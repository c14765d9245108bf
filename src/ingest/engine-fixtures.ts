// For tests only: real records rewritten as the query engines and Firehose give them back, the
// way their documentation describes. Pure (the tests read the samples and pass the records in).
import { asObject } from "./fields";

type Json = Record<string, unknown>;

/** A value as Athena writes a STRING column that holds JSON: the text, or null when absent. */
const jsonString = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

const stringOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : String(value);

/** The struct's fields in Athena's lowercase names, null where the record has none. */
function struct(value: unknown, fields: Record<string, (v: unknown) => unknown>): Json | null {
  const object = asObject(value);
  if (object === null) return null;
  const out: Json = {};
  for (const [canonical, convert] of Object.entries(fields))
    out[canonical.toLowerCase()] = convert(object[canonical]);
  return out;
}

const leaf = stringOrNull;

/** `useridentity` of the Athena CloudTrail table (docs: create-cloudtrail-table). */
export function athenaIdentity(identity: unknown): Json | null {
  return struct(identity, {
    type: leaf,
    principalId: leaf,
    arn: leaf,
    accountId: leaf,
    invokedBy: leaf,
    accessKeyId: leaf,
    userName: leaf,
    onBehalfOf: (v) => struct(v, { userId: leaf, identityStoreArn: leaf }),
    sessionContext: (v) =>
      struct(v, {
        attributes: (a) => struct(a, { mfaAuthenticated: leaf, creationDate: leaf }),
        sessionIssuer: (s) =>
          struct(s, { type: leaf, principalId: leaf, arn: leaf, accountId: leaf, userName: leaf }),
        ec2RoleDelivery: leaf,
        webIdFederationData: (w) =>
          struct(w, { federatedProvider: leaf, attributes: (m) => asObject(m) }),
      }),
  });
}

/**
 * One row of `UNLOAD (SELECT * FROM cloudtrail_logs) ... WITH (format = 'JSON')`: the table's
 * columns only (it has no `managementevent`), lowercase, JSON fields as text, nulls written.
 */
export function athenaRow(record: Json): Json {
  return {
    eventversion: leaf(record.eventVersion),
    useridentity: athenaIdentity(record.userIdentity),
    eventtime: leaf(record.eventTime),
    eventsource: leaf(record.eventSource),
    eventname: leaf(record.eventName),
    awsregion: leaf(record.awsRegion),
    sourceipaddress: leaf(record.sourceIPAddress),
    useragent: leaf(record.userAgent),
    errorcode: leaf(record.errorCode),
    errormessage: leaf(record.errorMessage),
    requestparameters: jsonString(record.requestParameters),
    responseelements: jsonString(record.responseElements),
    additionaleventdata: jsonString(record.additionalEventData),
    requestid: leaf(record.requestID),
    eventid: leaf(record.eventID),
    resources: Array.isArray(record.resources)
      ? record.resources.map((r) => struct(r, { ARN: leaf, accountId: leaf, type: leaf }))
      : null,
    eventtype: leaf(record.eventType),
    apiversion: leaf(record.apiVersion),
    readonly: leaf(record.readOnly),
    recipientaccountid: leaf(record.recipientAccountId),
    serviceeventdetails: jsonString(record.serviceEventDetails),
    sharedeventid: leaf(record.sharedEventID),
    vpcendpointid: leaf(record.vpcEndpointId),
    eventcategory: leaf(record.eventCategory),
    sessioncredentialfromconsole: leaf(record.sessionCredentialFromConsole),
    tlsdetails: struct(record.tlsDetails, {
      tlsVersion: leaf,
      cipherSuite: leaf,
      clientProvidedHostHeader: leaf,
    }),
  };
}

/** What Athena's table gives back of a record, under CloudTrail's names (what a row must equal). */
export function athenaProjection(record: Json): Json {
  const keep = [
    "eventVersion",
    "userIdentity",
    "eventTime",
    "eventSource",
    "eventName",
    "awsRegion",
    "sourceIPAddress",
    "userAgent",
    "errorCode",
    "errorMessage",
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "requestID",
    "eventID",
    "resources",
    "eventType",
    "apiVersion",
    "readOnly",
    "recipientAccountId",
    "serviceEventDetails",
    "sharedEventID",
    "vpcEndpointId",
    "eventCategory",
    "sessionCredentialFromConsole",
    "tlsDetails",
  ];
  // Athena cannot tell a null field from a missing one (`responseElements: null`): both go.
  return Object.fromEntries(
    keep.filter((k) => record[k] !== undefined && record[k] !== null).map((k) => [k, record[k]]),
  );
}

/** Lake's timestamp as it prints it: `2023-07-10 12:05:33.000`. */
export function lakeTime(eventTime: unknown): string {
  const ms = Date.parse(String(eventTime));
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

/** `get-query-results` rows of `SELECT <columns>`: single-key maps, every value a string. */
export function lakeRows(records: readonly Json[], columns: readonly string[]): Json[][] {
  return records.map((record) =>
    columns
      .filter((column) => record[column] !== undefined && record[column] !== null)
      .map((column) => {
        const value = record[column];
        const cell =
          column === "eventTime"
            ? lakeTime(value)
            : typeof value === "string"
              ? value
              : JSON.stringify(value);
        return { [column]: cell };
      }),
  );
}

/** A value as Athena prints a ROW, ARRAY or MAP in its CSV results: `{arn=…, type=null}`. */
export function rowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(rowText).join(", ")}]`;
  const object = asObject(value);
  if (object !== null)
    return `{${Object.entries(object)
      .map(([key, v]) => `${key}=${rowText(v)}`)
      .join(", ")}}`;
  return value === null || value === undefined ? "null" : String(value);
}

/** A CSV cell quoted always (as Athena writes), inner quotes doubled. */
export const quoted = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/** A CSV cell quoted only when needed (as Lake and spreadsheets write). */
export const minimal = (value: string): string => (/[",\r\n]/.test(value) ? quoted(value) : value);

/** A CloudWatch Logs subscription envelope holding the records as log events' messages. */
export function cloudWatchEnvelope(records: readonly Json[], messageType = "DATA_MESSAGE"): Json {
  return {
    messageType,
    owner: "218007301253",
    logGroup: "aws-cloudtrail-logs",
    logStream: "218007301253_CloudTrail_us-east-1",
    subscriptionFilters: ["to-firehose"],
    logEvents: records.map((record, i) => ({
      id: String(37_000_000_000 + i),
      timestamp: Date.parse(String(record.eventTime)),
      message: JSON.stringify(record),
    })),
  };
}
