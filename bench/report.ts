// A case: rounds of floor and app, alternating, then the figures, one line each.
import type { Browser } from "@playwright/test";
import { ensureData } from "./data";
import { dataLines, each, interactionFigures, loadLines, seenLines } from "./figures";
import { INTERACTIONS } from "./interactions";
import { median, memoryTargetText, passMiss, progress } from "./measure";
import type { CaseSpec, Options } from "./options";
import type { FloorReading } from "./page";
import { appRound, floorRound, type AppRound } from "./rounds";

/** The product's target for loose files at 300k and 1M events. */
const TARGET_RATIO = 1.2;
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
  const load = loadLines("", apps, floors);
  const { loadMs, floorMs, ratio, heap, longest, longtaskError } = load;
  const seen = seenLines(apps, floorMs);
  const rulesCost = loadMs / bareMs - 1;
  const interactions = interactionFigures(apps[apps.length - 1], floorMs);
  return [
    ...dataLines(spec.name, data, floors[0].workers),
    ...load.lines.slice(0, 3),
    ...seen.lines,
    ...load.lines.slice(3, 6),
    `built-in detection rules: load ms with ${Math.round(loadMs)}, without ${Math.round(bareMs)} (median of ${rounds}; each without ${each(bare.map((a) => a.loadMs))}), cost ${(rulesCost * 100).toFixed(1)}%`,
    // The file errors line, when there is one.
    ...load.lines.slice(6),
    ...interactions.lines,
    `targets ratio <= ${TARGET_RATIO} ${passMiss(ratio <= TARGET_RATIO)} (from input change ${passMiss(seen.seenRatio <= TARGET_RATIO)}), built-in rules cost <= ${TARGET_RULES_COST * 100}% ${passMiss(rulesCost <= TARGET_RULES_COST)}, ${memoryTargetText(data.manifest.uniqueEvents, heap)}, longest task <= ${TARGET_LONGEST_TASK_MS} ms ${passMiss(!longtaskError && longest <= TARGET_LONGEST_TASK_MS)}${interactions.targets.map((t) => `, ${t}`).join("")}`,
  ];
}
