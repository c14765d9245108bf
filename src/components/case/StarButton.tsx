import { useState, type KeyboardEvent, type MouseEvent } from "react";
import type { CaseFile } from "../../state/caseFile";
import type { Session } from "../../state/session";
import { useCaseVersion } from "./useCaseFile";
import "./case.css";

export interface StarButtonProps {
  caseFile: CaseFile;
  session: Session;
  /** The event's store row id. */
  row: number;
}

/**
 * ☆/★: stars or unstars the event at `row` in the case file. It sits inside clickable rows, so
 * its clicks and keys stop here (they would open the row otherwise); it is `aria-disabled`
 * rather than disabled for the same reason (a disabled button's click reaches the row).
 */
export function StarButton({ caseFile, session, row }: StarButtonProps) {
  useCaseVersion(caseFile);
  // The row being starred or unstarred: the table keeps its buttons in place and changes the row
  // each one shows, so the state names the row it is about.
  const [busyRow, setBusyRow] = useState(-1);
  const busy = busyRow === row;
  const starred = caseFile.starredRef(session, row) !== null;
  const unavailable = !caseFile.isOpen || row < 0;

  const toggle = (event: MouseEvent) => {
    event.stopPropagation();
    if (unavailable || busy) return;
    setBusyRow(row);
    caseFile
      .toggleRow(session, row)
      .catch((error: unknown) => console.error("star", error))
      .finally(() => setBusyRow((current) => (current === row ? -1 : current)));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") event.stopPropagation();
  };
  const label = starred ? "Unstar this event" : "Star this event for the case";

  return (
    <button
      type="button"
      className={`case-star${starred ? " on" : ""}`}
      data-testid="star"
      data-row={row}
      aria-pressed={starred}
      aria-disabled={unavailable || busy}
      aria-label={label}
      title={unavailable ? "The case opens once the files are loaded" : label}
      onClick={toggle}
      onDoubleClick={(event) => event.stopPropagation()}
      onKeyDown={onKeyDown}
    >
      {starred ? "★" : "☆"}
    </button>
  );
}
