import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InProcessWorker } from "../worker/fakeWorker";
import { WorkerPool } from "../worker/pool";
import { baselineInputOf } from "../store/baselinesCommon";
import { computeAnomalies } from "../store/baselinesDetect";
import { hasTimeOrder, timeOrder } from "../store/timeOrder";
import { ANOMALIES_MEASURE, anomaliesOf, hasAnomalies } from "./anomalies";
import { Session, type SourceFile } from "./session";
import { invictus, newSession, parseCountingSession, source } from "./testing";

describe("Session", () => {
  it("loads the real invictus deliveries through the worker protocol", async () => {
    const session = newSession();
    await session.load(invictus());
    expect(session.progress.state).toBe("ready");
    expect(session.progress.filesDone).toBe(55);
    expect(session.store.rows).toBe(2900);
    expect(session.fileErrors()).toEqual([]);
  });

  it("has a worker sort a finished load by time: newest first, ties by row, no time last", async () => {
    const session = newSession(2, { workerRows: 1 });
    const files = invictus();
    // Two loads: the second sorts every row again, the first's included.
    await session.load(files.slice(0, 20));
    await session.load(files);
    const store = session.store;
    expect(hasTimeOrder(store)).toBe(true);
    const rows = Array.from({ length: store.rows }, (_, r) => r);
    const time = (r: number) => store.time[r];
    rows.sort((a, b) => {
      const [ta, tb] = [time(a), time(b)];
      if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? 1 : -1;
      return (Number.isNaN(ta) ? 0 : tb - ta) || a - b;
    });
    expect(Array.from(timeOrder(store))).toEqual(rows);
  });

  it("has a worker compute the anomalies of a finished load, as the page would", async () => {
    const session = newSession(2, { workerRows: 1 });
    await session.load(invictus());
    expect(hasAnomalies(session)).toBe(true);
    const inWorker = anomaliesOf(session)!;
    const onPage = computeAnomalies(baselineInputOf(session.store));
    expect(onPage.series).toBeGreaterThan(0);
    expect(inWorker).toEqual(onPage);
    expect(performance.getEntriesByName(ANOMALIES_MEASURE, "measure").length).toBeGreaterThan(0);
  });

  it("sends small files to the workers many to a message, large ones a few to a message", async () => {
    const { session, parses } = parseCountingSession();
    // 600 files of one event each (a few hundred bytes), then 3 files of 600 KB of padding each.
    const tiny = Array.from({ length: 600 }, (_, i) =>
      source(
        `tiny-${i}.json.gz`,
        gzipSync(JSON.stringify({ Records: [{ eventName: "GetObject", eventID: `id-${i}` }] })),
      ),
    );
    const big = Array.from({ length: 3 }, (_, i) =>
      source(
        `big-${i}.json`,
        new TextEncoder().encode(
          JSON.stringify({
            Records: [{ eventName: "X", eventID: `big-${i}`, pad: "x".repeat(600_000) }],
          }),
        ),
      ),
    );
    await session.load([...tiny, ...big]);
    expect(session.store.rows).toBe(603);
    expect(parses.reduce((sum, n) => sum + n, 0)).toBe(603);
    // 256 tiny files to a message (batches of 64 would be ten), and at most 1 MB of files.
    expect(parses.slice(0, 2)).toEqual([256, 256]);
    expect(parses.length).toBeLessThan(10);
    expect(parses.slice(-2)).toEqual([1, 1]);
  });

  it("adds a second load to the first, skipping duplicate events", async () => {
    const session = newSession();
    const files = invictus();
    await session.load(files.slice(0, 10));
    const first = session.store.rows;
    await session.load(files);
    expect(session.store.rows).toBe(2900);
    expect(session.store.duplicates).toBe(first);
  });

  it("reports a bad file by name and still loads the others", async () => {
    const session = newSession();
    const good = gzipSync(
      JSON.stringify({ Records: [{ eventName: "GetCallerIdentity", eventID: "x-1" }] }),
    );
    await session.load([
      source("good.json.gz", good),
      source("cut.json.gz", good.subarray(0, 20)),
      source("text.json", new TextEncoder().encode("not json at all")),
    ]);
    expect(session.store.rows).toBe(1);
    expect(session.fileErrors().map((f) => f.name)).toEqual(["cut.json.gz", "text.json"]);
    expect(session.progress.state).toBe("ready");
  });

  it("returns a record's full text from its file", async () => {
    const session = newSession();
    const record = {
      eventName: "PutObject",
      eventID: "id-1",
      requestParameters: { bucketName: "b" },
    };
    await session.load([
      source("one.json", new TextEncoder().encode(JSON.stringify({ Records: [record] }))),
    ]);
    const text = await session.reads.recordText(session.store.file[0], session.store.record[0]);
    expect(JSON.parse(text)).toEqual(record);
  });

  it("returns several records of a file at once, null where there is none", async () => {
    const session = newSession();
    const records = [0, 1, 2].map((i) => ({ eventName: `E${i}`, eventID: `id-${i}` }));
    await session.load([
      source("three.json", new TextEncoder().encode(JSON.stringify({ Records: records }))),
    ]);
    const texts = await session.reads.recordTexts(0, [2, 0, 7]);
    expect(texts.map((t) => (t === null ? null : JSON.parse(t)))).toEqual([
      records[2],
      records[0],
      null,
    ]);
  });

  it("clear forgets everything", async () => {
    const session = newSession();
    await session.load(invictus().slice(0, 3));
    session.clear();
    expect(session.store.rows).toBe(0);
    expect(session.files).toEqual([]);
    expect(session.progress.state).toBe("idle");
  });
});

