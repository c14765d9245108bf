// An open event's context as filters: everyone's events in a window around it, and its relatives
// (the same request, the same shared event, the same principal nearby) as a query or a filter,
// so that the table, the facets and the chart show all of them, not a capped list.
import { emptyView, viewToHash, type ViewState } from "./viewState";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The context buttons of an open event: everyone's events this far before and after it. */
export const CONTEXT_SPANS = [
  { id: "5m", label: "±5 min", ms: 5 * MINUTE },
  { id: "1h", label: "±1 h", ms: HOUR },
] as const;

/** "Around" for the same principal: this far before and after the event. */
export const PRINCIPAL_WINDOW_MS = 5 * MINUTE;

/** [at − span, at + span): the event itself is inside. Null for an event without a time. */
export function contextWindow(at: number, spanMs: number): { from: number; to: number } | null {
  if (!Number.isFinite(at) || !(spanMs > 0)) return null;
  return { from: at - spanMs, to: at + spanMs };
}

/**
 * The view with no filter but `filters`: every include and exclude, the time range, the query and
 * the full-text search are dropped. How the user looks stays (sort, time zone) and so does the open
 * event, which every one of these views contains, so that it stays marked in the table.
 */
function onlyFilters(
  view: ViewState,
  filters: Partial<Pick<ViewState, "include" | "timeFrom" | "timeTo" | "query">>,
): ViewState {
  return {
    ...emptyView(),
    sort: view.sort,
    event: view.event,
    timeZone: view.timeZone,
    ...filters,
  };
}

/** Everyone's events within `spanMs` of `at`; null for an event without a time. */
export function contextView(view: ViewState, at: number, spanMs: number): ViewState | null {
  const window = contextWindow(at, spanMs);
  if (window === null) return null;
  return onlyFilters(view, { timeFrom: window.from, timeTo: window.to });
}

/** A value as a quoted query value: `"…"`, with `"` and `\` escaped by a backslash. */
export function quoteQueryValue(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** The query for the events of one request or one shared event: `requestID:"…"`. */
export function idQuery(field: "requestID" | "sharedEventID", id: string): string {
  return `${field}:${quoteQueryValue(id)}`;
}

/** Every event with this requestID (or sharedEventID), at any time. Null for no id. */
export function relatedIdView(
  view: ViewState,
  field: "requestID" | "sharedEventID",
  id: string,
): ViewState | null {
  if (id === "") return null;
  return onlyFilters(view, { query: idQuery(field, id) });
}

/**
 * The principal's events within PRINCIPAL_WINDOW_MS of `at`. Null when there is no principal (the
 * missing value is not an identity) or no time.
 */
export function relatedPrincipalView(
  view: ViewState,
  principal: string,
  at: number,
): ViewState | null {
  const window = contextWindow(at, PRINCIPAL_WINDOW_MS);
  if (principal === "" || window === null) return null;
  return onlyFilters(view, {
    include: { principal: [principal] },
    timeFrom: window.from,
    timeTo: window.to,
  });
}

/** Whether `view` already shows what `target` would (its buttons show as pressed). */
export function isApplied(view: ViewState, target: ViewState | null): boolean {
  return target !== null && viewToHash(view) === viewToHash(target);
}
