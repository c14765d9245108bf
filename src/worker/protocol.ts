// The one message protocol between the main thread and the ingest workers. Both sides import it;
// nothing else in the app calls postMessage for these workers.
import type { ArchiveKind, MemberEncoding } from "../ingest/archive";
import type { HeldBytes } from "../ingest/archiveBatch";
import type { BatchResult } from "../ingest/chunk";
import type { PackedOutcomes } from "../ingest/outcomes";
import type { PackedFiles } from "./packFiles";
import type { FileHash } from "../ingest/integrityCrypto";
import type { Expr } from "../query/ast";
import type { RuleKey, RuleSet } from "../query/ruleset";
import type { WantedRecords } from "../query/scan";
import type { AnomalyResult, BaselineInput } from "../store/baselinesCommon";
import type { TimeRange } from "../store/eventStore";

/**
 * A file handed to a worker: the Blob is a handle (File, in-memory, or a slice of an archive),
 * read inside the worker; `encoding` says how an archive member's slice holds its bytes.
 */
export interface BatchFile {
  fileIndex: number;
  name: string;
  blob: Blob;
  encoding?: MemberEncoding;
}

/**
 * A picked file whose bytes the main thread has read (a load's batch: views of one buffer, see
 * lib/readBlobs; a re-read: a buffer per file), transferred with the request. Requests that
 * take files take these beside them.
 */
export interface ReadFile {
  fileIndex: number;
  name: string;
  bytes: Uint8Array;
}

/** A parsed batch as it crosses to the page: its outcomes packed (ingest/outcomes.ts). */
export type ParsedBatch = Omit<BatchResult, "outcomes"> & { outcomes: PackedOutcomes };

export type WorkerRequest =
  /**
   * Parse these files, and those already read, into chunks of columns, evaluating the detection
   * rules on the way.
   */
  | {
      type: "parse";
      id: number;
      /** The files to read, packed (packFiles.ts). */
      files: PackedFiles;
      read?: ReadFile[];
      /**
       * Bytes of the Blob that `files` are spans of, read already (an archive's batch, see
       * ArchiveBatch.held): the members they hold are not read again.
       */
      held?: HeldBytes;
      /** The detection rules, or the key of a set this worker was sent whole before. */
      rules: RuleSet | RuleKey | null;
      /** Names the load (session and epoch): a worker samples record paths afresh for a new one. */
      load?: string;
    }
  /** Re-read one file and return record `record` of it as JSON text (the detail view). */
  | {
      type: "record";
      id: number;
      name: string;
      blob: Blob;
      encoding?: MemberEncoding;
      record: number;
      /** Where the record's text is in the file's text (a large file's recordOffsets). */
      range?: [number, number];
      /** Names this file's content for the worker's decoded-file cache (see recordCache.ts). */
      cacheKey?: string;
    }
  /** Re-read several records of one file: the JSON text of each (null: not a record). */
  | {
      type: "records";
      id: number;
      name: string;
      blob: Blob;
      encoding?: MemberEncoding;
      records: number[];
      /** As for "record". */
      cacheKey?: string;
    }
  /** Scan whole records of these files for `needle` (case-insensitive); answer the matching rows. */
  | { type: "search"; id: number; files: BatchFile[]; read?: ReadFile[]; needle: string }
  /**
   * Evaluate expressions (query terms on nested paths, detection rules added after a load) over
   * whole records; answer the matching rows per expression. `chosen`: the files were picked for
   * holding rows the expressions may match, so their text is not searched for the expressions'
   * literals first (see query/scan.ts).
   */
  | {
      type: "match";
      id: number;
      files: BatchFile[];
      read?: ReadFile[];
      exprs: Expr[];
      chosen?: boolean;
      /**
       * Files of which only some records can match (the expressions' candidates): those records
       * are parsed alone when the file's text allows (query/recordsAt.ts).
       */
      wanted?: (WantedRecords & { fileIndex: number })[];
    }
  /** SHA-256 of each file's decompressed bytes (integrity checks against digest files). */
  | { type: "hash"; id: number; files: BatchFile[]; read?: ReadFile[] }
  /**
   * The time order of a loaded store (store/timeOrder sortByTime) from a copy of its time column,
   * one entry per row: every view reads it, and a large one is a long sort.
   */
  | { type: "timeOrder"; id: number; time: Float64Array; timed: number; range: TimeRange | null }
  /**
   * The computed anomalies of a loaded store (store/baselines computeAnomalies) from copies of
   * the columns they read, one entry per row.
   */
  | { type: "anomalies"; id: number; input: BaselineInput };

export type WorkerResponse =
  /**
   * One result per group of files parsed together (a batch of large files is split). Files
   * found to be archives (by their bytes) have no outcome: they are listed in `archives`, for
   * the caller to expand.
   */
  | { type: "parsed"; id: number; results: ParsedBatch[]; archives: FoundArchive[] }
  /**
   * `raw`: the record cannot be printed as a tree (nested too deeply), and `json` is its text as
   * the file holds it.
   */
  | { type: "record"; id: number; json: string; raw?: boolean }
  | { type: "records"; id: number; texts: (string | null)[] }
  | {
      type: "searched";
      id: number;
      /** Pairs (fileIndex, record index) of the records whose text contains the needle. */
      matches: Uint32Array;
      bytes: number;
    }
  | {
      type: "matched";
      id: number;
      /** Per expression, in the order asked: pairs (fileIndex, record index) of the matches. */
      places: Uint32Array[];
      bytes: number;
    }
  | {
      type: "hashed";
      id: number;
      /** One per file asked (one that could not be read: sha256 "" and the reason). */
      hashes: FileHash[];
      bytes: number;
    }
  | { type: "timeOrdered"; id: number; order: Uint32Array }
  | { type: "anomaliesFound"; id: number; result: AnomalyResult }
  | { type: "error"; id: number; message: string };

/** A file of a parse that is an archive of this kind. */
export interface FoundArchive {
  fileIndex: number;
  kind: ArchiveKind;
}

/** The message a worker posts when a request fails as a whole (not a file error). */
export function errorResponse(id: number, error: unknown): WorkerResponse {
  const message = error instanceof Error ? error.message : String(error);
  return { type: "error", id, message };
}

/**
 * The part of a dedicated worker's global scope the worker entries use (the WebWorker type
 * library cannot be loaded beside the DOM one).
 */
export interface WorkerScope<In, Out> {
  onmessage: ((event: MessageEvent<In>) => void) | null;
  postMessage(message: Out, transfer?: Transferable[]): void;
}

/**
 * The answer each request type gets (besides `error`). `satisfies` makes a request type missing
 * here a compile error, so the map stays complete as requests are added.
 */
export const RESPONSE_TYPE = {
  parse: "parsed",
  record: "record",
  records: "records",
  search: "searched",
  match: "matched",
  hash: "hashed",
  timeOrder: "timeOrdered",
  anomalies: "anomaliesFound",
} as const satisfies { readonly [T in WorkerRequest["type"]]: WorkerResponse["type"] };

/** The response a request of type `R["type"]` is answered with. */
export type ResponseFor<R extends { type: WorkerRequest["type"] }> = Extract<
  WorkerResponse,
  { type: (typeof RESPONSE_TYPE)[R["type"]] }
>;
