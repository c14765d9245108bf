// Reading a time typed by a person, in UTC or local time. Pure.

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * `2026-11-02`, `2026-11-02 12:05`, `2026-11-02T12:05:09`, or a full ISO time with a zone
 * (`…Z`, `…+01:00`), which wins over `timeZone`. Null when it is not a time.
 */
export function parseTypedTime(text: string, timeZone: "utc" | "local"): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const match = PATTERN.exec(trimmed);
  if (!match) {
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) return null;
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? null : ms;
  }
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = match;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = timeZone === "utc" ? Date.UTC(...parts) : new Date(...parts).getTime();
  // Reject 2026-02-30 and 25:00 rather than rolling them over.
  const back = new Date(ms);
  const day = timeZone === "utc" ? back.getUTCDate() : back.getDate();
  const hour = timeZone === "utc" ? back.getUTCHours() : back.getHours();
  return day === parts[2] && hour === parts[3] ? ms : null;
}
