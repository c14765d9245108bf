// computeAnomalies on the project's generator: realistic traffic (office hours, weekends, nightly
// jobs, many APIs) with planted bursts as the ground truth, parsed by the real parser into the
// real store. Smaller than the demo so the whole file runs in a few seconds.
import { describe, expect, it } from "vitest";
import {
  generateDeliveries,
  plantedBursts,
  preset,
  type GeneratorOptions,
  type PlantedBurst,
} from "../generator/index";
import { parseBatch, type BatchResult } from "../ingest/index";
import { baselineInputOf, computeAnomalies, MINUTE_MS, type Anomaly } from "./baselines";
import { EventStore } from "./eventStore";
import { pairInsights, type InsightPair } from "./insights";

const OPTIONS: GeneratorOptions = preset("demo", {
  seed: 4242,
  events: 16_000,
  days: 5,
  regions: ["us-east-1", "eu-west-1"],
  deliveryMinutes: 30,
  digests: false,
  orgId: undefined,
});

/** Each file parsed on its own, as a worker batch of one: chunks can then be merged in any order. */
function parsedFiles(options: GeneratorOptions): BatchResult[] {
  const results: BatchResult[] = [];
  let fileIndex = 0;
  for (const file of generateDeliveries(options)) {
    results.push(parseBatch([{ fileIndex: fileIndex++, name: file.path, bytes: file.bytes }]));
  }
  return results;
}

function storeOf(results: readonly BatchResult[]): EventStore {
  const store = new EventStore();
  for (const result of results) store.append(result.chunk);
  return store;
}

const sameApi = (a: Anomaly, b: PlantedBurst | InsightPair): boolean =>
  a.eventSource === b.eventSource &&
  a.eventName === b.eventName &&
  a.errorCode === (b.errorCode ?? "");

const end = (a: Anomaly): number => a.start + a.minutes * MINUTE_MS;

/** A deterministic shuffle, so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("computeAnomalies on generated deliveries", () => {
  const bursts = plantedBursts(OPTIONS);
  const files = parsedFiles(OPTIONS);
  const store = storeOf(files);
  const result = computeAnomalies(baselineInputOf(store));

  it("plants what the test relies on", () => {
    expect(bursts.length).toBe(5);
    expect(bursts.some((b) => b.kind === "error-rate")).toBe(true);
    expect(store.rows).toBe(OPTIONS.events);
  });

  it("finds every planted burst, starting within a few minutes of it", () => {
    for (const burst of bursts) {
      const match = result.anomalies.filter(
        (a) =>
          a.kind === burst.kind &&
          sameApi(a, burst) &&
          Math.abs(a.start - burst.start) <= 3 * MINUTE_MS,
      );
      expect(
        match,
        `${burst.kind} ${burst.eventName} at ${new Date(burst.start).toISOString()}`,
      ).toHaveLength(1);
      // The anomaly covers most of the burst, not just its first minute.
      expect(match[0]!.minutes).toBeGreaterThanOrEqual(burst.minutes - 3);
      expect(match[0]!.observedAverage).toBeGreaterThan(match[0]!.baselineAverage * 10);
    }
  });

  it("raises little besides the planted bursts", () => {
    const planted = (a: Anomaly) =>
      bursts.some(
        (b) => sameApi(a, b) && a.start < b.start + b.minutes * MINUTE_MS && end(a) > b.start,
      );
    expect(result.anomalies.filter((a) => !planted(a)).length).toBeLessThanOrEqual(1);
  });

  it("overlaps in time with the loaded Insights of the same bursts", () => {
    const pairs = pairInsights(files.flatMap((f) => f.insights));
    expect(pairs).toHaveLength(bursts.length);
    for (const pair of pairs) {
      expect(pair.status).toBe("ended");
      const kind = pair.insightType === "ApiErrorRateInsight" ? "error-rate" : "call-rate";
      const overlapping = result.anomalies.filter(
        (a) => a.kind === kind && sameApi(a, pair) && a.start < pair.end! && end(a) > pair.start,
      );
      expect(overlapping, `${pair.insightType} ${pair.eventName}`).toHaveLength(1);
    }
  });

  it("does not depend on the order of the files", () => {
    // Another order interns the strings in another order (other ids) and keeps the other copy of
    // a duplicated event; the anomalies, which speak in strings, must come out the same.
    for (const seed of [1, 2]) {
      const reordered = computeAnomalies(baselineInputOf(storeOf(shuffled(files, seed))));
      expect(reordered.anomalies).toEqual(result.anomalies);
      expect(reordered.withheld).toBe(result.withheld);
      expect(reordered.spanMinutes).toBe(result.spanMinutes);
    }
  });

  it("raises almost none on quiet data with the normal daily rhythm", () => {
    const quiet = { ...OPTIONS, bursts: false, insights: false };
    expect(plantedBursts(quiet)).toEqual([]);
    const quietResult = computeAnomalies(baselineInputOf(storeOf(parsedFiles(quiet))));
    expect(quietResult.series).toBeGreaterThan(50);
    expect(quietResult.anomalies.length).toBeLessThanOrEqual(1);
  });
});
