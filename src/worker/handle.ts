// What an ingest worker does with each request, apart from the wiring: the worker entry calls
// this, and tests call it through an in-process fake worker.
import { sniffArchive } from "../ingest/archive";
import type { HeldBytes } from "../ingest/archiveBatch";
import { chunkBuffers, type BatchResult } from "../ingest/chunk";
import { packOutcomes } from "../ingest/outcomes";
import { parseBatch, searchRecords } from "../ingest";
import { hashFiles } from "../ingest/integrityCrypto";
import { PathSampler } from "../ingest/paths";
import { computeAnomalies } from "../store/baselinesDetect";
import { sortByTime } from "../store/timeOrder";
import { rawRecordText, readRecordAt, recordIn, recordsIn } from "../ingest/streamRecord";
import { receivedRules, ruleMatcher } from "../query/ruleset";
import { matchFiles } from "../query/scan";
import {
  errorResponse,
  type BatchFile,
  type FoundArchive,
  type ParsedBatch,
  type ReadFile,
  type WorkerRequest,
  type WorkerResponse,
} from "./protocol";
import { unpackFiles } from "./packFiles";
import { fileBytesOrThrow, readBatch, readGroups, type ReadGroup } from "./readBatch";
import { recordsOfFile } from "./recordCache";

/**
 * Compressed bytes parsed at once: bounds a worker's memory (the text of a group is about ten
 * times this) whatever the batch holds.
 */
const PARSE_BYTES = 16 * 1024 * 1024;

export interface Reply {
  response: WorkerResponse;
  /** Buffers to transfer with the response (never copied). */
  transfer: Transferable[];
}

/** The worker's path sampler and the load it counts for. */
let sampling: { load: string; sampler: PathSampler } | null = null;

function samplerOf(load: string | undefined): PathSampler | null {
  if (load === undefined) return null;
  if (sampling === null || sampling.load !== load) sampling = { load, sampler: new PathSampler() };
  return sampling.sampler;
}

export async function handleRequest(request: WorkerRequest): Promise<Reply> {
  try {
    switch (request.type) {
      case "parse": {
        const results: ParsedBatch[] = [];
        const transfer: Transferable[] = [];
        const archives: FoundArchive[] = [];
        const files = unpackFiles(request.files);
        // Before anything waits: a set sent whole is kept in the order requests came.
        const rules = request.rules === null ? null : receivedRules(request.rules);
        for await (const group of groupsOf(files, request.read, request.held)) {
          const matcher = rules === null ? null : ruleMatcher(rules);
          const result = parseBatch(group.inputs, matcher, undefined, samplerOf(request.load));
          if (matcher !== null) result.matches = matcher.pairs();
          result.outcomes = withoutArchives(result, group, archives);
          result.outcomes.push(...group.failures);
          results.push({ ...result, outcomes: packOutcomes(result.outcomes) });
          transfer.push(...chunkBuffers(result.chunk), result.matches.buffer as ArrayBuffer);
        }
        return { response: { type: "parsed", id: request.id, results, archives }, transfer };
      }
      case "record": {
        const { range } = request;
        let bytes: Uint8Array | null = null;
        let record: unknown;
        if (range === undefined) {
          const list = await recordsOfFile(request, [request.record]);
          record = recordIn(list, request.name, request.record);
        } else {
          bytes = await fileBytesOrThrow(request.name, request);
          record = readRecordAt(request.name, bytes, range[0], range[1]);
        }
        const json = printable(record);
        if (json !== null)
          return { response: { type: "record", id: request.id, json }, transfer: [] };
        // Too deep to print: the record's own text, which says what the record is (never the file).
        bytes ??= await fileBytesOrThrow(request.name, request);
        const raw = rawRecordText(bytes, request.record, range);
        if (raw === null) throw new Error("this record is nested too deeply to show");
        return { response: { type: "record", id: request.id, json: raw, raw: true }, transfer: [] };
      }
      case "records": {
        const list = await recordsOfFile(request, request.records);
        const texts = recordsIn(list, request.records).map((record) =>
          record === null ? null : compact(record),
        );
        return { response: { type: "records", id: request.id, texts }, transfer: [] };
      }
      case "search": {
        const { inputs } = await readBatch(request.files, request.read);
        const matches = searchRecords(inputs, request.needle);
        const bytes = inputs.reduce((sum, input) => sum + input.bytes.byteLength, 0);
        return {
          response: { type: "searched", id: request.id, matches, bytes },
          transfer: [matches.buffer],
        };
      }
      case "match": {
        const { inputs } = await readBatch(request.files, request.read);
        const wanted = new Map((request.wanted ?? []).map((w) => [w.fileIndex, w]));
        const { places, bytes } = matchFiles(
          inputs,
          request.exprs,
          undefined,
          request.chosen !== true,
          wanted,
        );
        return {
          response: { type: "matched", id: request.id, places, bytes },
          transfer: places.map((p) => p.buffer as ArrayBuffer),
        };
      }
      case "hash": {
        const { inputs, failures } = await readBatch(request.files, request.read);
        const hashes = await hashFiles(inputs);
        for (const failure of failures)
          hashes.push({ fileIndex: failure.fileIndex, sha256: "", error: failure.error });
        const bytes = inputs.reduce((sum, input) => sum + input.bytes.byteLength, 0);
        return { response: { type: "hashed", id: request.id, hashes, bytes }, transfer: [] };
      }
      case "anomalies": {
        const result = computeAnomalies(request.input);
        return { response: { type: "anomaliesFound", id: request.id, result }, transfer: [] };
      }
      case "timeOrder": {
        const { time, timed, range } = request;
        const order = sortByTime({ time, rows: time.length, timed, range });
        return {
          response: { type: "timeOrdered", id: request.id, order },
          transfer: [order.buffer],
        };
      }
    }
  } catch (error) {
    return { response: errorResponse(request.id, error), transfer: [] };
  }
}

