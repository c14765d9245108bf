// A case: rounds of floor and app, alternating, then the figures, one line each.
import type { Browser } from "@playwright/test";
import { ensureData } from "./data";
import { mb } from "./figures";
import { INTERACTIONS } from "./interactions";
import { median, passMiss, progress } from "./measure";
import type { CaseSpec, Options } from "./options";
import type { FloorReading } from "./page";
import { appRound, floorRound, type AppRound } from "./rounds";

const TARGET_RATIO = 1.5;
const TARGET_BYTES_PER_EVENT = 1024;
const TARGET_LONGEST_TASK_MS = 200;
/** What the built-in detection pack may add to a load. */
const TARGET_RULES_COST = 0.15;

export async function runCase(
  browser: Browser,
  url: string,
  spec: CaseSpec,
  options: Options,
): Promise<string[]> {
  const data = await ensureData(spec, options.seed);
  const m = data.manifest;
  const floors: FloorReading[] = [];
  const apps: AppRound[] = [];
  // The same load without the built-in detection rules, in the same rounds: what the pack costs.
  const bare: AppRound[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Alternate which goes first, so neither always inherits the other's leftovers.
    const order: ("floor" | "app")[] = round % 2 === 0 ? ["floor", "app"] : ["app", "floor"];
    for (const which of order) {
      if (which === "floor") {
        const floor = await floorRound(browser, url, data);
        floors.push(floor);
        progress(`${spec.name} round ${round + 1}: floor ${Math.round(floor.ms)} ms`);
      } else {
        const last = round === options.rounds - 1;
        // The same load without the built-in rules, before or after it by turns.
        const runBare = async () => {
          const without = await appRound(browser, url, data, [], options.clicks, false);
          bare.push(without);
          progress(
            `${spec.name} round ${round + 1}: app without built-in rules ${Math.round(without.loadMs)} ms`,
          );
        };
        if (round % 2 === 1) await runBare();
        const app = await appRound(browser, url, data, last ? INTERACTIONS : [], options.clicks);
        apps.push(app);
        progress(`${spec.name} round ${round + 1}: app ${Math.round(app.loadMs)} ms`);
        if (round % 2 === 0) await runBare();
      }
    }
  }
  const bareMs = median(bare.map((a) => a.loadMs));

  const rounds = options.rounds;
  const loadMs = median(apps.map((a) => a.loadMs));
  const floorMs = median(floors.map((f) => f.ms));
  const ratio = loadMs / floorMs;
  const heap = median(apps.map((a) => a.heapPerEvent));
  const procs = apps.map((a) => a.processPerEvent).filter((v): v is number => v !== null);
  const longest = median(apps.map((a) => a.longestTaskMs));
  const worst = Math.max(...apps.map((a) => a.longestTaskMs));
  const seenEach = apps.map((a) => a.seenMs).filter((v) => Number.isFinite(v));
  const seen = seenEach.length > 0 ? median(seenEach) : Number.NaN;
  // The floor's clock starts at the change event; the app's measure starts at its own mark, so
  // anything the app does before marking is invisible to `ratio` and visible to this one.
  const seenRatio = seen / floorMs;
  const longtaskError = apps.find((a) => a.longtaskError)?.longtaskError ?? null;

  const lines = [
    `case ${spec.name}`,
    `events ${m.uniqueEvents}`,
    `files ${data.paths.length} (log ${m.files.log}, insight ${m.files.insight}, digest ${m.files.digest}${m.files.other ? `, other ${m.files.other}` : ""})`,
    `compressed MB ${mb(m.compressedBytes)}`,
    `raw MB ${mb(m.rawBytes)}`,
    `workers ${floors[0].workers}`,
    `load ms ${Math.round(loadMs)} (median of ${rounds}; each ${apps.map((a) => Math.round(a.loadMs)).join(", ")})`,
    `floor ms ${Math.round(floorMs)} (median of ${rounds}; each ${floors.map((f) => Math.round(f.ms)).join(", ")})`,
    `ratio ${ratio.toFixed(2)}`,
    `load ms from input change to ready on screen ${Number.isFinite(seen) ? Math.round(seen) : "n/a"} (median of ${rounds})`,
    `ratio from input change ${Number.isFinite(seenRatio) ? seenRatio.toFixed(2) : "n/a"}`,
    `memory per event (page heap + array buffers) ${Math.round(heap)} B${apps[0].backingStores ? "" : " (this Chromium does not report array buffers: typed arrays missing)"}`,
    procs.length > 0
      ? `memory per event (all chromium processes, ${apps[0].processKind}) ${Math.round(median(procs))} B`
      : "memory per event (all chromium processes): n/a (no /proc)",
    longtaskError
      ? `longest main-thread task during load: n/a (${longtaskError})`
      : `longest main-thread task during load ${longest > 0 ? `${Math.round(longest)} ms` : "< 50 ms (no long task)"} (median of ${rounds}; worst ${Math.round(worst)})`,
  ];
  const rulesCost = loadMs / bareMs - 1;
  lines.push(
    `built-in detection rules: load ms with ${Math.round(loadMs)}, without ${Math.round(bareMs)} (median of ${rounds}; each without ${bare.map((a) => Math.round(a.loadMs)).join(", ")}), cost ${(rulesCost * 100).toFixed(1)}%`,
  );
  const fileErrors = Math.max(...apps.map((a) => a.fileErrors));
  if (fileErrors > 0)
    lines.push(`file errors ${fileErrors} (generated files the app could not read)`);
  const targets: string[] = [];
  for (const reported of apps[apps.length - 1].interactions) {
    const figure =
      typeof reported === "string"
        ? { line: reported }
        : typeof reported === "function"
          ? reported(floorMs)
          : reported;
    lines.push(figure.line);
    if (figure.target !== undefined) targets.push(figure.target);
  }
  lines.push(
    `targets ratio <= ${TARGET_RATIO} ${passMiss(ratio <= TARGET_RATIO)}, built-in rules cost <= ${TARGET_RULES_COST * 100}% ${passMiss(rulesCost <= TARGET_RULES_COST)} (from input change ${passMiss(seenRatio <= TARGET_RATIO)}), memory <= ${(TARGET_BYTES_PER_EVENT / 1024).toFixed(1)} KB/event ${passMiss(heap <= TARGET_BYTES_PER_EVENT)}, longest task <= ${TARGET_LONGEST_TASK_MS} ms ${passMiss(!longtaskError && longest <= TARGET_LONGEST_TASK_MS)}${targets.map((t) => `, ${t}`).join("")}`,
  );
  return lines;
}
