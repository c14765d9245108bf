// The contract between the parsers (run in workers) and the columnar store (main thread).
//
// A worker parses a batch of files and posts back one ColumnChunk: every event of the batch as a
// row, each indexed field as an id into a chunk-local string dictionary. The store merges a chunk
// by remapping each local dictionary entry once, then copying the columns.
//
//   row r ──▶ time[r]          ms since epoch (NaN: no usable eventTime, counted under "no time")
//             fields.eventName[r] ──▶ dicts.eventName[id]   ("" at id 0 = field missing)
//             fields.eventSource[r] ──▶ dicts.eventSource[id]
//             ...                                           (one Uint32Array per DictField)
//             flags[r]         FLAG_* bits
//             eventKey[4r..4r+3]  dedupe key: 96 bits of eventID, then a 32-bit fingerprint of the
//                                 whole record (fingerprint.ts); all zero = no eventID
//             file[r], record[r]  where the record lives: file index, position among its records
//             requestKey[r], sharedKey[r]  32-bit hashes of requestID and sharedEventID (0: none),
//                                 to find related events; candidates are confirmed on the records
//
// All typed arrays are exactly `rows` (eventKey: 4 × rows) long so their buffers can be
// transferred, not copied.

/** Fields kept as dictionary ids, named as in CloudTrail (account = recipientAccountId). */
export const DICT_FIELDS = [
  "eventName",
  "eventSource",
  "sourceIPAddress",
  "awsRegion",
  "principal",
  "userType",
  "userArn",
  "accessKeyId",
  "errorCode",
  "account",
  "eventType",
  "eventCategory",
  "userAgent",
  "readOnly",
  // Nested values analysts ask for most, indexed so that a query on them needs no scan.
  "mfaUsed", // additionalEventData.MFAUsed
  "requestUserName", // requestParameters.userName
  "requestRoleArn", // requestParameters.roleArn
  "bucketName", // requestParameters.bucketName
  "issuerArn", // userIdentity.sessionContext.sessionIssuer.arn
  "issuerType", // userIdentity.sessionContext.sessionIssuer.type
  "credentialsKeyId", // responseElements.credentials.accessKeyId
  "createdKeyId", // responseElements.accessKey.accessKeyId
  "consoleLogin", // responseElements.ConsoleLogin: a console sign-in's outcome
] as const;
export type DictField = (typeof DICT_FIELDS)[number];

/**
 * The record path each indexed column holds (see parse.ts). `principal` is derived from
 * `userIdentity` (principal.ts) and has no path of its own in a record.
 */
export const COLUMN_PATHS: Readonly<Record<DictField, string>> = {
  eventName: "eventName",
  eventSource: "eventSource",
  sourceIPAddress: "sourceIPAddress",
  awsRegion: "awsRegion",
  principal: "principal",
  userType: "userIdentity.type",
  userArn: "userIdentity.arn",
  accessKeyId: "userIdentity.accessKeyId",
  errorCode: "errorCode",
  account: "recipientAccountId",
  eventType: "eventType",
  eventCategory: "eventCategory",
  userAgent: "userAgent",
  readOnly: "readOnly",
  mfaUsed: "additionalEventData.MFAUsed",
  requestUserName: "requestParameters.userName",
  requestRoleArn: "requestParameters.roleArn",
  bucketName: "requestParameters.bucketName",
  issuerArn: "userIdentity.sessionContext.sessionIssuer.arn",
  issuerType: "userIdentity.sessionContext.sessionIssuer.type",
  credentialsKeyId: "responseElements.credentials.accessKeyId",
  createdKeyId: "responseElements.accessKey.accessKeyId",
  consoleLogin: "responseElements.ConsoleLogin",
};

/** `readOnly: true`. */
export const FLAG_READ_ONLY = 1;
/** `readOnly: false` (neither bit: the record does not say). */
export const FLAG_WRITE = 2;
/** `managementEvent: true`. */
export const FLAG_MANAGEMENT = 4;
/** `managementEvent: false`, i.e. a data (or network activity) event. */
export const FLAG_DATA = 8;
/** `eventTime` missing or not a date: `time` is NaN. */
export const FLAG_NO_TIME = 16;
/** No usable `eventID`: the record is never treated as a duplicate. */
export const FLAG_NO_EVENT_ID = 32;