/**
 * The files already read, as one group (a batch of them is small), then the files to read (from
 * `held` when it holds them).
 */
async function* groupsOf(
  files: BatchFile[],
  read: ReadFile[] = [],
  held?: HeldBytes,
): AsyncGenerator<ReadGroup> {
  if (read.length > 0) yield { inputs: read, failures: [], archives: [] };
  yield* readGroups(files, PARSE_BYTES, held);
}

/**
 * The outcomes of a parsed group without the files that are archives (an archive is no log, so
 * it failed to parse and left no rows): those are added to `archives`, for expansion. Only
 * failed files are looked at, so that logs cost nothing more.
 */
function withoutArchives(result: BatchResult, group: ReadGroup, archives: FoundArchive[]) {
  archives.push(...group.archives);
  const failed = result.outcomes.filter(
    (o) => o.kind !== "events" && o.kind !== "digest" && o.kind !== "keys",
  );
  if (failed.length === 0) return result.outcomes;
  const inputs = new Map(group.inputs.map((input) => [input.fileIndex, input]));
  const found = new Set<number>();
  for (const outcome of failed) {
    const input = inputs.get(outcome.fileIndex);
    const kind = input === undefined ? null : sniffArchive(input.bytes);
    if (input === undefined || kind === null) continue;
    if (input.member) {
      outcome.kind = "error";
      outcome.error = "an archive inside a zip (unzip the outer archive first)";
      continue;
    }
    archives.push({ fileIndex: outcome.fileIndex, kind });
    found.add(outcome.fileIndex);
  }
  return found.size === 0
    ? result.outcomes
    : result.outcomes.filter((o) => !found.has(o.fileIndex));
}

/** The record as pretty JSON; null when it is nested too deeply to print. */
function printable(record: unknown): string | null {
  try {
    return JSON.stringify(record, null, 2);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** One record as compact JSON; null (counted as missing by the caller) if it cannot be printed. */
function compact(record: unknown): string | null {
  try {
    return JSON.stringify(record);
  } catch {
    return null;
  }
}
