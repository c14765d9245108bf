// Log text is attacker-controlled. Rendered as text it cannot run, but characters that are
// invisible or reorder text (bidi overrides, zero-width spaces, control characters, lone
// surrogates) can still make a value look like another, and a long run of combining marks piles
// up glyphs that paint over the text around it. These are shown for what they are: ⟦U+202E⟧,
// ⟦10,000 combining marks⟧.

// C0/C1 controls (but TAB, LF, CR), bidi marks, embeddings, overrides and isolates, zero-width
// characters, the BOM, the Unicode line/paragraph separators, and lone surrogates (half of a
// UTF-16 pair without the other half: not a character at all, and shown as a replacement glyph
// or nothing). Matching code units, not code points: no `u` flag, so a lone half matches alone.
// Matching control characters is the point here.
/* oxlint-disable no-control-regex */
const HIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* oxlint-enable no-control-regex */

/**
 * Combining marks in a row kept as they are: writing systems stack two or three on a letter
 * (Vietnamese, Hebrew points and cantillation); longer runs only pile glyphs up.
 */
export const MAX_COMBINING_RUN = 4;
const COMBINING_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, "gu");

const countFormat = new Intl.NumberFormat("en-US");

function codePointMarker(ch: string): string {
  return `⟦U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟧`;
}

/** A run of combining marks too long to be writing, as a marker that says how long it is. */
function combiningMarker(run: string): string {
  let marks = 0;
  for (const _ of run) marks++;
  return `⟦${countFormat.format(marks)} combining marks⟧`;
}

/**
 * The text with every hidden or reordering character replaced by a visible ⟦U+XXXX⟧ marker, and
 * every run of more than MAX_COMBINING_RUN combining marks by a ⟦N combining marks⟧ marker.
 */
export function revealHidden(text: string): string {
  return replaceHidden(text, codePointMarker);
}

/**
 * For JSON text (a JSON.stringify literal): hidden characters written as the JSON escape
 * `\uxxxx` they stand for (lower case, as JSON.stringify writes its own), long runs of
 * combining marks as the ⟦N combining marks⟧ marker.
 */
export function escapeHidden(json: string): string {
  return replaceHidden(json, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function replaceHidden(text: string, marker: (ch: string) => string): string {
  let out = text;
  COMBINING_RUN.lastIndex = 0;
  if (COMBINING_RUN.test(out)) {
    COMBINING_RUN.lastIndex = 0;
    out = out.replace(COMBINING_RUN, combiningMarker);
  }
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(out)) return out;
  HIDDEN.lastIndex = 0;
  return out.replace(HIDDEN, marker);
}
