// Number and time formatting for display. Pure.

const countFormat = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/**
 * A count with its noun in the right number: `1 record`, `2 records`, `1,024 entries`. `many`
 * defaults to `one` + "s".
 */
export function formatCountOf(n: number, one: string, many = `${one}s`): string {
  return `${countFormat.format(n)} ${n === 1 ? one : many}`;
}

/**
 * A message as a sentence: a full stop added unless it already ends with one (or with `?`, `!`,
 * `…`), so that a reason from elsewhere followed by more text never reads `moved..`.
 */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `2026-11-02 12:05:09` in UTC or local time; "no time" for NaN. */
export function formatTime(ms: number, timeZone: "utc" | "local"): string {
  if (Number.isNaN(ms)) return "no time";
  const d = new Date(ms);
  if (timeZone === "utc") {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The zone label shown next to times: `UTC`, or the local offset like `UTC+01:00`. */
export function zoneLabel(timeZone: "utc" | "local", at = Date.now()): string {
  if (timeZone === "utc") return "UTC";
  const offset = -new Date(at).getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