describe("Session with hostile files", () => {
  it("replaces a worker that dies on a file, loads the batch's other files and reports that one", async () => {
    let created = 0;
    /** Dies, as a worker out of memory does (an error event, no answer), on any batch holding crash.json. */
    class CrashingWorker extends InProcessWorker {
      constructor() {
        super();
        created++;
      }
      override postMessage(message: Parameters<InProcessWorker["postMessage"]>[0]): void {
        if (
          message.type === "parse" &&
          [...message.files.names, ...(message.read ?? []).map((file) => file.name)].includes(
            "crash.json",
          )
        ) {
          setTimeout(() =>
            this.onerror?.({ message: "out of memory", preventDefault: () => {} } as ErrorEvent),
          );
          return;
        }
        super.postMessage(message);
      }
    }
    const good = invictus().slice(0, 6);
    const crash = source("crash.json", new TextEncoder().encode('{"Records":[]}'));
    const session = new Session(new WorkerPool(() => new CrashingWorker(), 2));
    await session.load([...good.slice(0, 3), crash, ...good.slice(3)]);

    const reference = newSession();
    await reference.load(good);
    expect(reference.store.rows).toBeGreaterThan(0);
    expect(session.progress.state).toBe("ready");
    expect(session.progress.filesDone).toBe(7);
    expect(session.store.rows).toBe(reference.store.rows);
    expect(session.files.filter((f) => f.outcome?.kind === "events")).toHaveLength(6);
    expect(session.fileErrors().map((f) => [f.name, f.outcome?.error])).toEqual([
      ["crash.json", "the file reader stopped unexpectedly (out of memory)"],
    ]);
    // The first crash took the whole batch, the retry of crash.json alone took another worker.
    expect(created).toBe(4);
  });

  it("stores a file dropped twice in one load once, and counts the duplicates", async () => {
    const [first] = invictus();
    const session = newSession();
    await session.load([first, { ...first, path: `copy/${first.name}` }]);
    const alone = newSession();
    await alone.load([first]);
    expect(alone.store.rows).toBeGreaterThan(0);
    expect(session.fileErrors()).toEqual([]);
    expect(session.files.map((f) => f.outcome?.events)).toEqual([
      alone.store.rows,
      alone.store.rows,
    ]);
    expect(session.store.rows).toBe(alone.store.rows);
    expect(session.store.duplicates).toBe(alone.store.rows);
  });

  it("loads generated deliveries exactly, with hostile files mixed in", async () => {
    const { generateDeliveries } = await import("../generator");
    const deliveries = generateDeliveries({
      seed: 11,
      events: 1500,
      start: "2026-11-02T00:00:00Z",
      days: 1,
      accounts: 1,
      regions: ["us-east-1", "eu-west-1"],
      duplicateRate: 0.01,
      digests: true,
    });
    const generated: SourceFile[] = [];
    const logs: Uint8Array[] = [];
    let step = deliveries.next();
    while (!step.done) {
      generated.push(source(step.value.path, step.value.bytes));
      if (step.value.kind === "log") logs.push(step.value.bytes);
      step = deliveries.next();
    }
    const stats = step.value;
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(stats.digestFiles).toBeGreaterThan(0);
    const cut = logs[0].subarray(0, logs[0].length >> 1);
    const hostile = [
      source("cut.json.gz", cut),
      source("empty.json.gz", new Uint8Array(0)),
      source("records-null.json", new TextEncoder().encode('{"Records": null}')),
      source(
        "photo.json.gz",
        Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251),
      ),
      source("nested.json", new TextEncoder().encode("[".repeat(100_000))),
    ];
    const session = newSession();
    const every = generated.length >> 2;
    await session.load([
      ...generated.slice(0, every),
      ...hostile.slice(0, 2),
      ...generated.slice(every, 3 * every),
      ...hostile.slice(2),
      ...generated.slice(3 * every),
    ]);
    expect(session.progress.state).toBe("ready");
    expect(session.store.rows).toBe(1500);
    expect(session.store.duplicates).toBe(stats.duplicates);
    expect(session.digests).toHaveLength(stats.digestFiles);
    expect(session.fileErrors().map((f) => [f.name, f.outcome?.error])).toEqual([
      ["cut.json.gz", "truncated gzip"],
      ["empty.json.gz", "empty file"],
      ["records-null.json", '"Records" is null, not a list'],
      ["photo.json.gz", "not gzip or JSON"],
      ["nested.json", "truncated JSON"],
    ]);
  });
});
