import { revealHidden } from "../../lib/visible";
import { useState } from "react";
import { formatCount, formatTime } from "../../lib/format";
import { BASELINE_RULE, type Anomaly } from "../../store/baselines";
import type { InsightPair } from "../../store/insights";
import {
  anomalySummary,
  anomaliesOf,
  focusOfAnomaly,
  focusOfInsight,
  focusRateOf,
  focusView,
  formatShare,
  insightPairsOf,
  isErrorRateInsight,
  isFocused,
  scopeLabel,
  type Focus,
} from "../../state/anomalies";
import type { ExplorerProps } from "../app/types";
import { apiLabel, kindLabel } from "../chart/chartData";
import { contributorLabel, formatMinutes, formatRate, insightsCount, rateChange } from "./format";
import { RateChart } from "./RateChart";

const ATTRIBUTE_LABELS: Record<string, string> = {
  userIdentityArn: "identity",
  userAgent: "user agent",
  errorCode: "error code",
};
/** Both lists are over every loaded event: said next to each heading, as the filters do not apply. */
const ALL_LOADED = "all loaded events";
const ALL_LOADED_TITLE =
  "Computed over every loaded event: the filters and the time range do not change this list.";

/** Contributors shown per attribute: the few that explain the spike. */
const CONTRIBUTORS_SHOWN = 3;

/**
 * The loaded CloudTrail Insights and the anomalies computed here, side by side. Clicking an item
 * filters to its API and window (with context); "rate" charts the API per minute with its baseline.
 */
export function InsightsPanel({ session, view, setView }: ExplorerProps) {
  const [rateOf, setRateOf] = useState<Focus | null>(null);
  const pairs = insightPairsOf(session);
  const result = anomaliesOf(session);
  if (session.files.length === 0) return null;

  const focus = (target: Focus) => setView(focusView(view, target));
  const toggleRate = (target: Focus) =>
    setRateOf((current) => (current && sameFocus(current, target) ? null : target));
  const rate = rateOf ? focusRateOf(session, rateOf) : null;

  return (
    <section className="insights" aria-label="Insights and anomalies">
      <div className="insights-lists">
        <div className="insights-col" data-testid="insights-list">
          <h2>
            Loaded Insights{" "}
            <span className="muted">{insightsCount(session.insights.length, pairs.length)}</span>{" "}
            <FilterScope />
          </h2>
          {pairs.length === 0 ? (
            <p className="muted">
              No CloudTrail Insights events in the loaded files (they come in
              <code> CloudTrail-Insight/</code> folders when Insights is enabled on the trail).
            </p>
          ) : (
            <ul>
              {pairs.map((pair, i) => {
                const about = focusOfInsight(pair);
                return (
                  <InsightItem
                    key={`${pair.sharedEventID}-${i}`}
                    pair={pair}
                    timeZone={view.timeZone}
                    active={isFocused(view, about)}
                    rateShown={rateOf !== null && sameFocus(rateOf, about)}
                    onFocus={() => focus(about)}
                    onRate={() => toggleRate(about)}
                  />
                );
              })}
            </ul>
          )}
        </div>
        <div className="insights-col" data-testid="anomalies-list">
          <h2>
            Computed anomalies{" "}
            <span className="muted">{result ? formatCount(result.anomalies.length) : "…"}</span>{" "}
            <FilterScope />
          </h2>
          <p className="note" data-testid="anomalies-summary">
            Computed in this page from per-minute baselines per account, region and API over the 7
            days before each minute: an approximation of AWS&apos;s unpublished Insights model, for
            any trail.{" "}
            {result === null ? "Computed when the load finishes." : anomalySummary(result)}
          </p>
          <p className="note muted" data-testid="anomalies-rule">
            Rule: {BASELINE_RULE}
          </p>
          {result && result.anomalies.length > 0 ? (
            <ul>
              {result.anomalies.map((anomaly, i) => {
                const about = focusOfAnomaly(anomaly);
                return (
                  <AnomalyItem
                    key={i}
                    anomaly={anomaly}
                    timeZone={view.timeZone}
                    active={isFocused(view, about)}
                    rateShown={rateOf !== null && sameFocus(rateOf, about)}
                    onFocus={() => focus(about)}
                    onRate={() => toggleRate(about)}
                  />
                );
              })}
            </ul>
          ) : result ? (
            <p className="muted">None raised.</p>
          ) : null}
        </div>
      </div>
      {rate ? (
        <RateChart rate={rate} timeZone={view.timeZone} onClose={() => setRateOf(null)} />
      ) : null}
    </section>
  );
}

function FilterScope() {
  return (
    <span className="muted" data-testid="filter-scope" title={ALL_LOADED_TITLE}>
      · {ALL_LOADED}
    </span>
  );
}

function sameFocus(a: Focus, b: Focus): boolean {
  return (
    a.kind === b.kind &&
    a.account === b.account &&
    a.awsRegion === b.awsRegion &&
    a.eventSource === b.eventSource &&
    a.eventName === b.eventName &&
    a.errorCode === b.errorCode &&
    a.start === b.start &&
    a.end === b.end
  );
}

