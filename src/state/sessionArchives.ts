// The session's side of archives and of the memory budget: archives read member by member (each
// member loading as a file of its own), and whether a load fits in what the tab can hold.
import { archiveKindOfName, memberPath, type ArchiveKind } from "../ingest/archive";
import type { HeldBytes } from "../ingest/archiveBatch";
import type { ArchiveBatch } from "../ingest/archiveRead";
import type { Expander } from "../worker/archives";
import { CancelledError } from "../worker/pool";
import type { FileEntry, SourceFile } from "./session";

/** What the archive loads need of the session. */
export interface ArchiveHost {
  /** The session's load epoch: answers for an older one are dropped. */
  epoch(): number;
  /** New file entries for these files, counted in the progress. */
  addEntries(sources: SourceFile[]): FileEntry[];
  /** Parses these entries in batches. */
  parseAll(entries: FileEntry[], epoch: number): Promise<void>;
  /** Parses these members in one batch, from their bytes (`held` holds every one of them). */
  parseHeld(entries: FileEntry[], epoch: number, held: HeldBytes): Promise<void>;
  /** Gives an entry an error outcome. */
  fail(entry: FileEntry, reason: string): void;
  /** Counts entries that are not logs. */
  skipped(count: number): void;
  /** Something changed (subscribers hear of it soon). */
  changed(): void;
}

/**
 * Bytes of archive members that may wait in memory for a worker (ArchiveBatch.held): a reader is
 * faster than the workers, and a batch past this goes without its bytes, read again by a worker.
 */
export const HELD_BYTES = 64 * 1024 * 1024;

/** Archives being read for a session. */
export class ArchiveLoads {
  /** Archives being read: aborted when the load stops. */
  private readonly running = new Set<AbortController>();
  /** Bytes of batches sent with their bytes and not parsed yet. */
  private heldBytes = 0;

  constructor(
    private readonly expander: Expander,
    private readonly host: ArchiveHost,
    private readonly heldLimit = HELD_BYTES,
  ) {}

  /**
   * Reads an archive's members and loads them as they come, batch by batch. A member that
   * cannot be read is an error naming it; a damaged archive is an error naming the archive,
   * and its members read before the damage stay loaded.
   */
  async expand(archive: SourceFile, kind: ArchiveKind, epoch: number): Promise<void> {
    const host = this.host;
    const controller = new AbortController();
    this.running.add(controller);
    const parsing: Promise<void>[] = [];
    const onBatch = (batch: ArchiveBatch) => {
      if (epoch !== host.epoch()) return;
      host.skipped(batch.skipped);
      const members = host.addEntries(
        batch.members.map((member) => ({
          blob: member.blob,
          name: baseName(member.path),
          path: memberPath(archive.path, member.path),
          encoding: member.encoding,
        })),
      );
      const failed = host.addEntries(
        batch.errors.map((member) => ({
          blob: emptyBlob(),
          name: baseName(member.path),
          path: memberPath(archive.path, member.path),
        })),
      );
      failed.forEach((entry, i) => host.fail(entry, batch.errors[i].error));
      if (batch.problem !== undefined) this.problem(archive, batch.problem);
      const held = batch.held;
      if (held !== undefined && this.heldBytes + held.bytes.length <= this.heldLimit) {
        const bytes = held.bytes.length;
        this.heldBytes += bytes;
        parsing.push(
          host.parseHeld(members, epoch, held).finally(() => {
            this.heldBytes -= bytes;
          }),
        );
      } else parsing.push(host.parseAll(members, epoch));
      host.changed();
    };
    try {
      await this.expander({ blob: archive.blob, kind }, onBatch, controller.signal);
    } catch (error) {
      if (!(error instanceof CancelledError) && epoch === host.epoch())
        this.problem(archive, error instanceof Error ? error.message : String(error));
    } finally {
      this.running.delete(controller);
    }
    await Promise.all(parsing);
  }

  /** Stops reading every archive. */
  stop(): void {
    for (const controller of this.running) controller.abort();
    this.running.clear();
  }

  /** An error naming the archive itself (its members have entries of their own). */
  private problem(archive: SourceFile, reason: string): void {
    const [entry] = this.host.addEntries([
      { blob: emptyBlob(), name: archive.name, path: archive.path },
    ]);
    this.host.fail(entry, reason);
  }
}

/** The kind of archive a file to load is by its name; null for a file, or a member. */
export function archiveKindOf(source: SourceFile): ArchiveKind | null {
  return source.encoding === undefined ? archiveKindOfName(source.name) : null;
}

/**
 * Store bytes per compressed byte of logs, until a load has measured its own: CloudTrail's
 * gzipped JSON holds an event per ~150 compressed bytes, and an event takes 60–130 store bytes
 * (narrow columns, see store/eventStore.ts), so this errs towards refusing.
 */
const STORE_PER_BYTE = 1;

/** What the memory check reads of the session. */
export interface MemoryState {
  rows: number;
  /** Bytes the loaded events take (EventStore.approximateBytes). */
  used: number;
  budget: number;
  filesDone: number;
  bytesDone: number;
  files: readonly FileEntry[];
}

/**
 * Why a load of these files may not start, or null when it may: not when the loaded events
 * already take the memory budget, nor when these files would, by what the files loaded so far
 * took per byte (sizes are asked only of archives: asking every picked file would hold the
 * page). A first load is never refused: it stops at the budget instead.
 */
export function memoryRefusal(sources: readonly SourceFile[], state: MemoryState): string | null {
  // Nothing loaded, nothing to keep: the load itself stops at the budget.
  if (state.rows === 0) return null;
  const { used, budget } = state;
  let bytes = 0;
  let unsized = 0;
  for (const source of sources) {
    if (archiveKindOf(source) !== null) bytes += source.blob.size;
    else unsized++;
  }
  const perFile = state.filesDone > 0 ? state.bytesDone / state.filesDone : 0;
  let compressed = 0;
  for (const file of state.files)
    if (file.outcome?.kind === "events") compressed += file.outcome.compressedBytes;
  const perByte = compressed > 0 ? used / compressed : STORE_PER_BYTE;
  const needed = (bytes + unsized * perFile) * perByte;
  if (used < budget && used + needed <= budget) return null;
  const mb = (n: number) => Math.round(n / (1024 * 1024));
  return (
    `Not loaded: this browser tab cannot hold more events. The loaded events take about ` +
    `${mb(used)} MB of ${mb(budget)} MB` +
    (used < budget ? `, and these files would need about ${mb(needed)} MB more` : "") +
    `. What is loaded stays usable; clear it, or load fewer files.`
  );
}

/**
 * The Blob of an entry with nothing to read (a member that failed, a damaged archive), made once:
 * making a Blob is a round trip to the browser, a millisecond or more, and an archive of small
 * members comes in over a hundred batches.
 */
let empty: Blob | null = null;
function emptyBlob(): Blob {
  empty ??= new Blob([]);
  return empty;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
