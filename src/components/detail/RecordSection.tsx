import { useEffect, useState } from "react";
import { formatCount } from "../../lib/format";
import { escapeHidden } from "../../lib/visible";
import type { Session } from "../../state/session";
import { JsonView } from "./JsonView";
import { deepRecordNote, nestingDepth, recordProblem, shownRawText } from "./recordView";

export type RecordState =
  | { state: "loading" }
  | { state: "ready"; text: string; value: unknown }
  /**
   * Nested too deeply to print whole: `text` is the record's text as its file holds it, `value`
   * that text parsed (undefined when it does not parse here either) and `depth` its nesting.
   */
  | { state: "raw"; text: string; value: unknown; depth: number | null }
  | { state: "error"; message: string };

/** The record as parsed, once read: null while reading, when unreadable or when it does not parse. */
export function recordValue(record: RecordState): unknown {
  if (record.state === "ready") return record.value;
  if (record.state === "raw") return record.value ?? null;
  return null;
}

/** The record behind a row, re-read from its file. */
export function useRecord(session: Session, row: number): RecordState {
  const [record, setRecord] = useState<RecordState>({ state: "loading" });
  const fileIndex = session.store.file[row];
  const recordIndex = session.store.record[row];
  useEffect(() => {
    let live = true;
    session.reads.recordRead(fileIndex, recordIndex).then(
      ({ json, raw }) => {
        if (live) setRecord(raw ? rawRecord(json) : readyRecord(json));
      },
      (error: unknown) => {
        if (live) {
          const message = error instanceof Error ? error.message : String(error);
          setRecord({ state: "error", message });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [session, fileIndex, recordIndex]);
  return record;
}

function readyRecord(text: string): RecordState {
  return { state: "ready", text, value: JSON.parse(text) as unknown };
}

function rawRecord(text: string): RecordState {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // Too deep for this browser's parser too: the text alone is shown.
    return { state: "raw", text, value: undefined, depth: null };
  }
  return { state: "raw", text, value, depth: nestingDepth(value) };
}

/** The record as a tree (to a bounded depth) and, when it is too deep to print, its text. */
export function RecordSection({ record, where }: { record: RecordState; where: string }) {
  const [copied, setCopied] = useState("");
  const copy = (text: string) => {
    if (!navigator.clipboard) {
      setCopied("Clipboard not available");
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setCopied("Copied"),
      () => setCopied("Copy failed"),
    );
  };
  const text = record.state === "ready" || record.state === "raw" ? record.text : null;
  return (
    <section className="detail-section" data-testid="detail-record">
      <h3>
        Record
        {text !== null ? (
          <span className="detail-copy">
            {copied ? <span className="detail-muted">{copied}</span> : null}
            <button type="button" data-testid="copy-json" onClick={() => copy(text)}>
              {record.state === "raw" ? "Copy text" : "Copy JSON"}
            </button>
          </span>
        ) : null}
      </h3>
      {record.state === "loading" ? (
        <p className="detail-note">Reading the record from its file…</p>
      ) : record.state === "error" ? (
        <p className="detail-note detail-error" role="alert">
          {recordProblem(record.message, where)}
        </p>
      ) : record.state === "ready" ? (
        <JsonView value={record.value} />
      ) : (
        <DeepRecord record={record} />
      )}
    </section>
  );
}

function DeepRecord({ record }: { record: Extract<RecordState, { state: "raw" }> }) {
  const shown = shownRawText(record.text);
  return (
    <>
      <p className="detail-note" data-testid="deep-record" data-depth={record.depth ?? ""}>
        {deepRecordNote(record.depth)}
      </p>
      {record.value !== undefined ? <JsonView value={record.value} /> : null}
      <pre className="json-raw mono" data-testid="record-raw-text">
        {escapeHidden(shown.text)}
      </pre>
      {shown.cut ? (
        <p className="detail-note">
          The first {formatCount(shown.text.length)} of {formatCount(record.text.length)}{" "}
          characters; “Copy text” copies them all.
        </p>
      ) : null}
    </>
  );
}
