// Display of the Insights figures: per-minute rates span 0.0001 to thousands.

/** A per-minute rate with two significant digits below 10, whole above. */
export function formatRate(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  if (value >= 10) return Math.round(value).toLocaleString("en-US");
  return Number(value.toPrecision(2)).toString();
}

/** `×68`, `×1.5`; an infinite ratio (nothing before) reads as "new". */
export function formatRatio(value: number | null): string {
  if (value === null) return "";
  if (!Number.isFinite(value)) return "new";
  return `×${value >= 10 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1)}`;
}

/** `14 min`, `2 h 5 min`, `8.0 days`. */
export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m >= 2 * 24 * 60) return `${(m / (24 * 60)).toFixed(1)} days`;
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}
