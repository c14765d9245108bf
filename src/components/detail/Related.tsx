// The open event's relatives: as filters (same request, same shared event, same principal around
// it) and as short lists of the nearest ones, each opening its event.
import { formatCount, formatCountOf } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import { isApplied, relatedIdView, relatedPrincipalView } from "../../state/context";
import { relatedIdsOf, type RelatedEvents, type RelatedList } from "../../state/selection";
import type { Session } from "../../state/session";
import type { ViewState } from "../../state/viewState";
import { recordValue, type RecordState } from "./RecordSection";
import { TimeText } from "./TimeText";

type RelatedKind = "request" | "shared" | "principal";

/**
 * The relatives as filters: a query on the requestID or the sharedEventID (any time), the
 * principal with five minutes either side. Each replaces the other filters and shows them all.
 */
export function RelatedFilters({
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
  const value = recordValue(record);
  const ids = value !== null ? relatedIdsOf(value) : null;
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

export function RelatedLists({
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
