// Derived views of the session (selection, facet counts), memoized on the store's version and
// the view state so that a render that changes neither costs nothing.
import type { DictField } from "../ingest/chunk";
import { OrderedRows } from "../store/orderedRows";
import { sortRows } from "../store/sort";
import type { EventStore } from "../store/eventStore";
import { pairCountSteps, pairCountsOf, pairCountsRefused } from "../store/pairCounts";
import { computeView, isUnfiltered, soleFilteredField, type Filter } from "../store/view";
import { runStepsBudgeted } from "../lib/steps";
import { untilBackgroundTask, untilNextTask } from "../lib/nextTask";
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
  const filter = filterOf(view, rowMask);
  const result = computeView(session.store, filter, [...fields]);
  if (session.progress.state !== "loading") countPairsAhead(session.store, filter, fields);
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

/**
 * Works out the pair counts of `fields[0]` with the others now, in tasks of up to 8 ms: the end
 * of a load, so that the first click on one of its values, however soon, adds up short lists
 * rather than reading every row of every facet column (a pass of a few hundred ms at ten million
 * rows). Resolves once they are kept, or found stale or too many.
 */
export async function countPairsNow(
  store: EventStore,
  fields: readonly DictField[],
): Promise<void> {
  const field = fields[0];
  if (field !== undefined) await countPairs(store, field, fields, untilNextTask);
}

/**
 * Counts `field`'s pairs with `fields` in tasks of up to 8 ms each, the next awaited from
 * `pause` (the first too when `later`), unless they are kept or were found too many; marked as
 * being counted from the call on.
 */
async function countPairs(
  store: EventStore,
  field: DictField,
  fields: readonly DictField[],
  pause: () => Promise<void>,
  later = false,
): Promise<void> {
  if (pairCountsOf(store, field, fields) !== null || pairCountsRefused(store, field)) return;
  counting.set(store, field);
  try {
    if (later) await pause();
    await runStepsBudgeted(pairCountSteps(store, field, fields), pause, 8);
  } finally {
    if (counting.get(store) === field) counting.delete(store);
  }
}

/** The field whose pair counts are being worked out, per store (one at a time). */
const counting = new WeakMap<EventStore, DictField>();

/**
 * After a view filtered on one field's values alone (a facet click), that field's pair counts
 * with the facets are worked out in the background, a slice per task, so that the next click on
 * its values adds up short lists instead of reading every row (store/pairCounts.ts). After the
 * unfiltered view (a load just finished), those of the first facet field: its values are the
 * first clicked, and even the first click is then answered from the lists.
 */
function countPairsAhead(store: EventStore, filter: Filter, fields: readonly DictField[]): void {
  const field = soleFilteredField(filter) ?? (isUnfiltered(filter) ? (fields[0] ?? null) : null);
  if (field === null || counting.has(store)) return;
  // In tasks of background priority: the click's frame and the rest of its work (the walk of the
  // rows, the chart) come first.
  void countPairs(store, field, fields, untilBackgroundTask, true);
}
