// CloudTrail Insights records for the planted bursts. The averages are counted from the records
// actually generated (background and burst alike), so an explorer that recomputes them agrees.

import type { Random } from "../lib/random";
import type { BurstPlan } from "./bursts";
import { isoSeconds, type Json } from "./json";
import type { RenderedRecord } from "./records";

/** AWS compares against the seven days before the unusual activity. */
const BASELINE_MS = 7 * 86_400_000;
const ATTRIBUTES = ["userIdentityArn", "userAgent", "errorCode"] as const;
type Attribute = (typeof ATTRIBUTES)[number];

class Tally {
  count = 0;
  readonly byAttribute = new Map<Attribute, Map<string, number>>(
    ATTRIBUTES.map((a) => [a, new Map()]),
  );

  add(record: RenderedRecord): void {
    this.count++;
    this.bump("userIdentityArn", record.userIdentityArn);
    this.bump("userAgent", record.userAgent);
    this.bump("errorCode", record.errorCode === "" ? "null" : record.errorCode);
  }

  private bump(attribute: Attribute, value: string): void {
    const values = this.byAttribute.get(attribute);
    if (values) values.set(value, (values.get(value) ?? 0) + 1);
  }
}

/** Averages as AWS prints them: plain numbers, at most ten decimals. */
function average(count: number, minutes: number): number {
  return minutes > 0 ? Math.round((count / minutes) * 1e10) / 1e10 : 0;
}

export class InsightTracker {
  readonly baselineStart: number;
  readonly end: number;
  private readonly baseline = new Tally();
  private readonly insight = new Tally();

  constructor(
    readonly plan: BurstPlan,
    dataStart: number,
  ) {
    this.baselineStart = Math.max(dataStart, plan.start - BASELINE_MS);
    this.end = plan.start + plan.minutes * 60_000;
  }

  /** Counts a record of this burst's API in this burst's account and region. */
  observe(record: RenderedRecord): void {
    if (this.plan.kind === "error-rate" && record.errorCode !== this.plan.errorCode) return;
    if (record.time >= this.baselineStart && record.time < this.plan.start)
      this.baseline.add(record);
    else if (record.time >= this.plan.start && record.time < this.end) this.insight.add(record);
  }

  get baselineMinutes(): number {
    return Math.round((this.plan.start - this.baselineStart) / 60_000);
  }

  /** The Start and End records, sharing one sharedEventID. */
  records(random: Random): { start: string; end: string } {
    const plan = this.plan;
    const baselineAverage = average(this.baseline.count, this.baselineMinutes);
    const insightAverage = average(this.insight.count, plan.minutes);
    const attributions = ATTRIBUTES.map((attribute) => ({
      attribute,
      insight: top(this.insight.byAttribute.get(attribute), plan.minutes),
      baseline: top(this.baseline.byAttribute.get(attribute), this.baselineMinutes),
    }));
    const sharedEventID = random.uuid();
    const record = (state: "Start" | "End"): string => {
      const statistics: { [key: string]: Json } = {
        baseline: { average: baselineAverage },
        insight: { average: insightAverage },
      };
      if (state === "End") statistics["insightDuration"] = plan.minutes;
      statistics["baselineDuration"] = this.baselineMinutes;
      const insightDetails: { [key: string]: Json } = {
        state,
        eventSource: plan.eventSource,
        eventName: plan.eventName,
        insightType: plan.kind === "error-rate" ? "ApiErrorRateInsight" : "ApiCallRateInsight",
      };
      if (plan.errorCode !== undefined) insightDetails["errorCode"] = plan.errorCode;
      insightDetails["insightContext"] = { statistics, attributions };
      return JSON.stringify({
        eventVersion: "1.08",
        eventTime: isoSeconds(state === "Start" ? plan.start : this.end),
        awsRegion: plan.region,
        eventID: random.uuid(),
        eventType: "AwsCloudTrailInsight",
        recipientAccountId: plan.account,
        sharedEventID,
        insightDetails,
        eventCategory: "Insight",
      });
    };
    return { start: record("Start"), end: record("End") };
  }
}

function top(values: Map<string, number> | undefined, minutes: number): Json[] {
  if (!values) return [];
  return [...values.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([value, count]) => ({ value, average: average(count, minutes) }));
}
