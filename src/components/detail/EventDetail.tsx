import { ENTITY_FIELDS } from "../groupby/GroupByView";
import type { CaseFile } from "../../state/caseFile";
import { NoteEditor } from "../case/NoteEditor";
import { StarButton } from "../case/StarButton";
import type { Detections } from "../../state/detections";
import { EventFindings } from "../findings/EventFindings";
import { revealHidden } from "../../lib/visible";
import { useEffect, useState } from "react";
import type { DictField } from "../../ingest/chunk";
import { asSentence, formatCount, formatCountOf, formatTime, zoneLabel } from "../../lib/format";
import {
  CONTEXT_SPANS,
  contextView,
  isApplied,
  relatedIdView,
  relatedPrincipalView,
} from "../../state/context";
import {
  relatedEvents,
  relatedIdsOf,
  type RelatedEvents,
  type RelatedList,
} from "../../state/selection";
import type { Session } from "../../state/session";
import { toggleExclude, toggleInclude, type ViewState } from "../../state/viewState";
import type { ExplorerProps } from "../app/types";
import { fieldLabel, valueLabel } from "../facets/fields";
import { ConflictNote } from "../integrity/ConflictNote";
import { JsonView } from "./JsonView";

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

type RecordState =
  | { state: "loading" }
  | { state: "ready"; text: string; value: unknown }
  | { state: "error"; message: string };

