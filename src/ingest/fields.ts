// Small conversions from a record's raw JSON values to what the columns hold. They run once per
// record and field, so they avoid allocation wherever the common case allows.

/**
 * The longest value a column keeps, in UTF-16 units: real values (ARNs, user agents) stay far
 * below it, and one hostile 50 MB string must not travel to the main thread and into the facets.
 * The detail view re-reads the whole record, so nothing is lost to the reader.
 */
export const MAX_VALUE_CHARS = 4096;

/** `value` cut to MAX_VALUE_CHARS with an ellipsis, never between the halves of a surrogate pair. */
export function clip(value: string): string {
  if (value.length <= MAX_VALUE_CHARS) return value;
  let end = MAX_VALUE_CHARS - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}

/** Said instead of a value that JSON.stringify cannot write (nested past the stack). */
export const UNPRINTABLE = "(a value nested too deeply to show)";

/**
 * The text a dictionary keeps for a value: strings as they are, numbers and booleans printed,
 * objects and arrays as JSON (a record with odd field types is kept, never dropped), null and
 * missing as "". Clipped to MAX_VALUE_CHARS.
 */
export function text(value: unknown): string {
  if (typeof value === "string") return value.length > MAX_VALUE_CHARS ? clip(value) : value;
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch {
      // Deep nesting overflows the stack of JSON.stringify; the record itself is still kept.
      return UNPRINTABLE;
    }
    return clip(json);
  }
  return String(value);
}

/** The value as a plain object (not null, not an array), or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

// Records of one file mostly share a day, so the day's start is computed once per distinct day.
let cachedDayKey = -1;
let cachedDayMs = NaN;

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function dayStart(year: number, month: number, day: number): number {
  const key = year * 10000 + month * 100 + day;
  if (key !== cachedDayKey) {
    const ms = Date.UTC(year, month - 1, day);
    // Date.UTC rolls 2023-02-30 over into March: such a day is not a date.
    cachedDayMs = new Date(ms).getUTCDate() === day ? ms : NaN;
    cachedDayKey = key;
  }
  return cachedDayMs;
}

/**
 * `eventTime` as ms since epoch, NaN when missing or not a date. CloudTrail writes
 * `YYYY-MM-DDTHH:MM:SSZ` (sometimes with a fraction); that form is read digit by digit, anything
 * else goes through Date.parse.
 */
export function parseEventTime(value: unknown): number {
  if (typeof value !== "string") return NaN;
  const n = value.length;
  if (
    n >= 20 &&
    value.charCodeAt(n - 1) === 90 && // Z
    value.charCodeAt(4) === 45 && // -
    value.charCodeAt(7) === 45 &&
    value.charCodeAt(10) === 84 && // T
    value.charCodeAt(13) === 58 && // :
    value.charCodeAt(16) === 58
  ) {
    const century = twoDigits(value, 0);
    const yy = twoDigits(value, 2);
    const month = twoDigits(value, 5);
    const day = twoDigits(value, 8);
    const hour = twoDigits(value, 11);
    const minute = twoDigits(value, 14);
    const second = twoDigits(value, 17);
    let ms = 0;
    let fast =
      century >= 10 &&
      yy >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59;
    if (fast && n > 20) {
      // A fraction: `.` then at least one digit; only milliseconds are kept.
      fast = value.charCodeAt(19) === 46 && n > 21;
      for (let i = 20; fast && i < n - 1; i++) {
        const digit = value.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) fast = false;
        else if (i < 23) ms += digit * (i === 20 ? 100 : i === 21 ? 10 : 1);
      }
    } else if (fast && value.charCodeAt(19) !== 90) {
      fast = false;
    }
    if (fast) {
      return (
        dayStart(century * 100 + yy, month, day) +
        hour * 3_600_000 +
        minute * 60_000 +
        second * 1000 +
        ms
      );
    }
  }
  return isoTime(value);
}

/**
 * `eventTime` in the other ISO 8601 forms (an offset instead of Z, a space instead of T, no
 * seconds, a date alone), read as UTC when no zone is given: CloudTrail times are UTC. Anything
 * else is not a date. Date.parse is not used because it reads "1" as 2001-01-01 and zone-less
 * times as local time, and rolls 2023-02-30 over into March.
 */
const ISO_TIME =
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?\s*$/;

