import { describe, expect, it } from "vitest";
import { InProcessWorker } from "./fakeWorker";
import {
  CancelledError,
  WorkerCrashedError,
  WorkerPool,
  WorkerReplyError,
  poolSize,
  type WorkerLike,
} from "./pool";
import { RESPONSE_TYPE, type WorkerRequest, type WorkerResponse } from "./protocol";
import { reply } from "./reply";
import { packFiles } from "./packFiles";
import { parseQuery } from "../query/parse";
import type { RuleSet } from "../query/ruleset";

/**
 * A worker that answers `record` requests with the record number, after `delay` ms; record -1
 * crashes it, -2 gets an error reply, -3 an answer of the wrong type.
 */
class EchoWorker implements WorkerLike {
  static created = 0;
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  busy = 0;
  maxBusy = 0;
  received = 0;
  constructor(private readonly delay: number) {
    EchoWorker.created++;
  }
  postMessage(message: WorkerRequest): void {
    if (message.type !== "record") throw new Error("unexpected");
    this.received++;
    this.busy++;
    this.maxBusy = Math.max(this.maxBusy, this.busy);
    setTimeout(() => {
      this.busy--;
      if (message.record === -1) {
        this.onerror?.({ message: "boom", preventDefault: () => {} } as ErrorEvent);
        return;
      }
      const data: WorkerResponse =
        message.record === -2
          ? { type: "error", id: message.id, message: "not a log file" }
          : message.record === -3
            ? { type: "records", id: message.id, texts: [] }
            : { type: "record", id: message.id, json: String(message.record) };
      this.onmessage?.({ data } as MessageEvent<WorkerResponse>);
    }, this.delay);
  }
  terminate(): void {}
}

/** A pool of `size` EchoWorkers, and the workers it made (replacements too), in order. */
function echoPool(size: number, delay: number): { pool: WorkerPool; workers: EchoWorker[] } {
  const workers: EchoWorker[] = [];
  const pool = new WorkerPool(() => {
    const worker = new EchoWorker(delay);
    workers.push(worker);
    return worker;
  }, size);
  return { pool, workers };
}

const ask = (pool: WorkerPool, record: number) =>
  pool.run({ type: "record", name: "x", blob: new Blob([]), record });

