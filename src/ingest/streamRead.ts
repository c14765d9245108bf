// A large file read as a stream: its text is inflated in pieces, the scanner of stream.ts finds
// its entries, and each group of them goes to the same row builder as a small file's list. The
// file's text never exists as one string, so any size loads; the rows are what limits it.
import type { FileOutcome, FileShape, InsightRecord } from "./chunk";
import { decodeOrStream, type Decoded } from "./decode";
import { shapeOfValue, type RecordList, type Unwrap } from "./shape";
import { parseGroup, type EntryGroup } from "./stream";
import { scannerFor, type Scanner } from "./streamLines";

/**
 * Past this much text a file is read as a stream (when its shape allows), below it whole: whole
 * is a little faster, and CloudTrail delivers files of a few MB at most.
 */
export const STREAM_TEXT_BYTES = 16 * 1024 * 1024;

/** Where the rows go: parse.ts's builder. `base`: the record index of the list's first entry. */
export interface RowSink {
  addList(
    list: RecordList,
    fileIndex: number,
    insights: InsightRecord[],
    outcome: FileOutcome,
    base: number,
  ): void;
}

/** What reading a file gave: its whole text (read as before), or rows already in the sink. */
export type FileRead = { kind: "whole"; decoded: Decoded } | { kind: "streamed"; error: string };

const NO_RECORDS = "JSON without CloudTrail records";

function plural(n: number): string {
  return n === 1 ? "the record" : `the ${n} records`;
}

/**
 * Reads one file: whole when its text is at most `streamFrom` bytes (or has a shape that is not
 * read as a stream), else as a stream into `sink`, filling `outcome` (counts, shape, rawBytes,
 * warning, the entries' offsets). A streamed file that fails returns its reason; its rows are
 * then the caller's to drop.
 */
export function readFile(
  bytes: Uint8Array,
  fileIndex: number,
  sink: RowSink,
  insights: InsightRecord[],
  outcome: FileOutcome,
  streamFrom = STREAM_TEXT_BYTES,
): FileRead {
  let offsets = new Float64Array(0);
  let entries = 0;
  let list: { shape: FileShape; unwrap: Unwrap } | null = null;
  let error = "";
  const onGroup = (group: EntryGroup): void => {
    if (error !== "") return;
    const values = parseGroup(group);
    if (list === null) {
      // The first group settles the shape (EventBridge envelopes, lowercase rows, …) for all.
      const located = shapeOfValue(group.records ? { Records: values } : values);
      if (located.kind !== "events") {
        error = located.kind === "error" ? located.reason : NO_RECORDS;
        return;
      }
      // Entries read again by their offsets are records or EventBridge envelopes
      // (streamRecord.ts); other shapes are read whole.
      const { unwrap } = located.list;
      if (located.list.entries !== values || (unwrap !== "none" && unwrap !== "eventbridge")) {
        error = `too large to read whole, and ${located.list.shape} entries are not read in a stream`;
        return;
      }
      // Lines of records are the file's NDJSON shape, as when it is read whole.
      const shape =
        group.lines === true && located.list.shape === "array" ? "ndjson" : located.list.shape;
      list = { shape, unwrap: located.list.unwrap };
    }
    const n = group.starts.length;
    if (2 * (group.index + n) > offsets.length) {
      const grown = new Float64Array(Math.max(2 * (group.index + n), offsets.length * 2));
      grown.set(offsets);
      offsets = grown;
    }
    for (let k = 0; k < n; k++) {
      offsets[2 * (group.index + k)] = group.starts[k]!;
      offsets[2 * (group.index + k) + 1] = group.ends[k]!;
    }
    entries = group.index + n;
    sink.addList(
      { shape: list.shape, entries: values, unwrap: list.unwrap },
      fileIndex,
      insights,
      outcome,
      group.index,
    );
  };
  let scanner: Scanner | null = null;
  const decoded = decodeOrStream(bytes, {
    streamFrom,
    openStream: (head) => {
      const opened = scannerFor(head, onGroup);
      scanner = opened;
      return opened === null ? null : (chunk) => opened.push(chunk);
    },
  });
  if (!("streamed" in decoded)) return { kind: "whole", decoded };
  outcome.rawBytes = decoded.rawBytes;
  // A streamed text had a scanner opened for it.
  const end = (scanner as Scanner | null)?.end() ?? {
    complete: false,
    reason: "",
    entries: 0,
    lists: 0,
  };
  if (error !== "") return { kind: "streamed", error };
  if (end.lists === 0 || list === null) {
    if (decoded.cut !== "") return { kind: "streamed", error: decoded.cut };
    return {
      kind: "streamed",
      error: end.reason !== "" ? `invalid JSON (${end.reason})` : NO_RECORDS,
    };
  }
  outcome.shape = (list as { shape: FileShape }).shape;
  outcome.recordOffsets = offsets.slice(0, 2 * entries);
  const warnings: string[] = [];
  if (decoded.warning !== "") warnings.push(decoded.warning);
  if (decoded.cut !== "") {
    warnings.push(`${decoded.cut}: ${plural(entries)} before the damage loaded`);
  } else if (end.reason !== "") {
    warnings.push(`invalid JSON (${end.reason}): ${plural(entries)} before it loaded`);
  } else if (!end.complete) {
    warnings.push(`truncated JSON: ${plural(entries)} before the cut loaded`);
  }
  if (warnings.length > 0) outcome.warning = warnings.join("; ");
  return { kind: "streamed", error: "" };
}
