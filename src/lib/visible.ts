// Log text is attacker-controlled. Rendered as text it cannot run, but characters that are
// invisible or reorder text (bidi overrides, zero-width spaces, control characters) can still
// make a value look like another. These are shown for what they are: ⟦U+202E⟧.

// C0/C1 controls (but TAB, LF, CR), bidi marks, embeddings, overrides and isolates, zero-width
// characters, the BOM, and the Unicode line/paragraph separators.
// Matching control characters is the point here.
/* oxlint-disable no-control-regex */
const HIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
/* oxlint-enable no-control-regex */

/** The text with every hidden or reordering character replaced by a visible ⟦U+XXXX⟧ marker. */
export function revealHidden(text: string): string {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return text;
  HIDDEN.lastIndex = 0;
  return text.replace(
    HIDDEN,
    (ch) => `⟦U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟧`,
  );
}
