import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InProcessWorker } from "../worker/fakeWorker";
import { WorkerPool } from "../worker/pool";
import { Session, type SourceFile } from "./session";

const INVICTUS = resolve(import.meta.dirname, "../../../shared/samples/real/invictus-aws-dataset");

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

function source(name: string, bytes: Uint8Array): SourceFile {
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), name, path: name };
}

const invictus = () =>
  filesUnder(INVICTUS)
    .filter((f) => f.endsWith(".json.gz"))
    .map((f) => source(basename(f), readFileSync(f)));

const newSession = () => new Session(new WorkerPool(() => new InProcessWorker(), 2));

describe("Session", () => {
  it("loads the real invictus deliveries through the worker protocol", async () => {
    const session = newSession();
    await session.load(invictus());
    expect(session.progress.state).toBe("ready");
    expect(session.progress.filesDone).toBe(55);
    expect(session.store.rows).toBe(2900);
    expect(session.fileErrors()).toEqual([]);
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
    const text = await session.recordText(session.store.file[0], session.store.record[0]);
    expect(JSON.parse(text)).toEqual(record);
  });

  it("returns several records of a file at once, null where there is none", async () => {
    const session = newSession();
    const records = [0, 1, 2].map((i) => ({ eventName: `E${i}`, eventID: `id-${i}` }));
    await session.load([
      source("three.json", new TextEncoder().encode(JSON.stringify({ Records: records }))),
    ]);
    const texts = await session.recordTexts(0, [2, 0, 7]);
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
