import { describe, expect, it } from "vitest";
import { InProcessWorker } from "../worker/fakeWorker";
import { WorkerPool } from "../worker/pool";
import { FullTextSearch } from "./fullText";
import { Session } from "./session";

function file(name: string, records: object[]) {
  const bytes = new TextEncoder().encode(JSON.stringify({ Records: records }));
  return { blob: new Blob([bytes]), name, path: name };
}

const record = (i: number, extra: object = {}) => ({
  eventName: "RunInstances",
  eventTime: `2024-01-01T00:00:0${i % 10}Z`,
  eventID: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, "0")}`,
  ...extra,
});

describe("FullTextSearch", () => {
  it("finds records by text anywhere in them, also in fields that are not indexed", async () => {
    const session = new Session(new WorkerPool(() => new InProcessWorker(), 2), { batchFiles: 1 });
    await session.load([
      file("a.json", [record(1, { requestParameters: { instanceId: "i-0ABC123" } }), record(2)]),
      file("b.json", [
        record(3),
        record(4, { responseElements: { nested: ["x", { id: "I-0abc123" }] } }),
      ]),
      file("c.json", [record(5)]),
    ]);
    const search = new FullTextSearch(session);
    await search.start("i-0abc123");
    const result = search.result!;
    expect(result.status).toBe("done");
    expect(result.matches).toBe(2);
    expect(result.filesDone).toBe(3);
    const mask = search.maskFor("i-0abc123")!;
    const ids = [...mask].flatMap((m, r) =>
      m ? [session.store.record[r] + 10 * session.store.file[r]] : [],
    );
    expect(ids.sort()).toEqual([0, 11]);
  });

  it("a new load makes the result stale; a cancelled run leaves no mask", async () => {
    const session = new Session(new WorkerPool(() => new InProcessWorker(), 1), { batchFiles: 1 });
    await session.load([file("a.json", [record(1, { userAgent: "needle" })])]);
    const search = new FullTextSearch(session);
    await search.start("needle");
    expect(search.isStale("needle")).toBe(false);
    await session.load([file("b.json", [record(2, { userAgent: "needle" })])]);
    expect(search.isStale("needle")).toBe(true);
    expect(search.maskFor("needle")).toBeNull();
    const running = search.start("needle");
    search.cancel();
    await running;
    expect(search.result?.status).toBe("cancelled");
    expect(search.maskFor("needle")).toBeNull();
  });
});
