import { revealHidden } from "../../lib/visible";
import type { DictField } from "../../ingest/chunk";

const LABELS: Record<DictField, string> = {
  eventName: "Event name",
  eventSource: "Event source",
  sourceIPAddress: "Source IP address",
  awsRegion: "Region",
  principal: "Principal",
  userType: "Identity type",
  userArn: "Identity ARN",
  accessKeyId: "Access key",
  errorCode: "Error code",
  account: "Account",
  eventType: "Event type",
  eventCategory: "Event category",
  userAgent: "User agent",
  readOnly: "Read-only",
  mfaUsed: "Console MFA used",
  requestUserName: "Request: user name",
  requestRoleArn: "Request: role ARN",
  bucketName: "Request: bucket",
  issuerArn: "Session issuer ARN",
  issuerType: "Session issuer type",
  credentialsKeyId: "Issued credentials key",
  createdKeyId: "Created access key",
  consoleLogin: "Console sign-in result",
};

export function fieldLabel(field: DictField): string {
  return LABELS[field];
}

/** How a missing value reads in a given field. */
export function emptyLabel(field: DictField): string {
  return field === "errorCode" ? "(no error)" : "(none)";
}

/** How a value reads in its facet: `readOnly` says read or write rather than true or false. */
export function valueLabel(field: DictField, value: string): string {
  if (value === "") return emptyLabel(field);
  if (field === "readOnly")
    return value === "true" ? "read" : value === "false" ? "write" : revealHidden(value);
  return revealHidden(value);
}
