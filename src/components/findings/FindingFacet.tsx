import { useMemo, useSyncExternalStore } from "react";
import { formatCount, formatCountOf } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import { findingQuery, type Detections } from "../../state/detections";
import { countInView } from "../../state/findingCounts";
import type { ViewState } from "../../state/viewState";
import { WARM_UP_RULE } from "../../store/novelty";

interface Props {
  detections: Detections;
  /** The rows of the current view. */
  rows: Uint32Array;
  storeRows: number;
  view: ViewState;
  setView: (view: ViewState) => void;
  /** "first-seen": the first-seen findings only ("new for this principal"); else every other. */
  kind: "findings" | "first-seen";
}

const TOP = 10;

/**
 * The facet "finding": how many of the current view's events each finding points at (an event
 * can be in several), and "new for this principal" from the first-seen findings. A click
 * filters to the finding.
 */
export function FindingFacet({ detections, rows, storeRows, view, setView, kind }: Props) {
  const state = useSyncExternalStore(detections.subscribe, detections.getState);
  const findings = useMemo(
    () =>
      state.findings.filter(
        (finding) => (finding.source === "first-seen") === (kind === "first-seen"),
      ),
    [state.findings, kind],
  );
  const counts = useMemo(() => {
    const inView = countInView(findings, rows, storeRows);
    return findings.map((finding, k) => ({ finding, count: inView[k] }));
  }, [findings, rows, storeRows]);
  const shown = counts.filter((c) => c.count > 0).slice(0, TOP);
  if (findings.length === 0) return null;
  const title = kind === "first-seen" ? "New for this principal" : "Finding";
  return (
    <section
      className="facet"
      data-testid={kind === "first-seen" ? "facet-first-seen" : "facet-finding"}
      aria-label={title}
      title={kind === "first-seen" ? WARM_UP_RULE : undefined}
    >
      <h3>
        <span>{title}</span>
        <span>{formatCount(counts.filter((c) => c.count > 0).length)}</span>
      </h3>
      <ul>
        {shown.map(({ finding, count }) => {
          const query = findingQuery(finding.ruleId);
          return (
            <li key={finding.ruleId}>
              <button
                type="button"
                className={`facet-value finding-facet level-${finding.level}`}
                data-testid="facet-value"
                data-value={finding.ruleId}
                data-count={count}
                aria-pressed={view.query === query}
                title={`${finding.title}: ${formatCountOf(count, "event")} in this view`}
                onClick={() => setView({ ...view, query: view.query === query ? "" : query })}
              >
                <span className="label">{revealHidden(finding.title)}</span>
                <span className="count">{formatCount(count)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
