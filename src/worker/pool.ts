// A fixed-size pool of ingest workers, on the main thread's side. Requests queue; each worker takes
// up to IN_FLIGHT at a time so it is never idle while the main thread merges its last answer.
// A worker that dies is replaced, and the requests it held fail with WorkerCrashedError so the
// caller can retry them or report their files. Each request resolves with the response its type
// gets (`ResponseFor`); an `error` reply rejects with WorkerReplyError.
import { nextTask } from "../lib/nextTask";
import {
  RESPONSE_TYPE,
  type ResponseFor,
  type WorkerRequest,
  type WorkerResponse,
} from "./protocol";

/** The part of `Worker` the pool uses; tests pass an in-process fake. */
export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export class WorkerCrashedError extends Error {
  constructor(reason: string) {
    super(`the file reader stopped unexpectedly (${reason})`);
    this.name = "WorkerCrashedError";
  }
}

/** The worker answered the request with an `error` reply: the request failed as a whole. */
export class WorkerReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkerReplyError";
  }
}

export class CancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
}

/** A request without its id: the pool numbers requests itself. */
export type PoolRequest = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, "id">
    : never
  : never;

interface Task {
  id: number;
  request: PoolRequest;
  transfer: Transferable[];
  /** The worker (index modulo the pool size) that should take it when it is no busier than others. */
  prefer: number | undefined;
  /** Called with a response of the type the request gets (checked on arrival). */
  resolve: (response: WorkerResponse) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: WorkerLike;
  tasks: Map<number, Task>;
  /** The key of the rule set last sent whole to this worker (see `withRules`). */
  rulesKey?: string;
}

/**
 * A parse request's rule set goes whole to a worker once: later requests to that worker name it
 * by its key (the worker keeps the sets it was sent, see query/ruleset.ts `receivedRules`). The
 * set is some 17 KB of expressions, and a load makes a request per megabyte of logs.
 */
function withRules(request: PoolRequest, slot: Slot): PoolRequest {
  if (request.type !== "parse" || request.rules === null) return request;
  const { key } = request.rules;
  return slot.rulesKey === key ? { ...request, rules: { key } } : request;
}

/** The key of the rule set `request` carries whole, if it does. */
function wholeRulesKey(request: PoolRequest): string | undefined {
  if (request.type !== "parse" || request.rules === null || !("exprs" in request.rules)) return;
  return request.rules.key;
}

const IN_FLIGHT = 2;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;

  constructor(
    private readonly create: () => WorkerLike,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /**
   * Runs a request on the next free worker; resolves with the response its type gets. Rejects
   * with WorkerReplyError (an `error` reply), WorkerCrashedError or CancelledError. `prefer`
   * names a worker (any integer, taken modulo the pool size) that gets the request when it is no
   * busier than the others: requests about one file go to the worker that may still hold it.
   */
  run<R extends PoolRequest>(
    request: R,
    transfer: Transferable[] = [],
    prefer?: number,
  ): Promise<ResponseFor<R>> {
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        request,
        transfer,
        prefer,
        resolve: (response) => resolve(response as ResponseFor<R>),
        reject,
      };
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Drops every queued and running request (they reject with CancelledError). */
  cancelAll(): void {
    const cancelled = new CancelledError();
    for (const task of this.queue.splice(0)) task.reject(cancelled);
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (slot.tasks.size === 0) continue;
      // A busy worker cannot be interrupted mid-parse: replace it.
      slot.worker.terminate();
      for (const task of slot.tasks.values()) task.reject(cancelled);
      this.slots[i] = this.spawn();
    }
  }

  dispose(): void {
    this.cancelAll();
    for (const slot of this.slots) slot.worker.terminate();
    this.slots.length = 0;
  }

  private spawn(): Slot {
    const worker = this.create();
    const slot: Slot = { worker, tasks: new Map() };
    worker.onmessage = (event) => {
      const task = slot.tasks.get(event.data.id);
      if (!task) return;
      slot.tasks.delete(task.id);
      settle(task, event.data);
      this.dispatch();
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.replace(slot, event.message || "worker error");
    };
    return slot;
  }

  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    slot.worker.terminate();
    this.slots[index] = this.spawn();
    const error = new WorkerCrashedError(reason);
    for (const task of slot.tasks.values()) task.reject(error);
    slot.tasks.clear();
    this.dispatch();
  }

  private scheduled = false;

  /**
   * Hands queued requests to free workers, one post per task of the event loop: posting a batch
   * clones its File handles, which costs the main thread time per file, so many posts in one
   * task would make one long task. A worker with nothing to do gets one at once: a task queued
   * behind the page's other messages (an archive's reader posts its batches as fast as it lists
   * them) left both workers idle for the first tens of milliseconds of a load.
   */
  private dispatch(): void {
    if (this.scheduled) return;
    if (this.slots.some((slot) => slot.tasks.size === 0)) this.postOne();
    if (this.queue.length === 0) return;
    this.scheduled = true;
    nextTask(() => {
      this.scheduled = false;
      if (this.postOne()) this.dispatch();
    });
  }

  /** Posts the next queued request to the least busy free worker; false when none can go. */
  private postOne(): boolean {
    if (this.queue.length === 0) return false;
    let best: Slot | null = null;
    for (const slot of this.slots) {
      if (slot.tasks.size < IN_FLIGHT && (!best || slot.tasks.size < best.tasks.size)) best = slot;
    }
    if (!best) return false;
    const prefer = this.queue[0]!.prefer;
    if (prefer !== undefined) {
      const n = this.slots.length;
      const preferred = this.slots[((prefer % n) + n) % n]!;
      if (preferred.tasks.size <= best.tasks.size) best = preferred;
    }
    const task = this.queue.shift()!;
    best.tasks.set(task.id, task);
    try {
      const request = withRules(task.request, best);
      best.worker.postMessage({ ...request, id: task.id } as WorkerRequest, task.transfer);
      // Known to the worker once it has it: a post that failed sent the worker nothing.
      best.rulesKey = wholeRulesKey(request) ?? best.rulesKey;
    } catch (error) {
      // A request the structured clone refuses (DataCloneError) fails alone.
      best.tasks.delete(task.id);
      task.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return true;
  }
}

/** Resolves a task with its answer, or rejects it on an `error` reply or an answer of another type. */
function settle(task: Task, response: WorkerResponse): void {
  if (response.type === RESPONSE_TYPE[task.request.type]) task.resolve(response);
  else if (response.type === "error") task.reject(new WorkerReplyError(response.message));
  else
    task.reject(
      new WorkerReplyError(`unexpected answer "${response.type}" to "${task.request.type}"`),
    );
}

/** Worker count: one per core the browser reports, at least one, at most eight. */
export function poolSize(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.min(8, hardwareConcurrency ?? 2));
}
