import { revealHidden } from "../../lib/visible";
import type { Session } from "../../state/session";
import { isConflicting } from "../../store/conflicts";
import { ConflictBadge } from "./ConflictBadge";

interface Props {
  session: Session;
  row: number;
  /** Opens another version of the event. */
  onOpen: (row: number) => void;
}

/** Versions listed; the query `eventID:"…"` shows them all. */
const LISTED = 50;

/**
 * In the open event, when it is a conflicting duplicate: the versions of its eventID that are
 * loaded, each with its file, the others one click away (the first LISTED of them, and this one).
 */
export function ConflictNote({ session, row, onOpen }: Props) {
  const { store } = session;
  if (!isConflicting(store, row)) return null;
  const versions = store.rowsOfSameEvent(row);
  const listed = versions.filter((r, i) => i < LISTED || r === row);
  return (
    <div className="conflict-note" data-testid="event-conflict" data-versions={versions.length}>
      <p>
        <ConflictBadge label /> — {versions.length} loaded records have this eventID with different
        contents:
      </p>
      <ol className="conflict-versions">
        {listed.map((r) => {
          const file = session.files[store.file[r]];
          const place = `${file ? revealHidden(file.path) : `file #${store.file[r]}`} · record index ${store.record[r]}`;
          return (
            <li key={r} className="mono">
              {r === row ? (
                <span>
                  {place} <span className="conflict-this">(this one)</span>
                </span>
              ) : (
                <button
                  type="button"
                  className="chip-button"
                  data-testid="conflict-version"
                  title="Open this version"
                  onClick={() => onOpen(r)}
                >
                  {place}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {listed.length < versions.length ? (
        <p className="muted">
          and {versions.length - listed.length} more: the query eventID:&quot;…&quot; of this event
          shows them all
        </p>
      ) : null}
    </div>
  );
}
