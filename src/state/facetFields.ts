// The facet fields, in the order an analyst reaches for them: the facet panels show them, and a
// finished load works out the first one's pair counts (derive.ts) so that a click on any of its
// values is answered from short lists.
import type { DictField } from "../ingest/chunk";

export const FACET_FIELDS: readonly DictField[] = [
  "eventName",
  "eventSource",
  "principal",
  "sourceIPAddress",
  "awsRegion",
  "errorCode",
  "userType",
  "account",
  "accessKeyId",
  "readOnly",
  "eventType",
  "eventCategory",
  "userAgent",
];
