// When the views derived from the whole store (selection, facets, chart, table) are recomputed
// during a load. Each refresh re-renders the page, which costs the main thread tens of ms: paid
// every second, it took about a twelfth of a 4-second archive load from the workers on two cores.

/** The first refresh of a load waits this long; each next one this much longer than the last. */
export const VIEW_REFRESH_MS = 1000;

/**
 * Past this many rows a refresh of every view takes long enough to hold the page (the counts
 * pass alone is ~100 ms at a million rows): the views then wait for the end of the load, while
 * the progress line keeps counting.
 */
export const LIVE_VIEW_ROWS = 250_000;

/**
 * Whether the views refresh now, during a load: `sinceLast` ms after the last refresh (or the
 * load's start), `refreshes` refreshes into the load, with `rows` loaded. Refreshes come 1, 3, 6,
 * 10, 15 … seconds into a load: the first results show at once, and a long load is not slowed
 * by a refresh every second.
 */
export function viewRefreshDue(sinceLast: number, refreshes: number, rows: number): boolean {
  return rows <= LIVE_VIEW_ROWS && sinceLast >= VIEW_REFRESH_MS * (refreshes + 1);
}