function isoTime(value: string): number {
  if (value.length > 64) return NaN;
  const m = ISO_TIME.exec(value);
  if (m === null) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  // Date.UTC reads years below 100 as 19xx; no CloudTrail event is that old anyway.
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return NaN;
  }
  const start = Date.UTC(year, month - 1, day);
  if (new Date(start).getUTCDate() !== day) return NaN;
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return start + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset;
}

/** Each UTF-16 unit's value as a hex digit, -1 where it is none: one read per digit. */
const HEX = new Int8Array(65_536).fill(-1);
for (let d = 0; d < 10; d++) HEX[48 + d] = d;
for (let d = 0; d < 6; d++) HEX[65 + d] = HEX[97 + d] = 10 + d;

/** Set below 0 by `hexRun` when a unit it read is not a hex digit. */
let notHex = 0;

/** `word` followed by the hex digits of `s[from..to)` (at most 8 in all). */
function hexRun(s: string, from: number, to: number, word: number): number {
  for (let i = from; i < to; i++) {
    const digit = HEX[s.charCodeAt(i)]!;
    notHex |= digit;
    word = (word << 4) | (digit & 15);
  }
  return word;
}

/** Writes the 128 bits of a UUID (8-4-4-4-12 hex) at `out[at..at+3]`; false if `id` is not one. */
function writeUuid(id: string, out: Uint32Array, at: number): boolean {
  if (
    id.length !== 36 ||
    id.charCodeAt(8) !== 45 ||
    id.charCodeAt(13) !== 45 ||
    id.charCodeAt(18) !== 45 ||
    id.charCodeAt(23) !== 45
  ) {
    return false;
  }
  notHex = 0;
  const w0 = hexRun(id, 0, 8, 0);
  const w1 = hexRun(id, 14, 18, hexRun(id, 9, 13, 0));
  const w2 = hexRun(id, 24, 28, hexRun(id, 19, 23, 0));
  const w3 = hexRun(id, 28, 36, 0);
  if (notHex < 0) return false;
  out[at] = w0;
  out[at + 1] = w1;
  out[at + 2] = w2;
  out[at + 3] = w3;
  // The nil UUID would read as "no eventID"; let the caller hash it instead.
  return (w0 | w1 | w2 | w3) !== 0;
}

function hash32(s: string, seed: number): number {
  let h = seed ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Writes the key of an eventID at `out[at..at+3]`: a UUID's own 128 bits, otherwise four seeded
 * 32-bit hashes of the string. In a chunk the store compares the first 96 bits only (the parser
 * puts the record's content fingerprint in the last word: fingerprint.ts), so the fourth word is
 * folded into the third, one-to-one: IDs that differ only in their last digits (a counter, an
 * `…EXAMPLE` suffix) stay apart. The first three words are never all zero, which means "no
 * eventID".
 */
export function writeEventKey(eventID: string, out: Uint32Array, at: number): void {
  if (writeUuid(eventID, out, at)) {
    const last = out[at + 3];
    // x ↦ (x ^ x >>> 15) × odd is a bijection of 32-bit words: no two last words fold alike.
    out[at + 2] = (out[at + 2] ^ Math.imul(last ^ (last >>> 15), 0x2c1b3c6d)) >>> 0;
    if ((out[at] | out[at + 1] | out[at + 2]) === 0) out[at] = 1;
    return;
  }
  const a = hash32(eventID, 0x9747b28c);
  out[at] = a === 0 ? 1 : a;
  out[at + 1] = hash32(eventID, 0x1b873593);
  out[at + 2] = hash32(eventID, 0xcc9e2d51);
  out[at + 3] = hash32(eventID, 0xe6546b64);
}

/** The key of an eventID as four words (for tests and callers outside the hot path). */
export function eventKeyOf(eventID: string): Uint32Array {
  const out = new Uint32Array(4);
  writeEventKey(eventID, out, 0);
  return out;
}

/**
 * A 32-bit key of an identifier such as requestID or sharedEventID: 0 when it is missing. Equal
 * keys only make records candidates for "related"; the records themselves confirm it.
 */
export function key32(value: unknown): number {
  if (value === undefined || value === null || value === "") return 0;
  const h = hash32(typeof value === "string" ? value : text(value), 0x3c6ef372);
  return h === 0 ? 1 : h;
}
