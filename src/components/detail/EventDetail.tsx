import { ENTITY_FIELDS } from "../groupby/GroupByView";
import type { CaseFile } from "../../state/caseFile";
import { NoteEditor } from "../case/NoteEditor";
import { StarButton } from "../case/StarButton";
import type { Detections } from "../../state/detections";
import { EventFindings } from "../findings/EventFindings";
import { revealHidden } from "../../lib/visible";
import { useEffect, useState } from "react";
import type { DictField } from "../../ingest/chunk";
import { CONTEXT_SPANS, contextView, isApplied } from "../../state/context";
import { relatedEvents, type RelatedEvents } from "../../state/selection";
import type { Session } from "../../state/session";
import { toggleExclude, toggleInclude, type ViewState } from "../../state/viewState";
import type { ExplorerProps } from "../app/types";
import { fieldLabel, valueLabel } from "../facets/fields";
import { ConflictNote } from "../integrity/ConflictNote";
import { RecordSection, recordValue, useRecord, type RecordState } from "./RecordSection";
import { RelatedFilters, RelatedLists } from "./Related";
import { TimeText } from "./TimeText";

/** The indexed fields, in the order an analyst reads an event: what, who, from where, outcome. */
const DETAIL_FIELDS: readonly DictField[] = [
  "eventName",
  "eventSource",
  "principal",
  "userType",
  "userArn",
  "accessKeyId",
  "sourceIPAddress",
  "userAgent",
  "awsRegion",
  "account",
  "errorCode",
  "readOnly",
  "eventType",
  "eventCategory",
];

interface Props extends ExplorerProps {
  /** Store row of the open event, -1 when none is open or it is not loaded. */
  openRow: number;
  onOpen: (row: number) => void;
  onClose: () => void;
  /** The pane's width in px (the splitter beside it sets it). */
  width: number;
  /** The findings: the detail says which the event is part of, and why. */
  detections: Detections;
  /** The case file: star the event, write a note on it. */
  caseFile: CaseFile;
  /** Opens the summary of a principal, address or access key. */
  onEntity?: (field: DictField, value: string) => void;
}

/** The open event, read whole from its file, in the right-hand pane. */
export function EventDetail({
  session,
  view,
  setView,
  openRow,
  onOpen,
  onClose,
  width,
  detections,
  caseFile,
  onEntity,
}: Props) {
  const open = view.event !== null;
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || isEditable(event.target)) return;
      onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);

  if (view.event === null || session.files.length === 0) return null;
  return (
    <aside
      className="event-detail"
      data-testid="event-detail"
      aria-label="Event detail"
      style={{ width, flexBasis: width }}
    >
      <div className="detail-bar">
        <span className="detail-title">Event</span>
        {openRow >= 0 ? <StarButton caseFile={caseFile} session={session} row={openRow} /> : null}
        <button type="button" className="detail-close" onClick={onClose} aria-label="Close detail">
          ✕
        </button>
      </div>
      {openRow >= 0 ? (
        <LoadedEvent
          key={openRow}
          session={session}
          view={view}
          setView={setView}
          row={openRow}
          onOpen={onOpen}
          detections={detections}
          caseFile={caseFile}
          onEntity={onEntity}
        />
      ) : (
        <p className="detail-note">
          {session.progress.state === "loading"
            ? "Looking for this event among the files being loaded…"
            : "This event is not among the loaded events: "}
          <span className="mono">{view.event}</span>
        </p>
      )}
    </aside>
  );
}

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/** Related events once the record is known (or known to be unreadable). */
function useRelated(session: Session, row: number, record: RecordState): RelatedEvents | null {
  const [related, setRelated] = useState<RelatedEvents | null>(null);
  const settled = record.state !== "loading";
  const value = recordValue(record);
  // Relatives may be in files still loading: look once the load is over, and again after the next.
  const loadState = session.progress.state;
  useEffect(() => {
    if (!settled || loadState === "loading") return;
    let live = true;
    void relatedEvents(session, row, value).then((found) => {
      if (live) setRelated(found);
    });
    return () => {
      live = false;
    };
  }, [session, row, settled, value, loadState]);
  return related;
}

interface LoadedProps {
  session: Session;
  view: ViewState;
  setView: (next: ViewState) => void;
  row: number;
  onOpen: (row: number) => void;
  detections: Detections;
  caseFile: CaseFile;
  onEntity?: (field: DictField, value: string) => void;
}