interface ItemProps {
  timeZone: "utc" | "local";
  active: boolean;
  rateShown: boolean;
  onFocus: () => void;
  onRate: () => void;
}

function InsightItem({
  pair,
  timeZone,
  active,
  rateShown,
  onFocus,
  onRate,
}: ItemProps & { pair: InsightPair }) {
  const errorRate = isErrorRateInsight(pair.insightType);
  const change = rateChange(pair.baselineAverage, pair.insightAverage, pair.baselineDuration);
  const duration =
    pair.status === "ongoing"
      ? "ongoing"
      : pair.duration !== null
        ? formatMinutes(pair.duration / 60_000)
        : "duration unknown";
  return (
    <li
      className={`insight-item${active ? " active" : ""}`}
      data-testid="insight"
      data-event-name={pair.eventName}
      data-event-source={pair.eventSource}
      data-insight-type={pair.insightType}
      data-baseline-average={pair.baselineAverage ?? ""}
      data-insight-average={pair.insightAverage ?? ""}
      data-status={pair.status}
      data-start={Number.isNaN(pair.start) ? "" : new Date(pair.start).toISOString()}
    >
      <div className="item-row">
        <button
          type="button"
          className="item-main"
          onClick={onFocus}
          title="Filter to this account, region, API and window, with 30 minutes either side"
        >
          <span className={`kind kind-${errorRate ? "error" : "call"}`}>
            {errorRate ? "error rate" : "call rate"}
          </span>
          <span className="api mono">
            {revealHidden(pair.eventSource)}/{revealHidden(pair.eventName)}
            {errorRate && pair.errorCode ? ` ${pair.errorCode}` : ""}
          </span>
          <span className="when">
            {formatTime(pair.start, timeZone)} · {duration}
          </span>
          <span className="stats">
            {change.rates} <strong>{change.change}</strong>
          </span>
        </button>
        <RateButton shown={rateShown} onClick={onRate} />
      </div>
      {pair.contributors.some((c) => c.top.length > 0) ? (
        <dl className="contributors">
          {pair.contributors.map((c) =>
            c.top.length > 0 ? (
              <div key={c.attribute}>
                <dt>{ATTRIBUTE_LABELS[c.attribute] ?? c.attribute}</dt>
                {c.top.slice(0, CONTRIBUTORS_SHOWN).map((entry) => (
                  <dd key={entry.value} title={contributorLabel(c.attribute, entry.value)}>
                    <span className="mono">
                      {revealHidden(contributorLabel(c.attribute, entry.value))}
                    </span>{" "}
                    <span className="muted">
                      {formatRate(entry.average)}/min
                      {entry.baselineAverage !== null
                        ? ` (was ${formatRate(entry.baselineAverage)})`
                        : " (new)"}
                    </span>
                  </dd>
                ))}
              </div>
            ) : null,
          )}
        </dl>
      ) : null}
    </li>
  );
}

function AnomalyItem({
  anomaly,
  timeZone,
  active,
  rateShown,
  onFocus,
  onRate,
}: ItemProps & { anomaly: Anomaly }) {
  const change = rateChange(
    anomaly.baselineAverage,
    anomaly.observedAverage,
    anomaly.baselineMinutes,
  );
  return (
    <li
      className={`anomaly-item${active ? " active" : ""}`}
      data-testid="anomaly"
      data-event-name={anomaly.eventName}
      data-event-source={anomaly.eventSource}
      data-account={anomaly.account}
      data-region={anomaly.awsRegion}
      data-coverage={anomaly.coverage}
      data-kind={anomaly.kind}
      data-start={new Date(anomaly.start).toISOString()}
      data-score={anomaly.score}
    >
      <div className="item-row">
        <button
          type="button"
          className="item-main"
          onClick={onFocus}
          title="Filter to this account, region, API and window, with 30 minutes either side"
        >
          <span className={`kind kind-${anomaly.kind === "error-rate" ? "error" : "call"}`}>
            {kindLabel(anomaly.kind)}
          </span>
          <span className="api mono">
            {revealHidden(anomaly.eventSource)}/{apiLabel(focusOfAnomaly(anomaly))}
          </span>
          <span className="when">
            {formatTime(anomaly.start, timeZone)} · {formatMinutes(anomaly.minutes)} ·{" "}
            <span className="mono">{revealHidden(scopeLabel(anomaly))}</span>
          </span>
          <span className="stats">
            {change.rates} <strong>{change.change}</strong> · peak {formatCount(anomaly.peak)} ·
            score {Math.round(anomaly.score)}
          </span>
          <span className="stats muted" data-testid="anomaly-coverage">
            baseline: events in {formatShare(anomaly.coverage)} of the 7 days&apos; hours,{" "}
            {formatCount(anomaly.baselineEvents)} events
          </span>
        </button>
        <RateButton shown={rateShown} onClick={onRate} />
      </div>
    </li>
  );
}

function RateButton({ shown, onClick }: { shown: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="rate-button"
      aria-pressed={shown}
      onClick={onClick}
      title="Chart this API per minute with its baseline"
    >
      rate
    </button>
  );
}