export type DictColumns = Record<DictField, Uint32Array>;
export type Dictionaries = Record<DictField, string[]>;

/**
 * The per-row arrays of a chunk besides the dictionary ids, one entry each: how to make one of
 * `n` elements, its elements per row, and how the store keeps it:
 *
 *   copy    the same array type, copied block-wise (row by row past dropped duplicates)
 *   narrow  1, 2 or 4 bytes a row, as few as its largest value needs, widened as values grow
 *   dedupe  written by the store's dedupe pass, which reads it to find repeats (eventKey)
 *
 * The dictionary-id columns (DICT_FIELDS) are Uint32 in a chunk and narrow in the store. This
 * table drives the chunk's type, the parsers' and the test builder's allocation, and the store's
 * allocation, growth, copy and byte count: a new column is an entry here plus its parse code.
 */
export const ROW_COLUMNS = {
  time: { make: (n: number) => new Float64Array(n), perRow: 1, store: "copy" },
  flags: { make: (n: number) => new Uint8Array(n), perRow: 1, store: "copy" },
  eventKey: { make: (n: number) => new Uint32Array(n), perRow: 4, store: "dedupe" },
  file: { make: (n: number) => new Uint32Array(n), perRow: 1, store: "narrow" },
  record: { make: (n: number) => new Uint32Array(n), perRow: 1, store: "narrow" },
  requestKey: { make: (n: number) => new Uint32Array(n), perRow: 1, store: "copy" },
  sharedKey: { make: (n: number) => new Uint32Array(n), perRow: 1, store: "copy" },
} as const;

export type RowColumn = keyof typeof ROW_COLUMNS;
export type RowArrays = { [K in RowColumn]: ReturnType<(typeof ROW_COLUMNS)[K]["make"]> };
export const ROW_COLUMN_NAMES = Object.keys(ROW_COLUMNS) as RowColumn[];

/** A zeroed array of `column` for `rows` rows. */
export function rowArray<K extends RowColumn>(column: K, rows: number): RowArrays[K] {
  const spec = ROW_COLUMNS[column];
  return spec.make(rows * spec.perRow) as RowArrays[K];
}

/** Every row array, each for `rows` rows, or made by `make`. */
export function rowArrays(
  rows: number,
  make: <K extends RowColumn>(column: K) => RowArrays[K] = (column) => rowArray(column, rows),
): RowArrays {
  const out = {} as Record<RowColumn, RowArrays[RowColumn]>;
  for (const column of ROW_COLUMN_NAMES) out[column] = make(column);
  return out as RowArrays;
}

/** A batch's rows: the ROW_COLUMNS arrays, one Uint32 id column per DictField, their strings. */
export interface ColumnChunk extends RowArrays {
  rows: number;
  fields: DictColumns;
  dicts: Dictionaries;
}

/** How a file's records were wrapped. */
export type FileShape =
  | "records" // {"Records":[...]}, as CloudTrail delivers
  | "array" // a JSON array of records
  | "ndjson" // one record per line
  | "single" // one record object
  | "lookup-events" // `aws cloudtrail lookup-events` output: Events[].CloudTrailEvent strings
  | "eventbridge" // {"detail-type":"AWS API Call via CloudTrail","detail":{...}}, alone or many
  | "lake" // `aws cloudtrail get-query-results` output: QueryResultRows of [{"column": "value"}]
  | "csv" // a header row naming CloudTrail fields (Lake's saved result_*.csv.gz, Athena, exports)
  | "athena" // records under Athena's lowercase names (UNLOAD ... format 'JSON'), NDJSON or list
  | "concatenated" // JSON values one after another with no separator (Firehose to S3)
  | "cloudwatch-logs"; // CloudWatch Logs subscription envelopes: logEvents[].message records

