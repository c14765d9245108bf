// Figure lines shared by the load cases (folder, archive): the data set, a load's medians against
// its floor, memory and long tasks, and the interactions' figures.
import type { DataSet } from "./data";
import { median } from "./measure";
import type { FloorReading } from "./page";
import type { AppRound } from "./rounds";

export function mb(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

export function each(values: readonly number[]): string {
  return values.map((v) => Math.round(v)).join(", ");
}

/** case, events, files, compressed and raw MB, workers: the lines every case opens with. */
export function dataLines(name: string, data: DataSet, workers: number): string[] {
  const m = data.manifest;
  return [
    `case ${name}`,
    `events ${m.uniqueEvents}`,
    `files ${data.paths.length} (log ${m.files.log}, insight ${m.files.insight}, digest ${m.files.digest}${m.files.other ? `, other ${m.files.other}` : ""})`,
    `compressed MB ${mb(m.compressedBytes)}`,
    `raw MB ${mb(m.rawBytes)}`,
    `workers ${workers}`,
  ];
}

export interface LoadSummary {
  loadMs: number;
  floorMs: number;
  ratio: number;
  heap: number;
  longest: number;
  longtaskError: string | null;
  lines: string[];
}

/**
 * A load against its floor: `label` prefixes every line ("" for the case's own load, "tar " for
 * one of several). Memory and long tasks as bench/README.md describes them.
 */
export function loadLines(
  label: string,
  apps: readonly AppRound[],
  floors: readonly FloorReading[],
  floorName = "floor",
): LoadSummary {
  const rounds = apps.length;
  const loadMs = median(apps.map((a) => a.loadMs));
  const floorMs = median(floors.map((f) => f.ms));
  const ratio = loadMs / floorMs;
  const heap = median(apps.map((a) => a.heapPerEvent));
  const procs = apps.map((a) => a.processPerEvent).filter((v): v is number => v !== null);
  const longest = median(apps.map((a) => a.longestTaskMs));
  const worst = Math.max(...apps.map((a) => a.longestTaskMs));
  const longtaskError = apps.find((a) => a.longtaskError)?.longtaskError ?? null;
  const fileErrors = Math.max(...apps.map((a) => a.fileErrors));
  const lines = [
    `${label}load ms ${Math.round(loadMs)} (median of ${rounds}; each ${each(apps.map((a) => a.loadMs))})`,
    `${label}${floorName} ms ${Math.round(floorMs)} (median of ${floors.length}; each ${each(floors.map((f) => f.ms))})`,
    `${label}ratio ${ratio.toFixed(2)}`,
    `${label}memory per event (page heap + array buffers) ${Math.round(heap)} B${apps[0].backingStores ? "" : " (this Chromium does not report array buffers: typed arrays missing)"}`,
    procs.length > 0
      ? `${label}memory per event (all chromium processes, ${apps[0].processKind}) ${Math.round(median(procs))} B`
      : `${label}memory per event (all chromium processes): n/a (no /proc)`,
    longtaskError
      ? `${label}longest main-thread task during load: n/a (${longtaskError})`
      : `${label}longest main-thread task during load ${longest > 0 ? `${Math.round(longest)} ms` : "< 50 ms (no long task)"} (median of ${rounds}; worst ${Math.round(worst)})`,
  ];
  if (fileErrors > 0)
    lines.push(`${label}file errors ${fileErrors} (generated files the app could not read)`);
  return { loadMs, floorMs, ratio, heap, longest, longtaskError, lines };
}

/**
 * The same load on the floor's clock: from the input's change event to "ready" in the DOM. The
 * app's measure starts at its own mark, so anything the app does before marking is invisible to
 * `ratio` and visible here.
 */
export function seenLines(
  apps: readonly AppRound[],
  floorMs: number,
): { lines: string[]; seenRatio: number } {
  const seenEach = apps.map((a) => a.seenMs).filter((v) => Number.isFinite(v));
  const seen = seenEach.length > 0 ? median(seenEach) : Number.NaN;
  const seenRatio = seen / floorMs;
  return {
    seenRatio,
    lines: [
      `load ms from input change to ready on screen ${Number.isFinite(seen) ? Math.round(seen) : "n/a"} (median of ${apps.length})`,
      `ratio from input change ${Number.isFinite(seenRatio) ? seenRatio.toFixed(2) : "n/a"}`,
    ],
  };
}

/** The figures of the interactions run in the last app round: lines, and targets to append. */
export function interactionFigures(
  app: AppRound,
  floorMs: number,
): { lines: string[]; targets: string[] } {
  const lines: string[] = [];
  const targets: string[] = [];
  for (const reported of app.interactions) {
    const figure =
      typeof reported === "string"
        ? { line: reported }
        : typeof reported === "function"
          ? reported(floorMs)
          : reported;
    lines.push(figure.line);
    if (figure.target !== undefined) targets.push(figure.target);
  }
  return { lines, targets };
}
