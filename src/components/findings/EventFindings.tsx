import { useMemo } from "react";
import { explainRecord } from "../../query/explain";
import { revealHidden } from "../../lib/visible";
import type { Detections } from "../../state/detections";

interface Props {
  detections: Detections;
  row: number;
  /** The record as parsed, once read (null while reading or when unreadable). */
  record: unknown;
}

/** Which findings an event is part of, and why: the fields and values that made each rule match. */
export function EventFindings({ detections, row, record }: Props) {
  const findings = detections.findingsOfRow(row);
  const reasons = useMemo(() => {
    const object =
      typeof record === "object" && record !== null && !Array.isArray(record)
        ? (record as Record<string, unknown>)
        : null;
    return findings.map((finding) => {
      const expr = detections.exprOf(finding.ruleId);
      return expr !== null && object !== null ? explainRecord(expr, object) : [];
    });
  }, [findings, detections, record]);
  if (findings.length === 0) return null;
  return (
    <section
      className="detail-section event-findings"
      data-testid="event-findings"
      aria-label="Findings"
    >
      <h4>Matched {findings.length === 1 ? "1 finding" : `${findings.length} findings`}</h4>
      <ul>
        {findings.map((finding, i) => (
          <li key={finding.ruleId} data-testid="event-finding" data-rule-id={finding.ruleId}>
            <span className={`finding-level level-${finding.level}`}>{finding.level}</span>{" "}
            <b>{revealHidden(finding.title)}</b>
            {finding.techniques.length > 0 ? ` (${finding.techniques.join(", ")})` : ""}
            {reasons[i].length > 0 ? (
              <ul className="event-finding-why">
                {reasons[i].map((reason, k) => (
                  <li key={k}>
                    {reason.field ? (
                      <>
                        <code>{revealHidden(reason.field)}</code> is{" "}
                        <code>{revealHidden(reason.value)}</code>
                      </>
                    ) : (
                      <code>{revealHidden(reason.term)}</code>
                    )}
                  </li>
                ))}
              </ul>
            ) : finding.why ? (
              <div className="event-finding-why">{revealHidden(finding.why)}</div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