/** One CloudTrail Insights event (a Start or an End), kept whole enough to pair and display. */
export interface InsightRecord {
  fileIndex: number;
  record: number;
  eventID: string;
  sharedEventID: string;
  /** ms since epoch; NaN when missing. */
  time: number;
  state: "Start" | "End" | "";
  insightType: string;
  eventSource: string;
  eventName: string;
  errorCode: string;
  awsRegion: string;
  account: string;
  baselineAverage: number | null;
  insightAverage: number | null;
  baselineDuration: number | null;
  insightDuration: number | null;
  attributions: InsightAttribution[];
}

export interface InsightAttribution {
  attribute: string;
  insight: { value: string; average: number }[];
  baseline: { value: string; average: number }[];
}

/** A CloudTrail-Digest file, recognised and kept aside (it holds no events). */
export interface DigestSummary {
  fileIndex: number;
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Object: string;
  previousDigestHashValue: string;
  logFiles: { s3Object: string; hashValue: string; hashAlgorithm: string }[];
  // What the integrity checks need (src/ingest/integrity.ts); "" where the digest has no value.
  digestS3Bucket: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string;
  previousDigestS3Bucket: string;
  previousDigestS3Object: string;
  previousDigestHashAlgorithm: string;
  /** Hex signature of the previous digest; "" when there is none (JSON null). */
  previousDigestSignature: string;
  /** Hex SHA-256 of this digest file's decompressed bytes, exactly as stored. */
  digestHash: string;
}

/** One public key of `aws cloudtrail list-public-keys` output (a file dropped with the logs). */
export interface PublicKeyEntry {
  fileIndex: number;
  /** Base64 of the DER PKCS#1 RSAPublicKey. */
  value: string;
  /** Hex, matched to a digest's `digestPublicKeyFingerprint`. */
  fingerprint: string;
  validityStartTime: string;
  validityEndTime: string;
}

/** What became of one file of a batch. */
export interface FileOutcome {
  fileIndex: number;
  /**
   * `error`: nothing could be read; `cancelled`: never read, the load was stopped first;
   * `skipped`: plainly not a log (a `LICENSE`, a `.md` beside the logs; the reason in `error`);
   * the other kinds say what the file held (`keys`: `aws cloudtrail list-public-keys` output).
   */
  kind: "events" | "digest" | "keys" | "error" | "cancelled" | "skipped";
  shape: FileShape | null;
  compressedBytes: number;
  rawBytes: number;
  /** Records turned into rows. */
  events: number;
  /** Insights events found in the file (not counted as events). */
  insights: number;
  /** Entries inside the file that were not CloudTrail records (counted, never silently lost). */
  skipped: number;
  /** Why the file could not be read, in words a person understands; "" unless kind is error. */
  error: string;
  /**
   * What was ignored in a file that loaded (bytes after its gzip data, a cut end of a large
   * file), in words a person understands; absent when nothing was.
   */
  warning?: string;
  /**
   * For a file read as a stream (large): pairs (start, end) of each entry's bytes in the
   * decompressed text, by record index, so that one record is read again without the others.
   */
  recordOffsets?: Float64Array;
}

/** The result of parsing one batch of files: one chunk for all of their rows. */
export interface BatchResult {
  chunk: ColumnChunk;
  outcomes: FileOutcome[];
  insights: InsightRecord[];
  digests: DigestSummary[];
  /** Public keys from `list-public-keys` files of the batch (absent: none). */
  keys?: PublicKeyEntry[];
  /** Dotted field paths seen in the batch's records (from one record per eventSource/eventName). */
  paths: string[];
  /** Detection rules matched during the parse: pairs (rule index, chunk row). */
  matches: Uint32Array;
}

/** The typed arrays of a chunk, for `postMessage(..., transfer)`. */
export function chunkBuffers(chunk: ColumnChunk): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = ROW_COLUMN_NAMES.map((column) => chunk[column]);
  for (const field of DICT_FIELDS) arrays.push(chunk.fields[field]);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
