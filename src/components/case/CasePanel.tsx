import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { formatCount, formatTime } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import type { CaseFile } from "../../state/caseFile";
import { eventMs, type CaseNote, type StarredEvent } from "../../state/caseFileData";
import type { Session } from "../../state/session";
import { CaseExport } from "./CaseExport";
import { useCaseVersion } from "./useCaseFile";
import "./case.css";

export interface CasePanelProps {
  caseFile: CaseFile;
  session: Session;
  /** Opens an event by its reference (the view state's `event`). */
  onOpen: (eventID: string) => void;
  /** Applies the case's saved query to the view; without it, no "Apply" button is shown. */
  onQuery?: (query: string) => void;
}

const SAVE_TEXT = {
  saved: "Kept in this browser",
  pending: "Saving…",
  saving: "Saving…",
  error: "Not saved",
} as const;

function when(fields: { eventTime: string }): string {
  const ms = eventMs(fields);
  return Number.isFinite(ms) ? `${formatTime(ms, "utc")} UTC` : "no time";
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function firstLine(text: string): string {
  const line = text.split(/\r\n|\r|\n/).find((l) => l.trim()) ?? "";
  return revealHidden(line.length > 140 ? `${line.slice(0, 140)}…` : line);
}

/**
 * "Case": a toolbar button with the number of starred events, opening a panel with the starred
 * events (a click opens one), the notes, the saved query and the export of the case.
 */
export function CasePanel({ caseFile, session, onOpen, onQuery }: CasePanelProps) {
  useCaseVersion(caseFile);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const panelId = useId();
  const data = caseFile.data;
  const stars = caseFile.stars;

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  // Opening an event closes the panel, so that the event view beside it is seen.
  const openEvent = (eventID: string) => {
    setOpen(false);
    onOpen(eventID);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open && !event.defaultPrevented) {
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
  };

  const sorted = [...stars].sort((a, b) => eventMs(a) - eventMs(b) || a.starredAt - b.starredAt);
  const starredIds = new Set(stars.map((s) => s.eventID));
  const notes = caseFile.notes;
  const findingTitles = new Map((data?.findings ?? []).map((f) => [f.ruleId, f.title]));
  const otherNotes = notes.filter(
    (n) => n.target.kind === "finding" || !starredIds.has(n.target.eventID),
  );

  return (
    <div className="case" ref={rootRef} onKeyDown={onKeyDown}>
      <button
        type="button"
        ref={buttonRef}
        className="case-button"
        data-testid="case-open"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        title="The case: starred events, notes, findings; export a report"
        onClick={() => setOpen(!open)}
      >
        Case{" "}
        <span className="case-count" data-testid="case-starred" data-count={stars.length}>
          ★ {formatCount(stars.length)}
        </span>
      </button>
      <div
        className="case-panel"
        id={panelId}
        role="dialog"
        aria-label="Case"
        data-testid="case-panel"
        data-state={caseFile.status}
        hidden={!open}
      >
        <div className="case-head">
          <strong>Case</strong>
          {data ? (
            <span
              className={`case-save ${caseFile.saveState}`}
              data-testid="case-save"
              data-state={caseFile.saveState}
              title={caseFile.saveError || "Kept in this browser for these files"}
            >
              {plural(data.files.length, "file", "files")} · {SAVE_TEXT[caseFile.saveState]}
            </span>
          ) : null}
        </div>
        {caseFile.saveState === "error" ? <p className="case-error">{caseFile.saveError}</p> : null}
        {!data ? (
          <p className="case-hint">
            Load files to start a case: star events (☆) and write notes; they are kept in this
            browser for the same files.
          </p>
        ) : (
          <>
            {data.query ? (
              <div className="case-query">
                <span className="case-label">Query</span>
                <code className="case-query-text">{revealHidden(data.query)}</code>
                {onQuery ? (
                  <button
                    type="button"
                    data-testid="case-query"
                    onClick={() => onQuery(data.query)}
                  >
                    Apply
                  </button>
                ) : null}
              </div>
            ) : null}
            <section aria-label="Starred events">
              <h3 className="case-label">
                Starred events ({formatCount(stars.length)})
                {data.findings.length > 0
                  ? ` · ${plural(data.findings.length, "finding", "findings")}`
                  : ""}
              </h3>
              {sorted.length === 0 ? (
                <p className="case-hint">Star events in the table or the event view (☆).</p>
              ) : (
                <ul className="case-list" data-testid="case-stars">
                  {sorted.map((star) => (
                    <StarItem
                      key={star.eventID}
                      star={star}
                      note={caseFile.noteOf({ kind: "event", eventID: star.eventID })}
                      onOpen={openEvent}
                      onUnstar={() => caseFile.unstar(star.eventID)}
                    />
                  ))}
                </ul>
              )}
            </section>
            {otherNotes.length > 0 ? (
              <section aria-label="Notes">
                <h3 className="case-label">Other notes ({formatCount(otherNotes.length)})</h3>
                <ul className="case-list" data-testid="case-notes">
                  {otherNotes.map((note) => (
                    <NoteItem
                      key={
                        note.target.kind === "event"
                          ? `e:${note.target.eventID}`
                          : `f:${note.target.ruleId}`
                      }
                      note={note}
                      findingTitle={
                        note.target.kind === "finding"
                          ? findingTitles.get(note.target.ruleId)
                          : undefined
                      }
                      onOpen={openEvent}
                      onDelete={() => caseFile.setNote(note.target, "")}
                    />
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        )}
        <CaseExport caseFile={caseFile} session={session} />
      </div>
    </div>
  );
}

function StarItem({
  star,
  note,
  onOpen,
  onUnstar,
}: {
  star: StarredEvent;
  note: CaseNote | null;
  onOpen: (eventID: string) => void;
  onUnstar: () => void;
}) {
  return (
    <li className="case-item" data-testid="case-star-item" data-event-id={star.eventID}>
      <button type="button" className="case-item-open" onClick={() => onOpen(star.eventID)}>
        <span className="case-item-time">{when(star)}</span>
        <span className="case-item-name">{revealHidden(star.eventName) || "–"}</span>
        <span className="case-item-who">
          {revealHidden(star.principal) || "–"}
          {star.sourceIPAddress ? ` · ${revealHidden(star.sourceIPAddress)}` : ""}
          {star.errorCode ? ` · ${revealHidden(star.errorCode)}` : ""}
        </span>
        {note ? <span className="case-item-note">{firstLine(note.text)}</span> : null}
      </button>
      <button
        type="button"
        className="case-item-remove"
        aria-label="Unstar this event"
        title="Unstar"
        onClick={onUnstar}
      >
        ★
      </button>
    </li>
  );
}

function NoteItem({
  note,
  findingTitle,
  onOpen,
  onDelete,
}: {
  note: CaseNote;
  findingTitle: string | undefined;
  onOpen: (eventID: string) => void;
  onDelete: () => void;
}) {
  const target = note.target;
  const body = (
    <>
      <span className="case-item-name">
        {target.kind === "finding"
          ? `Finding: ${revealHidden(findingTitle ?? target.ruleId)}`
          : note.event
            ? `${when(note.event)} ${revealHidden(note.event.eventName)}`
            : `Event ${revealHidden(target.eventID)}`}
      </span>
      <span className="case-item-note">{firstLine(note.text)}</span>
    </>
  );
  return (
    <li className="case-item" data-testid="case-note-item">
      {target.kind === "event" ? (
        <button type="button" className="case-item-open" onClick={() => onOpen(target.eventID)}>
          {body}
        </button>
      ) : (
        <div className="case-item-open">{body}</div>
      )}
      <button
        type="button"
        className="case-item-remove"
        aria-label="Delete this note"
        title="Delete note"
        onClick={onDelete}
      >
        ✕
      </button>
    </li>
  );
}
