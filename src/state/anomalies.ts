// The Insights views of the session: loaded CloudTrail Insights paired, the app's own anomalies
// (computed baselines), one API's per-minute rate, and the view that focuses on one of them.
//
// computeAnomalies runs on the main thread, once per finished load: at 300k rows it took 40–250 ms
// in Node here (the cold first run the slowest; 16–50 ms when its author measured it, about the
// same with the per account and region scopes), a few passes over seven typed-array columns plus
// a sparse sweep per series. A worker would first need the columns copied or
// shared, which costs a good part of that. The `trailview:anomalies` measure lets the benchmark
// keep this choice honest.
import type { DictField } from "../ingest/chunk";
import {
  apiRate,
  computeAnomalies,
  MINUTE_MS,
  type Anomaly,
  type AnomalyResult,
  type ApiRate,
  baselineInputOf,
} from "../store/baselines";
import { pairInsights, type InsightPair } from "../store/insights";
import type { Session } from "./session";
import type { ViewState } from "./viewState";

/** Performance timeline names: the benchmark reads the measure's duration. */
export const ANOMALIES_MARK = "trailview:anomalies-start";
export const ANOMALIES_MEASURE = "trailview:anomalies";

const anomalyCache = new WeakMap<Session, { version: number; result: AnomalyResult }>();

/**
 * The anomalies of everything loaded (the filters do not change them), or null while a load runs: a baseline over half the files
 * would flag what the other half explains, and recomputing on every merged batch would cost
 * the load its speed.
 */
export function anomaliesOf(session: Session): AnomalyResult | null {
  if (session.progress.state === "loading") return null;
  const version = session.store.version;
  const hit = anomalyCache.get(session);
  if (hit && hit.version === version) return hit.result;
  performance.mark(ANOMALIES_MARK);
  const result = computeAnomalies(baselineInputOf(session.store));
  performance.measure(ANOMALIES_MEASURE, ANOMALIES_MARK);
  anomalyCache.set(session, { version, result });
  return result;
}

/**
 * Takes `result` (computeAnomalies of the store at `version`, made elsewhere: a worker) as the
 * session's anomalies; ignored when the store has changed since.
 */
export function adoptAnomalies(session: Session, version: number, result: AnomalyResult): void {
  if (session.store.version === version) anomalyCache.set(session, { version, result });
}

/** Whether the anomalies of the store as it is now are computed already. */
export function hasAnomalies(session: Session): boolean {
  return anomalyCache.get(session)?.version === session.store.version;
}

const pairCache = new WeakMap<Session, { insights: Session["insights"]; pairs: InsightPair[] }>();

/** Loaded Insights as Start/End pairs; the session replaces its array on every change. */
export function insightPairsOf(session: Session): InsightPair[] {
  const hit = pairCache.get(session);
  if (hit && hit.insights === session.insights) return hit.pairs;
  const pairs = pairInsights(session.insights);
  pairCache.set(session, { insights: session.insights, pairs });
  return pairs;
}

// ───────────────────────────── focus ─────────────────────────────

/**
 * What an Insight or an anomaly is about: one API (and error code) in one account and region
 * over a window.
 */
export interface Focus {
  /** recipientAccountId and region; "" when unknown (then the focus is not narrowed by it). */
  account: string;
  awsRegion: string;
  eventSource: string;
  eventName: string;
  /** "" for call rate. */
  errorCode: string;
  kind: "call-rate" | "error-rate";
  /** ms since epoch. */
  start: number;
  /** ms since epoch, exclusive; null when unknown (an ongoing Insight). */
  end: number | null;
}

/** Context shown around a focused window, so the lead-up and the aftermath are in view. */
export const FOCUS_CONTEXT_MS = 30 * MINUTE_MS;

export function focusOfInsight(pair: InsightPair): Focus {
  return {
    account: pair.account,
    awsRegion: pair.awsRegion,
    eventSource: pair.eventSource,
    eventName: pair.eventName,
    errorCode: pair.errorCode,
    kind: isErrorRateInsight(pair.insightType) ? "error-rate" : "call-rate",
    start: pair.start,
    end: pair.end,
  };
}

export function focusOfAnomaly(anomaly: Anomaly): Focus {
  return {
    account: anomaly.account,
    awsRegion: anomaly.awsRegion,
    eventSource: anomaly.eventSource,
    eventName: anomaly.eventName,
    errorCode: anomaly.errorCode,
    kind: anomaly.kind,
    start: anomaly.start,
    end: anomaly.start + anomaly.minutes * MINUTE_MS,
  };
}

export function isErrorRateInsight(insightType: string): boolean {
  return insightType === "ApiErrorRateInsight";
}

/** The focus's window with context on both sides; an unknown end counts as the start. */
export function focusWindow(
  focus: Focus,
  context = FOCUS_CONTEXT_MS,
): { from: number; to: number } {
  const end = focus.end ?? focus.start;
  return { from: focus.start - context, to: Math.max(end, focus.start + MINUTE_MS) + context };
}

