// Writes generated CloudTrail deliveries to disk in their S3 layout.
//   npx tsx scripts/generate.ts --out DIR [--preset demo|bench|tiny] [--events N] [--seed S]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  generateDeliveries,
  preset,
  PRESETS,
  signedDeliveries,
  type GeneratorOptions,
  type PresetName,
} from "../src/generator/index.ts";

function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${flag} wants a whole number, got ${text}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      preset: { type: "string", default: "demo" },
      events: { type: "string" },
      seed: { type: "string" },
      days: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || !values.out) {
    console.log(
      "usage: npx tsx scripts/generate.ts --out DIR [--preset demo|bench|tiny] [--events N] [--seed S] [--days D]",
    );
    process.exit(values.help ? 0 : 2);
  }
  const presetName = values.preset;
  if (!isPresetName(presetName))
    throw new Error(`unknown preset ${presetName}; try ${Object.keys(PRESETS).join(", ")}`);
  const overrides: Partial<GeneratorOptions> = {};
  const events = integer("events", values.events);
  const seed = integer("seed", values.seed);
  const days = integer("days", values.days);
  if (events !== undefined) overrides.events = events;
  if (seed !== undefined) overrides.seed = seed;
  if (days !== undefined) overrides.days = days;
  const options = preset(presetName, overrides);

  const started = performance.now();
  const madeDirs = new Set<string>();
  // Digests signed with the demo key, whose list-public-keys output is written at the root.
  const files = signedDeliveries(generateDeliveries(options));
  let step = await files.next();
  while (step.done !== true) {
    const file = step.value;
    const target = join(values.out, file.path);
    const dir = dirname(target);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(target, file.bytes);
    step = await files.next();
  }
  const stats = step.value;
  const seconds = (performance.now() - started) / 1000;
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  console.log(
    `${presetName}: ${stats.logFiles + stats.insightFiles + stats.digestFiles} files ` +
      `(${stats.logFiles} log, ${stats.insightFiles} insight, ${stats.digestFiles} digest), ` +
      `${stats.events} events + ${stats.duplicates} duplicates, ` +
      `${mb(stats.compressedBytes)} MB gzipped (${mb(stats.uncompressedBytes)} MB raw), ` +
      `${seconds.toFixed(1)} s -> ${values.out}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
