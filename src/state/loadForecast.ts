// How many rows a load in progress will end with, from how far it has come: the store grows there
// at once (EventStore.expectRows) instead of by many growths, each of which copies every stored
// row again. A load measures its way through one of two things known from its start: the count
// of its picked files (their sizes are not asked: see lib/readBlobs), or the bytes of its
// archives (an archive's size is asked once). A load of both, or one added to a load in
// progress, is not forecast.

/** What a load is measured in, and how much of it there is. */
export interface LoadPlan {
  /** Rows in the store when the load began. */
  rowsAtStart: number;
  /** Files (picked files) or compressed bytes (archives). */
  unit: "files" | "bytes";
  total: number;
}

/** How far a load has come: rows in the store now, files and compressed bytes done. */
export interface LoadDone {
  rows: number;
  files: number;
  bytes: number;
}

/**
 * The share of a load that must be done before it is forecast: early enough that most of the
 * growth is still to come, late enough that the rows per file (or byte) have settled.
 */
export const FORECAST_FROM = 0.08;

/**
 * A little more than the rows the load is heading for: an archive's headers count towards its
 * bytes but not towards its members', so the share done is slightly under the truth, and a load
 * that ends a little short still needs no second growth; a sixteenth unused is not given back
 * (EventStore.fitStep), so a guess within that costs no copy at the end.
 */
const MARGIN = 1.02;

/** The plan of a load of these sources, or null when it is not forecast. */
export function loadPlan(
  rowsAtStart: number,
  files: number,
  archiveBytes: readonly number[],
): LoadPlan | null {
  if (files > 0 && archiveBytes.length === 0) return { rowsAtStart, unit: "files", total: files };
  if (files === 0 && archiveBytes.length > 0) {
    let total = 0;
    for (const bytes of archiveBytes) total += bytes;
    return total > 0 ? { rowsAtStart, unit: "bytes", total } : null;
  }
  return null;
}

/** The rows the store is expected to hold at the end of the load; 0 while it is not known. */
export function expectedRows(plan: LoadPlan | null, done: LoadDone): number {
  if (plan === null) return 0;
  const share = (plan.unit === "files" ? done.files : done.bytes) / plan.total;
  const added = done.rows - plan.rowsAtStart;
  if (!(share >= FORECAST_FROM) || share >= 1 || added <= 0) return 0;
  return Math.ceil(plan.rowsAtStart + (added / share) * MARGIN);
}
