// The last file a worker decoded to read records again, kept for a short while: opening an event
// reads its record, then the related events and the other versions of a conflicting duplicate read
// records of the same file, mostly. The main thread sends those requests to the same worker with
// the same cache key, so the file is inflated and parsed once.
import type { MemberEncoding } from "../ingest/archive";
import type { RecordList } from "../ingest/shape";
import { locateRecords } from "../ingest/streamRecord";
import { fileBytesOrThrow } from "./readBatch";

/** How long an unused decoded file is kept: long enough for one look at an event. */
const KEEP_MS = 30_000;

interface Entry {
  key: string;
  list: RecordList;
  timer: unknown;
}

let last: Entry | null = null;

export interface FileOfRecords {
  name: string;
  blob: Blob;
  encoding?: MemberEncoding;
  /** The session's name for this file's content; without one nothing is cached. */
  cacheKey?: string;
}

/**
 * The file's list of entries, decoded at most once per cache key (while it is the last one
 * asked); of a file too large to be read whole, the entries `wanted` only, read as a stream and
 * not kept. Throws, naming the file, when it cannot be read or holds no records.
 */
export async function recordsOfFile(
  file: FileOfRecords,
  wanted: readonly number[],
): Promise<RecordList> {
  const key = file.cacheKey;
  const hit = cached(key);
  if (hit !== null) return hit;
  const bytes = await fileBytesOrThrow(file.name, file);
  // Another request for the same file may have decoded it while these bytes were read.
  const again = cached(key);
  if (again !== null) return again;
  const { list, whole } = locateRecords(file.name, bytes, wanted);
  if (whole && key !== undefined) remember(key, list);
  return list;
}

function cached(key: string | undefined): RecordList | null {
  if (key === undefined || last === null || last.key !== key) return null;
  remember(key, last.list);
  return last.list;
}

function remember(key: string, list: RecordList): void {
  if (last !== null) clearTimeout(last.timer as ReturnType<typeof setTimeout>);
  const timer: unknown = setTimeout(forget, KEEP_MS);
  // In Node (the tests) the timer must not keep the process alive.
  if (typeof timer === "object" && timer !== null && "unref" in timer) {
    const unref = timer.unref;
    if (typeof unref === "function") unref.call(timer);
  }
  last = { key, list, timer };
}

/** Drops the decoded file (also done by itself after KEEP_MS without use). */
export function forget(): void {
  if (last !== null) clearTimeout(last.timer as ReturnType<typeof setTimeout>);
  last = null;
}
