// A batch of files → one ColumnChunk (see chunk.ts for the layout). This is the hot path of a
// load: per record it does the property reads, Map lookups and typed-array writes, and nothing
// that allocates on the common path, so that it costs little next to inflate and JSON.parse.
import {
  DICT_FIELDS,
  FLAG_DATA,
  FLAG_MANAGEMENT,
  FLAG_NO_EVENT_ID,
  FLAG_NO_TIME,
  FLAG_READ_ONLY,
  FLAG_WRITE,
  ROW_COLUMNS,
  ROW_COLUMN_NAMES,
  rowArrays,
  type BatchResult,
  type ColumnChunk,
  type DictColumns,
  type DictField,
  type Dictionaries,
  type DigestSummary,
  type FileOutcome,
  type InsightRecord,
  type PublicKeyEntry,
  type RowArrays,
  type RowColumn,
} from "./chunk";
import { packingOf } from "./decode";
import { MAX_VALUE_CHARS, clip, key32, text, parseEventTime, writeEventKey } from "./fields";
import {
  SLOT,
  comparableShape,
  knowValue,
  recordFingerprint,
  stringValueHash,
} from "./fingerprint";
import { insightRecordOf, isInsight } from "./insight";
import { digestHashOf, publicKeysOf } from "./integrityCrypto";
import { collectPaths, type PathSampler } from "./paths";
import { principalOf } from "./principal";
import { detectShape, digestSummary, recordOf, type RecordList } from "./shape";
import { STREAM_TEXT_BYTES, readFile } from "./streamRead";

/**
 * Told of every event record of a batch with its row in the chunk (detection rules run here,
 * during the load); `truncate` drops what it was told of rows from `rows` on (a file that failed
 * half-way gives its rows back).
 */
export interface RecordMatcher {
  /** `source`: the chunk's indexed columns, this row's values already interned in them. */
  match(record: Record<string, unknown>, row: number, source?: RowSource): void;
  truncate(rows: number): void;
}

/** A chunk-local dictionary as a matcher may read it (see `Dict`). */
export interface ColumnDict {
  readonly values: readonly string[];
  /** Below 0: the entry is not (only) the whole text of string values (see `Dict.hashes`). */
  readonly hashes: readonly number[];
}

/**
 * The indexed columns of a chunk being built, by DICT_FIELDS index: a row's id in `columns` and
 * its text in `dicts`. A matcher reads a record's indexed values here rather than in the record.
 */
export interface RowSource {
  readonly columns: readonly Uint32Array[];
  readonly dicts: readonly ColumnDict[];
}

/** One file of a batch, as the worker read it. */
export interface BatchInput {
  fileIndex: number;
  name: string;
  bytes: Uint8Array;
}

/** A chunk-local dictionary: id 0 is "" (the field is missing). */
class Dict {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [""];
  /**
   * Each value's hash in a record's fingerprint; -1 for "", a clipped value, and a value that was
   * also the text of something other than a string (a number, a boolean, an object): an entry
   * with a hash is exactly a string that the records hold at the column's path.
   */
  readonly hashes: number[] = [-1];
  /**
   * The value seen last and its id. Neighbouring records mostly repeat a value (same region,
   * account, agent), and comparing two strings is cheaper than hashing a fresh one for the Map.
   */
  last = "";
  lastId = 0;
}

function internString(dict: Dict, full: string): number {
  if (full === "") return 0;
  const value = full.length > MAX_VALUE_CHARS ? clip(full) : full;
  const known = dict.ids.get(value);
  if (known !== undefined) return known;
  const id = dict.values.length;
  dict.ids.set(value, id);
  dict.values.push(value);
  dict.hashes.push(value === full ? stringValueHash(full) : -1);
  return id;
}

function intern(dict: Dict, value: unknown): number {
  if (typeof value === "string") {
    if (value === dict.last) return dict.lastId;
    const known = dict.ids.get(value);
    const id = known !== undefined ? known : internString(dict, value);
    dict.last = value;
    dict.lastId = id;
    return id;
  }
  if (value === undefined || value === null) return 0;
  const id = internString(dict, text(value));
  if (id !== 0) dict.hashes[id] = -1;
  return id;
}

/**
 * `object[key]` interned (see `intern`); when it is a string whose hash the dictionary keeps, the
 * fingerprint is told (knowValue), so that the record's fingerprint does not hash it again.
 */
