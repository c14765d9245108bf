// CloudTrail field names back from the query engines. Athena and CloudTrail Lake lowercase their
// column names (`eventname`, `useridentity.sessioncontext.sessionissuer.arn`), keep the nested
// fields they store as text (`requestparameters`) as JSON strings, and Lake and CSV give every
// value as a string. These functions rebuild the record as CloudTrail writes it: every known field
// under its own name at any casing, JSON text parsed back (kept as text when it is not JSON),
// unknown keys as they are. Per record, only for the shapes that need it: never on `Records`.
import { COLUMN_PATHS } from "./chunk";
import { asObject } from "./fields";
import { readRowText } from "./rowtext";

interface Field {
  /** The name CloudTrail writes. */
  name: string;
  /** The fields of the object (or of each object of the list) under this one, by lowercase name. */
  children?: Schema;
  /** Athena and Lake hold it as JSON text. */
  json?: boolean;
  /** `true` / `false` in CloudTrail; "true" / "false" as a column. */
  boolean?: boolean;
}
type Schema = ReadonlyMap<string, Field>;

type Spec = Record<string, Schema | "json" | "boolean" | null>;

function schema(spec: Spec): Schema {
  const map = new Map<string, Field>();
  for (const [name, kind] of Object.entries(spec)) {
    const field: Field = { name };
    if (kind === "json") field.json = true;
    else if (kind === "boolean") field.boolean = true;
    else if (kind !== null) field.children = kind;
    map.set(name.toLowerCase(), field);
  }
  return map;
}

const leaves = (names: string): Spec =>
  Object.fromEntries(names.split(" ").map((name) => [name, null]));

const SESSION_ISSUER = schema(leaves("type principalId arn accountId userName"));
const SESSION_CONTEXT = schema({
  attributes: schema(leaves("creationDate mfaAuthenticated")),
  sessionIssuer: SESSION_ISSUER,
  // `attributes` here is a map of the identity provider's claims: its keys stay as they are.
  webIdFederationData: schema(leaves("federatedProvider attributes")),
  ...leaves("sourceIdentity ec2RoleDelivery ec2IssuedInVPC assumedRoot"),
});
const USER_IDENTITY = schema({
  ...leaves("type principalId arn accountId accessKeyId userName invokedBy identityProvider"),
  credentialId: null,
  sessionContext: SESSION_CONTEXT,
  onBehalfOf: schema(leaves("userId identityStoreArn")),
  inScopeOf: schema(leaves("sourceArn sourceAccount issuerType credentialsIssuedTo")),
});
/** CloudTrail writes a resource's ARN in capitals. */
const RESOURCE = schema(leaves("ARN accountId type arnPrefix"));
const AVERAGES = schema(leaves("value average"));
const INSIGHT_DETAILS = schema({
  ...leaves("state eventSource eventName insightType errorCode"),
  insightContext: schema({
    statistics: schema({
      baseline: schema(leaves("average")),
      insight: schema(leaves("average")),
      ...leaves("insightDuration baselineDuration"),
    }),
    attributions: schema({ attribute: null, insight: AVERAGES, baseline: AVERAGES }),
  }),
});

/** The fields of a CloudTrail record (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). */
const TOP = schema({
  ...leaves("eventVersion eventTime eventSource eventName awsRegion sourceIPAddress userAgent"),
  ...leaves("errorCode errorMessage requestID eventID eventType apiVersion recipientAccountId"),
  ...leaves("sharedEventID vpcEndpointId vpcEndpointAccountId eventCategory"),
  sessionCredentialFromConsole: null,
  readOnly: "boolean",
  managementEvent: "boolean",
  requestParameters: "json",
  responseElements: "json",
  additionalEventData: "json",
  serviceEventDetails: "json",
  edgeDeviceDetails: "json",
  userIdentity: USER_IDENTITY,
  resources: RESOURCE,
  tlsDetails: schema(leaves("tlsVersion cipherSuite clientProvidedHostHeader")),
  addendum: schema(leaves("reason updatedFields originalRequestID originalEventID")),
  insightDetails: INSIGHT_DETAILS,
});

/** Columns of Trailview's own CSV export that are not CloudTrail names: where their value goes. */
const EXPORT_COLUMNS: ReadonlyMap<string, string> = new Map(
  Object.entries(COLUMN_PATHS).filter(([field, path]) => field !== path),
);

/**
 * `object[key] = value`, except that a key `__proto__` (JSON.parse makes it an own property, a
 * hostile CSV header can name it) stays a field instead of replacing the object's prototype.
 */
export function put(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else object[key] = value;
}

