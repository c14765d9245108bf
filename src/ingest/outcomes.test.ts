// Outcomes packed for their message and unpacked on the page are the outcomes, in their order.
import { describe, expect, it } from "vitest";
import type { FileOutcome } from "./chunk";
import { packOutcomes, unpackOutcomes } from "./outcomes";

const loaded = (fileIndex: number, more: Partial<FileOutcome> = {}): FileOutcome => ({
  fileIndex,
  kind: "events",
  shape: "records",
  compressedBytes: 1000 + fileIndex,
  rawBytes: 9000 + fileIndex,
  events: fileIndex * 3,
  insights: fileIndex % 2,
  skipped: fileIndex % 3,
  error: "",
  ...more,
});

describe("packOutcomes / unpackOutcomes", () => {
  it("plain outcomes and the others come back as they were, in their order", () => {
    const outcomes: FileOutcome[] = [
      loaded(0),
      { ...loaded(1), kind: "error", shape: null, error: "truncated gzip", events: 0 },
      loaded(2, { shape: "cloudwatch-logs", compressedBytes: 5e9, rawBytes: 2 ** 40 }),
      loaded(3, { warning: "1 byte of white space after the compressed data ignored" }),
      loaded(4, { recordOffsets: Float64Array.of(0, 10, 11, 20) }),
      { ...loaded(5), kind: "digest", shape: null },
      loaded(6, { shape: "csv" }),
      { ...loaded(7), kind: "skipped", shape: null, error: "not a log" },
      loaded(8, { shape: "lake" }),
    ];
    const back = unpackOutcomes(structuredClone(packOutcomes(outcomes)));
    expect(back).toEqual(outcomes);
    expect(back.map((o) => o.fileIndex)).toEqual(outcomes.map((o) => o.fileIndex));
    // The plain ones went column by column.
    expect(packOutcomes(outcomes).others).toHaveLength(5);
  });

  it("every shape a file can have", () => {
    const shapes = [
      "records",
      "array",
      "ndjson",
      "single",
      "lookup-events",
      "eventbridge",
      "lake",
      "csv",
      "athena",
      "concatenated",
      "cloudwatch-logs",
    ] as const;
    const outcomes = shapes.map((shape, i) => loaded(i, { shape }));
    const packed = packOutcomes(outcomes);
    expect(packed.others).toEqual([]);
    expect(unpackOutcomes(packed)).toEqual(outcomes);
  });

  it("nothing", () => {
    expect(unpackOutcomes(packOutcomes([]))).toEqual([]);
  });
});