function internKnown(
  dict: Dict,
  object: Record<string, unknown>,
  key: string,
  slot: number,
): number {
  const value = object[key];
  const id = intern(dict, value);
  if (typeof value === "string") {
    const hash = dict.hashes[id]!;
    if (hash >= 0) knowValue(slot, object, hash);
  }
  return id;
}

const FIELD = Object.fromEntries(DICT_FIELDS.map((field, index) => [field, index])) as Record<
  DictField,
  number
>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type RowArray = Float64Array | Uint32Array | Uint8Array;

/** `array` in one of `length` elements. */
function grown<T extends RowArray>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

/** The first `length` elements of `array`, in a buffer of their own (to be transferred). */
function copied<T extends RowArray>(array: T, length: number): T {
  return array.slice(0, length) as T;
}

/** Elements of a ROW_COLUMNS array for `rows` rows. */
function lengthOf(column: RowColumn, rows: number): number {
  return rows * ROW_COLUMNS[column].perRow;
}

/** Rows of a finished builder's arrays that the next builder may take over (see `spare`). */
const SPARE_ROWS = 16_384;

/**
 * The arrays of the last finished builder, zeroed, for the next one: a worker builds a chunk per
 * batch of about a megabyte, and allocating and collecting its two dozen arrays each time cost
 * more than filling them with zeros. A builder takes them, so two never share them.
 */
let spare: { arrays: RowArrays; columns: Uint32Array[]; capacity: number } | null = null;

class ChunkBuilder implements RowSource {
  rows = 0;
  capacity = 0;
  /** The ROW_COLUMNS arrays (chunk.ts), `capacity` rows long. */
  arrays: RowArrays;
  columns: Uint32Array[];
  dicts: Dict[] = DICT_FIELDS.map(() => new Dict());
  /**
   * Principal id by userIdentity.type, then by arn (else principalId, invokedBy, userName): an
   * identity repeats across thousands of records, and deriving its principal is string work.
   */
  principals = new Map<unknown, Map<string, number>>();
  /** Field paths of the records, from the first record of each (eventSource, eventName). */
  paths = new Set<string>();
  private readonly kinds = new Set<number>();

  /**
   * Room for `extra` more rows; capacity doubles so that appends stay amortised O(1). All or
   * nothing: if an allocation fails (a file of millions of entries), the builder is as before,
   * so the file that asked is reported and the batch's other files keep their rows.
   */
  reserve(extra: number): void {
    const needed = this.rows + extra;
    if (needed <= this.capacity) return;
    let capacity = Math.max(1024, this.capacity);
    while (capacity < needed) capacity *= 2;
    const arrays = rowArrays(capacity, (column) =>
      grown(this.arrays[column], lengthOf(column, capacity)),
    );
    const columns = this.columns.map((column) => grown(column, capacity));
    this.arrays = arrays;
    this.columns = columns;
    this.capacity = capacity;
  }

  /** Drops rows from `rows` on: a file that failed half-way leaves nothing behind. */
  truncate(rows: number): void {
    this.rows = rows;
    this.matcher?.truncate(rows);
  }

  constructor(
    private readonly matcher: RecordMatcher | null,
    private readonly sampler: PathSampler | null,
  ) {
    const taken = spare;
    spare = null;
    if (taken !== null) {
      this.arrays = taken.arrays;
      this.columns = taken.columns;
      this.capacity = taken.capacity;
    } else {
      this.arrays = rowArrays(0);
      this.columns = DICT_FIELDS.map(() => new Uint32Array(0));
    }
  }

  principalId(identity: Record<string, unknown>): number {
    const arn = identity.arn;
    const key =
      typeof arn === "string" && arn !== ""
        ? arn
        : typeof identity.principalId === "string" && identity.principalId !== ""
          ? identity.principalId
          : typeof identity.invokedBy === "string" && identity.invokedBy !== ""
            ? identity.invokedBy
            : typeof identity.userName === "string"
              ? identity.userName
              : "";
    const dict = this.dicts[FIELD.principal]!;
    if (key === "") return internString(dict, principalOf(identity));
    let byKey = this.principals.get(identity.type);
    if (byKey === undefined) {
      byKey = new Map();
      this.principals.set(identity.type, byKey);
    }
    let id = byKey.get(key);
    if (id === undefined) {
      id = internString(dict, principalOf(identity));
      byKey.set(key, id);
    }
    return id;
  }

