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
 * by a refresh every second. None comes when the load looks to be less than a refresh's wait
 * from its end (`left` ms, see `msLeft`): its views would show for a moment, and the load would
 * pay for them (a 40,000-event archive: about 0.15 s of the page's work a second into a load of
 * 1.5 s, on two cores shared with the workers).
 */
export function viewRefreshDue(
  sinceLast: number,
  refreshes: number,
  rows: number,
  left = Number.POSITIVE_INFINITY,
): boolean {
  return (
    rows <= LIVE_VIEW_ROWS &&
    sinceLast >= VIEW_REFRESH_MS * (refreshes + 1) &&
    left >= VIEW_REFRESH_MS
  );
}

/**
 * The ms a load looks to have left, `elapsed` ms in with `done` of its `total` files (or
 * members) done: at the pace so far. Infinite before the first is done.
 */
export function msLeft(elapsed: number, done: number, total: number): number {
  if (done <= 0 || total <= 0) return Number.POSITIVE_INFINITY;
  return (elapsed * Math.max(0, total - done)) / done;
}
