// Which record paths the store keeps as columns, and the short names a query may use for them.
import { COLUMN_PATHS, type DictField } from "../ingest/chunk";

export { COLUMN_PATHS } from "../ingest/chunk";

/** The path a derived field stands for; evaluated over a record by ingest's principalOf. */
export const PRINCIPAL_PATH = "principal";

/** Short names for common paths, offered by autocomplete. Keys are lower case. */
export const ALIASES: Readonly<Record<string, string>> = {
  principal: PRINCIPAL_PATH,
  ip: "sourceIPAddress",
  region: "awsRegion",
  account: "recipientAccountId",
  key: "userIdentity.accessKeyId",
  arn: "userIdentity.arn",
  type: "userIdentity.type",
  error: "errorCode",
  agent: "userAgent",
  service: "eventSource",
  action: "eventName",
  mfa: "additionalEventData.MFAUsed",
};

const COLUMN_BY_PATH = new Map<string, DictField>();
for (const [field, path] of Object.entries(COLUMN_PATHS) as [DictField, string][]) {
  COLUMN_BY_PATH.set(path.toLowerCase(), field);
}

/**
 * The canonical path of a field name typed in a query: an alias's path, a column's own name
 * (`userType`, `account`) as its path, or the name as written. Paths are matched to columns
 * case-insensitively; a path that is no column keeps the case it was typed in.
 */
export function canonicalPath(name: string): string {
  const lower = name.toLowerCase();
  // Own keys only: `constructor` or `__proto__` typed as a field name are names, not Object's.
  if (Object.hasOwn(ALIASES, lower)) return ALIASES[lower]!;
  const column = COLUMN_BY_PATH.get(lower);
  if (column !== undefined) return COLUMN_PATHS[column];
  for (const [field, path] of Object.entries(COLUMN_PATHS) as [DictField, string][]) {
    if (field.toLowerCase() === lower) return path;
  }
  return name;
}

/** The column that holds `path`, or null when the path is not indexed. */
export function columnOf(path: string): DictField | null {
  return COLUMN_BY_PATH.get(path.toLowerCase()) ?? null;
}
