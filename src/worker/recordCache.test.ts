import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { INVICTUS_DAY } from "../lib/testing/samples";
import { handleRequest } from "./handle";
import { forget } from "./recordCache";

const name = readdirSync(INVICTUS_DAY).find((f) => f.endsWith(".json.gz"))!;
const bytes = readFileSync(join(INVICTUS_DAY, name));
// Counted here: the file's records, by gunzip and JSON.parse.
const records = (JSON.parse(gunzipSync(bytes).toString("utf8")) as { Records: unknown[] }).Records;

/** A Blob that cannot be read: a request that needs the file's bytes fails with it. */
function unreadable(): Blob {
  const blob = new Blob([bytes]);
  blob.arrayBuffer = () => Promise.reject(new Error("NotFoundError"));
  blob.slice = () => unreadable();
  return blob;
}

async function recordJson(blob: Blob, record: number, cacheKey?: string) {
  const { response } = await handleRequest({
    type: "record",
    id: 1,
    name,
    blob,
    record,
    ...(cacheKey === undefined ? {} : { cacheKey }),
  });
  return response;
}

describe("the decoded-file cache of a worker", () => {
  afterEach(forget);

  it("reads the records of a file again without reading or decoding the file again", async () => {
    expect(records.length).toBeGreaterThan(2);
    const first = await recordJson(new Blob([bytes]), 0, "s:0:7");
    expect(first.type === "record" && JSON.parse(first.json)).toEqual(records[0]);
    // The same key: the file's bytes are not needed any more.
    const again = await recordJson(unreadable(), 1, "s:0:7");
    expect(again.type === "record" && JSON.parse(again.json)).toEqual(records[1]);
    const { response } = await handleRequest({
      type: "records",
      id: 2,
      name,
      blob: unreadable(),
      records: [2, 0, records.length],
      cacheKey: "s:0:7",
    });
    expect(response.type).toBe("records");
    if (response.type !== "records") return;
    expect(response.texts.map((t) => (t === null ? null : (JSON.parse(t) as unknown)))).toEqual([
      records[2],
      records[0],
      null,
    ]);
  });

  it("never answers from another key, nor without one", async () => {
    await recordJson(new Blob([bytes]), 0, "s:0:7");
    for (const key of ["s:1:7", "t:0:7", undefined]) {
      const response = await recordJson(unreadable(), 0, key);
      expect(response.type).toBe("error");
    }
  });

  it("is empty once forgotten", async () => {
    await recordJson(new Blob([bytes]), 0, "s:0:7");
    forget();
    expect((await recordJson(unreadable(), 0, "s:0:7")).type).toBe("error");
  });
});
