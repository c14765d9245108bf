// A session's reads of its loaded files in the workers, after the load: one record or several
// (the detail view), searches, scans and hashes. Small picked files are read on the main thread
// and their bytes transferred (see `rereadFiles`).
import type { FileHash } from "../ingest/integrityCrypto";
import { planBatches } from "../lib/batches";
import type { Expr } from "../query/ast";
import type { WorkerPool } from "../worker/pool";
import type { BatchFile, ReadFile } from "../worker/protocol";
import type { WantedRecords } from "../query/scan";
import type { FileEntry } from "./session";
import type { UserWork } from "./userWork";

/** The largest loaded file read again on the main thread rather than in a worker. */
const REREAD_BYTES = 16 * 1024 * 1024;

/** What the reads need of their session. */
export interface ReadsHost {
  pool: WorkerPool;
  /** Tracks the user's own requests (integrity checks wait while there are some). */
  userWork: UserWork;
  files: () => FileEntry[];
  /**
   * Names a loaded file's content for the workers' decoded-file cache: reads of one file (an
   * event, its related events, its other versions) go to one worker, which decodes it once.
   */
  cacheKey: (fileIndex: number) => string;
}

/** Files of one worker request of a read job at most, and their compressed bytes. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;
/** The first batch's files: the workers start once it is read on this thread (see planBatches). */
const FIRST_BATCH_FILES = 4;

export class FileReads {
  constructor(private readonly host: ReadsHost) {}

  /**
   * How many batches of files a job over many files keeps going at once: two per worker, so that
   * each worker has the next batch while it reads one. More would read more files on this
   * thread at once, and the first batch would wait for all their reads.
   */
  get lanes(): number {
    return Math.max(1, Math.min(8, this.host.pool.size * 2));
  }

  /**
   * Loaded files to read again (searches, scans), in batches of one worker request each, in
   * their order: small batches first, so that the workers start once a few files are read.
   */
  batches(files: readonly FileEntry[]): FileEntry[][] {
    const sizes = files.map((f) => f.outcome?.compressedBytes ?? 0);
    return planBatches(sizes, BATCH_FILES, BATCH_BYTES, FIRST_BATCH_FILES).map((batch) =>
      batch.map((i) => files[i]),
    );
  }

  /** The whole record behind a row, as JSON text, re-read from its file in a worker. */
  async recordText(fileIndex: number, record: number): Promise<string> {
    return (await this.recordRead(fileIndex, record)).json;
  }

  /**
   * The record as recordText gives it, and `raw` when it cannot be printed as a tree (nested too
   * deeply): `json` is then the record's text as its file holds it, to be shown as text.
   */
  async recordRead(fileIndex: number, record: number): Promise<{ json: string; raw: boolean }> {
    const file = this.fileAt(fileIndex);
    // A large file's load kept where each record's text is: only that is read again.
    const offsets = file.outcome?.recordOffsets;
    const range: [number, number] | undefined =
      offsets !== undefined && 2 * record + 1 < offsets.length
        ? [offsets[2 * record]!, offsets[2 * record + 1]!]
        : undefined;
    const response = await this.host.userWork.track(
      this.host.pool.run(
        {
          type: "record",
          ...this.oneFile(file),
          record,
          ...(range === undefined ? {} : { range }),
        },
        [],
        fileIndex,
      ),
    );
    return { json: response.json, raw: response.raw === true };
  }

  /**
   * Several records of one file as compact JSON text, in the order asked (null where the file
   * no longer holds a record there), re-read in a worker.
   */
  async recordTexts(fileIndex: number, records: number[]): Promise<(string | null)[]> {
    const file = this.fileAt(fileIndex);
    const response = await this.host.userWork.track(
      this.host.pool.run({ type: "records", ...this.oneFile(file), records }, [], fileIndex),
    );
    return response.texts;
  }

  /**
   * Scans whole records of these files for `needle` (case-insensitive) in a worker: the places
   * (fileIndex, record) that match, and the bytes read.
   */
  async searchFiles(
    fileIndices: number[],
    needle: string,
  ): Promise<{ places: Uint32Array; bytes: number }> {
    const { files, read, transfer } = await this.rereadFiles(fileIndices);
    const response = await this.host.userWork.track(
      this.host.pool.run({ type: "search", files, read, needle }, transfer),
    );
    return { places: response.matches, bytes: response.bytes };
  }

