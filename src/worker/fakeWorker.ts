// An in-process stand-in for the ingest worker, for tests of the pool and the session in Node.
// Messages cross with `structuredClone` and their transfer lists, both ways, as they would cross
// the real boundary: a value that cannot be cloned, or a buffer used after it was transferred,
// fails here as it would in the browser.
import type { WorkerLike } from "./pool";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import { reply } from "./reply";

export class InProcessWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;

  postMessage(message: WorkerRequest, transfer: Transferable[] = []): void {
    const request = structuredClone(message, { transfer });
    void reply(request, (response, answerTransfer) => {
      const data = structuredClone(response, { transfer: answerTransfer });
      if (!this.terminated) this.onmessage?.({ data } as MessageEvent<WorkerResponse>);
    });
  }

  terminate(): void {
    this.terminated = true;
  }
}