  /** Appends the rows of one file; counts its rows, insights and skipped entries in `outcome`. */
  addList(
    list: RecordList,
    fileIndex: number,
    insights: InsightRecord[],
    outcome: FileOutcome,
    /** The record index of the list's first entry (a large file comes in groups). */
    base = 0,
  ): void {
    const { entries, unwrap } = list;
    const comparable = comparableShape(list.shape);
    const n = entries.length;
    this.reserve(n);
    const { time, flags, eventKey, file, record, requestKey, sharedKey } = this.arrays;
    const { columns, dicts } = this;
    const eventNameColumn = columns[FIELD.eventName]!;
    const eventSourceColumn = columns[FIELD.eventSource]!;
    const sourceIPAddressColumn = columns[FIELD.sourceIPAddress]!;
    const awsRegionColumn = columns[FIELD.awsRegion]!;
    const principalColumn = columns[FIELD.principal]!;
    const userTypeColumn = columns[FIELD.userType]!;
    const userArnColumn = columns[FIELD.userArn]!;
    const accessKeyIdColumn = columns[FIELD.accessKeyId]!;
    const errorCodeColumn = columns[FIELD.errorCode]!;
    const accountColumn = columns[FIELD.account]!;
    const eventTypeColumn = columns[FIELD.eventType]!;
    const eventCategoryColumn = columns[FIELD.eventCategory]!;
    const userAgentColumn = columns[FIELD.userAgent]!;
    const readOnlyColumn = columns[FIELD.readOnly]!;
    const eventNameDict = dicts[FIELD.eventName]!;
    const eventSourceDict = dicts[FIELD.eventSource]!;
    const sourceIPAddressDict = dicts[FIELD.sourceIPAddress]!;
    const awsRegionDict = dicts[FIELD.awsRegion]!;
    const principalDict = dicts[FIELD.principal]!;
    const userTypeDict = dicts[FIELD.userType]!;
    const userArnDict = dicts[FIELD.userArn]!;
    const accessKeyIdDict = dicts[FIELD.accessKeyId]!;
    const errorCodeDict = dicts[FIELD.errorCode]!;
    const accountDict = dicts[FIELD.account]!;
    const eventTypeDict = dicts[FIELD.eventType]!;
    const eventCategoryDict = dicts[FIELD.eventCategory]!;
    const userAgentDict = dicts[FIELD.userAgent]!;
    const readOnlyDict = dicts[FIELD.readOnly]!;
    const mfaUsedColumn = columns[FIELD.mfaUsed]!;
    const requestUserNameColumn = columns[FIELD.requestUserName]!;
    const requestRoleArnColumn = columns[FIELD.requestRoleArn]!;
    const bucketNameColumn = columns[FIELD.bucketName]!;
    const issuerArnColumn = columns[FIELD.issuerArn]!;
    const issuerTypeColumn = columns[FIELD.issuerType]!;
    const credentialsKeyIdColumn = columns[FIELD.credentialsKeyId]!;
    const createdKeyIdColumn = columns[FIELD.createdKeyId]!;
    const consoleLoginColumn = columns[FIELD.consoleLogin]!;
    const mfaUsedDict = dicts[FIELD.mfaUsed]!;
    const requestUserNameDict = dicts[FIELD.requestUserName]!;
    const requestRoleArnDict = dicts[FIELD.requestRoleArn]!;
    const bucketNameDict = dicts[FIELD.bucketName]!;
    const issuerArnDict = dicts[FIELD.issuerArn]!;
    const issuerTypeDict = dicts[FIELD.issuerType]!;
    const credentialsKeyIdDict = dicts[FIELD.credentialsKeyId]!;
    const createdKeyIdDict = dicts[FIELD.createdKeyId]!;
    const consoleLoginDict = dicts[FIELD.consoleLogin]!;

    let row = this.rows;
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const rec =
        unwrap === "none"
          ? typeof entry === "object" && entry !== null && !Array.isArray(entry)
            ? (entry as Record<string, unknown>)
            : null
          : recordOf(entry, unwrap);
      if (rec === null) {
        outcome.skipped++;
        continue;
      }
      if (isInsight(rec)) {
        insights.push(insightRecordOf(rec, fileIndex, base + i));
        outcome.insights++;
        continue;
      }

      // Slots the fingerprint is told of are left as they are for a member that is missing: the
      // fingerprint uses a slot only for the object it was set for.
      const eventNameId = internKnown(eventNameDict, rec, "eventName", SLOT.eventName);
      const eventSourceId = internKnown(eventSourceDict, rec, "eventSource", SLOT.eventSource);
      eventNameColumn[row] = eventNameId;
      eventSourceColumn[row] = eventSourceId;
      // The shape of a record follows its API: the first of each in a batch shows the paths,
      // unless the worker has seen enough of its kind in earlier batches.
      const kind = eventNameId * 65536 + eventSourceId;
      if (!this.kinds.has(kind)) {
        this.kinds.add(kind);
        if (this.sampler === null || this.sampler.take(rec.eventSource, rec.eventName))
          collectPaths(rec, "", this.paths);
      }
      sourceIPAddressColumn[row] = internKnown(
        sourceIPAddressDict,
        rec,
        "sourceIPAddress",
        SLOT.sourceIPAddress,
      );
      awsRegionColumn[row] = internKnown(awsRegionDict, rec, "awsRegion", SLOT.awsRegion);
      errorCodeColumn[row] = internKnown(errorCodeDict, rec, "errorCode", SLOT.errorCode);
      accountColumn[row] = internKnown(
        accountDict,
        rec,
        "recipientAccountId",
        SLOT.recipientAccountId,
      );
      eventTypeColumn[row] = internKnown(eventTypeDict, rec, "eventType", SLOT.eventType);
      eventCategoryColumn[row] = internKnown(
        eventCategoryDict,
        rec,
        "eventCategory",
        SLOT.eventCategory,
      );
      userAgentColumn[row] = internKnown(userAgentDict, rec, "userAgent", SLOT.userAgent);
      readOnlyColumn[row] = internKnown(readOnlyDict, rec, "readOnly", SLOT.readOnly);
      // The nested values queried most, so that a query on them is a column pass, not a scan.
      const additional = rec.additionalEventData;
      mfaUsedColumn[row] = isObject(additional)
        ? internKnown(mfaUsedDict, additional, "MFAUsed", SLOT.mfaUsed)
        : 0;
      const request = rec.requestParameters;
      if (isObject(request)) {
        requestUserNameColumn[row] = internKnown(
          requestUserNameDict,
          request,
          "userName",
          SLOT.userName,
        );
        requestRoleArnColumn[row] = internKnown(
          requestRoleArnDict,
          request,
          "roleArn",
          SLOT.roleArn,
        );
        bucketNameColumn[row] = internKnown(bucketNameDict, request, "bucketName", SLOT.bucketName);
      } else {
        requestUserNameColumn[row] = 0;
        requestRoleArnColumn[row] = 0;
        bucketNameColumn[row] = 0;
      }
      const response = rec.responseElements;
      if (isObject(response)) {
        const credentials = response.credentials;
        credentialsKeyIdColumn[row] = isObject(credentials)
          ? internKnown(credentialsKeyIdDict, credentials, "accessKeyId", SLOT.credentialsKeyId)
          : 0;
        const accessKey = response.accessKey;
        createdKeyIdColumn[row] = isObject(accessKey)
          ? internKnown(createdKeyIdDict, accessKey, "accessKeyId", SLOT.createdKeyId)
          : 0;
        consoleLoginColumn[row] = internKnown(
          consoleLoginDict,
          response,
          "ConsoleLogin",
          SLOT.consoleLogin,
        );
      } else {
        credentialsKeyIdColumn[row] = 0;
        createdKeyIdColumn[row] = 0;
        consoleLoginColumn[row] = 0;
      }

      const identity = rec.userIdentity;
      if (typeof identity === "object" && identity !== null && !Array.isArray(identity)) {
        const userIdentity = identity as Record<string, unknown>;
        userTypeColumn[row] = internKnown(userTypeDict, userIdentity, "type", SLOT.userType);
        userArnColumn[row] = internKnown(userArnDict, userIdentity, "arn", SLOT.userArn);
        accessKeyIdColumn[row] = internKnown(
          accessKeyIdDict,
          userIdentity,
          "accessKeyId",
          SLOT.accessKeyId,
        );
        principalColumn[row] = this.principalId(userIdentity);
        const context = userIdentity.sessionContext;
        const issuer = isObject(context) ? context.sessionIssuer : undefined;
        if (isObject(issuer)) {
          issuerArnColumn[row] = internKnown(issuerArnDict, issuer, "arn", SLOT.issuerArn);
          issuerTypeColumn[row] = internKnown(issuerTypeDict, issuer, "type", SLOT.issuerType);
        } else {
          issuerArnColumn[row] = 0;
          issuerTypeColumn[row] = 0;
        }
      } else {
        issuerArnColumn[row] = 0;
        issuerTypeColumn[row] = 0;
        userTypeColumn[row] = 0;
        userArnColumn[row] = 0;
        accessKeyIdColumn[row] = 0;
        principalColumn[row] =
          typeof identity === "string" ? internString(principalDict, identity) : 0;
      }

      let flag = 0;
      const ms = parseEventTime(rec.eventTime);
      if (Number.isNaN(ms)) flag |= FLAG_NO_TIME;
      time[row] = ms;
      const readOnly = rec.readOnly;
      if (readOnly === true || readOnly === "true") flag |= FLAG_READ_ONLY;
      else if (readOnly === false || readOnly === "false") flag |= FLAG_WRITE;
      const managementEvent = rec.managementEvent;
      if (managementEvent === true || managementEvent === "true") flag |= FLAG_MANAGEMENT;
      else if (managementEvent === false || managementEvent === "false") flag |= FLAG_DATA;
      const eventID = rec.eventID;
      if (typeof eventID === "string" && eventID !== "") {
        writeEventKey(eventID, eventKey, row * 4);
      } else if (eventID !== undefined && eventID !== null && eventID !== "") {
        writeEventKey(text(eventID), eventKey, row * 4);
      } else {
        eventKey[row * 4] = 0;
        eventKey[row * 4 + 1] = 0;
        eventKey[row * 4 + 2] = 0;
        eventKey[row * 4 + 3] = 0;
        flag |= FLAG_NO_EVENT_ID;
      }
      // The key's last word: the record's content, so the store tells a repeat from an altered copy.
      if ((flag & FLAG_NO_EVENT_ID) === 0)
        eventKey[row * 4 + 3] = comparable ? recordFingerprint(rec) : 0;
      flags[row] = flag;
      file[row] = fileIndex;
      record[row] = base + i;
      requestKey[row] = key32(rec.requestID);
      sharedKey[row] = key32(rec.sharedEventID);
      if (this.matcher !== null) this.matcher.match(rec, row, this);
      row++;
      outcome.events++;
    }
    this.rows = row;
  }

  /** The chunk, each array copied to exactly `rows` so its buffer can be transferred alone. */
  finish(): ColumnChunk {
    const rows = this.rows;
    const fields = {} as DictColumns;
    const dicts = {} as Dictionaries;
    DICT_FIELDS.forEach((field, index) => {
      fields[field] = this.columns[index]!.slice(0, rows);
      dicts[field] = this.dicts[index]!.values;
    });
    const arrays = rowArrays(rows, (column) => copied(this.arrays[column], lengthOf(column, rows)));
    if (this.capacity <= SPARE_ROWS) {
      for (const column of ROW_COLUMN_NAMES) this.arrays[column].fill(0);
      for (const column of this.columns) column.fill(0);
      spare = { arrays: this.arrays, columns: this.columns, capacity: this.capacity };
    }
    return { rows, ...arrays, fields, dicts };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An unexpected failure of one file, in words a person understands. */
function failureReason(error: unknown): string {
  const message = errorMessage(error);
  if (/allocation failed|invalid (array|typed array|string) length|out of memory/i.test(message))
    return "too large to read in a browser (out of memory)";
  if (/call stack|recursion/i.test(message)) return "nested too deeply to read";
  return `could not be parsed (${message.length > 100 ? `${message.slice(0, 97)}...` : message})`;
}

/** A file in which nothing was a record says so, rather than be listed as loaded with no events. */
function settleEmpty(outcome: FileOutcome): void {
  if (outcome.events === 0 && outcome.insights === 0 && outcome.skipped > 0) {
    outcome.kind = "error";
    outcome.shape = null;
    const n = outcome.skipped;
    outcome.error =
      n === 1
        ? "its only entry is not a CloudTrail record"
        : `none of its ${n} entries is a CloudTrail record`;
    delete outcome.warning;
    delete outcome.recordOffsets;
  }
}

/** Names a log or an archive of logs can have; a file named otherwise may be a log all the same. */
const LOG_NAME = /\.(json|gz|ndjson|jsonl|csv|zip|tar|tgz)(\.|$)/i;

/**
 * Whether a file that could not be read is plainly not a log (a `LICENSE`, a `.md` or `.txt`
 * beside the logs in a dropped folder): its name says nothing of logs and its bytes are neither
 * compressed nor JSON. Such a file is skipped, not an error.
 */
export function plainlyNotALog(name: string, bytes: Uint8Array): boolean {
  if (LOG_NAME.test(name)) return false;
  if (packingOf(bytes) !== "none") return false;
  let i = 0;
  // UTF-8 and UTF-16 byte-order marks, white space, and the zero bytes of UTF-16.
  while (i < bytes.length && i < 4096) {
    const b = bytes[i]!;
    if (b === 0xef || b === 0xbb || b === 0xbf || b === 0xff || b === 0xfe || b === 0) i++;
    else if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) i++;
    else break;
  }
  const first = bytes[i];
  return first !== 0x7b /* { */ && first !== 0x5b; /* [ */
}

