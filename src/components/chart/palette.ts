// Series colours: mid-tone hues that read on both the light and the dark background, ordered so
// that neighbours in a stack differ. "other" and the missing value are grey: they are not a value.
export const SERIES_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#b07aa1",
  "#edc948",
  "#76b7b2",
  "#ff9da7",
  "#9c755f",
] as const;
export const OTHER_COLOR = "#9aa3ad";

export function seriesColor(index: number, value: string | null): string {
  if (value === null || value === "") return OTHER_COLOR;
  return SERIES_COLORS[index % SERIES_COLORS.length];
}
