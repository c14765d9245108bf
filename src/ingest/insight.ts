// CloudTrail Insights events: kept aside as InsightRecords, never as rows (they are AWS's
// statements about the API calls, not API calls).
import type { InsightAttribution, InsightRecord } from "./chunk";
import { asObject, parseEventTime, text } from "./fields";

export function isInsight(record: Record<string, unknown>): boolean {
  return (
    record.eventCategory === "Insight" ||
    record.eventType === "AwsCloudTrailInsight" ||
    asObject(record.insightDetails) !== null
  );
}

function numberOrNull(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function averages(value: unknown): { value: string; average: number }[] {
  const out: { value: string; average: number }[] = [];
  if (!Array.isArray(value)) return out;
  for (const entry of value) {
    const pair = asObject(entry);
    if (pair === null) continue;
    out.push({ value: text(pair.value), average: numberOrNull(pair.average) ?? 0 });
  }
  return out;
}

function attributionsOf(value: unknown): InsightAttribution[] {
  const out: InsightAttribution[] = [];
  if (!Array.isArray(value)) return out;
  for (const entry of value) {
    const attribution = asObject(entry);
    if (attribution === null) continue;
    out.push({
      attribute: text(attribution.attribute),
      insight: averages(attribution.insight),
      baseline: averages(attribution.baseline),
    });
  }
  return out;
}

export function insightRecordOf(
  record: Record<string, unknown>,
  fileIndex: number,
  index: number,
): InsightRecord {
  const details = asObject(record.insightDetails) ?? {};
  const context = asObject(details.insightContext) ?? {};
  const statistics = asObject(context.statistics) ?? {};
  const state = details.state;
  return {
    fileIndex,
    record: index,
    eventID: text(record.eventID),
    sharedEventID: text(record.sharedEventID),
    time: parseEventTime(record.eventTime),
    state: state === "Start" || state === "End" ? state : "",
    insightType: text(details.insightType),
    // The API the insight is about lives in insightDetails; older or hand-made files may put it on top.
    eventSource: text(details.eventSource ?? record.eventSource),
    eventName: text(details.eventName ?? record.eventName),
    errorCode: text(details.errorCode ?? record.errorCode),
    awsRegion: text(record.awsRegion),
    account: text(record.recipientAccountId),
    baselineAverage: numberOrNull(asObject(statistics.baseline)?.average),
    insightAverage: numberOrNull(asObject(statistics.insight)?.average),
    baselineDuration: numberOrNull(statistics.baselineDuration),
    insightDuration: numberOrNull(statistics.insightDuration),
    attributions: attributionsOf(context.attributions),
  };
}
