// The values a facet panel lists: the top ones by count, or all of them, without sorting every
// dictionary entry by string.
import type { Dictionary } from "./dictionary";
import { radixSortStable } from "../lib/radixSort";
import { dictionaryOrder } from "./sort";

export interface ValueCount {
  value: string;
  id: number;
  count: number;
}

function better(counts: Uint32Array, values: readonly string[], a: number, b: number): boolean {
  const ca = counts[a];
  const cb = counts[b];
  if (ca !== cb) return ca > cb;
  return values[a] < values[b];
}

/**
 * The `limit` values with the highest counts (count desc, then value), skipping zeros. For a
 * small limit it keeps a short sorted list instead of sorting every entry: an address facet can
 * hold 100k values, and most of them are rejected by one integer comparison. A limit at least the
 * number of values (Infinity included) is `allValues`.
 */
export function topValues(counts: Uint32Array, dict: Dictionary, limit: number): ValueCount[] {
  const values = dict.values();
  const size = Math.min(counts.length, values.length);
  if (limit <= 0) return [];
  let nonZero = 0;
  for (let id = 0; id < size; id++) if (counts[id] !== 0) nonZero++;
  if (limit >= nonZero) return allValues(counts, dict);
  const best: number[] = [];
  for (let id = 0; id < size; id++) {
    if (counts[id] === 0) continue;
    if (best.length >= limit && !better(counts, values, id, best[best.length - 1])) continue;
    let at = best.length;
    while (at > 0 && better(counts, values, id, best[at - 1])) at--;
    best.splice(at, 0, id);
    if (best.length > limit) best.pop();
  }
  return best.map((id) => ({ value: values[id], id, count: counts[id] }));
}

/**
 * Every value with a count above zero, ordered as `topValues` orders them (for "show all"). Walks
 * the entries in string order (the cached rank) and then sorts stably by count with a radix
 * sort, so 100k addresses cost a few ms rather than 100k string comparisons.
 */
export function allValues(counts: Uint32Array, dict: Dictionary): ValueCount[] {
  const values = dict.values();
  const byValue = dictionaryOrder(dict);
  const ids: number[] = [];
  let maxCount = 0;
  for (let i = 0; i < byValue.length; i++) {
    const id = byValue[i];
    const count = id < counts.length ? counts[id] : 0;
    if (count === 0) continue;
    ids.push(id);
    if (count > maxCount) maxCount = count;
  }
  const keys = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) keys[i] = maxCount - counts[ids[i]];
  const ordered = radixSortStable(Uint32Array.from(ids), keys, maxCount);
  return Array.from(ordered, (id) => ({ value: values[id], id, count: counts[id] }));
}
