// The chart's series colours and legend labels: a value keeps its colour whatever the filter
// (ranked slots for the loaded data's top values, hashed slots for the rest).
import { revealHidden } from "../lib/visible";
import type { EventStore } from "../store/eventStore";
import { topValues } from "../store/topValues";
import { computeView, emptyFilter } from "../store/view";
import type { StackField } from "./activity";

/** Colour slots for the loaded data's top values of a field, by rank (palette.ts). */
export const RANKED_SLOTS = 8;
/** Further slots, picked by a hash of the value, for every other value. */
export const HASHED_SLOTS = 8;

/** FNV-1a over the UTF-16 code units: the same text gives the same number on every machine. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A value's colour slot, which does not depend on the filter: the top values of everything
 * loaded take the ranked slots in order (so the values seen most often never share a colour), any
 * other value a hashed slot. -1 (grey) for "other" and for the missing value, which are no value.
 */
export function colorSlot(value: string | null, ranks: ReadonlyMap<string, number>): number {
  if (value === null || value === "") return -1;
  const rank = ranks.get(value);
  if (rank !== undefined && rank < RANKED_SLOTS) return rank;
  return RANKED_SLOTS + (hashText(value) % HASHED_SLOTS);
}

const rankCache = new WeakMap<
  EventStore,
  { version: number; ranks: Map<StackField, Map<string, number>> }
>();

/**
 * Per value, its rank among the top values of `field` over everything loaded (the missing value
 * left out). The unfiltered counts are the store's cached ones; the ranks are kept per store
 * version, so they change when more files load and never when the filter does.
 */
export function loadedRanks(store: EventStore, field: StackField): ReadonlyMap<string, number> {
  let cached = rankCache.get(store);
  if (!cached || cached.version !== store.version) {
    cached = { version: store.version, ranks: new Map() };
    rankCache.set(store, cached);
  }
  let ranks = cached.ranks.get(field);
  if (!ranks) {
    const counts = computeView(store, emptyFilter(), [field]).facets[field];
    const top = topValues(counts, store.dict(field), RANKED_SLOTS + 1).filter(
      (v) => v.value !== "",
    );
    ranks = new Map(top.slice(0, RANKED_SLOTS).map((v, rank) => [v.value, rank]));
    cached.ranks.set(field, ranks);
  }
  return ranks;
}

/** A value's label in the legend: the missing value reads as what it means in that field. */
export function seriesLabel(field: StackField, value: string | null): string {
  if (value === null) return "other";
  if (value === "") return field === "errorCode" ? "(no error)" : "(none)";
  return revealHidden(value);
}
