// From a record's place (file, record index) back to its row: the workers answer a full-text
// search with places, and the view filters rows.
import type { EventStore } from "./eventStore";

interface Locator {
  version: number;
  /** Rows grouped by file: rows of file f are byFile[offsets[f] .. offsets[f+1]). */
  offsets: Uint32Array;
  byFile: Uint32Array;
}

const cache = new WeakMap<EventStore, Locator>();

function locatorOf(store: EventStore): Locator {
  const cached = cache.get(store);
  if (cached && cached.version === store.version) return cached;
  const n = store.rows;
  const file = store.file;
  let files = 0;
  for (let r = 0; r < n; r++) if (file[r] + 1 > files) files = file[r] + 1;
  // A counting sort by file: one pass to count, one to place.
  const offsets = new Uint32Array(files + 1);
  for (let r = 0; r < n; r++) offsets[file[r] + 1]++;
  for (let f = 0; f < files; f++) offsets[f + 1] += offsets[f];
  const next = offsets.slice(0, files);
  const byFile = new Uint32Array(n);
  for (let r = 0; r < n; r++) byFile[next[file[r]]++] = r;
  const fresh = { version: store.version, offsets, byFile };
  cache.set(store, fresh);
  return fresh;
}

/**
 * The rows at these flat (fileIndex, record) places, ascending and each once: it costs what the
 * places cost, not a pass over every row. Places with no row (an Insights event, a duplicate
 * that was skipped) give none.
 */
export function rowListAtPlaces(store: EventStore, places: Uint32Array): Uint32Array {
  const { offsets, byFile } = locatorOf(store);
  const record = store.record;
  const found = new Uint32Array(places.length >>> 1);
  let k = 0;
  for (let i = 0; i + 1 < places.length; i += 2) {
    const f = places[i];
    if (f + 1 >= offsets.length) continue;
    const wanted = places[i + 1];
    for (let j = offsets[f]; j < offsets[f + 1]; j++) {
      const r = byFile[j];
      if (record[r] === wanted) {
        found[k++] = r;
        break;
      }
    }
  }
  const rows = found.subarray(0, k).sort();
  let distinct = 0;
  for (let i = 0; i < rows.length; i++)
    if (i === 0 || rows[i] !== rows[i - 1]) rows[distinct++] = rows[i];
  return rows.slice(0, distinct);
}

/** The rows at these places (see rowListAtPlaces) as a mask over rows (1 = at one), and their count. */
export function rowsAtPlaces(
  store: EventStore,
  places: Uint32Array,
): { mask: Uint8Array; rows: number } {
  const rows = rowListAtPlaces(store, places);
  const mask = new Uint8Array(store.rows);
  for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
  return { mask, rows: rows.length };
}

/**
 * Where these rows' records are: per file, the record indices of the rows in it, ascending and
 * each once (the rows of several lists together, in any order).
 */
export function placesOfRows(
  store: EventStore,
  lists: readonly Uint32Array[],
): Map<number, Uint32Array> {
  const { file, record } = store;
  const byFile = new Map<number, number[]>();
  for (const rows of lists) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const f = file[row];
      let records = byFile.get(f);
      if (records === undefined) byFile.set(f, (records = []));
      records.push(record[row]);
    }
  }
  const out = new Map<number, Uint32Array>();
  for (const [f, records] of byFile) {
    const sorted = Uint32Array.from(records).sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
    out.set(f, sorted.slice(0, n));
  }
  return out;
}
