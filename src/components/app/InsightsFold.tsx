import { formatCount } from "../../lib/format";
import { anomaliesOf, insightPairsOf } from "../../state/anomalies";
import { InsightsPanel } from "../insights/InsightsPanel";
import type { ExplorerProps } from "./types";

interface Props extends ExplorerProps {
  open: boolean;
  onToggle: (open: boolean) => void;
}

/**
 * The Insights and anomalies lists under a header that folds them away: folded, the header still
 * says how many there are. Rendered from deferred values, as the lists are (the anomalies are
 * computed on first use).
 */
export function InsightsFold({ open, onToggle, ...explorer }: Props) {
  const pairs = insightPairsOf(explorer.session).length;
  const anomalies = anomaliesOf(explorer.session)?.anomalies.length;
  return (
    <section
      className={`fold insights-fold${open ? " open" : ""}`}
      data-testid="insights-fold"
      data-open={open}
    >
      <button
        type="button"
        className="fold-head"
        aria-expanded={open}
        data-testid="insights-toggle"
        onClick={() => onToggle(!open)}
        title={open ? "Fold the Insights and anomalies away" : "Show the Insights and anomalies"}
      >
        <span className="fold-mark" aria-hidden="true">
          {open ? "▾" : "▸"}
        </span>
        <span className="fold-title">Insights and anomalies</span>
        <span className="fold-summary">
          {formatCount(pairs)} loaded · {anomalies === undefined ? "…" : formatCount(anomalies)}{" "}
          computed
        </span>
      </button>
      {open ? <InsightsPanel {...explorer} /> : null}
    </section>
  );
}
