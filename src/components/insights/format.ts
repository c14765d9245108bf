// Display of the Insights figures: per-minute rates span 0.0001 to thousands.
import { formatCountOf } from "../../lib/format";

/** A per-minute rate with two significant digits below 10, whole above. */
export function formatRate(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  if (value >= 10) return Math.round(value).toLocaleString("en-US");
  return Number(value.toPrecision(2)).toString();
}

/** `×68`, `×1.5`; an infinite ratio (nothing before) reads as "new". */
export function formatRatio(value: number | null): string {
  if (value === null) return "";
  if (!Number.isFinite(value)) return "new";
  return `×${value >= 10 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1)}`;
}

/** `14 min`, `2 h 5 min`, `8.0 days`. */
export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m >= 2 * 24 * 60) return `${(m / (24 * 60)).toFixed(1)} days`;
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

/**
 * Below this rate (per minute: under about one call a day and a half), or this far under what was
 * observed, a baseline is too thin for a ratio to mean anything: `0.00039 → 40 /min ×103,020`
 * says less than "new".
 */
const THIN_BASELINE_RATE = 0.001;
const THIN_BASELINE_RATIO = 1000;
/** Fewer calls than this over the whole baseline: there were none. */
const NO_CALLS = 0.5;

/** A rate before and during a spike, in words: the rates and how they compare. */
export interface RateChange {
  /** `0.5 → 40 /min`; only `40 /min` when the baseline is (about) nothing. */
  rates: string;
  /** `×80`; `new: none in the baseline` when it held no call (or almost none, with how many). */
  change: string;
}

/**
 * How a rate changed from its baseline (per minute, averaged over `baselineMinutes` when known)
 * to what was observed. A baseline of about nothing is said to be so, not divided by.
 */
export function rateChange(
  baseline: number | null,
  observed: number | null,
  baselineMinutes: number | null,
): RateChange {
  if (baseline === null || !Number.isFinite(baseline))
    return { rates: `${formatRate(baseline)} → ${formatRate(observed)} /min`, change: "" };
  const calls =
    baselineMinutes !== null && Number.isFinite(baselineMinutes) && baselineMinutes > 0
      ? baseline * baselineMinutes
      : null;
  if (baseline <= 0 || (calls !== null && calls < NO_CALLS))
    return { rates: `${formatRate(observed)} /min`, change: "new: none in the baseline" };
  const ratio = observed === null ? null : observed / baseline;
  if (baseline < THIN_BASELINE_RATE || (ratio !== null && ratio >= THIN_BASELINE_RATIO)) {
    const about = calls === null ? "" : ` (about ${formatCountOf(Math.round(calls), "call")})`;
    return {
      rates: `${formatRate(observed)} /min`,
      change: `new: almost none in the baseline${about}`,
    };
  }
  return {
    rates: `${formatRate(baseline)} → ${formatRate(observed)} /min`,
    change: formatRatio(ratio),
  };
}

/**
 * A top contributor's value as the rest of the app says it: CloudTrail writes a call without an
 * error as the error code `null` (or leaves it empty), which reads "(no error)".
 */
export function contributorLabel(attribute: string, value: string): string {
  if (attribute === "errorCode" && (value === "" || value === "null")) return "(no error)";
  return value === "" ? "(none)" : value;
}

/**
 * The loaded Insights counted as the summary counts them (Insights events) and as the list
 * shows them (Start/End pairs): `10 events in 5 Start/End pairs`.
 */
export function insightsCount(events: number, pairs: number): string {
  return `${formatCountOf(events, "event")} in ${formatCountOf(pairs, "Start/End pair")}`;
}
