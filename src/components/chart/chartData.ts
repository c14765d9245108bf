// The shapes Recharts draws from: one plain object per bucket, and the bands.
import { revealHidden } from "../../lib/visible";
import type { InsightPair } from "../../store/insights";
import type { Anomaly } from "../../store/baselines";
import { bandOf, type Activity } from "../../state/activity";
import { focusOfAnomaly, focusOfInsight, type Focus } from "../../state/anomalies";

/** Per bucket: `t` its middle (where the bar is centred), `s<k>` series k, `share` the error share. */
export type ChartRow = Record<string, number | null>;

export const seriesKey = (k: number): string => `s${k}`;

export function chartRows(activity: Activity): ChartRow[] {
  const { buckets, bucketMs, counts, totals, errors } = activity;
  const rows: ChartRow[] = [];
  for (let b = 0; b < buckets.length; b++) {
    const row: ChartRow = {
      t: buckets[b] + bucketMs / 2,
      start: buckets[b],
      total: totals[b],
      errors: errors[b],
      // No events, no share: a gap in the line rather than a fake 0 %.
      share: totals[b] > 0 ? errors[b] / totals[b] : null,
    };
    for (let k = 0; k < counts.length; k++) row[seriesKey(k)] = counts[k][b];
    rows.push(row);
  }
  // Recharts sizes bars by the distance between neighbouring points: a lone bucket would get a
  // bar 0 px wide. An empty point one bucket further, past the axis's end (clipped, never
  // hovered: the plot ends nearer the real one), gives it its width.
  if (buckets.length === 1) {
    const start = buckets[0] + bucketMs;
    const pad: ChartRow = { t: start + bucketMs / 2, start, total: 0, errors: 0, share: null };
    for (let k = 0; k < counts.length; k++) pad[seriesKey(k)] = 0;
    rows.push(pad);
  }
  return rows;
}

/** Rounds a pixel coordinate to a hundredth: shorter path text, no visible difference. */
const px = (value: number): number => Math.round(value * 100) / 100;

/**
 * The stacked bars as one SVG path per series (a rectangle per bucket the series has events in),
 * bottom up: series 0 lowest. `x` maps a time and `y` a count to pixels (the chart's scales); a
 * bucket spans [its start, its start + bucketMs). A series with no event gets "".
 */
export function stackPaths(
  activity: Activity,
  x: (time: number) => number | undefined,
  y: (count: number) => number | undefined,
): string[] {
  const { buckets, bucketMs, counts } = activity;
  const parts: string[][] = counts.map(() => []);
  for (let b = 0; b < buckets.length; b++) {
    const left = x(buckets[b]);
    const right = x(buckets[b] + bucketMs);
    if (left === undefined || right === undefined) continue;
    const x0 = px(left);
    const x1 = px(right);
    let below = 0;
    for (let k = 0; k < counts.length; k++) {
      const count = counts[k][b];
      if (!(count > 0)) continue;
      const bottom = y(below);
      const top = y(below + count);
      below += count;
      if (bottom === undefined || top === undefined) continue;
      parts[k].push(`M${x0} ${px(top)}H${x1}V${px(bottom)}H${x0}Z`);
    }
  }
  return parts.map((list) => list.join(""));
}

/**
 * The count axis's ticks: 0 and even steps of 1, 2 or 5 × 10^k up to the first step at or above
 * `max`, about `most` of them (at least 2 steps). The last tick is the axis's top. Counts are whole:
 * the step is 1 at least.
 */
export function countTicks(max: number, most = 5): number[] {
  const top = Math.max(1, Number.isFinite(max) ? Math.ceil(max) : 1);
  const rough = top / Math.max(2, most - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  let step = power;
  for (const m of [1, 2, 5, 10]) {
    step = m * power;
    if (step >= rough) break;
  }
  step = Math.max(1, step);
  const ticks: number[] = [];
  for (let t = 0; ; t += step) {
    ticks.push(t);
    if (t >= top) break;
  }
  return ticks;
}

/** The error share axis: 0 to 100 %. */
export const SHARE_TICKS: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

export interface Band {
  key: string;
  kind: "insight" | "anomaly";
  x1: number;
  x2: number;
  focus: Focus;
  /** What the band is, in words, for the tooltip. */
  label: string;
}

/** Anomaly bands drawn at most: the highest scores; the list shows every one. */
export const MAX_ANOMALY_BANDS = 40;

export function chartBands(
  activity: Pick<Activity, "from" | "to" | "bucketMs">,
  pairs: readonly InsightPair[],
  anomalies: readonly Anomaly[],
): Band[] {
  const bands: Band[] = [];
  pairs.forEach((pair, i) => {
    const band = bandOf(pair.start, pair.end, activity);
    if (band === null) return;
    const focus = focusOfInsight(pair);
    bands.push({
      key: `insight-${pair.sharedEventID}-${i}`,
      kind: "insight",
      ...band,
      focus,
      label: `Insight: ${apiLabel(focus)} ${kindLabel(focus.kind)}${pair.status === "ongoing" ? " (ongoing)" : ""}`,
    });
  });
  anomalies.slice(0, MAX_ANOMALY_BANDS).forEach((anomaly, i) => {
    const focus = focusOfAnomaly(anomaly);
    const band = bandOf(focus.start, focus.end, activity);
    if (band === null) return;
    bands.push({
      key: `anomaly-${i}`,
      kind: "anomaly",
      ...band,
      focus,
      label: `Anomaly: ${apiLabel(focus)} ${kindLabel(focus.kind)}`,
    });
  });
  return bands;
}

export function apiLabel(focus: Pick<Focus, "eventName" | "errorCode" | "kind">): string {
  return revealHidden(
    focus.kind === "error-rate" && focus.errorCode
      ? `${focus.eventName} ${focus.errorCode}`
      : focus.eventName,
  );
}

export function kindLabel(kind: Focus["kind"]): string {
  return kind === "error-rate" ? "error rate" : "call rate";
}
