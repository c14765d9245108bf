import "./conflict.css";

export const CONFLICT_TITLE =
  "Conflicting duplicate: another loaded record has this eventID with different content. Every version is kept; compare them and their files.";

/** The mark of a conflicting duplicate (same eventID, other content), in the table and the detail. */
export function ConflictBadge({ label = false }: { label?: boolean }) {
  return (
    <span className="conflict-badge" data-testid="conflict-badge" title={CONFLICT_TITLE}>
      <span aria-hidden="true">⚠</span>
      {label ? (
        " conflicting duplicate"
      ) : (
        <span className="visually-hidden">conflicting duplicate</span>
      )}
    </span>
  );
}
