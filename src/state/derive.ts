// Derived views of the session (selection, facet counts), memoized on the store's version and
// the view state so that a render that changes neither costs nothing.
import type { DictField } from "../ingest/chunk";
import { OrderedRows } from "../store/orderedRows";
import { sortRows } from "../store/sort";
import { computeView, type Filter } from "../store/view";
import type { Session } from "./session";
import type { ViewState } from "./viewState";

export interface Derived {
  /** Matching row ids in the view's sort order. */
  readonly rows: Uint32Array;
  /**
   * The same rows, listed as far as they are read: the table reads its screen from here, and
   * the rest of the list is walked out after the frame is painted (or when `rows` is read).
   */
  ordered: OrderedRows;
  shown: number;
  facets: Record<DictField, Uint32Array>;
}

export function filterOf(view: ViewState, rowMask: Uint8Array | null = null): Filter {
  return {
    rowMask,
    include: view.include,
    exclude: view.exclude,
    timeFrom: view.timeFrom,
    timeTo: view.timeTo,
  };
}

let combined: { a: Uint8Array; b: Uint8Array; mask: Uint8Array } | null = null;

/**
 * The rows kept by both masks (a query's and a full-text search's), or the one present. The same
 * pair gives the same array, so the memoized view stays valid.
 */
export function bothMasks(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (a === null || b === null) return a ?? b;
  if (combined !== null && combined.a === a && combined.b === b) return combined.mask;
  const n = Math.min(a.length, b.length);
  const mask = new Uint8Array(n);
  for (let r = 0; r < n; r++) mask[r] = a[r] & b[r];
  combined = { a, b, mask };
  return mask;
}

interface Cached {
  version: number;
  view: ViewState;
  fields: readonly DictField[];
  rowMask: Uint8Array | null;
  derived: Derived;
}

const cache = new WeakMap<Session, Cached>();

/** `rowMask`: the rows a full-text search kept, when one is in force. */
export function deriveView(
  session: Session,
  view: ViewState,
  fields: readonly DictField[],
  rowMask: Uint8Array | null = null,
): Derived {
  // The view version, not the store's: during a load the store changes with every batch, and
  // the views follow at most about once a second (Session.viewVersion).
  const version = session.viewVersion;
  const hit = cache.get(session);
  if (
    hit &&
    hit.version === version &&
    hit.view === view &&
    hit.fields === fields &&
    hit.rowMask === rowMask
  ) {
    return hit.derived;
  }
  const result = computeView(session.store, filterOf(view, rowMask), [...fields]);
  const { column, direction } = view.sort;
  const ordered =
    column === "time" && direction === "desc"
      ? result.ordered
      : OrderedRows.of(sortRows(session.store, result.rows, column, direction));
  const derived: Derived = {
    get rows() {
      return ordered.all();
    },
    ordered,
    shown: result.shown,
    facets: result.facets,
  };
  cache.set(session, { version, view, fields, rowMask, derived });
  return derived;
}
