// Derived views of the session (selection, facet counts), memoized on the store's version and
// the view state so that a render that changes neither costs nothing.
import type { DictField } from "../ingest/chunk";
import { computeView, sortRows, type Filter } from "../store/query";
import type { Session } from "./session";
import type { ViewState } from "./viewState";

export interface Derived {
  /** Matching row ids in the view's sort order. */
  rows: Uint32Array;
  shown: number;
  facets: Record<DictField, Uint32Array>;
}

export function filterOf(view: ViewState): Filter {
  return {
    include: view.include,
    exclude: view.exclude,
    timeFrom: view.timeFrom,
    timeTo: view.timeTo,
    search: view.search,
  };
}

const cache = new WeakMap<
  Session,
  { version: number; view: ViewState; fields: readonly DictField[]; derived: Derived }
>();

export function deriveView(
  session: Session,
  view: ViewState,
  fields: readonly DictField[],
): Derived {
  const version = session.store.version;
  const hit = cache.get(session);
  if (hit && hit.version === version && hit.view === view && hit.fields === fields)
    return hit.derived;
  const result = computeView(session.store, filterOf(view), [...fields]);
  const { column, direction } = view.sort;
  const rows =
    column === "time" && direction === "desc"
      ? result.rows
      : sortRows(session.store, result.rows, column, direction);
  const derived: Derived = { rows, shown: result.shown, facets: result.facets };
  cache.set(session, { version, view, fields, derived });
  return derived;
}
