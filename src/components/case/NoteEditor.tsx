import { useId, useState, type KeyboardEvent } from "react";
import { formatTime } from "../../lib/format";
import type { CaseFile } from "../../state/caseFile";
import { MAX_NOTE_CHARS, noteKey, type NoteTarget } from "../../state/caseFileData";
import type { Session } from "../../state/session";
import { useCaseVersion } from "./useCaseFile";
import "./case.css";

export interface NoteEditorProps {
  caseFile: CaseFile;
  target: NoteTarget;
  /** For a note on an event: its session and store row, so the note keeps its key fields. */
  session?: Session;
  row?: number;
}

/** A note on an event or a finding: a small textarea, saved with the button or Ctrl/⌘+Enter. */
export function NoteEditor(props: NoteEditorProps) {
  // A new target starts a new draft.
  return <NoteEditorBody key={noteKey(props.target)} {...props} />;
}

function NoteEditorBody({ caseFile, target, session, row }: NoteEditorProps) {
  useCaseVersion(caseFile);
  const id = useId();
  const note = caseFile.noteOf(target);
  const saved = note?.text ?? "";
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? saved;
  const dirty = draft !== null && draft !== saved;
  const open = caseFile.isOpen;

  const save = () => {
    const at = session && row !== undefined && row >= 0 ? { session, row } : undefined;
    caseFile.setNote(target, text, at);
    setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (dirty && open) save();
    } else if (event.key === "Escape" && dirty) {
      event.stopPropagation();
      setDraft(null);
    }
  };

  let status = "";
  if (dirty) status = "Not saved";
  else if (note) status = "Saved";

  return (
    <div className="case-note" data-testid="note-editor" data-has-note={note ? "true" : "false"}>
      <label className="case-note-label" htmlFor={id}>
        {target.kind === "event" ? "Note on this event" : "Note on this finding"}
      </label>
      <textarea
        id={id}
        data-testid="note"
        rows={3}
        maxLength={MAX_NOTE_CHARS}
        value={text}
        disabled={!open}
        placeholder={open ? "What it means for the case… (Ctrl+Enter saves)" : "Load files first"}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="case-note-bar">
        <button type="button" data-testid="note-save" disabled={!dirty || !open} onClick={save}>
          Save note
        </button>
        {dirty ? (
          <button type="button" onClick={() => setDraft(null)}>
            Discard
          </button>
        ) : null}
        {note && !dirty ? (
          <button
            type="button"
            data-testid="note-delete"
            disabled={!open}
            onClick={() => caseFile.setNote(target, "")}
          >
            Delete
          </button>
        ) : null}
        <span
          className="case-note-status"
          role="status"
          title={note ? `Last saved ${formatTime(note.updated, "utc")} UTC` : undefined}
        >
          {status}
        </span>
      </div>
    </div>
  );
}
