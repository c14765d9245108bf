import { formatCount, formatCountOf } from "../../lib/format";
import { insightPairsOf } from "../../state/anomalies";
import type { Session } from "../../state/session";
import { insightsCount } from "../insights/format";

/** The headline figures: events loaded and shown, and what was set aside or skipped. */
export function Summary({ session, shown }: { session: Session; shown: number }) {
  const { store } = session;
  const { skipped, digests, logFiles: loadedFiles } = session.tallies;
  const insightPairs = insightPairsOf(session).length;
  return (
    <div className="summary">
      <span className="figure" data-testid="total-events" data-count={store.rows}>
        <strong>{formatCount(store.rows)}</strong>events loaded
      </span>
      <span className="figure" data-testid="shown-events" data-count={shown}>
        <strong>{formatCount(shown)}</strong>shown
      </span>
      <span className="figure" data-testid="loaded-files" data-count={loadedFiles}>
        <strong>{formatCount(loadedFiles)}</strong>log files
      </span>
      <span className="figure" data-testid="duplicates" data-count={store.duplicates}>
        <strong>{formatCount(store.duplicates)}</strong>duplicates skipped
      </span>
      {store.conflicting > 0 ? (
        <span
          className="figure figure-conflict"
          data-testid="conflicting-duplicates"
          data-count={store.conflicting}
          title="Records whose eventID was already loaded with other content: every version is kept and marked ⚠"
        >
          <strong>{formatCount(store.conflicting)}</strong>conflicting duplicates
        </span>
      ) : null}
      {store.noTime > 0 ? (
        <span className="figure" data-testid="no-time" data-count={store.noTime}>
          <strong>{formatCount(store.noTime)}</strong>with no time
        </span>
      ) : null}
      {session.tallies.skippedFiles.length > 0 ? (
        <span
          className="figure"
          data-testid="not-log-files"
          data-count={session.tallies.skippedFiles.length}
        >
          <strong>{formatCount(session.tallies.skippedFiles.length)}</strong>files skipped (not
          logs)
        </span>
      ) : null}
      {skipped > 0 ? (
        <span className="figure" data-testid="skipped-entries" data-count={skipped}>
          <strong>{formatCount(skipped)}</strong>entries that are not records
        </span>
      ) : null}
      <span
        className="figure"
        data-testid="insights-count"
        data-count={session.insights.length}
        title={`CloudTrail Insights: ${insightsCount(session.insights.length, insightPairs)}`}
      >
        <strong>{formatCount(insightPairs)}</strong>
        {insightPairs === 1 ? "Insight" : "Insights"} (
        {formatCountOf(session.insights.length, "event")})
      </span>
      <span className="figure" data-testid="digests" data-count={digests}>
        <strong>{formatCount(digests)}</strong>digest files
      </span>
    </div>
  );
}
