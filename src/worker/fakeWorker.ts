// An in-process stand-in for the ingest worker, for tests of the pool and the session in Node.
import { handleRequest } from "./handle";
import type { WorkerLike } from "./pool";
import type { WorkerRequest, WorkerResponse } from "./protocol";

export class InProcessWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;

  postMessage(message: WorkerRequest): void {
    void handleRequest(message).then(({ response }) => {
      if (!this.terminated) this.onmessage?.({ data: response } as MessageEvent<WorkerResponse>);
    });
  }

  terminate(): void {
    this.terminated = true;
  }
}
