// The ingest worker's parse requests: record paths are sampled per load (the request's `load`).
import { describe, expect, test } from "vitest";
import { utf8 } from "../ingest/test-helpers";
import { handleRequest } from "./handle";
import { packFiles } from "./packFiles";

const file = (eventName: string, field: string): Uint8Array =>
  utf8(
    JSON.stringify({
      Records: [
        {
          eventID: `${eventName}-${field}`,
          eventTime: "2024-06-01T00:00:00Z",
          eventSource: "s3.amazonaws.com",
          eventName,
          requestParameters: { [field]: "x" },
        },
      ],
    }),
  );

async function pathsOf(bytes: Uint8Array[], load?: string): Promise<string[]> {
  const { response } = await handleRequest({
    type: "parse",
    id: 1,
    files: packFiles([]),
    read: bytes.map((b, i) => ({ fileIndex: i, name: `f${i}.json`, bytes: b })),
    rules: null,
    load,
  });
  if (response.type !== "parsed") throw new Error(`unexpected ${response.type}`);
  return response.results.flatMap((result) => result.paths);
}

describe("parse requests", () => {
  test("a kind's paths are sampled a few times per load, and afresh for the next load", async () => {
    // Eight batches of the same kind, each record with a field of its own.
    const fields = Array.from({ length: 8 }, (_, i) => `field${i}`);
    const seen: string[] = [];
    for (const field of fields) seen.push(...(await pathsOf([file("GetObject", field)], "1:7")));
    const shown = fields.filter((f) => seen.includes(`requestParameters.${f}`));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(fields.length);
    // A new load samples the kind again.
    expect(await pathsOf([file("GetObject", "again")], "1:8")).toContain("requestParameters.again");
    // Without a load (a request from elsewhere), every batch shows its kinds.
    expect(await pathsOf([file("GetObject", "plain")])).toContain("requestParameters.plain");
  });
});
