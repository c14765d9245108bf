// CloudTrail Insights arrive as two events sharing a sharedEventID: a Start when the unusual
// activity is detected and an End when it stops. A trail cut short holds a Start alone (the
// Insight is still ongoing as far as these files know) or an End alone (its Start was delivered
// in a file that was not loaded); both are still worth showing.

import type { InsightAttribution, InsightRecord } from "../ingest/chunk";

const MINUTE = 60_000;
/** Contributors kept per attribute: the panel shows the few that explain the spike. */
export const TOP_CONTRIBUTORS = 5;

export type InsightStatus = "ended" | "ongoing" | "end-only";

export interface InsightContributor {
  value: string;
  /** Average during the Insight. */
  average: number;
  /** Average for the same value over the baseline; null when the baseline does not list it. */
  baselineAverage: number | null;
}

export interface InsightLocator {
  fileIndex: number;
  record: number;
}

export interface InsightPair {
  sharedEventID: string;
  status: InsightStatus;
  insightType: string;
  eventSource: string;
  eventName: string;
  errorCode: string;
  awsRegion: string;
  account: string;
  /** ms since epoch: the Start's eventTime; for an End alone, End time − insightDuration. */
  start: number;
  /** The End's eventTime, else start + insightDuration minutes; null when neither is known. */
  end: number | null;
  /** end − start in ms, or null. */
  duration: number | null;
  baselineAverage: number | null;
  insightAverage: number | null;
  /** insightAverage / baselineAverage; null unless both are known and the baseline is above zero. */
  ratio: number | null;
  /** Minutes, as CloudTrail gives them. */
  baselineDuration: number | null;
  insightDuration: number | null;
  /** Per attribute (userIdentityArn, userAgent, errorCode), the top values during the Insight. */
  contributors: { attribute: string; top: InsightContributor[] }[];
  startRecord: InsightLocator | null;
  endRecord: InsightLocator | null;
}

function topContributors(attributions: InsightAttribution[]): InsightPair["contributors"] {
  return attributions.map((attribution) => {
    const baseline = new Map<string, number>();
    for (const entry of attribution.baseline) baseline.set(entry.value, entry.average);
    const top = attribution.insight
      .toSorted(
        (a, b) => b.average - a.average || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
      )
      .slice(0, TOP_CONTRIBUTORS)
      .map((entry) => ({
        value: entry.value,
        average: entry.average,
        baselineAverage: baseline.get(entry.value) ?? null,
      }));
    return { attribute: attribution.attribute, top };
  });
}

function pick<T>(first: T | null | undefined, second: T | null | undefined): T | null {
  return first ?? second ?? null;
}

function nonEmpty(first: string | undefined, second: string | undefined): string {
  return first || second || "";
}

function locate(record: InsightRecord | undefined): InsightLocator | null {
  return record ? { fileIndex: record.fileIndex, record: record.record } : null;
}

function pairOf(
  sharedEventID: string,
  start: InsightRecord | undefined,
  end: InsightRecord | undefined,
): InsightPair {
  const insightDuration = pick(end?.insightDuration, start?.insightDuration);
  const durationMs = insightDuration !== null ? insightDuration * MINUTE : null;
  const endTime = end && !Number.isNaN(end.time) ? end.time : null;

  let startTime: number;
  if (start) startTime = start.time;
  else if (endTime !== null && durationMs !== null) startTime = endTime - durationMs;
  else startTime = endTime ?? Number.NaN;

  let stop: number | null = endTime;
  if (stop === null && durationMs !== null && !Number.isNaN(startTime))
    stop = startTime + durationMs;
  const duration = stop !== null && !Number.isNaN(startTime) ? stop - startTime : null;

  // The Start states the statistics at detection; the End repeats them, sometimes with
  // attributions the Start lacks. Prefer the Start's figures, fill gaps from the End.
  const baselineAverage = pick(start?.baselineAverage, end?.baselineAverage);
  const insightAverage = pick(start?.insightAverage, end?.insightAverage);
  const ratio =
    baselineAverage !== null && insightAverage !== null && baselineAverage > 0
      ? insightAverage / baselineAverage
      : null;
  const attributions =
    start && start.attributions.length > 0 ? start.attributions : (end?.attributions ?? []);

  return {
    sharedEventID,
    status: start ? (end ? "ended" : "ongoing") : "end-only",
    insightType: nonEmpty(start?.insightType, end?.insightType),
    eventSource: nonEmpty(start?.eventSource, end?.eventSource),
    eventName: nonEmpty(start?.eventName, end?.eventName),
    errorCode: nonEmpty(start?.errorCode, end?.errorCode),
    awsRegion: nonEmpty(start?.awsRegion, end?.awsRegion),
    account: nonEmpty(start?.account, end?.account),
    start: startTime,
    end: stop,
    duration,
    baselineAverage,
    insightAverage,
    ratio,
    baselineDuration: pick(start?.baselineDuration, end?.baselineDuration),
    insightDuration,
    contributors: topContributors(attributions),
    startRecord: locate(start),
    endRecord: locate(end),
  };
}

/**
 * Pairs Start and End records by sharedEventID. The same record loaded twice (same eventID, as
 * with overlapping downloads) counts once. A record of neither state is treated as a Start, since
 * it marks activity that began. Sorted by start; pairs with no known start come last.
 */
export function pairInsights(records: InsightRecord[]): InsightPair[] {
  const seen = new Set<string>();
  const groups = new Map<string, { start?: InsightRecord; end?: InsightRecord }>();
  let anonymous = 0;
  for (const record of records) {
    if (record.eventID !== "") {
      if (seen.has(record.eventID)) continue;
      seen.add(record.eventID);
    }
    // Without a sharedEventID nothing can be paired: each such record stands alone.
    const key = record.sharedEventID !== "" ? `s:${record.sharedEventID}` : `a:${anonymous++}`;
    let group = groups.get(key);
    if (!group) {
      group = {};
      groups.set(key, group);
    }
    if (record.state === "End") group.end ??= record;
    else group.start ??= record;
  }
  const pairs: InsightPair[] = [];
  for (const group of groups.values()) {
    const sharedEventID = (group.start ?? group.end)!.sharedEventID;
    pairs.push(pairOf(sharedEventID, group.start, group.end));
  }
  return pairs.toSorted((a, b) => {
    const aKnown = !Number.isNaN(a.start);
    const bKnown = !Number.isNaN(b.start);
    if (aKnown !== bKnown) return aKnown ? -1 : 1;
    const byStart = aKnown ? a.start - b.start : 0;
    if (byStart !== 0) return byStart;
    return a.sharedEventID < b.sharedEventID ? -1 : a.sharedEventID > b.sharedEventID ? 1 : 0;
  });
}
