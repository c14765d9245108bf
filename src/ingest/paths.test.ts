// Record paths for the query box's autocomplete, and their sampling across a load's batches.
// Expected paths are written out from the records' own text.
import { describe, expect, test } from "vitest";
import { parseBatch } from "./parse";
import { collectPaths, PathSampler } from "./paths";
import { inputs } from "./test-helpers";

const record = (eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: "1.08",
  eventID: `id-${eventName}-${JSON.stringify(extra).length}`,
  eventTime: "2024-06-01T00:00:00Z",
  eventSource: "iam.amazonaws.com",
  eventName,
  ...extra,
});
const file = (...records: object[]): string => JSON.stringify({ Records: records });

describe("collectPaths", () => {
  test("dotted paths of nested fields, looking through arrays", () => {
    const out = new Set<string>();
    collectPaths({ a: { b: 1, c: [{ d: 2 }, { e: 3 }] }, f: null }, "", out);
    expect([...out].sort()).toEqual(["a", "a.b", "a.c", "a.c.d", "a.c.e", "f"]);
  });
});

describe("PathSampler", () => {
  test("takes as many records of a kind as it is told, each kind on its own", () => {
    const sampler = new PathSampler(2);
    const taken = ["A", "A", "A", "B", "A", "B", "B"].map((name) => sampler.take("s", name));
    expect(taken).toEqual([true, true, false, true, false, true, false]);
    // The source is part of the kind.
    expect(sampler.take("t", "A")).toBe(true);
  });

  test("a batch shows the paths of a kind only while the load's earlier batches have shown too few", () => {
    const sampler = new PathSampler(1);
    const first = parseBatch(
      inputs(file(record("GetUser", { requestParameters: { userName: "a" } }))),
      null,
      undefined,
      sampler,
    );
    expect(first.paths).toContain("requestParameters.userName");
    const second = parseBatch(
      inputs(
        file(
          record("GetUser", { requestParameters: { userName: "b", marker: "m" } }),
          record("ListRoles", { requestParameters: { maxItems: 5 } }),
        ),
      ),
      null,
      undefined,
      sampler,
    );
    // GetUser was sampled in the first batch; ListRoles is new.
    expect(second.paths).not.toContain("requestParameters.marker");
    expect(second.paths).toContain("requestParameters.maxItems");
    // Without a sampler, each batch shows the first record of each kind.
    const alone = parseBatch(
      inputs(file(record("GetUser", { requestParameters: { userName: "b", marker: "m" } }))),
    );
    expect(alone.paths).toContain("requestParameters.marker");
  });
});
