// The files of a case and the SHA-256 of their bytes, for the case report. Hashed on the main
// thread with the synchronous sha256, one file at a time, giving the event loop a turn between
// files whenever a slice of work is used up (a worker would be better; its protocol is changing).
import { readFileBytes, type MemberEncoding } from "../ingest/archive";
import { nextTask } from "../lib/nextTask";
import { sha256Hex } from "../lib/sha256";
import type { Session } from "./session";

/** A loaded file as the report lists it, before hashing. */
export interface CaseSource {
  path: string;
  blob: Blob;
  /** For an archive member: where its bytes are in the Blob (the archive), and how held. */
  encoding?: MemberEncoding;
  /** What the file held: events, digest, error. */
  kind: string;
  events: number;
  /** Its size as the load measured it (progress only; the report gives the bytes hashed). */
  bytes: number;
  /** Why it could not be read, for a file in error. */
  error: string;
}

export interface HashedFile {
  path: string;
  /** Bytes hashed (the file as loaded); the loaded size when it could not be read again. */
  bytes: number;
  kind: string;
  events: number;
  /** 64 hex digits; null when the file could not be read again. */
  sha256: string | null;
  error: string;
}

export interface HashProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

/** Main-thread work between two turns of the event loop while hashing. */
const SLICE_MS = 12;

/** The files of the case (as its fingerprint counts them), sorted by path. */
export function caseSources(session: Session): CaseSource[] {
  const sources: CaseSource[] = [];
  for (const file of session.files) {
    const outcome = file.outcome;
    if (outcome === null || outcome.kind === "cancelled") continue;
    sources.push({
      path: file.path,
      blob: file.blob,
      encoding: file.encoding,
      kind: outcome.kind,
      events: outcome.events,
      bytes: outcome.compressedBytes,
      error: outcome.error,
    });
  }
  return sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// A file's bytes do not change while it is loaded: a second export hashes nothing again.
const hashes = new WeakMap<Blob | MemberEncoding, { sha256: string; bytes: number }>();

const turn = () => new Promise<void>((resolve) => nextTask(resolve));

/**
 * The SHA-256 of each file's bytes, on the main thread one file at a time, giving the event
 * loop a turn between files whenever a slice of work is used up. Rejects with the signal's
 * reason when aborted. A file that can no longer be read is listed with its error.
 */
export async function hashFiles(
  sources: readonly CaseSource[],
  onProgress: (progress: HashProgress) => void,
  signal: AbortSignal,
): Promise<HashedFile[]> {
  const total = sources.length;
  let bytesTotal = 0;
  for (const source of sources) bytesTotal += source.bytes;
  const out: HashedFile[] = [];
  let bytesDone = 0;
  let deadline = performance.now() + SLICE_MS;
  onProgress({ done: 0, total, bytesDone, bytesTotal });
  for (const source of sources) {
    signal.throwIfAborted();
    const { path, kind, events, error } = source;
    // Archive members share their archive's Blob: each is known by its own encoding.
    const key = source.encoding ?? source.blob;
    let hashed = hashes.get(key);
    if (!hashed) {
      try {
        const read = await readFileBytes(source);
        if (!read.ok) throw new Error(read.reason);
        const bytes = read.bytes;
        signal.throwIfAborted();
        hashed = { sha256: sha256Hex(bytes), bytes: bytes.length };
        hashes.set(key, hashed);
      } catch (cause) {
        signal.throwIfAborted();
        const reason = cause instanceof Error ? cause.message : String(cause);
        out.push({ path, bytes: source.bytes, kind, events, sha256: null, error: reason });
      }
    }
    if (hashed) out.push({ path, bytes: hashed.bytes, kind, events, sha256: hashed.sha256, error });
    bytesDone += source.bytes;
    if (performance.now() > deadline) {
      onProgress({ done: out.length, total, bytesDone, bytesTotal });
      await turn();
      deadline = performance.now() + SLICE_MS;
    }
  }
  signal.throwIfAborted();
  onProgress({ done: total, total, bytesDone, bytesTotal });
  return out;
}