function LoadedEvent({
  session,
  view,
  setView,
  row,
  onOpen,
  detections,
  caseFile,
  onEntity,
}: LoadedProps) {
  const store = session.store;
  const record = useRecord(session, row);
  const related = useRelated(session, row, record);
  const file = session.files[store.file[row]];
  const time = store.time[row];
  const errorCode = store.value("errorCode", row);

  return (
    <div className="detail-body">
      <section className="detail-head">
        <h2 className="detail-name">
          {revealHidden(store.value("eventName", row)) || (
            <span className="empty-value">(no eventName)</span>
          )}
        </h2>
        <dl className="detail-facts">
          <dt>Time</dt>
          <dd>
            <TimeText ms={time} timeZone={view.timeZone} />
          </dd>
          <dt>Source</dt>
          <dd>{valueLabel("eventSource", store.value("eventSource", row))}</dd>
          <dt>Principal</dt>
          <dd>{valueLabel("principal", store.value("principal", row))}</dd>
          <dt>IP address</dt>
          <dd>{valueLabel("sourceIPAddress", store.value("sourceIPAddress", row))}</dd>
          {errorCode ? (
            <>
              <dt>Error</dt>
              <dd className="detail-error">{revealHidden(errorCode)}</dd>
            </>
          ) : null}
          <dt>File</dt>
          <dd className="mono detail-file">
            {file ? revealHidden(file.path) : `file #${store.file[row]}`}
            <span className="detail-muted"> · record index {store.record[row]}</span>
          </dd>
        </dl>
        <ConflictNote session={session} row={row} onOpen={onOpen} />
        <ContextButtons view={view} setView={setView} time={time} />
        <EventFindings detections={detections} row={row} record={recordValue(record)} />
        {view.event !== null ? (
          <NoteEditor
            caseFile={caseFile}
            target={{ kind: "event", eventID: view.event }}
            session={session}
            row={row}
          />
        ) : null}
      </section>

      <section className="detail-section">
        <h3>Fields</h3>
        <table className="detail-fields">
          <tbody>
            {DETAIL_FIELDS.map((field) => {
              const value = store.value(field, row);
              const included = view.include[field]?.includes(value) ?? false;
              const excluded = view.exclude[field]?.includes(value) ?? false;
              return (
                <tr key={field}>
                  <th scope="row">{fieldLabel(field)}</th>
                  <td className={value === "" ? "empty-value" : undefined}>
                    {valueLabel(field, value)}
                  </td>
                  <td className="detail-actions">
                    <button
                      type="button"
                      className="chip-button"
                      data-testid="filter-to"
                      data-field={field}
                      data-value={value}
                      aria-pressed={included}
                      title={`Show only events with ${fieldLabel(field)} = ${valueLabel(field, value)}`}
                      aria-label={`filter to this: ${fieldLabel(field)} ${valueLabel(field, value)}`}
                      onClick={() => setView(toggleInclude(view, field, value))}
                    >
                      filter
                    </button>
                    <button
                      type="button"
                      className="chip-button"
                      data-testid="exclude-this"
                      data-field={field}
                      data-value={value}
                      aria-pressed={excluded}
                      title={`Hide events with ${fieldLabel(field)} = ${valueLabel(field, value)}`}
                      aria-label={`exclude this: ${fieldLabel(field)} ${valueLabel(field, value)}`}
                      onClick={() => setView(toggleExclude(view, field, value))}
                    >
                      exclude
                    </button>
                    {onEntity !== undefined && value !== "" && ENTITY_FIELDS.has(field) ? (
                      <button
                        type="button"
                        className="chip-button"
                        data-testid="detail-entity"
                        data-field={field}
                        title={`Summary of ${valueLabel(field, value)}: APIs, regions, addresses, keys, first and last seen`}
                        onClick={() => onEntity(field, value)}
                      >
                        summary
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <RecordSection record={record} where={file ? file.path : "its file"} />

      <section className="detail-section" data-testid="related-events">
        <h3>Related events</h3>
        <RelatedFilters
          view={view}
          setView={setView}
          record={record}
          principal={store.value("principal", row)}
          time={time}
          related={related}
        />
        {related === null ? (
          <p className="detail-note">Looking for related events…</p>
        ) : (
          <RelatedLists related={related} session={session} view={view} onOpen={onOpen} />
        )}
      </section>
    </div>
  );
}

/** Everyone's events around this one, one click each; the event stays open and marked. */
function ContextButtons({
  view,
  setView,
  time,
}: {
  view: ViewState;
  setView: (next: ViewState) => void;
  time: number;
}) {
  const noTime = Number.isNaN(time);
  return (
    <div className="detail-context" role="group" aria-label="Everyone's events around this one">
      <span className="detail-muted">Everyone, around this event:</span>
      {CONTEXT_SPANS.map((span) => {
        const target = contextView(view, time, span.ms);
        return (
          <button
            key={span.id}
            type="button"
            className="chip-button"
            data-testid={`context-${span.id}`}
            disabled={target === null}
            aria-pressed={isApplied(view, target)}
            title={
              noTime
                ? "This event has no time"
                : `Every event from ${span.label.slice(1)} before this one to ${span.label.slice(1)} after it, whoever made it: the other filters and the query are cleared`
            }
            onClick={() => target && setView(target)}
          >
            {span.label}
          </button>
        );
      })}
    </div>
  );
}
