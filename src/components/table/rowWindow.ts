// Which rows of a fixed-height list are in view, for any number of rows: positions are arithmetic
// (index × height), so nothing is kept per row. Past what a browser lets an element be tall, the
// scroll range is a scaled stand-in: its fraction scrolled picks the first row, and the rows are
// drawn from there, one height apart, wherever the viewport is.

/** The tallest spacer the list uses: within every browser's limit on an element's height. */
export const MAX_SPACER_PX = 8_000_000;

export interface RowWindowInput {
  count: number;
  rowHeight: number;
  /** The scroll container's scrollTop and clientHeight, in px. */
  scrollTop: number;
  viewport: number;
  /** Rows drawn beyond each edge of the view. */
  overscan: number;
  /** The spacer limit (MAX_SPACER_PX; smaller in tests). */
  maxSpacer?: number;
}

export interface RowItem {
  index: number;
  /** Top of the row in the spacer, px. */
  start: number;
}

export interface RowWindow {
  /** The spacer's height: every row's, or the scaled stand-in. */
  spacer: number;
  items: RowItem[];
}

interface Geometry {
  spacer: number;
  scaled: boolean;
  /** Rows that fit the viewport. */
  visible: number;
  /** Scroll range of the spacer, px (≥ 1). */
  range: number;
}

function geometry(count: number, rowHeight: number, viewport: number, maxSpacer: number) {
  const total = count * rowHeight;
  const spacer = Math.min(total, maxSpacer);
  const visible = Math.max(1, Math.floor(viewport / rowHeight));
  return {
    spacer,
    scaled: total > maxSpacer,
    visible,
    range: Math.max(1, spacer - viewport),
  } satisfies Geometry;
}

/** The row at the top of the view (fractional): scrollTop / height, or its scaled stand-in. */
function firstRow(g: Geometry, count: number, rowHeight: number, scrollTop: number): number {
  if (!g.scaled) return scrollTop / rowHeight;
  const fraction = Math.min(1, Math.max(0, scrollTop / g.range));
  return fraction * Math.max(0, count - g.visible);
}

export function rowWindow(input: RowWindowInput): RowWindow {
  const { count, rowHeight, scrollTop, viewport, overscan } = input;
  const g = geometry(count, rowHeight, viewport, input.maxSpacer ?? MAX_SPACER_PX);
  if (count === 0) return { spacer: 0, items: [] };
  const first = firstRow(g, count, rowHeight, scrollTop);
  const from = Math.max(0, Math.floor(first) - overscan);
  const to = Math.min(count, Math.ceil(first + viewport / rowHeight) + overscan);
  const items: RowItem[] = [];
  for (let index = from; index < to; index++) {
    // Scaled: drawn from the view's top, one height apart; otherwise simply index × height.
    const start = g.scaled ? scrollTop + (index - first) * rowHeight : index * rowHeight;
    items.push({ index, start });
  }
  return { spacer: g.spacer, items };
}

export type Align = "center" | "auto";

/**
 * The scrollTop that brings row `index` into view: centred, or ("auto") the least move that
 * shows it whole (the current scrollTop when it is already in view).
 */
export function scrollTopFor(
  index: number,
  align: Align,
  input: Omit<RowWindowInput, "overscan">,
): number {
  const { count, rowHeight, scrollTop, viewport } = input;
  const g = geometry(count, rowHeight, viewport, input.maxSpacer ?? MAX_SPACER_PX);
  const first = firstRow(g, count, rowHeight, scrollTop);
  let target: number;
  if (align === "center") target = index - (viewport / rowHeight - 1) / 2;
  else if (index < first) target = index;
  else if (index + 1 > first + viewport / rowHeight) target = index + 1 - viewport / rowHeight;
  else return scrollTop;
  if (!g.scaled) return Math.min(g.range, Math.max(0, target * rowHeight));
  const last = Math.max(1, count - g.visible);
  return Math.min(1, Math.max(0, target / last)) * g.range;
}