/** JSON text parsed when it holds an object or a list; anything else stays the text it was. */
function parsedText(value: string): unknown {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 32) i++;
  const first = value.charCodeAt(i);
  if (first !== 123 /* { */ && first !== 91 /* [ */) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function convert(value: unknown, field: Field | undefined): unknown {
  if (field === undefined) return value;
  let out = value;
  if (typeof out === "string") {
    if (field.boolean === true) return out === "true" ? true : out === "false" ? false : out;
    // Struct columns (userIdentity, resources, tlsDetails) come as JSON text out of Lake or a CSV.
    if (field.json === true || field.children !== undefined) {
      out = parsedText(out);
      // The engines print a struct or a map as `{type=IAMUser, arn=…}` rather than JSON.
      if (typeof out === "string") out = readRowText(out) ?? out;
    }
  }
  const children = field.children;
  if (children === undefined || typeof out !== "object" || out === null) return out;
  if (Array.isArray(out)) return out.map((item) => canonicalIn(item, children));
  return canonicalObject(out as Record<string, unknown>, children);
}

function canonicalIn(value: unknown, fields: Schema): unknown {
  const object = asObject(value);
  return object === null ? value : canonicalObject(object, fields);
}

function canonicalObject(value: Record<string, unknown>, fields: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // Athena writes every column and struct field, null where the record has none: CloudTrail
    // leaves those out, and so does the rebuilt record (`sessionIssuer: {}` stays `{}`).
    if (value[key] === null) continue;
    const field = fields.get(key.toLowerCase());
    put(out, field === undefined ? key : field.name, convert(value[key], field));
  }
  return out;
}

/**
 * A record with Athena's lowercase names (an `UNLOAD ... WITH (format = 'JSON')` row): all its
 * keys lowercase, `eventname`, `eventsource` and `eventtime` among them.
 */
export function isLowercaseRecord(value: Record<string, unknown>): boolean {
  if (
    typeof value.eventname !== "string" ||
    value.eventsource === undefined ||
    value.eventtime === undefined
  )
    return false;
  for (const key of Object.keys(value)) if (key !== key.toLowerCase()) return false;
  return true;
}

/** The record under CloudTrail's names (see the top of this file); keys it does not know stay. */
export function canonicalRecord(value: Record<string, unknown>): Record<string, unknown> {
  return canonicalObject(value, TOP);
}

/** Whether a rebuilt record has any field CloudTrail writes at its top level. */
function hasCloudTrailField(record: Record<string, unknown>): boolean {
  for (const key of Object.keys(record)) {
    const field = TOP.get(key.toLowerCase());
    if (field !== undefined && field.name === key) return true;
  }
  return false;
}

/** Sets the column's value at its dotted path, each step under CloudTrail's name where known. */
function assign(record: Record<string, unknown>, column: string, value: unknown): void {
  const path = (EXPORT_COLUMNS.get(column) ?? column).split(".");
  let target = record;
  let fields: Schema | undefined = TOP;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const field: Field | undefined = fields?.get(step.toLowerCase());
    const name = field === undefined ? step : field.name;
    if (i === path.length - 1) {
      // A whole column (`userIdentity`) and a part of it (`userIdentity.arn`) may both be there.
      const existing = asObject(target[name]);
      const converted = convert(value, field);
      const incoming = asObject(converted);
      put(
        target,
        name,
        existing !== null && incoming !== null ? { ...incoming, ...existing } : converted,
      );
      return;
    }
    let next = asObject(target[name]);
    if (next === null) {
      if (target[name] !== undefined) return;
      next = {};
      put(target, name, next);
    }
    target = next;
    fields = field?.children;
  }
}

/**
 * A record rebuilt from named columns (a CSV row, a Lake row): empty cells are missing fields
 * (both engines write null as nothing), dotted names nest. Null when no column is a CloudTrail
 * field (an aggregate such as `count(*)`): such a row is not an event.
 */
export function recordOfColumns(columns: Record<string, unknown>): Record<string, unknown> | null {
  const record: Record<string, unknown> = {};
  for (const column of Object.keys(columns)) {
    const value = columns[column];
    if (value === undefined || value === null || value === "" || column === "") continue;
    assign(record, column, value);
  }
  return hasCloudTrailField(record) ? record : null;
}

/**
 * One row of `get-query-results`: a list of single-key maps, `[{"eventID": "…"}, {"eventName":
 * "…"}]`, each value a string.
 */
export function recordOfLakeRow(row: unknown): Record<string, unknown> | null {
  if (!Array.isArray(row)) return null;
  const columns: Record<string, unknown> = {};
  for (const cell of row) {
    const object = asObject(cell);
    if (object === null) continue;
    for (const key of Object.keys(object)) put(columns, key, object[key]);
  }
  return recordOfColumns(columns);
}