/**
 * Parses a batch of files into one chunk. Never throws: a file that cannot be read becomes an
 * outcome of kind "error" with the reason, and the other files still give their rows.
 */
export function parseBatch(
  files: readonly BatchInput[],
  matcher: RecordMatcher | null = null,
  /** Text past which a file is read as a stream (see streamRead.ts); lowered by tests. */
  streamFrom = STREAM_TEXT_BYTES,
  /** Counts the records of each kind that showed their paths in this load's earlier batches. */
  sampler: PathSampler | null = null,
): BatchResult {
  const builder = new ChunkBuilder(matcher, sampler);
  const outcomes: FileOutcome[] = [];
  const insights: InsightRecord[] = [];
  const digests: DigestSummary[] = [];
  const keys: PublicKeyEntry[] = [];
  for (const input of files) {
    const outcome: FileOutcome = {
      fileIndex: input.fileIndex,
      kind: "events",
      shape: null,
      compressedBytes: input.bytes.length,
      rawBytes: 0,
      events: 0,
      insights: 0,
      skipped: 0,
      error: "",
    };
    outcomes.push(outcome);
    const rowsBefore = builder.rows;
    const insightsBefore = insights.length;
    /** The file gives nothing: what it added is undone. */
    const fail = (reason: string): void => {
      builder.truncate(rowsBefore);
      insights.length = insightsBefore;
      outcome.kind = "error";
      outcome.shape = null;
      outcome.events = outcome.insights = outcome.skipped = 0;
      outcome.error = reason;
      delete outcome.warning;
      delete outcome.recordOffsets;
    };
    try {
      const read = readFile(input.bytes, input.fileIndex, builder, insights, outcome, streamFrom);
      if (read.kind === "streamed") {
        if (read.error !== "") fail(read.error);
        else settleEmpty(outcome);
        continue;
      }
      const decoded = read.decoded;
      outcome.rawBytes = decoded.rawBytes;
      if (!decoded.ok) {
        outcome.kind = "error";
        outcome.error = decoded.reason;
        continue;
      }
      if (decoded.warning !== undefined) outcome.warning = decoded.warning;
      const located = detectShape(decoded.text, decoded.gzip);
      if (located.kind === "error") {
        outcome.kind = "error";
        outcome.error = located.reason;
      } else if (located.kind === "digest") {
        outcome.kind = "digest";
        digests.push(digestSummary(located.digest, input.fileIndex, digestHashOf(input.bytes)));
      } else if (located.kind === "keys") {
        outcome.kind = "keys";
        keys.push(...publicKeysOf(located.keys, input.fileIndex));
      } else {
        outcome.shape = located.list.shape;
        builder.addList(located.list, input.fileIndex, insights, outcome);
        settleEmpty(outcome);
      }
    } catch (error) {
      // Not expected (every known failure has a reason above), but one file must never cost the
      // batch: undo what it added and report it.
      fail(failureReason(error));
    }
  }
  files.forEach((input, k) => {
    const outcome = outcomes[k]!;
    if (outcome.kind === "error" && plainlyNotALog(input.name, input.bytes)) {
      outcome.kind = "skipped";
      outcome.error =
        "not a log file: its name is not a log's and its content is neither JSON nor gzip";
    }
  });
  return {
    chunk: builder.finish(),
    outcomes,
    insights,
    digests,
    keys,
    paths: [...builder.paths],
    matches: new Uint32Array(0),
  };
}

// Re-reading records (the detail view, exports, search) lives in streamRecord.ts.
export { readRecord, readRecords, searchRecords } from "./streamRecord";
