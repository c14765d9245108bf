// The chart's time axis: ticks on round times in the chosen zone (weeks from Mondays, calendar
// months and years past that), their labels, and the labels of buckets and their sizes.
import { formatTime } from "../lib/format";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-05 00:00 UTC, a Monday: week ticks begin on Mondays. */
const MONDAY = 4 * DAY;

/** Ticks a fixed length apart (weeks from Mondays); past a week, calendar months and years. */
const TICK_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  WEEK,
];
/** The average Gregorian month: how far apart month ticks are, for choosing a step. */
export const MONTH_MS = (365.2425 / 12) * DAY;
export const YEAR_MS = 12 * MONTH_MS;
const MONTH_STEPS = [1, 2, 3, 6];

function offsetMs(ms: number, timeZone: "utc" | "local"): number {
  return timeZone === "utc" ? 0 : -new Date(ms).getTimezoneOffset() * MINUTE;
}

interface TimeParts {
  year: number;
  /** 0–11. */
  month: number;
  day: number;
  hours: number;
  minutes: number;
}

function partsOf(ms: number, timeZone: "utc" | "local"): TimeParts {
  const d = new Date(ms);
  return timeZone === "utc"
    ? {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth(),
        day: d.getUTCDate(),
        hours: d.getUTCHours(),
        minutes: d.getUTCMinutes(),
      }
    : {
        year: d.getFullYear(),
        month: d.getMonth(),
        day: d.getDate(),
        hours: d.getHours(),
        minutes: d.getMinutes(),
      };
}

/** Midnight on the first of month `index` (months since year 0) in the zone. */
function monthStart(index: number, timeZone: "utc" | "local"): number {
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  // setFullYear, not the Date constructor, which reads years 0–99 as 1900–1999.
  const d = new Date(0);
  if (timeZone === "utc") d.setUTCFullYear(year, month, 1);
  else {
    d.setFullYear(year, month, 1);
    d.setHours(0, 0, 0, 0);
  }
  return d.getTime();
}

/** The step in months for a span too long for TICK_STEPS: 1, 2, 3, 6 months, 1, 2, 5, 10… years. */
function monthStep(span: number, most: number): number {
  for (const months of MONTH_STEPS) if (span / (months * MONTH_MS) <= most) return months;
  // `span` is finite here (a Date's range at most), so some power of ten fits.
  for (let scale = 1; ; scale *= 10) {
    for (const years of [1, 2, 5]) {
      if (span / (years * scale * YEAR_MS) <= most) return years * scale * 12;
    }
  }
}

/**
 * Round times in [from, to] in the chosen zone, at most about `most` of them: whole minutes and
 * hours, midnights, Mondays, and past eight weeks the first of a month or of a year. `step` is the
 * distance between ticks (for calendar steps, in average months), which sets their format.
 */
export function timeTicks(
  from: number,
  to: number,
  timeZone: "utc" | "local",
  most = 8,
): { ticks: number[]; step: number } {
  const span = to - from;
  const ticks: number[] = [];
  const limit = Math.max(1, most);
  const fixed = TICK_STEPS.find((s) => span / s <= limit);
  if (fixed !== undefined || !Number.isFinite(span)) {
    const step = fixed ?? WEEK;
    if (!Number.isFinite(span)) return { ticks, step };
    const origin = step === WEEK ? MONDAY : 0;
    const offset = offsetMs(from, timeZone);
    const first = Math.ceil((from + offset - origin) / step) * step + origin - offset;
    for (let t = first; t <= to; t += step) ticks.push(t);
    return { ticks, step };
  }
  const months = monthStep(span, limit);
  const start = partsOf(from, timeZone);
  let index = Math.ceil((start.year * 12 + start.month) / months) * months;
  if (monthStart(index, timeZone) < from) index += months;
  for (let t = monthStart(index, timeZone); t <= to; t = monthStart(index, timeZone)) {
    ticks.push(t);
    index += months;
  }
  return { ticks, step: months * MONTH_MS };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Whether [from, to) spans more than one calendar day, more than one year, in the zone. */
export function spanCrossing(
  from: number,
  to: number,
  timeZone: "utc" | "local",
): { days: boolean; years: boolean } {
  const a = partsOf(from, timeZone);
  const b = partsOf(Math.max(from, to - 1), timeZone);
  const years = a.year !== b.year;
  return { years, days: years || a.month !== b.month || a.day !== b.day };
}

/**
 * The axis labels of `ticks` over the chart [from, to). Year steps read `2024`, month steps
 * `2024-05`; day steps `05-01`; shorter steps `10:30`, with the date on the first tick and
 * wherever the day changes. When the span crosses a year boundary, the date carries the year on
 * the first tick and wherever the year changes: `2024-12-31 22:00`, `23:00`, `2025-01-01 00:00`.
 */
export function axisLabels(
  ticks: readonly number[],
  step: number,
  timeZone: "utc" | "local",
  from: number,
  to: number,
): string[] {
  const { years } = spanCrossing(from, to, timeZone);
  let previous: TimeParts | null = null;
  return ticks.map((t) => {
    const p = partsOf(t, timeZone);
    const newYear = previous === null || previous.year !== p.year;
    const newDay =
      newYear || previous === null || previous.month !== p.month || previous.day !== p.day;
    previous = p;
    if (step >= YEAR_MS) return String(p.year);
    if (step >= MONTH_MS) return `${p.year}-${pad(p.month + 1)}`;
    const date = `${years && newYear ? `${p.year}-` : ""}${pad(p.month + 1)}-${pad(p.day)}`;
    if (step >= DAY) return date;
    const clock = `${pad(p.hours)}:${pad(p.minutes)}`;
    return newDay ? `${date} ${clock}` : clock;
  });
}

/** `11-04` for day steps; `10:30` within a day, with the date where a day begins or at the first tick. */
export function tickLabel(
  ms: number,
  step: number,
  timeZone: "utc" | "local",
  first: boolean,
): string {
  const d = new Date(ms + offsetMs(ms, timeZone));
  const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (step >= DAY) return date;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return first || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0) ? `${date} ${clock}` : clock;
}

/** A bucket's [start, end) in the tooltip: the end's date only when it is another day. */
export function bucketSpanLabel(start: number, end: number, timeZone: "utc" | "local"): string {
  const a = formatTime(start, timeZone);
  const b = formatTime(end, timeZone);
  return `${a} – ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

/** A bucket size in words: `5 min`, `1 h`, `1 day`, `1 week`, `30 days`, `1 year`. */
export function bucketLabel(bucketMs: number): string {
  const years = bucketMs / (365 * DAY);
  if (years >= 1 && Number.isInteger(years)) return years === 1 ? "1 year" : `${years} years`;
  if (bucketMs === WEEK) return "1 week";
  if (bucketMs >= DAY) return bucketMs === DAY ? "1 day" : `${bucketMs / DAY} days`;
  if (bucketMs >= HOUR) return `${bucketMs / HOUR} h`;
  return `${bucketMs / MINUTE} min`;
}