  /**
   * Evaluates expressions (query terms on nested paths, rules) over whole records of these files
   * in a worker: per expression, the places (fileIndex, record) that match; and the bytes read.
   */
  async matchFiles(
    fileIndices: number[],
    exprs: Expr[],
    chosen = false,
    records: ReadonlyMap<number, Uint32Array> | null = null,
  ): Promise<{ places: Uint32Array[]; bytes: number }> {
    const { files, read, transfer } = await this.rereadFiles(fileIndices);
    const wanted: (WantedRecords & { fileIndex: number })[] = [];
    for (const fileIndex of fileIndices) {
      const some = records?.get(fileIndex);
      const outcome = this.host.files()[fileIndex]?.outcome;
      // Records are cut out of a delivery's text, whose records the load counted.
      if (some === undefined || outcome?.kind !== "events" || outcome.shape !== "records") continue;
      const total = outcome.events + outcome.insights + outcome.skipped;
      wanted.push({ fileIndex, records: some, total });
    }
    const response = await this.host.userWork.track(
      this.host.pool.run({ type: "match", files, read, exprs, chosen, wanted }, transfer),
    );
    return { places: response.places, bytes: response.bytes };
  }

  /**
   * The SHA-256 of each of these files' decompressed bytes, computed in a worker (integrity
   * checks against digests); and the bytes read.
   */
  async hashFiles(fileIndices: number[]): Promise<{ hashes: FileHash[]; bytes: number }> {
    const { files, read, transfer } = await this.rereadFiles(fileIndices);
    const response = await this.host.pool.run({ type: "hash", files, read }, transfer);
    return { hashes: response.hashes, bytes: response.bytes };
  }

  private fileAt(fileIndex: number): FileEntry {
    const file = this.host.files()[fileIndex];
    if (!file) throw new Error(`no file #${fileIndex}`);
    return file;
  }

  /**
   * One file as a request about its records names it; `cacheKey` sends the reads of one file to
   * the worker that may still hold it decoded.
   */
  private oneFile(file: FileEntry): {
    name: string;
    blob: Blob;
    encoding: FileEntry["encoding"];
    cacheKey: string;
  } {
    return {
      name: file.name,
      blob: file.blob,
      encoding: file.encoding,
      cacheKey: this.host.cacheKey(file.index),
    };
  }

  /**
   * Loaded files to read again in a worker (searches, scans, hashes). A picked file of a known
   * size up to REREAD_BYTES is read here and its bytes transferred: a File posted to a worker
   * needs its snapshot, a synchronous round trip to the browser per file, which a load that read
   * the file's bytes never took. Archive members and larger files go as Blobs.
   */
  private async rereadFiles(
    fileIndices: number[],
  ): Promise<{ files: BatchFile[]; read: ReadFile[]; transfer: ArrayBuffer[] }> {
    const files: BatchFile[] = [];
    const reads: Promise<ReadFile | FileEntry>[] = [];
    for (const index of fileIndices) {
      const entry = this.fileAt(index);
      const size = entry.outcome?.compressedBytes ?? -1;
      if (entry.encoding !== undefined || size < 0 || size > REREAD_BYTES) {
        files.push(batchFile(entry));
        continue;
      }
      // A file that cannot be read here goes to the worker, which says why in its answer.
      reads.push(
        entry.blob.arrayBuffer().then(
          (buffer) => ({ fileIndex: index, name: entry.name, bytes: new Uint8Array(buffer) }),
          () => entry,
        ),
      );
    }
    const read: ReadFile[] = [];
    for (const done of await Promise.all(reads)) {
      if ("bytes" in done) read.push(done);
      else files.push(batchFile(done));
    }
    return { files, read, transfer: read.map((r) => r.bytes.buffer as ArrayBuffer) };
  }
}

/** A file as a worker request names it. */
export function batchFile(entry: FileEntry): BatchFile {
  const file: BatchFile = { fileIndex: entry.index, name: entry.name, blob: entry.blob };
  if (entry.encoding !== undefined) file.encoding = entry.encoding;
  return file;
}