/** The record behind a row, re-read from its file. */
function useRecord(session: Session, row: number): RecordState {
  const [record, setRecord] = useState<RecordState>({ state: "loading" });
  const fileIndex = session.store.file[row];
  const recordIndex = session.store.record[row];
  useEffect(() => {
    let live = true;
    session.recordText(fileIndex, recordIndex).then(
      (text) => {
        if (live) setRecord({ state: "ready", text, value: JSON.parse(text) as unknown });
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

/** Related events once the record is known (or known to be unreadable). */
function useRelated(session: Session, row: number, record: RecordState): RelatedEvents | null {
  const [related, setRelated] = useState<RelatedEvents | null>(null);
  const settled = record.state !== "loading";
  const value = record.state === "ready" ? record.value : null;
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
  const [copied, setCopied] = useState("");
  const file = session.files[store.file[row]];
  const time = store.time[row];
  const errorCode = store.value("errorCode", row);

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
        <EventFindings
          detections={detections}
          row={row}
          record={record.state === "ready" ? record.value : null}
        />
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

      <section className="detail-section">
        <h3>
          Record
          {record.state === "ready" ? (
            <span className="detail-copy">
              {copied ? <span className="detail-muted">{copied}</span> : null}
              <button type="button" data-testid="copy-json" onClick={() => copy(record.text)}>
                Copy JSON
              </button>
            </span>
          ) : null}
        </h3>
        {record.state === "loading" ? (
          <p className="detail-note">Reading the record from its file…</p>
        ) : record.state === "error" ? (
          <p className="detail-note detail-error" role="alert">
            The record could not be read again from {file ? file.path : "its file"}:{" "}
            {asSentence(record.message)} The file may have been moved, changed or deleted since it
            was loaded.
          </p>
        ) : (
          <JsonView value={record.value} />
        )}
      </section>

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

function TimeText({ ms, timeZone }: { ms: number; timeZone: ViewState["timeZone"] }) {
  if (Number.isNaN(ms)) return <span className="empty-value">no time</span>;
  return (
    <span className="detail-time">
      {formatTime(ms, timeZone)} <span className="detail-zone">{zoneLabel(timeZone, ms)}</span>
    </span>
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

type RelatedKind = "request" | "shared" | "principal";

/**
 * The relatives as filters: a query on the requestID or the sharedEventID (any time), the
 * principal with five minutes either side. Each replaces the other filters and shows them all.
 */
function RelatedFilters({
  view,
  setView,
  record,
  principal,
  time,
  related,
}: {
  view: ViewState;
  setView: (next: ViewState) => void;
  record: RecordState;
  principal: string;
  time: number;
  related: RelatedEvents | null;
}) {
  const ids = record.state === "ready" ? relatedIdsOf(record.value) : null;
  const buttons: {
    kind: RelatedKind;
    label: string;
    title: string;
    target: ViewState | null;
    count: number | undefined;
  }[] = [
    {
      kind: "request",
      label: "same request",
      title: `Every event with requestID ${revealHidden(ids?.requestID ?? "")}`,
      target: ids ? relatedIdView(view, "requestID", ids.requestID) : null,
      count: related?.request.count,
    },
    {
      kind: "shared",
      label: "same shared event",
      title: `Every event with sharedEventID ${revealHidden(ids?.sharedEventID ?? "")}`,
      target: ids ? relatedIdView(view, "sharedEventID", ids.sharedEventID) : null,
      count: related?.shared.count,
    },
    {
      kind: "principal",
      label: "same principal ±5 min",
      title: `Every event of ${revealHidden(principal)} from 5 minutes before this one to 5 minutes after`,
      target: relatedPrincipalView(view, principal, time),
      count: related?.principal.count,
    },
  ];
  const shown = buttons.filter((b) => b.target !== null);
  if (shown.length === 0) return null;
  return (
    <div className="related-filters" role="group" aria-label="Filter to related events">
      <span className="detail-muted">Show all:</span>
      {shown.map(({ kind, label, title, target, count }) => (
        <button
          key={kind}
          type="button"
          className="chip-button"
          data-testid={`related-${kind}`}
          aria-pressed={isApplied(view, target)}
          title={`${title} (the other filters and the query are cleared)`}
          onClick={() => target && setView(target)}
        >
          {label}
          {count !== undefined ? (
            <span className="detail-muted"> {formatCount(count + 1)}</span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

function RelatedLists({
  related,
  session,
  view,
  onOpen,
}: {
  related: RelatedEvents;
  session: Session;
  view: ViewState;
  onOpen: (row: number) => void;
}) {
  const groups: { kind: RelatedKind; title: string; list: RelatedList }[] = [
    {
      kind: "request" as const,
      title: `Same requestID ${related.requestID}`,
      list: related.request,
    },
    {
      kind: "shared" as const,
      title: `Same sharedEventID ${related.sharedEventID}`,
      list: related.shared,
    },
    { kind: "principal" as const, title: "Same principal, ±5 minutes", list: related.principal },
  ].filter((group) => group.list.rows.length > 0);
  if (groups.length === 0) {
    return <p className="detail-note">No related events among the loaded ones.</p>;
  }
  const store = session.store;
  return (
    <>
      {groups.map(({ kind, title, list }) => (
        <div key={kind} className="related-group" data-kind={kind}>
          <h4>
            {revealHidden(title)}{" "}
            <span className="detail-muted">
              ({formatCount(list.count)} {list.count === 1 ? "other" : "others"})
            </span>
          </h4>
          <ul>
            {list.rows.map((r) => (
              <li key={r}>
                <button
                  type="button"
                  className="related-event"
                  data-testid="related-event"
                  data-row={r}
                  onClick={() => onOpen(r)}
                >
                  <TimeText ms={store.time[r]} timeZone={view.timeZone} />
                  <span className="related-name">{revealHidden(store.value("eventName", r))}</span>
                  <span className="related-who">{revealHidden(store.value("principal", r))}</span>
                </button>
              </li>
            ))}
          </ul>
          {list.count > list.rows.length ? (
            <p className="detail-note">
              The {formatCount(list.rows.length)} nearest in time of {formatCount(list.count)}:
              “show all” above lists every one.
            </p>
          ) : null}
        </div>
      ))}
      {related.unchecked > 0 ? (
        <p className="detail-note">
          {formatCountOf(related.unchecked, "candidate")} could not be checked:{" "}
          {related.unchecked === 1 ? "its file" : "their files"} could not be read again.
        </p>
      ) : null}
    </>
  );
}
