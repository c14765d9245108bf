// Detections on the loaded data set: SigmaHQ's CloudTrail rules loaded after the logs, run over
// every loaded file in the workers. Timed by the app's own measure `trailview:rules` (from the
// rules picked to the findings published). The rules are read in place from ../shared.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Interaction } from "./rounds";
import { passMiss, progress } from "./measure";
import { SIGMA_RULES } from "../src/lib/testing/samples";

const TARGET_SIGMA_MS = 2000;
const TIMEOUT_MS = 600_000;

const READ_RULES_MEASURE = `(() => {
  const entries = performance.getEntriesByName("trailview:rules");
  return entries.length > 0 ? entries[entries.length - 1].duration : -1;
})()`;

const sigmaRulesTime: Interaction = async ({ page, data }) => {
  if (!existsSync(SIGMA_RULES))
    return ["sigma rules: n/a (the shared samples' sigma/rules not found)"];
  const files = readdirSync(SIGMA_RULES)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(SIGMA_RULES, name));
  progress(`sigma: ${files.length} rules over the loaded events`);
  await page.setInputFiles("input[data-testid=rules-input]", files);
  await page.waitForFunction(`${READ_RULES_MEASURE} >= 0`, undefined, {
    timeout: TIMEOUT_MS,
    polling: 100,
  });
  const ms = (await page.evaluate(READ_RULES_MEASURE)) as number;
  const errors = Number(
    (await page.getAttribute("[data-testid=rule-errors]", "data-count").catch(() => null)) ?? 0,
  );
  return [
    {
      line: `sigma rules (${files.length} SigmaHQ CloudTrail rules, ${errors} not compiled) over ${data.manifest.uniqueEvents} loaded events: ${Math.round(ms)} ms from the pick to the findings`,
      target: `sigma rules <= ${TARGET_SIGMA_MS} ms ${passMiss(ms <= TARGET_SIGMA_MS)}`,
    },
  ];
};

export const DETECT_INTERACTIONS: readonly Interaction[] = [sigmaRulesTime];
