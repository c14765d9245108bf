// Batches of archive members as the archive readers hand them over (archiveZip.ts, archiveTar.ts).
import type { MemberEncoding } from "./archive";

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
}

/** Members per batch, and in-memory bytes per batch for tar members. */
const BATCH_MEMBERS = 256;
const BATCH_BYTES = 8 * 1024 * 1024;

export class Batcher {
  batch: ArchiveBatch = { members: [], errors: [], skipped: 0 };
  /** Members read into memory, waiting to share one Blob when the batch is taken. */
  private held: Uint8Array[] = [];
  private heldMembers: ArchiveMember[] = [];
  private heldBytes = 0;
  count = 0;

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

  full(): boolean {
    const b = this.batch;
    return b.members.length + b.errors.length >= BATCH_MEMBERS || this.heldBytes >= BATCH_BYTES;
  }

  take(): ArchiveBatch {
    if (this.held.length > 0) {
      const blob = new Blob(this.held as Uint8Array<ArrayBuffer>[]);
      for (const member of this.heldMembers) member.blob = blob;
    }
    const out = this.batch;
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
