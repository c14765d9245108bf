// The archive case: the folder case's data (bench/delivery.ts) as one .tar and one .zip, each
// picked through the file input. Against each, the members floor: the same members, already in
// memory, inflated and parsed by the same number of workers in the same batches. Beside them,
// DuckDB reading the delivery folder with the app's own DuckDB query form.
// With --events 5000000 (or more) the same shape makes a big archive: load, memory per event and
// the facet click figures at that scale.
import type { Browser } from "@playwright/test";
import { ensureArchives, type Archive } from "./archives";
import { ensureData } from "./data";
import { duckdbRun, type DuckdbReading } from "./duckdb";
import { facetClickLatency } from "./facetClick";
import { dataLines, each, interactionFigures, loadLines, mb, type LoadSummary } from "./figures";
import { median, memoryTargetText, passMiss, progress } from "./measure";
import type { CaseSpec, Options } from "./options";
import type { FloorReading } from "./page";
import { appRound, BenchFailure, floorRound, type AppRound } from "./rounds";

const TARGET_RATIO = 1.2;
const TARGET_LONGEST_TASK_MS = 200;

interface PerArchive {
  archive: Archive;
  floors: FloorReading[];
  apps: AppRound[];
}

/** An app round on an archive; a load that ends in error says plainly when archives are the cause. */
async function archiveRound(
  browser: Browser,
  url: string,
  options: Options,
  data: Awaited<ReturnType<typeof ensureData>>,
  archive: Archive,
  last: boolean,
): Promise<AppRound> {
  try {
    return await appRound(
      browser,
      url,
      data,
      last ? [facetClickLatency] : [],
      options.clicks,
      true,
      [archive.path],
    );
  } catch (error) {
    // An app that does not take archives loads nothing from one.
    if (error instanceof BenchFailure && /shows 0 events/.test(error.message)) {
      throw new BenchFailure(
        `archives not supported: the app did not load the ${archive.kind} (${error.message})`,
      );
    }
    throw error;
  }
}

export async function runArchiveCase(
  browser: Browser,
  url: string,
  spec: CaseSpec,
  options: Options,
): Promise<string[]> {
  const data = await ensureData(spec, options.seed);
  const archives = await ensureArchives(data);
  const per: PerArchive[] = archives.map((archive) => ({ archive, floors: [], apps: [] }));
  const duck: DuckdbReading[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const last = round === options.rounds - 1;
    // Turn the order each round: floor before app, then app before floor; tar first, then zip.
    const kinds = round % 2 === 0 ? per : per.toReversed();
    for (const one of kinds) {
      const { archive } = one;
      const runFloor = async () => {
        const floor = await floorRound(browser, url, data, {
          mode: "members",
          files: [archive.path],
          members: archive.members,
        });
        one.floors.push(floor);
        progress(
          `${spec.name} round ${round + 1}: ${archive.kind} floor ${Math.round(floor.ms)} ms`,
        );
      };
      if (round % 2 === 0) await runFloor();
      // The facet clicks on the last round's tar load.
      const app = await archiveRound(
        browser,
        url,
        options,
        data,
        archive,
        last && archive.kind === "tar",
      );
      one.apps.push(app);
      progress(`${spec.name} round ${round + 1}: ${archive.kind} app ${Math.round(app.loadMs)} ms`);
      if (round % 2 === 1) await runFloor();
    }
    const reading = await duckdbRun(data);
    if (reading.events !== data.manifest.uniqueEvents) {
      throw new BenchFailure(
        `DuckDB counts ${reading.events} events, the generator wrote ${data.manifest.uniqueEvents}`,
      );
    }
    duck.push(reading);
    progress(`${spec.name} round ${round + 1}: DuckDB ${Math.round(reading.ms)} ms`);
  }

  const duckMs = median(duck.map((d) => d.ms));
  const lines = [
    ...dataLines(spec.name, data, per[0].floors[0].workers),
    `archives ${per.map((p) => `${p.archive.kind} ${mb(p.archive.bytes)} MB`).join(", ")} (${data.paths.length} members each; zip members stored)`,
  ];
  const summaries: { kind: string; load: LoadSummary }[] = [];
  for (const one of per) {
    const load = loadLines(
      `${one.archive.kind} `,
      one.apps,
      one.floors,
      "floor (members in memory)",
    );
    summaries.push({ kind: one.archive.kind, load });
    lines.push(...load.lines);
  }
  lines.push(
    `DuckDB ms ${Math.round(duckMs)} (median of ${duck.length}; each ${each(duck.map((d) => d.ms))}; @duckdb/node-api, a new instance each run: read_json over AWSLogs/**/*.json.gz, Records unnested, Insights out, deduplicated by eventID, grouped by eventName, as the app's Copy as SQL writes it; ${duck[0].events} events)`,
    `DuckDB ratio to the app's load ${summaries.map((s) => `${s.kind} ${(duckMs / s.load.loadMs).toFixed(2)}`).join(", ")} (DuckDB ms / load ms)`,
  );
  const tarApps = per.find((p) => p.archive.kind === "tar")?.apps ?? [];
  const lastTar = tarApps[tarApps.length - 1];
  const interactions = lastTar
    ? interactionFigures(lastTar, summaries[0].load.floorMs)
    : { lines: [], targets: [] };
  lines.push(...interactions.lines);
  const targets = [
    ...summaries.map(
      (s) => `${s.kind} ratio <= ${TARGET_RATIO} ${passMiss(s.load.ratio <= TARGET_RATIO)}`,
    ),
    ...summaries.map((s) => `${s.kind} faster than DuckDB ${passMiss(s.load.loadMs < duckMs)}`),
    ...summaries.map((s) =>
      memoryTargetText(data.manifest.uniqueEvents, s.load.heap, `${s.kind} memory`),
    ),
    ...summaries.map(
      (s) =>
        `${s.kind} longest task <= ${TARGET_LONGEST_TASK_MS} ms ${passMiss(!s.load.longtaskError && s.load.longest <= TARGET_LONGEST_TASK_MS)}`,
    ),
    ...interactions.targets,
  ];
  lines.push(`targets ${targets.join(", ")}`);
  return lines;
}