/**
 * The view filtered to the focus's account, region and API (its error code too, for error rate)
 * and window with context; the other fields' filters stay.
 */
export function focusView(view: ViewState, focus: Focus): ViewState {
  const include = { ...view.include };
  const exclude = { ...view.exclude };
  const only = (field: DictField, value: string): void => {
    include[field] = [value];
    const excluded = exclude[field]?.filter((v) => v !== value);
    if (excluded && excluded.length > 0) exclude[field] = excluded;
    else delete exclude[field];
  };
  if (focus.account !== "") only("account", focus.account);
  if (focus.awsRegion !== "") only("awsRegion", focus.awsRegion);
  only("eventSource", focus.eventSource);
  only("eventName", focus.eventName);
  if (focus.kind === "error-rate" && focus.errorCode !== "") only("errorCode", focus.errorCode);
  const { from, to } = focusWindow(focus);
  return { ...view, include, exclude, timeFrom: from, timeTo: to, event: null };
}

/** Whether the view is exactly what focusView makes of this focus (for highlighting). */
export function isFocused(view: ViewState, focus: Focus): boolean {
  const { from, to } = focusWindow(focus);
  const one = (field: DictField, value: string) =>
    view.include[field]?.length === 1 && view.include[field][0] === value;
  return (
    view.timeFrom === from &&
    view.timeTo === to &&
    (focus.account === "" || one("account", focus.account)) &&
    (focus.awsRegion === "" || one("awsRegion", focus.awsRegion)) &&
    one("eventSource", focus.eventSource) &&
    one("eventName", focus.eventName)
  );
}

// ───────────────────────────── one API's rate ─────────────────────────────

/** How far either side of a focus the per-minute rate chart reaches: a few hundred points. */
export const RATE_CONTEXT_MS = 3 * 60 * MINUTE_MS;

export interface FocusRate {
  focus: Focus;
  rate: ApiRate;
  /** What is counted, in words: the rate is not every call of the API. */
  counted: string;
}

const rateCache = new WeakMap<Session, { version: number; focus: Focus; result: FocusRate }>();

/**
 * The focus's API per minute around its window, with the baseline beneath: the same series
 * computeAnomalies judges (the account and region's write management calls, or its management
 * calls failing with the code). Like the anomalies, it counts every loaded event, not the filters.
 */
export function focusRateOf(session: Session, focus: Focus): FocusRate {
  const version = session.store.version;
  const hit = rateCache.get(session);
  if (hit && hit.version === version && hit.focus === focus) return hit.result;
  const { from, to } = focusWindow(focus, RATE_CONTEXT_MS);
  const errorCode = focus.kind === "error-rate" ? focus.errorCode : null;
  const rate = apiRate(
    baselineInputOf(session.store),
    {
      // As in focusView, an unknown account or region does not narrow the series.
      account: focus.account || null,
      awsRegion: focus.awsRegion || null,
      eventSource: focus.eventSource,
      eventName: focus.eventName,
      errorCode,
    },
    from,
    to,
  );
  const what = errorCode ? `management calls failing with ${errorCode}` : "write management calls";
  const counted = `${what} in ${focus.account || "any account"} ${focus.awsRegion || "any region"}`;
  const result = { focus, rate, counted };
  rateCache.set(session, { version, focus, result });
  return result;
}

// ───────────────────────────── words ─────────────────────────────

/** "123456789012 us-east-1"; a missing part reads as "no account" / "no region". */
export function scopeLabel(scope: { account: string; awsRegion: string }): string {
  return `${scope.account || "no account"} ${scope.awsRegion || "no region"}`;
}

/** A share (0–1) as a whole percent; below 1% but above 0 reads "<1%". */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.005) return "<1%";
  return `${Math.round(share * 100)}%`;
}

/**
 * The summary line of the computed anomalies: how much data the raised anomalies' baselines had,
 * and what was found but not raised because its baseline was too thin.
 */
export function anomalySummary(result: AnomalyResult): string {
  const parts: string[] = [];
  const { anomalies, withheld, withheldScopes } = result;
  if (anomalies.length > 0) {
    let low = Infinity;
    let high = -Infinity;
    for (const a of anomalies) {
      if (a.coverage < low) low = a.coverage;
      if (a.coverage > high) high = a.coverage;
    }
    const range =
      formatShare(low) === formatShare(high)
        ? formatShare(low)
        : `${formatShare(low)}–${formatShare(high)}`;
    parts.push(
      `The raised anomalies' account and region had events in ${range} of the hours of their 7-day baseline.`,
    );
  } else if (withheld === 0) {
    parts.push(
      `No minute stands out from its baseline (${plural(result.scopes, "account and region pair")}).`,
    );
  }
  if (withheld > 0) {
    parts.push(
      `${plural(withheld, "unusual stretch", "unusual stretches")} in ${plural(withheldScopes, "account and region pair")} not raised: too little baseline data there.`,
    );
  }
  return parts.join(" ");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
