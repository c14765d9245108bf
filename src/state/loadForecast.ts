// How many rows a load of archives will end with, from how far it has come: the store grows there
// at once (EventStore.expectRows) instead of by many growths past a million rows, each of which
// copies every stored row again. An archive's size is known from the start (asked once), and its
// members' bytes as they are done. A load of picked files is not forecast: their sizes are not
// asked (see lib/readBlobs), and their count says little of their rows (in the benchmark's data,
// rows per file grow along the folder: the first twelfth of the files foretold two thirds of the
// rows). Nor is a load of archives and files together, or one added to a load in progress.

import type { ArchiveKind } from "../ingest/archive";

/** What a load of archives is measured in. */
export interface LoadPlan {
  /** Rows in the store when the load began. */
  rowsAtStart: number;
  /** The archives' bytes. */
  total: number;
  /** An archive's own bytes per member, besides the member's: its header, padding, directory. */
  memberBytes: number;
}

/**
 * An archive's own bytes per member, about: a tar's 512-byte header and, on average, half a block
 * of padding; a zip's local header and central directory entry, each with the member's name.
 */
export const ARCHIVE_MEMBER_BYTES: Readonly<Record<ArchiveKind, number>> = {
  tar: 768,
  "tar.gz": 768,
  zip: 200,
};

/** How far a load has come: rows in the store now, members and their bytes done. */
export interface LoadDone {
  rows: number;
  files: number;
  bytes: number;
}

/**
 * The share of a load that must be done before it is forecast: early enough that most of the
 * growth is still to come, late enough that the rows per byte have settled.
 */
export const FORECAST_FROM = 0.08;

/**
 * Above the rows the load is heading for: the first forecast is the one the store grows to, and
 * in the benchmark's archives it fell 4–6% short of the rows at the end (rows per byte grow along
 * them), which costs a second growth of every row; room under a sixteenth of the capacity is not
 * given back (EventStore.fitStep), so a forecast that was right costs no copy at the end either.
 */
const MARGIN = 1.06;

/** The plan of a load of these sources, or null when it is not forecast. */
export function loadPlan(
  rowsAtStart: number,
  files: number,
  archives: readonly { kind: ArchiveKind; bytes: number }[],
): LoadPlan | null {
  if (files > 0 || archives.length === 0) return null;
  let total = 0;
  let memberBytes = 0;
  for (const { kind, bytes } of archives) {
    total += bytes;
    memberBytes = Math.max(memberBytes, ARCHIVE_MEMBER_BYTES[kind]);
  }
  return total > 0 ? { rowsAtStart, total, memberBytes } : null;
}

/** The rows the store is expected to hold at the end of the load; 0 while it is not known. */
export function expectedRows(plan: LoadPlan | null, done: LoadDone): number {
  if (plan === null) return 0;
  const share = (done.bytes + done.files * plan.memberBytes) / plan.total;
  const added = done.rows - plan.rowsAtStart;
  if (!(share >= FORECAST_FROM) || share >= 1 || added <= 0) return 0;
  return Math.ceil(plan.rowsAtStart + (added / share) * MARGIN);
}
