// The "real delivery" shape, a bench-only preset: one log file per account, region and 5-minute
// delivery (CloudTrail's own cadence), so 40,000 events come in about 29,300 tiny files of one or
// two records; more events fill the quiet slots too (~55,000 files at most), then make the files
// bigger. Written in this process from the generator's options (scripts/generate.ts knows only
// the named presets).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateDeliveries, type GeneratorOptions } from "../src/generator/index.ts";

export const DELIVERY_PRESET = "delivery";

export function deliveryOptions(events: number, seed: number): GeneratorOptions {
  return {
    seed,
    events,
    start: "2026-11-02T00:00:00Z",
    // 4 accounts × 3 regions × 16 days of 5-minute slots: ~55,000 slots, of which ~29,300 hold an
    // event at 40,000 events (the quiet hours hold none).
    days: 16,
    accounts: 4,
    regions: ["us-east-1", "eu-west-1", "ap-southeast-2"],
    deliveryMinutes: 5,
    duplicateRate: 0.002,
    // Far above a slot's records: one file per delivery.
    eventsPerFile: 100_000,
    bursts: false,
    insights: false,
    digests: false,
  };
}

/** Writes the deliveries under `out`; returns the summary line scripts/generate.ts prints. */
export function writeDeliveries(out: string, events: number, seed: number): string {
  const madeDirs = new Set<string>();
  const files = generateDeliveries(deliveryOptions(events, seed));
  let step = files.next();
  while (step.done !== true) {
    const target = join(out, step.value.path);
    const dir = dirname(target);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(target, step.value.bytes);
    step = files.next();
  }
  const stats = step.value;
  return `${DELIVERY_PRESET}: ${stats.logFiles} files, ${stats.events} events + ${stats.duplicates} duplicates\n`;
}
