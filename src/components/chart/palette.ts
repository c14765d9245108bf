// Series colours by slot (state/activity.ts colorSlot: a value keeps its slot whatever the
// filter). Mid-tone hues that read on both the light and the dark background: the first eight, for
// the loaded data's top values, ordered so that neighbours in a stack differ; the next eight, for
// any other value (picked by a hash of it), lighter or deeper kin of them. Red is the error line's
// and grey is for "other" and the missing value: they are not a value.
export const SERIES_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#b07aa1",
  "#edc948",
  "#76b7b2",
  "#ff9da7",
  "#9c755f",
  "#a0cbe8",
  "#ffbe7d",
  "#8cd17d",
  "#d4a6c8",
  "#b6992d",
  "#499894",
  "#d37295",
  "#86bcb6",
] as const;
export const OTHER_COLOR = "#9aa3ad";

/** The colour of a slot; grey for -1 ("other", the missing value). */
export function seriesColor(slot: number): string {
  if (slot < 0) return OTHER_COLOR;
  return SERIES_COLORS[slot % SERIES_COLORS.length];
}
