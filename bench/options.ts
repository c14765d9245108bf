// The benchmark's command line and where it keeps things.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

export const ROOT = resolve(import.meta.dirname, "..");
/** The bench's own build: a build or a test run started meanwhile cannot swap files under it. */
export const BENCH_DIST = join(ROOT, ".bench", "dist");
export const FLOOR_DIR = join(ROOT, "bench", "floor");
/** Generated data sets, archives and the build: git-ignored. */
export const DATA_ROOT = join(ROOT, ".bench");

export type CaseName = "bench" | "tiny" | "folder" | "archive";

export interface CaseSpec {
  name: CaseName;
  /** A generator preset (scripts/generate.ts), or "delivery": the bench's own (data.ts). */
  preset: string;
  events: number;
}

export interface Options {
  cases: CaseSpec[];
  seed: number;
  rounds: number;
  build: boolean;
  clicks: number;
}

const USAGE = `usage: npx tsx bench/bench.ts [--case bench|tiny|folder|archive|all] [--events N] [--tiny-events N]
                              [--seed S] [--rounds R] [--clicks C] [--no-build]`;

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(n) || n <= 0)
    usageError(`--${name} must be a positive integer, not ${value}`);
  return n;
}

/** Events of the "real delivery" shape (folder and archive cases) unless --events says otherwise. */
export const DELIVERY_EVENTS = 40_000;

export function readOptions(): Options {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        case: { type: "string", default: "all" },
        events: { type: "string" },
        "tiny-events": { type: "string" },
        seed: { type: "string" },
        rounds: { type: "string" },
        clicks: { type: "string" },
        "no-build": { type: "boolean", default: false },
      },
      allowPositionals: false,
    });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  const which = v.case ?? "all";
  // --events sizes the bench case; with --case folder or archive, that case instead.
  const delivery = which === "folder" || which === "archive";
  const bench: CaseSpec = {
    name: "bench",
    preset: "bench",
    events: positiveInt(delivery ? undefined : v.events, 300_000, "events"),
  };
  const tiny: CaseSpec = {
    name: "tiny",
    preset: "tiny",
    events: positiveInt(v["tiny-events"], 40_000, "tiny-events"),
  };
  const deliveryEvents = positiveInt(delivery ? v.events : undefined, DELIVERY_EVENTS, "events");
  const folder: CaseSpec = { name: "folder", preset: "delivery", events: deliveryEvents };
  const archive: CaseSpec = { name: "archive", preset: "delivery", events: deliveryEvents };
  const byName: Record<string, CaseSpec[]> = {
    all: [bench, tiny, folder, archive],
    bench: [bench],
    tiny: [tiny],
    folder: [folder],
    archive: [archive],
  };
  const cases = Object.hasOwn(byName, which) ? byName[which] : null;
  if (!cases) usageError(`--case must be bench, tiny, folder, archive or all, not ${which}`);
  return {
    cases,
    seed: positiveInt(v.seed, 20_240_601, "seed"),
    rounds: positiveInt(v.rounds, 3, "rounds"),
    clicks: positiveInt(v.clicks, 20, "clicks"),
    build: !v["no-build"],
  };
}
