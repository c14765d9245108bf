// The passes over every row that the view is made of (store/view.ts): a bit per kept row, the
// kept rows listed from their bits, and the facet counts (the walk of the time order is in
// orderedRows.ts). Typed arrays only; the scratch buffers are kept between views and their
// contents are whatever was left.
import type { IdColumn } from "./columns";

/** Scratch kept between views: a row's status, the selected rows in row order, a bit per row. */
let statusScratch = new Uint8Array(0);
let selectedScratch = new Uint32Array(0);
let keptBitsScratch = new Int32Array(0);

/** A status byte per row of a store of `n` rows (scratch: its contents are whatever was left). */
export function statusFor(n: number): Uint8Array {
  if (statusScratch.length < n) statusScratch = new Uint8Array(n + (n >> 3));
  return statusScratch;
}

/** Room for `n` selected rows (scratch, as statusFor). */
export function selectedFor(n: number): Uint32Array {
  if (selectedScratch.length < n) selectedScratch = new Uint32Array(n + (n >> 3));
  return selectedScratch;
}

/** A bit per row of a store of `n` rows, 32 to a word (scratch, as statusFor). */
export function keptBitsFor(n: number): Int32Array {
  const words = (n + 31) >>> 5;
  if (keptBitsScratch.length < words) keptBitsScratch = new Int32Array(words + (words >> 3));
  return keptBitsScratch;
}

/**
 * 1 when `bits` is 0, else 0 (bits in 0..255): arithmetic, not a branch. The loops below run over
 * every row with conditions that hold for any share of them, where a branch per row would be
 * mispredicted about as often as not and cost several times the work itself.
 */
const zero = (bits: number): number => (bits - 1) >>> 31;

/** Whether this machine stores the low byte of a word first (every browser's does). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sets `bits` (a bit per row, 32 to a word) for rows `from` (a multiple of 32) to `n`: a row's
 * bit is `mask` at its id in `column` (0 or 1 per id). A column of bytes is read four ids a word,
 * which halves the pass (five million rows: about 8 ms read a byte at a time, 4 ms a word at a
 * time, in Node).
 */
export function maskBits(
  column: IdColumn,
  mask: Uint8Array,
  n: number,
  bits: Int32Array,
  from = 0,
): void {
  if (column instanceof Uint8Array && LITTLE_ENDIAN && column.byteOffset % 4 === 0) {
    const quads = new Uint32Array(column.buffer, column.byteOffset, column.length >>> 2);
    const full = n >>> 5;
    for (let w = from >>> 5; w < full; w++) {
      let word = 0;
      const at = w << 3;
      for (let i = 0; i < 8; i++) {
        const x = quads[at + i];
        const four =
          mask[x & 255] |
          (mask[(x >>> 8) & 255] << 1) |
          (mask[(x >>> 16) & 255] << 2) |
          (mask[x >>> 24] << 3);
        word |= four << (i << 2);
      }
      bits[w] = word;
    }
    from = Math.max(from, full << 5);
  }
  for (let w = from >>> 5, base = from; base < n; w++, base += 32) {
    const end = Math.min(base + 32, n);
    let word = 0;
    for (let r = base; r < end; r++) word |= mask[column[r]] << (r - base);
    bits[w] = word;
  }
}

/**
 * Lists the rows whose bit is set (of the first `n`), in row order, into `out`; returns how many.
 * The work goes by word and then by set bit: a word with no kept row costs one test, and a kept
 * row one lowest-bit step, where a pass writing every row would cost the same for any selection.
 */
export function listBits(bits: Int32Array, n: number, out: Uint32Array): number {
  let k = 0;
  const words = (n + 31) >>> 5;
  for (let w = 0; w < words; w++) {
    let word = bits[w];
    const base = w << 5;
    while (word !== 0) {
      const low = word & -word;
      out[k++] = base + 31 - Math.clz32(low);
      word ^= low;
    }
  }
  return k;
}

/** Rows whose id in `column` fails `mask` (0 for the id) get bit `bit` of their status. */
export function markFailures(
  status: Uint8Array,
  column: IdColumn,
  mask: Uint8Array,
  bit: number,
): void {
  const n = status.length;
  for (let r = 0; r < n; r++) status[r] |= ((mask[column[r]] & 1) ^ 1) << bit;
}

/** Counts per id over the rows that fail nothing but the filter of `flag` (status 0 or flag). */
export function countWith(
  status: Uint8Array,
  flag: number,
  column: IdColumn,
  counts: Uint32Array,
): void {
  const n = status.length;
  const others = ~flag & 0xff;
  for (let r = 0; r < n; r++) counts[column[r]] += zero(status[r] & others);
}

/**
 * Counts per id of the facets `over` (indexes into `columns` and `counts`) over the first `shown`
 * rows of `selected`, two facets a pass: each pass reads the list once for both, and the two
 * columns' reads overlap (about a third less time than a pass per facet, at a million rows).
 */
export function countAllSelected(
  selected: Uint32Array,
  shown: number,
  over: readonly number[],
  columns: readonly IdColumn[],
  counts: readonly Uint32Array[],
): void {
  let k = 0;
  for (; k + 1 < over.length; k += 2) {
    const a = over[k];
    const b = over[k + 1];
    countSelectedPair(selected, shown, columns[a], counts[a], columns[b], counts[b]);
  }
  if (k < over.length) countSelected(selected, shown, columns[over[k]], counts[over[k]]);
}

function countSelectedPair(
  selected: Uint32Array,
  shown: number,
  columnA: IdColumn,
  countsA: Uint32Array,
  columnB: IdColumn,
  countsB: Uint32Array,
): void {
  for (let i = 0; i < shown; i++) {
    const r = selected[i];
    countsA[columnA[r]]++;
    countsB[columnB[r]]++;
  }
}

/** Counts per id over the first `shown` rows of `selected`. */
function countSelected(
  selected: Uint32Array,
  shown: number,
  column: IdColumn,
  counts: Uint32Array,
): void {
  for (let i = 0; i < shown; i++) counts[column[selected[i]]]++;
}
