// Expanding archives (zip, tar, tar.gz) into their members, off the main thread: archives are read
// by a worker of their own (archive.worker.ts), which posts the members back in batches as it
// finds them, so that loading them starts before the archive is read to its end.
import type { ArchiveKind } from "../ingest/archive";
import { packBatch, unpackBatch, type PackedBatch } from "../ingest/archiveBatch";
import type { ArchiveBatch } from "../ingest/archiveRead";
import { CancelledError } from "./pool";
import type { WorkerScope } from "./protocol";

export interface ExpandRequest {
  blob: Blob;
  kind: ArchiveKind;
}

export type ExpandMessage =
  { type: "batch"; batch: PackedBatch } | { type: "done" } | { type: "error"; message: string };

/**
 * Reads an archive's members, calling `onBatch` for each batch as it comes; resolves once the
 * archive is read (a damaged archive ends with a batch whose `problem` says so). Rejects with
 * CancelledError when `signal` aborts, or with an Error when the reader itself fails.
 */
export type Expander = (
  request: ExpandRequest,
  onBatch: (batch: ArchiveBatch) => void,
  signal: AbortSignal,
) => Promise<void>;

/**
 * Expands in this thread: for tests in Node (the app uses `workerExpander`). The reader is
 * imported on first use, so that the page's own bundle does not carry the archive libraries.
 */
export const inProcessExpander: Expander = async (request, onBatch, signal) => {
  const { expandArchive } = await import("../ingest/archiveRead");
  for await (const batch of expandArchive(request.blob, request.kind)) {
    if (signal.aborted) throw new CancelledError();
    onBatch(batch);
  }
};

/** A request to the archive worker: read an archive, or stop reading one. */
export type ArchiveWorkerRequest =
  ({ type: "expand"; id: number } & ExpandRequest) | { type: "cancel"; id: number };

/** The archive worker's messages, each about the request `id`. */
export type ArchiveWorkerMessage = ExpandMessage & { id: number };

/** The part of `Worker` the expander uses. */
export interface ArchiveWorkerLike {
  postMessage(message: ArchiveWorkerRequest): void;
  onmessage: ((event: MessageEvent<ArchiveWorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

interface Pending {
  onBatch: (batch: ArchiveBatch) => void;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Expands archives in one long-lived worker made by `create`, several at once if need be (each
 * request has an id; a cancel stops its reading). With `eager`, the worker starts now: its script
 * and the archive reader are fetched while the page is surely online, so that archives load
 * offline later. A worker that dies fails the archives it was reading, and the next archive
 * starts another.
 */
export function workerExpander(
  create: () => ArchiveWorkerLike,
  { eager = false }: { eager?: boolean } = {},
): Expander {
  let worker: ArchiveWorkerLike | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const start = (): ArchiveWorkerLike => {
    const made = create();
    made.onmessage = (event) => {
      const message = event.data;
      const request = pending.get(message.id);
      if (request === undefined) return;
      if (message.type === "batch") {
        request.onBatch(unpackBatch(message.batch));
        return;
      }
      pending.delete(message.id);
      if (message.type === "done") request.resolve();
      else request.reject(new Error(message.message));
    };
    made.onerror = (event) => {
      event.preventDefault?.();
      made.terminate();
      if (worker === made) worker = null;
      const error = new Error(
        `the archive reader stopped unexpectedly (${event.message || "error"})`,
      );
      const failed = [...pending.values()];
      pending.clear();
      for (const request of failed) request.reject(error);
    };
    return made;
  };
  if (eager) worker = start();

  return (request, onBatch, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new CancelledError());
        return;
      }
      worker ??= start();
      const id = nextId++;
      const target = worker;
      const abort = () => {
        if (!pending.delete(id)) return;
        target.postMessage({ type: "cancel", id });
        reject(new CancelledError());
      };
      const settle = () => signal.removeEventListener("abort", abort);
      pending.set(id, {
        onBatch,
        resolve: () => {
          settle();
          resolve();
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      signal.addEventListener("abort", abort);
      target.postMessage({ type: "expand", id, blob: request.blob, kind: request.kind });
    });
}

/**
 * The archive worker's side: reads each requested archive with `expandArchive`, several at once,
 * and stops one on its cancel. The reader is imported at once, so that the worker holds it
 * before it is first needed (and offline).
 */
export function serveArchives(
  scope: WorkerScope<ArchiveWorkerRequest, ArchiveWorkerMessage>,
): void {
  const reader = import("../ingest/archiveRead");
  // Keep an import failure from being reported before a request can carry it.
  reader.catch(() => {});
  const cancelled = new Set<number>();
  scope.onmessage = async ({ data }) => {
    if (data.type === "cancel") {
      cancelled.add(data.id);
      return;
    }
    const { id } = data;
    try {
      const { expandArchive } = await reader;
      for await (const batch of expandArchive(data.blob, data.kind)) {
        if (cancelled.has(id)) return;
        const held = batch.held?.bytes.buffer;
        scope.postMessage(
          { type: "batch", batch: packBatch(batch), id },
          held ? [held as ArrayBuffer] : [],
        );
      }
      scope.postMessage({ type: "done", id });
    } catch (error) {
      scope.postMessage({
        type: "error",
        id,
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      cancelled.delete(id);
    }
  };
}
