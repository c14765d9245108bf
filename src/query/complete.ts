// Autocomplete for the query box: field names and aliases where a field name is being typed,
// the field's values (with their counts) after `field:`.
import { formatCountOf } from "../lib/format";
import { valueText } from "./describe";
import { ALIASES, COLUMN_PATHS, canonicalPath } from "./fields";
import { FIELD_NAME, isBareIdentifier } from "./parse";

export interface CompletionItem {
  label: string;
  /** The text that replaces text[from..to). */
  insert: string;
  detail: string;
  count?: number;
}

export interface Completion {
  from: number;
  to: number;
  items: CompletionItem[];
}

export interface CompletionSource {
  /** Every field path the loaded records have. */
  fieldNames(): string[];
  /** The values of an indexed path starting with `prefix`, most frequent first; null if not indexed. */
  values(path: string, prefix: string, limit: number): { value: string; count: number }[] | null;
}

const MAX_ITEMS = 50;
const KEYWORDS = new Set(["AND", "OR", "NOT"]);

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

function isBoundary(ch: string | undefined): boolean {
  return ch === "(" || ch === ")" || isSpace(ch);
}

/** The index of the quote closing the one at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** The field a token starting `name:` is about (after any `-` / `!`), or null. */
function fieldOf(token: string): string | null {
  const bare = token.replace(/^[-!]+/, "");
  const colon = bare.indexOf(":");
  if (colon <= 0) return null;
  const name = bare.slice(0, colon);
  return FIELD_NAME.test(name) && !isBareIdentifier(name, bare) ? name : null;
}

/** Where the cursor stands, from one pass over the text before it. */
interface Place {
  /** Start of the token the cursor is in (or right after). */
  tokenStart: number;
  /** The opening quote the cursor is inside of, or -1. */
  quote: number;
  /** The field whose `field:( … )` group the cursor is in, or null. */
  group: string | null;
}

function placeOf(text: string, cursor: number): Place {
  let tokenStart = 0;
  const groups: (string | null)[] = [];
  let i = 0;
  while (i < cursor) {
    const ch = text[i];
    if (ch === '"') {
      const close = closingQuote(text, i);
      if (close < 0 || close >= cursor)
        return { tokenStart, quote: i, group: groups.at(-1) ?? null };
      i = close + 1;
    } else if (ch === "\\") {
      i += 2;
    } else if (ch === "(") {
      const field = fieldOf(text.slice(tokenStart, i));
      groups.push(field === null ? (groups.at(-1) ?? null) : canonicalPath(field));
      tokenStart = ++i;
    } else if (ch === ")") {
      groups.pop();
      tokenStart = ++i;
    } else {
      if (isSpace(ch)) tokenStart = i + 1;
      i++;
    }
  }
  return { tokenStart, quote: -1, group: groups.at(-1) ?? null };
}

function valueItems(
  source: CompletionSource,
  path: string,
  prefix: string,
  inGroup: boolean,
): CompletionItem[] | null {
  const values = source.values(path, prefix, MAX_ITEMS);
  if (values === null) return null;
  return values.map(({ value, count }) => {
    // In a group a leading `-` or `!`, or a keyword, would read as an operator.
    const operator = inGroup && (/^[-!]/.test(value) || KEYWORDS.has(value));
    const insert = operator ? `"${value.replace(/[\\"]/g, "\\$&")}"` : valueText(value, path);
    return { label: value, insert, detail: formatCountOf(count, "event"), count };
  });
}

function unescapeQuoted(text: string): string {
  return text.replace(/\\(["\\])/g, "$1");
}

function fieldItems(
  source: CompletionSource,
  prefix: string,
  withColon: boolean,
): CompletionItem[] {
  const lower = prefix.toLowerCase();
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (label: string, detail: string): void => {
    const key = label.toLowerCase();
    if (seen.has(key) || items.length >= MAX_ITEMS) return;
    seen.add(key);
    items.push({ label, insert: withColon ? `${label}:` : label, detail });
  };
  for (const [alias, path] of Object.entries(ALIASES)) {
    if (alias.startsWith(lower)) add(alias, `→ ${path}`);
  }
  for (const [name, path] of Object.entries(COLUMN_PATHS)) {
    if (name !== path && name.toLowerCase().startsWith(lower)) add(name, `→ ${path}`);
  }
  const names = source.fieldNames();
  for (const name of names) if (name.toLowerCase().startsWith(lower)) add(name, "field");
  // Then paths with a later segment starting so: `bucket` finds requestParameters.bucketName.
  if (lower !== "") {
    for (const name of names) {
      if (name.toLowerCase().includes(`.${lower}`)) add(name, "field");
    }
  }
  return items;
}

/**
 * What to offer at `cursor` in `text`: field names and aliases (aliases first, by prefix, case
 * insensitive) while a field name or bare word is typed, the field's values after `field:` or
 * inside `field:( … )`. Null when there is nothing to offer.
 */
export function completeAt(
  text: string,
  cursor: number,
  source: CompletionSource,
): Completion | null {
  const at = Math.max(0, Math.min(cursor, text.length));
  const place = placeOf(text, at);
  if (place.quote >= 0) {
    // Inside quotes: a value of `field:"…` or of a group; a quoted bare phrase gets nothing.
    const q = place.quote;
    const field =
      text[q - 1] === ":" && q > place.tokenStart ? fieldOf(text.slice(place.tokenStart, q)) : null;
    const path =
      field !== null ? canonicalPath(field) : q === place.tokenStart ? place.group : null;
    if (path === null) return null;
    const prefix = unescapeQuoted(text.slice(q + 1, at));
    const close = closingQuote(text, q);
    const items = valueItems(source, path, prefix, field === null);
    if (items === null || items.length === 0) return null;
    return { from: q, to: close < 0 ? at : close + 1, items };
  }

  let start = place.tokenStart;
  let end = at;
  while (end < text.length && !isBoundary(text[end])) end++;
  const before = text.slice(start, at);
  if (before.includes('"')) return null;

  if (place.group !== null) {
    while (start < at && (text[start] === "-" || text[start] === "!")) start++;
    const prefix = text.slice(start, at);
    if (KEYWORDS.has(prefix) || /^[<>/]/.test(prefix)) return null;
    const items = valueItems(source, place.group, prefix, true);
    return items === null || items.length === 0 ? null : { from: start, to: end, items };
  }

  const field = fieldOf(before);
  if (field !== null) {
    const from = before.indexOf(":") + start + 1;
    const prefix = text.slice(from, at);
    if (/^[<>/]/.test(prefix)) return null;
    const items = valueItems(source, canonicalPath(field), prefix.replace(/\\(.)/g, "$1"), false);
    return items === null || items.length === 0 ? null : { from, to: end, items };
  }

  while (start < at && (text[start] === "-" || text[start] === "!")) start++;
  const prefix = text.slice(start, at);
  if (KEYWORDS.has(prefix) || prefix.includes(":")) return null;
  const colon = text.slice(at, end).indexOf(":");
  const items = fieldItems(source, prefix, colon < 0);
  if (items.length === 0) return null;
  return { from: start, to: colon < 0 ? end : at + colon, items };
}
