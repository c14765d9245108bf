// A batch's file outcomes as they cross from a worker to the page: the outcomes of files that
// loaded plainly (most of them) column by column, the others as they are. A message of thousands
// of small objects (an outcome per member of an archive) costs more to copy than their numbers.
import type { FileOutcome, FileShape } from "./chunk";

/** Every FileShape, by its code in a packed outcome. */
const SHAPES: readonly FileShape[] = [
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
];
const SHAPE_CODE = new Map(SHAPES.map((shape, code) => [shape, code]));

export interface PackedOutcomes {
  /** Outcomes of kind "events" with no error, warning or record offsets, column by column. */
  fileIndex: Uint32Array;
  shape: Uint8Array;
  compressedBytes: Float64Array;
  rawBytes: Float64Array;
  events: Uint32Array;
  insights: Uint32Array;
  skipped: Uint32Array;
  /** The other outcomes as they are, and where each was among all of them. */
  others: FileOutcome[];
  othersAt: Uint32Array;
}

function plain(outcome: FileOutcome): boolean {
  return (
    outcome.kind === "events" &&
    outcome.error === "" &&
    outcome.warning === undefined &&
    outcome.recordOffsets === undefined &&
    outcome.shape !== null &&
    SHAPE_CODE.has(outcome.shape)
  );
}

export function packOutcomes(outcomes: readonly FileOutcome[]): PackedOutcomes {
  let n = 0;
  for (const outcome of outcomes) if (plain(outcome)) n++;
  const packed: PackedOutcomes = {
    fileIndex: new Uint32Array(n),
    shape: new Uint8Array(n),
    compressedBytes: new Float64Array(n),
    rawBytes: new Float64Array(n),
    events: new Uint32Array(n),
    insights: new Uint32Array(n),
    skipped: new Uint32Array(n),
    others: [],
    othersAt: new Uint32Array(outcomes.length - n),
  };
  let i = 0;
  outcomes.forEach((outcome, at) => {
    if (!plain(outcome)) {
      packed.othersAt[packed.others.length] = at;
      packed.others.push(outcome);
      return;
    }
    packed.fileIndex[i] = outcome.fileIndex;
    packed.shape[i] = SHAPE_CODE.get(outcome.shape as FileShape)!;
    packed.compressedBytes[i] = outcome.compressedBytes;
    packed.rawBytes[i] = outcome.rawBytes;
    packed.events[i] = outcome.events;
    packed.insights[i] = outcome.insights;
    packed.skipped[i] = outcome.skipped;
    i++;
  });
  return packed;
}

export function unpackOutcomes(packed: PackedOutcomes): FileOutcome[] {
  const { others, othersAt } = packed;
  const total = packed.fileIndex.length + others.length;
  const outcomes = new Array<FileOutcome>(total);
  for (let k = 0; k < others.length; k++) outcomes[othersAt[k]!] = others[k]!;
  let i = 0;
  for (let at = 0; at < total; at++) {
    if (outcomes[at] !== undefined) continue;
    outcomes[at] = {
      fileIndex: packed.fileIndex[i]!,
      kind: "events",
      shape: SHAPES[packed.shape[i]!]!,
      compressedBytes: packed.compressedBytes[i]!,
      rawBytes: packed.rawBytes[i]!,
      events: packed.events[i]!,
      insights: packed.insights[i]!,
      skipped: packed.skipped[i]!,
      error: "",
    };
    i++;
  }
  return outcomes;
}
