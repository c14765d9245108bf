// Batches of archive members as the archive readers hand them over (archiveZip.ts, archiveTar.ts).
import type { MemberEncoding } from "./archive";
import { blobAt, encodingAt, packSpans, type SpanColumns } from "./spanColumns";

/** A member to load: its path inside the archive, and where its bytes are (see MemberEncoding). */
export interface ArchiveMember {
  path: string;
  blob: Blob;
  encoding: MemberEncoding;
}

/** A member that cannot be read, and why. */
export interface MemberError {
  path: string;
  error: string;
}

export interface ArchiveBatch {
  members: ArchiveMember[];
  errors: MemberError[];
  /** Members that are not logs (README, notes, links): counted, not read. */
  skipped: number;
  /** Set on the last batch when the archive itself is damaged: what was lost, in words. */
  problem?: string;
  /**
   * The members' bytes when the reader had them in memory anyway (a tar's windows, a tar.gz's
   * members): the span `[start, start + bytes.length)` of the members' Blob, which holds every
   * member of the batch. A worker then parses them without reading the Blob again.
   */
  held?: HeldBytes;
}

/** Bytes of a Blob from `start` on (see ArchiveBatch.held). */
export interface HeldBytes {
  start: number;
  bytes: Uint8Array;
}

/** Members per batch, and in-memory bytes per batch for tar members. */
const BATCH_MEMBERS = 256;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Bytes of an archive's members sent with their batches at most: the page holds them until a
 * worker takes them, and a reader runs far ahead of the workers in a large archive, whose later
 * batches would only be dropped there (the workers read those members themselves).
 */
export const HELD_PER_ARCHIVE = 64 * 1024 * 1024;

export class Batcher {
  batch: ArchiveBatch = { members: [], errors: [], skipped: 0 };
  /** Members read into memory, waiting to share one Blob when the batch is taken. */
  private held: Uint8Array[] = [];
  private heldMembers: ArchiveMember[] = [];
  private heldBytes = 0;
  count = 0;

  /** `heldLeft`: bytes that batches of this archive may still carry (see HELD_PER_ARCHIVE). */
  constructor(private heldLeft = HELD_PER_ARCHIVE) {}

  /** A member that lies in the archive. */
  add(member: ArchiveMember): void {
    this.batch.members.push(member);
    this.count++;
  }

  /** A member read into memory (out of a tar.gz). */
  addBytes(path: string, bytes: Uint8Array): void {
    const start = this.heldBytes;
    const member: ArchiveMember = {
      path,
      blob: EMPTY,
      encoding: { start, end: start + bytes.length },
    };
    this.held.push(bytes);
    this.heldMembers.push(member);
    this.heldBytes += bytes.length;
    this.add(member);
  }

  /** Whether a batch may carry `bytes` more of the members' bytes (counted when it may). */
  mayHold(bytes: number): boolean {
    if (bytes > this.heldLeft) return false;
    this.heldLeft -= bytes;
    return true;
  }

  full(): boolean {
    const b = this.batch;
    return b.members.length + b.errors.length >= BATCH_MEMBERS || this.heldBytes >= BATCH_BYTES;
  }

  take(): ArchiveBatch {
    const out = this.batch;
    if (this.held.length > 0) {
      const bytes = new Uint8Array(this.heldBytes);
      let at = 0;
      for (const part of this.held) {
        bytes.set(part, at);
        at += part.length;
      }
      // The Blob copies the bytes: they can still travel with the batch.
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
      for (const member of this.heldMembers) member.blob = blob;
      if (this.heldMembers.length === out.members.length && this.mayHold(bytes.length))
        out.held = { start: 0, bytes };
    }
    this.batch = { members: [], errors: [], skipped: 0 };
    this.held = [];
    this.heldMembers = [];
    this.heldBytes = 0;
    return out;
  }
}

const EMPTY = new Blob([]);

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An ArchiveBatch as it crosses to the page, its members column by column (spanColumns.ts): the
 * page took longest over these messages of all a load's when they were hundreds of objects.
 */
export interface PackedBatch {
  paths: string[];
  spans: SpanColumns;
  errors: MemberError[];
  skipped: number;
  problem?: string;
  held?: HeldBytes;
}

export function packBatch(batch: ArchiveBatch): PackedBatch {
  const packed: PackedBatch = {
    paths: batch.members.map((member) => member.path),
    spans: packSpans(batch.members),
    errors: batch.errors,
    skipped: batch.skipped,
  };
  if (batch.problem !== undefined) packed.problem = batch.problem;
  if (batch.held !== undefined) packed.held = batch.held;
  return packed;
}

export function unpackBatch(packed: PackedBatch): ArchiveBatch {
  const { paths, spans } = packed;
  const members = paths.map((path, i): ArchiveMember => ({
    path,
    blob: blobAt(spans, i),
    // Packed from members, each of which has its span.
    encoding: encodingAt(spans, i)!,
  }));
  const batch: ArchiveBatch = { members, errors: packed.errors, skipped: packed.skipped };
  if (packed.problem !== undefined) batch.problem = packed.problem;
  if (packed.held !== undefined) batch.held = packed.held;
  return batch;
}
