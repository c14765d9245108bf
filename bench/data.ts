// Data: generated once per (preset, events, seed) under .bench/, then reused; a manifest written
// by an independent survey of the files says what the app must show.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { DELIVERY_PRESET, writeDeliveries } from "./delivery";
import { progress } from "./measure";
import { DATA_ROOT, ROOT, type CaseSpec } from "./options";

const MARKER = "bench-manifest.json";
/** Bumped when the manifest's shape or the way it is computed changes, so old folders are redone. */
const MANIFEST_VERSION = 1;

export interface Manifest {
  version: number;
  preset: string;
  events: number;
  seed: number;
  files: { log: number; insight: number; digest: number; other: number };
  compressedBytes: number;
  rawBytes: number;
  /** Events in log files after deduplication by eventID: what the app must show as its total. */
  uniqueEvents: number;
  /** Records in log files before deduplication, for the record. */
  records: number;
}

export interface DataSet {
  dir: string;
  /** Every `.json.gz` under the folder, sorted: what is handed to the file input. */
  paths: string[];
  manifest: Manifest;
}

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.toSorted();
}

export function gzipPaths(dir: string): string[] {
  return filesUnder(dir).filter((p) => p.endsWith(".json.gz"));
}

type Kind = "log" | "insight" | "digest" | "other";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The path says what CloudTrail delivered (its folder names); content decides when it does not.
function classify(path: string, json: unknown): Kind {
  if (path.includes(`${sep}CloudTrail-Digest${sep}`) || path.includes("_CloudTrail-Digest_"))
    return "digest";
  if (path.includes(`${sep}CloudTrail-Insight${sep}`) || path.includes("_CloudTrail-Insight_"))
    return "insight";
  if (!isRecord(json)) return "other";
  if ("digestStartTime" in json || "digestEndTime" in json) return "digest";
  const records = json.Records;
  if (!Array.isArray(records)) return "other";
  if (records.length > 0 && records.every((r) => isRecord(r) && r.eventCategory === "Insight"))
    return "insight";
  return "log";
}

/** An independent count of what was written, so a wrong total in the app cannot go unnoticed. */
export function survey(dir: string, preset: string, events: number, seed: number): Manifest {
  const files = { log: 0, insight: 0, digest: 0, other: 0 };
  let compressedBytes = 0;
  let rawBytes = 0;
  let records = 0;
  let anonymous = 0;
  const ids = new Set<string>();
  for (const path of gzipPaths(dir)) {
    const bytes = readFileSync(path);
    compressedBytes += bytes.length;
    const raw =
      bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    rawBytes += raw.length;
    let json: unknown = null;
    try {
      json = JSON.parse(raw.toString("utf8"));
    } catch {
      // An unparseable file is "other": the app reports it in file-errors and loads nothing from it.
    }
    const kind = classify(path, json);
    files[kind]++;
    if (kind !== "log" || !isRecord(json) || !Array.isArray(json.Records)) continue;
    for (const record of json.Records) {
      if (!isRecord(record) || record.eventCategory === "Insight") continue;
      records++;
      if (typeof record.eventID === "string") ids.add(record.eventID);
      else anonymous++;
    }
  }
  return {
    version: MANIFEST_VERSION,
    preset,
    events,
    seed,
    files,
    compressedBytes,
    rawBytes,
    uniqueEvents: ids.size + anonymous,
    records,
  };
}

function readManifest(dir: string): Manifest | null {
  const path = join(dir, MARKER);
  if (!existsSync(path)) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    return manifest.version === MANIFEST_VERSION ? manifest : null;
  } catch {
    return null;
  }
}

/** Writes the data set into `temp`; returns the unique events the generator says it wrote. */
function generate(spec: CaseSpec, seed: number, temp: string): number | null {
  let summary: string;
  if (spec.preset === DELIVERY_PRESET) {
    summary = writeDeliveries(temp, spec.events, seed);
  } else {
    const args = ["scripts/generate.ts", "--out", temp, "--preset", spec.preset];
    args.push("--events", String(spec.events), "--seed", String(seed));
    const run = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", process.stderr],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) {
      process.stderr.write(run.stdout ?? "");
      throw new Error(`the generator failed (exit ${run.status ?? run.signal})`);
    }
    summary = run.stdout ?? "";
  }
  process.stderr.write(summary);
  const said = /(\d+) events \+ \d+ duplicates/.exec(summary);
  return said ? Number(said[1]) : null;
}

export async function ensureData(spec: CaseSpec, seed: number): Promise<DataSet> {
  const dir = join(DATA_ROOT, `${spec.preset}-${spec.events}-${seed}`);
  let manifest = readManifest(dir);
  if (manifest) {
    progress(`reusing ${relative(ROOT, dir)}`);
  } else {
    // Generated beside, then renamed: an interrupted run never leaves a folder that looks complete.
    const temp = `${dir}.partial-${process.pid}`;
    rmSync(temp, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    progress(
      `generating ${spec.events} events, preset ${spec.preset}, seed ${seed} into ${relative(ROOT, dir)}`,
    );
    const said = generate(spec, seed, temp);
    progress("counting what was written");
    manifest = survey(temp, spec.preset, spec.events, seed);
    // Two independent counts, the generator's own summary and the survey, must agree.
    if (said !== null && said !== manifest.uniqueEvents) {
      throw new Error(
        `the generator says it wrote ${said} unique events, the files hold ${manifest.uniqueEvents}`,
      );
    }
    writeFileSync(join(temp, MARKER), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(temp, dir);
  }
  const paths = gzipPaths(dir);
  const expected =
    manifest.files.log + manifest.files.insight + manifest.files.digest + manifest.files.other;
  if (paths.length !== expected)
    throw new Error(`${dir} holds ${paths.length} files, its manifest ${expected}`);
  if (manifest.uniqueEvents === 0)
    throw new Error(`${dir} holds no events: is the generator working?`);
  // The first browser round must not be the one that pays for a cold disk.
  for (const path of paths) readFileSync(path);
  return { dir, paths, manifest };
}
