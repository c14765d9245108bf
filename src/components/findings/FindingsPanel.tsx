import { useState, useSyncExternalStore } from "react";
import { formatCount, formatTime, formatCountOf } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import { findingQuery, type Detections, type Finding } from "../../state/detections";
import type { ViewState } from "../../state/viewState";
import { WARM_UP_RULE } from "../../store/novelty";

import "./findings.css";

interface Props {
  detections: Detections;
  view: ViewState;
  setView: (view: ViewState) => void;
}

const SHOWN = 12;

/**
 * What was suspicious: every rule that fired (built-in, Sigma, first-seen, computed anomalies),
 * most severe first. A click filters to the finding's events (the query shows `finding:<id>`).
 */
export function FindingsPanel({ detections, view, setView }: Props) {
  const state = useSyncExternalStore(detections.subscribe, detections.getState);
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState(true);
  const { findings } = state;
  const shown = all ? findings : findings.slice(0, SHOWN);
  return (
    <section
      className="findings"
      aria-label="Findings"
      data-testid="findings"
      data-state={state.computing ? "computing" : "ready"}
    >
      <header className="findings-head">
        <button
          type="button"
          className="findings-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? "▾" : "▸"} Findings{" "}
          <span data-testid="findings-count" data-count={findings.length}>
            {formatCount(findings.length)}
          </span>
        </button>
        <span className="findings-note">
          {formatCountOf(state.rules, "rule")} in force (built-in pack and your Sigma rules),
          first-seen pairs and computed anomalies.{" "}
          <span title={WARM_UP_RULE}>First seen: after a warm-up (hover to read the rule).</span>
        </span>
        {state.scan !== null ? (
          <span className="findings-note" role="status" data-testid="rules-progress">
            running new rules over the loaded files: {formatCount(state.scan.filesDone)} /{" "}
            {formatCount(state.scan.filesTotal)}
          </span>
        ) : null}
      </header>
      {open ? (
        <>
          {findings.length === 0 ? (
            <p className="findings-empty">
              {state.computing
                ? "Looking for suspicious events in the loaded data…"
                : "Nothing flagged in the loaded events."}
            </p>
          ) : (
            <ul className="findings-list">
              {shown.map((finding) => (
                <FindingItem
                  key={finding.ruleId}
                  finding={finding}
                  active={view.query === findingQuery(finding.ruleId)}
                  timeZone={view.timeZone}
                  onPick={() =>
                    setView({ ...view, query: findingQuery(finding.ruleId), group: [] })
                  }
                />
              ))}
            </ul>
          )}
          {findings.length > SHOWN ? (
            <button type="button" className="link-button" onClick={() => setAll(!all)}>
              {all ? `Show the first ${SHOWN}` : `Show all ${formatCount(findings.length)}`}
            </button>
          ) : null}
          {state.errors.length > 0 ? (
            <details
              className="findings-errors"
              data-testid="rule-errors"
              data-count={state.errors.length}
            >
              <summary>{formatCountOf(state.errors.length, "rule")} could not be used</summary>
              <ul>
                {state.errors.map((error, i) => (
                  <li key={i} data-testid="rule-error">
                    <b>{revealHidden(error.file)}</b>: {revealHidden(error.title)}:{" "}
                    {revealHidden(error.reason)}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function FindingItem({
  finding,
  active,
  timeZone,
  onPick,
}: {
  finding: Finding;
  active: boolean;
  timeZone: ViewState["timeZone"];
  onPick: () => void;
}) {
  const attack = [...finding.tactics, ...finding.techniques].join(" · ");
  return (
    <li>
      <button
        type="button"
        className={`finding level-${finding.level}${active ? " active" : ""}`}
        data-testid="finding"
        data-rule-id={finding.ruleId}
        data-title={finding.title}
        data-level={finding.level}
        data-tactics={finding.tactics.join(",")}
        data-techniques={finding.techniques.join(",")}
        data-count={finding.rows.length}
        data-source={finding.source}
        aria-pressed={active}
        title={`${finding.description}\n\nClick to show its ${formatCountOf(finding.rows.length, "event")}.`}
        onClick={onPick}
      >
        <span className="finding-level">{finding.level}</span>
        <span className="finding-title">{revealHidden(finding.title)}</span>
        <span className="finding-attack">{attack}</span>
        <span className="finding-count">{formatCount(finding.rows.length)}</span>
        <span className="finding-time">
          {Number.isNaN(finding.first) ? "" : formatTime(finding.first, timeZone)}
          {finding.last > finding.first ? ` → ${formatTime(finding.last, timeZone)}` : ""}
        </span>
        <span className="finding-who">
          {finding.principals
            .slice(0, 3)
            .map((p) => revealHidden(p.value || "(none)"))
            .join(", ")}
        </span>
        {finding.source === "sigma" ? (
          <span className="finding-credit">
            Sigma rule by {revealHidden(finding.author || "unknown")} · {revealHidden(finding.link)}{" "}
            · license {revealHidden(finding.license)}
            {finding.licenseLink ? ` (${revealHidden(finding.licenseLink)})` : ""}
          </span>
        ) : null}
      </button>
    </li>
  );
}