describe("WorkerPool", () => {
  it("answers every request, each with its own answer", async () => {
    const { pool, workers } = echoPool(3, 1);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(pool, i)));
    expect(answers.map((a) => Number(a.json))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Work was spread, and no worker held more than two requests at once.
    expect(workers).toHaveLength(3);
    for (const worker of workers) expect(worker.maxBusy).toBeLessThanOrEqual(2);
    expect(workers.every((w) => w.maxBusy > 0)).toBe(true);
  });

  it("posts at once to a worker with nothing to do, the other requests a task at a time", async () => {
    const { pool, workers } = echoPool(2, 5);
    const answers = [1, 2, 3, 4, 5].map((record) =>
      pool.run({ type: "record", name: "x.json", blob: new Blob(["{}"]), record }),
    );
    // Before any other task runs: one request to each idle worker.
    expect(workers.map((w) => w.received)).toEqual([1, 1]);
    expect((await Promise.all(answers)).map((a) => a.json)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("replaces a crashed worker and fails only the requests it held", async () => {
    EchoWorker.created = 0;
    const pool = new WorkerPool(() => new EchoWorker(1), 1);
    const bad = ask(pool, -1);
    const other = ask(pool, 7); // queued on the same worker: lost with it
    await expect(bad).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(other).rejects.toBeInstanceOf(WorkerCrashedError);
    const after = await ask(pool, 8);
    expect(after.json).toBe("8");
    expect(EchoWorker.created).toBe(2);
  });

  it("cancels queued and running requests", async () => {
    const pool = new WorkerPool(() => new EchoWorker(20), 1);
    const requests = Array.from({ length: 5 }, (_, i) => ask(pool, i));
    pool.cancelAll();
    for (const request of requests) await expect(request).rejects.toBeInstanceOf(CancelledError);
    const after = await ask(pool, 3);
    expect(after.type).toBe("record");
  });

  it("rejects on an error reply or an answer of another type, and goes on", async () => {
    const pool = new WorkerPool(() => new EchoWorker(1), 1);
    await expect(ask(pool, -2)).rejects.toEqual(new WorkerReplyError("not a log file"));
    await expect(ask(pool, -3)).rejects.toBeInstanceOf(WorkerReplyError);
    expect((await ask(pool, 4)).json).toBe("4");
  });

  it("fails a request that cannot cross to a worker alone (DataCloneError)", async () => {
    const pool = new WorkerPool(() => new InProcessWorker(), 1);
    const unclonable = pool.run({
      type: "record",
      name: "x.json",
      blob: { read: () => 0 } as unknown as Blob,
      record: 0,
    });
    await expect(unclonable).rejects.toHaveProperty("name", "DataCloneError");
    const text = '{"Records":[{"eventName":"GetObject"}]}';
    const answer = await pool.run({
      type: "record",
      name: "x.json",
      blob: new Blob([text]),
      record: 0,
    });
    expect(JSON.parse(answer.json)).toEqual({ eventName: "GetObject" });
  });

  it("transfers the buffers of a request: the sender's copy is detached", async () => {
    const pool = new WorkerPool(() => new InProcessWorker(), 1);
    const buffer = new ArrayBuffer(8);
    await pool
      .run({ type: "record", name: "x.json", blob: new Blob(["{}"]), record: 0 }, [buffer])
      .catch(() => null);
    expect(buffer.byteLength).toBe(0);
  });

  it("gives a request to the worker it prefers when that one is no busier than the others", async () => {
    const { pool, workers } = echoPool(3, 5);
    const run = (record: number, prefer: number) =>
      pool.run({ type: "record", name: "x", blob: new Blob([]), record }, [], prefer);
    // One at a time: every worker is idle, so each request goes where it prefers (modulo 3).
    for (const [prefer, worker] of [
      [4, 1],
      [4, 1],
      [2, 2],
      [-1, 2],
      [3, 0],
    ] as const) {
      const before = workers.map((w) => w.received);
      await run(1, prefer);
      expect(workers.map((w, i) => w.received - before[i]!)).toEqual(
        [0, 1, 2].map((i) => (i === worker ? 1 : 0)),
      );
    }
    // Busy: the preferred worker holds a request and another is idle, so the next one goes there.
    const before = workers.map((w) => w.received);
    await Promise.all([run(1, 0), run(2, 0)]);
    expect(workers[0]!.received - before[0]!).toBe(1);
  });

  it("sizes itself from the core count, within bounds", () => {
    expect(poolSize(undefined)).toBe(2);
    expect(poolSize(1)).toBe(1);
    expect(poolSize(4)).toBe(4);
    expect(poolSize(64)).toBe(8);
  });
});

describe("reply", () => {
  it("answers with an error reply when the answer cannot be posted", async () => {
    const request: WorkerRequest = {
      type: "record",
      id: 9,
      name: "x.json",
      blob: new Blob(['{"Records":[{"eventName":"GetObject"}]}']),
      record: 0,
    };
    const posted: WorkerResponse[] = [];
    await reply(request, (response) => {
      if (response.type !== "error")
        throw new DOMException("could not be cloned", "DataCloneError");
      posted.push(response);
    });
    expect(posted).toEqual([
      { type: "error", id: 9, message: "the answer could not be sent: could not be cloned" },
    ]);
  });
});

describe("RESPONSE_TYPE", () => {
  it("names a response type for every request type", () => {
    const responses: WorkerResponse["type"][] = Object.values(RESPONSE_TYPE);
    expect(responses).not.toContain("error");
    expect(new Set(responses).size).toBe(responses.length);
  });
});

describe("rule sets", () => {
  /** An in-process worker that notes how each parse request carried its rules; crash.json kills it. */
  class RecordingWorker extends InProcessWorker {
    constructor(readonly carried: string[]) {
      super();
    }
    override postMessage(message: WorkerRequest, transfer: Transferable[] = []): void {
      if (message.type === "parse" && message.rules !== null)
        this.carried.push("exprs" in message.rules ? `whole ${message.rules.key}` : "key");
      if (message.type === "parse" && message.files.names.includes("crash.json")) {
        setTimeout(() =>
          this.onerror?.({ message: "boom", preventDefault: () => {} } as ErrorEvent),
        );
        return;
      }
      super.postMessage(message, transfer);
    }
  }

  const ruleOf = (query: string) => {
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.expr;
  };
  const logs = new TextEncoder().encode(
    JSON.stringify({
      Records: [
        { eventName: "GetObject", eventID: "1" },
        { eventName: "PutObject", eventID: "2" },
        { eventName: "GetObject", eventID: "3" },
      ],
    }),
  );
  const parse = (pool: WorkerPool, rules: RuleSet, name = "x.json") =>
    pool.run({
      type: "parse",
      files: packFiles([{ fileIndex: 0, name, blob: new Blob([logs]) }]),
      rules,
    });

  it("go whole to a worker once, then by their key; a new set or a new worker gets it whole", async () => {
    const carried: string[][] = [];
    const pool = new WorkerPool(() => {
      const mine: string[] = [];
      carried.push(mine);
      return new RecordingWorker(mine);
    }, 1);
    const gets = { key: "gets", exprs: [ruleOf("eventName:GetObject")] };
    const puts = { key: "puts", exprs: [ruleOf("eventName:PutObject")] };
    const matches = async (rules: RuleSet) =>
      Array.from((await parse(pool, rules)).results[0]!.matches);
    // Pairs (rule, row): the rule matched rows 0 and 2, or row 1.
    for (let i = 0; i < 3; i++) expect(await matches(gets)).toEqual([0, 0, 0, 2]);
    expect(await matches(puts)).toEqual([0, 1]);
    expect(await matches(gets)).toEqual([0, 0, 0, 2]);
    expect(await matches(gets)).toEqual([0, 0, 0, 2]);
    await expect(parse(pool, gets, "crash.json")).rejects.toBeInstanceOf(WorkerCrashedError);
    expect(await matches(gets)).toEqual([0, 0, 0, 2]);
    expect(carried).toEqual([
      ["whole gets", "key", "key", "whole puts", "whole gets", "key", "key"],
      ["whole gets"],
    ]);
  });

  it("go whole again after a post that failed to cross (DataCloneError)", async () => {
    const carried: string[] = [];
    const pool = new WorkerPool(() => new RecordingWorker(carried), 1);
    const gets = { key: "gets", exprs: [ruleOf("eventName:GetObject")] };
    const unclonable = pool.run({
      type: "parse",
      files: packFiles([
        { fileIndex: 0, name: "x.json", blob: { read: () => 0 } as unknown as Blob },
      ]),
      rules: gets,
    });
    await expect(unclonable).rejects.toHaveProperty("name", "DataCloneError");
    const answer = await parse(pool, gets);
    expect(Array.from(answer.results[0]!.matches)).toEqual([0, 0, 0, 2]);
    expect(carried).toEqual(["whole gets", "whole gets"]);
  });
});
