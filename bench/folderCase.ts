// The folder case: the "real delivery" shape (bench/delivery.ts, ~29,300 tiny files for 40,000
// events) picked as loose files. Each round runs the app's load, the floor (the same files through
// a file input, inflated and parsed by the same number of workers) and the read-only floor (the
// same files only read, as the floor reads them): how fast the browser hands the bytes over at all.
import type { Browser } from "@playwright/test";
import { ensureData } from "./data";
import { each, dataLines, interactionFigures, loadLines, mb, seenLines } from "./figures";
import { facetClickLatency } from "./facetClick";
import { median, memoryTargetText, passMiss, progress } from "./measure";
import type { CaseSpec, Options } from "./options";
import type { FloorReading } from "./page";
import { appRound, floorRound, type AppRound } from "./rounds";

const TARGET_RATIO = 1.1;
const TARGET_LONGEST_TASK_MS = 200;

type Run = "app" | "floor" | "read";

export async function runFolderCase(
  browser: Browser,
  url: string,
  spec: CaseSpec,
  options: Options,
): Promise<string[]> {
  const data = await ensureData(spec, options.seed);
  const floors: FloorReading[] = [];
  const reads: FloorReading[] = [];
  const apps: AppRound[] = [];
  const runs: Run[] = ["floor", "app", "read"];
  for (let round = 0; round < options.rounds; round++) {
    // Turn the order each round, so that no run always inherits another's leftovers.
    const order = runs.map((_, i) => runs[(i + round) % runs.length]);
    for (const run of order) {
      if (run === "floor") {
        const floor = await floorRound(browser, url, data);
        floors.push(floor);
        progress(`${spec.name} round ${round + 1}: floor ${Math.round(floor.ms)} ms`);
      } else if (run === "read") {
        const read = await floorRound(browser, url, data, { mode: "read" });
        reads.push(read);
        progress(`${spec.name} round ${round + 1}: read only ${Math.round(read.ms)} ms`);
      } else {
        const last = round === options.rounds - 1;
        const interactions = last ? [facetClickLatency] : [];
        const app = await appRound(browser, url, data, interactions, options.clicks);
        apps.push(app);
        progress(`${spec.name} round ${round + 1}: app ${Math.round(app.loadMs)} ms`);
      }
    }
  }
  const load = loadLines("", apps, floors);
  const readMs = median(reads.map((r) => r.ms));
  const bytes = data.manifest.compressedBytes;
  const { lines: seen, seenRatio } = seenLines(apps, load.floorMs);
  const interactions = interactionFigures(apps[apps.length - 1], load.floorMs);
  return [
    ...dataLines(spec.name, data, floors[0].workers),
    ...load.lines.slice(0, 3),
    ...seen,
    `read only (Blob.stream on the page, no inflate, no parse) ms ${Math.round(readMs)} (median of ${reads.length}; each ${each(reads.map((r) => r.ms))}), ${mb(bytes / (readMs / 1000))} MB/s, ${Math.round(data.paths.length / (readMs / 1000))} files/s; the floor reads ${mb(bytes / (load.floorMs / 1000))} MB/s`,
    ...load.lines.slice(3),
    ...interactions.lines,
    `targets ratio <= ${TARGET_RATIO} ${passMiss(load.ratio <= TARGET_RATIO)} (from input change ${passMiss(seenRatio <= TARGET_RATIO)}), ${memoryTargetText(data.manifest.uniqueEvents, load.heap)}, longest task <= ${TARGET_LONGEST_TASK_MS} ms ${passMiss(!load.longtaskError && load.longest <= TARGET_LONGEST_TASK_MS)}${interactions.targets.map((t) => `, ${t}`).join("")}`,
  ];
}
