// Expanding archives (zip, tar, tar.gz) into their members, off the main thread: each archive is
// read by a worker of its own (archive.worker.ts), which posts the members back in batches as it
// finds them, so that loading them starts before the archive is read to its end.
import type { ArchiveKind } from "../ingest/archive";
import type { ArchiveBatch } from "../ingest/archiveRead";
import { CancelledError } from "./pool";
import type { WorkerScope } from "./protocol";

export interface ExpandRequest {
  blob: Blob;
  kind: ArchiveKind;
}

export type ExpandMessage =
  { type: "batch"; batch: ArchiveBatch } | { type: "done" } | { type: "error"; message: string };

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

/** The part of `Worker` the expander uses. */
export interface ArchiveWorkerLike {
  postMessage(message: ExpandRequest): void;
  onmessage: ((event: MessageEvent<ExpandMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Expands each archive in a worker of its own, made by `create` and ended with the archive. */
export function workerExpander(create: () => ArchiveWorkerLike): Expander {
  return (request, onBatch, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new CancelledError());
        return;
      }
      const worker = create();
      const end = () => {
        worker.terminate();
        signal.removeEventListener("abort", abort);
      };
      const abort = () => {
        end();
        reject(new CancelledError());
      };
      signal.addEventListener("abort", abort);
      worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === "batch") onBatch(message.batch);
        else {
          end();
          if (message.type === "done") resolve();
          else reject(new Error(message.message));
        }
      };
      worker.onerror = (event) => {
        event.preventDefault?.();
        end();
        reject(new Error(`the archive reader stopped unexpectedly (${event.message || "error"})`));
      };
      worker.postMessage(request);
    });
}

/** The archive worker's side: wires a request to `expandArchive`. */
export function serveArchives(scope: WorkerScope<ExpandRequest, ExpandMessage>): void {
  scope.onmessage = async (event) => {
    try {
      const { expandArchive } = await import("../ingest/archiveRead");
      for await (const batch of expandArchive(event.data.blob, event.data.kind))
        scope.postMessage({ type: "batch", batch });
      scope.postMessage({ type: "done" });
    } catch (error) {
      scope.postMessage({
        type: "error",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
}
