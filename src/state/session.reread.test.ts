import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InProcessWorker } from "../worker/fakeWorker";
import { WorkerPool, type PoolRequest } from "../worker/pool";
import { Session, type SourceFile } from "./session";
import { invictus } from "./testing";

/** A file that streams (a load reads it so) but whose arrayBuffer() fails here. */
class NoBufferBlob extends Blob {
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.reject(new Error("NotReadableError"));
  }
}

/** A session whose pool keeps every request it is sent. */
function recordingSession(): { session: Session; requests: PoolRequest[] } {
  const pool = new WorkerPool(() => new InProcessWorker(), 2);
  const run = pool.run.bind(pool);
  const requests: PoolRequest[] = [];
  pool.run = ((request, transfer) => {
    requests.push(request);
    return run(request, transfer);
  }) as typeof pool.run;
  return { session: new Session(pool), requests };
}

describe("Session re-reading loaded files", () => {
  it("sends the bytes of small picked files, read here; a file it cannot read goes to the worker", async () => {
    const { session, requests } = recordingSession();
    const logs = invictus().slice(0, 5);
    const odd = logs[4];
    const bytes = new Uint8Array(await odd.blob.arrayBuffer());
    const unreadable: SourceFile = { ...odd, name: "odd.json.gz", blob: new NoBufferBlob([bytes]) };
    await session.load([...logs.slice(0, 4), unreadable]);
    expect(session.files.map((f) => f.outcome?.kind)).toEqual(Array(5).fill("events"));

    const indices = session.files.map((f) => f.index);
    const { hashes } = await session.reads.hashFiles(indices);
    const hash = requests.find((r) => r.type === "hash");
    expect(hash?.type === "hash" && hash.read?.map((r) => r.name).sort()).toEqual(
      logs
        .slice(0, 4)
        .map((f) => f.name)
        .sort(),
    );
    expect(hash?.type === "hash" && hash.files.map((f) => f.name)).toEqual(["odd.json.gz"]);

    // The hashes of the decompressed bytes, from an independent gunzip, whichever way each file
    // travelled (the in-process worker gets a plain copy of the odd file's Blob, which reads).
    const expected = await Promise.all(
      logs.map(async (f) => {
        const raw = gunzipSync(new Uint8Array(await f.blob.arrayBuffer()));
        return createHash("sha256").update(raw).digest("hex");
      }),
    );
    const byIndex = new Map(hashes.map((h) => [h.fileIndex, h.sha256]));
    expect(indices.map((i) => byIndex.get(i))).toEqual(expected);

    // A search finds the same records whichever way a file travelled.
    const needle = "GetSecretValue";
    const { places } = await session.reads.searchFiles(indices.slice(0, 4), needle);
    const found = new Set<string>();
    for (let i = 0; i < places.length; i += 2) found.add(`${places[i]}:${places[i + 1]}`);
    const reference = new Set<string>();
    for (const [k, f] of logs.slice(0, 4).entries()) {
      const text = gunzipSync(new Uint8Array(await f.blob.arrayBuffer())).toString("utf8");
      const records = (JSON.parse(text) as { Records: unknown[] }).Records;
      records.forEach((record, r) => {
        if (JSON.stringify(record).toLowerCase().includes(needle.toLowerCase()))
          reference.add(`${indices[k]}:${r}`);
      });
    }
    expect(reference.size).toBeGreaterThan(0);
    expect(found).toEqual(reference);
  });
});
