/** A JSON value, as the record builders produce them for JSON.stringify. */
export type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

const SECONDS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0") + "Z");
let cachedMinute = NaN;
let cachedPrefix = "";

/** Formats epoch milliseconds as CloudTrail's eventTime: second precision, `Z`, no milliseconds. */
export function isoSeconds(ms: number): string {
  // Records come in bursts of nearby times, so the minute's prefix is usually already known.
  const minute = Math.floor(ms / 60_000);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedPrefix = new Date(minute * 60_000).toISOString().slice(0, 17);
  }
  return cachedPrefix + SECONDS[Math.floor((ms - minute * 60_000) / 1000)];
}

/** `YYYYMMDDTHHmmZ`, the delivery timestamp in a log file's name. */
export function compactMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  return (
    iso.slice(0, 4) +
    iso.slice(5, 7) +
    iso.slice(8, 10) +
    "T" +
    iso.slice(11, 13) +
    iso.slice(14, 16) +
    "Z"
  );
}

/** `YYYYMMDDTHHmmssZ`, the timestamp in a digest file's name. */
export function compactSecond(ms: number): string {
  const iso = new Date(ms).toISOString();
  return compactMinute(ms).slice(0, -1) + iso.slice(17, 19) + "Z";
}

/** `YYYY/MM/DD`, the date folders of the S3 layout. */
export function datePath(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 4) + "/" + iso.slice(5, 7) + "/" + iso.slice(8, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Jul 10, 2023, 12:06:42 PM`: how IAM and STS responseElements write dates (Java's format). */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()] ?? ""} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hours % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? "AM" : "PM"}`;
}
