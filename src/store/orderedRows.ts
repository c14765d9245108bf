// A selection's rows in the time order, walked out only as far as they are read. A facet click
// needs its count and the table's first screen at once; the rest of the list (the walk of the
// whole time order, the longest pass of a view at ten million rows) can follow in a task of its
// own after the frame is painted, or whenever a reader asks for more.
import type { IdColumn } from "./columns";
import { maskBits } from "./viewPasses";

/** A selection by one column's ids: a row is kept when `mask` is 1 at its id. */
export interface KeptBy {
  column: IdColumn;
  mask: Uint8Array;
  /** Rows of the store (the bits cover these). */
  n: number;
}

/**
 * A first screen read from a selection by ids (KeptBy) walks at most this many places of the
 * order reading the column itself; past that, or for more rows, the bits are made.
 */
const HEAD_ROWS = 512;
const HEAD_PLACES = 1 << 15;

/**
 * The rows of a selection in order. Either complete from the start (`of`) or made by walking a
 * time order and keeping the rows whose bit is set (`walk`), as far as `upTo` asks and the
 * whole way for `all`. The walk resumes where it stopped, so no row is walked twice.
 */
export class OrderedRows {
  /** How many rows the selection has (known before they are listed). */
  readonly length: number;
  private readonly out: Uint32Array;
  private filled: number;
  /** The walk still to do: its place in the order, its end, the bits it reads. */
  private order: Uint32Array | null;
  private at: number;
  private readonly end: number;
  private bits: Int32Array | null;
  /** A selection by ids whose bits are not all made yet (walkKept), and the rows they cover. */
  private keptBy: KeptBy | null = null;
  private bitsMade = 0;
  /** Few rows kept or most of them: a branch on the bit is predicted (see fill). */
  private readonly predictable: boolean;

  private constructor(
    out: Uint32Array,
    filled: number,
    order: Uint32Array | null,
    at: number,
    end: number,
    bits: Int32Array | null,
  ) {
    this.length = out.length;
    this.out = out;
    this.filled = filled;
    this.order = order;
    this.at = at;
    this.end = end;
    this.bits = bits;
    const span = end - at;
    this.predictable = this.length * 6 < span || this.length * 6 > span * 5;
  }

  /** Rows listed already. */
  static of(rows: Uint32Array): OrderedRows {
    return new OrderedRows(rows, rows.length, null, 0, 0, null);
  }

  /**
   * The `shown` rows whose bit is set, in the order `order[lo..hi)` lists them. `bits` (a bit
   * per row, 32 to a word) becomes this object's: the caller must not change it afterwards.
   */
  static walk(
    order: Uint32Array,
    lo: number,
    hi: number,
    bits: Int32Array,
    shown: number,
  ): OrderedRows {
    return new OrderedRows(new Uint32Array(shown), 0, order, lo, hi, bits);
  }

  /**
   * The `shown` rows that `kept` keeps, in the order `order[lo..hi)` lists them. The bits are made
   * when the walk goes past a first screen: that screen reads the ids in the column (a read at
   * random per place of the order, a few thousand at most), so a click's frame does not wait for a
   * pass over every row.
   */
  static walkKept(
    order: Uint32Array,
    lo: number,
    hi: number,
    kept: KeptBy,
    shown: number,
  ): OrderedRows {
    const rows = new OrderedRows(new Uint32Array(shown), 0, order, lo, hi, null);
    rows.keptBy = kept;
    return rows;
  }

  /** Whether every row is listed (nothing left to walk). */
  get complete(): boolean {
    return this.filled === this.length;
  }

  /** The first `count` rows (all of them when there are fewer). */
  upTo(count: number): Uint32Array {
    const target = Math.min(Math.max(0, count), this.length);
    this.fill(target);
    return this.out.subarray(0, target);
  }

  /** Every row. */
  all(): Uint32Array {
    this.fill(this.length);
    return this.out;
  }

  /**
   * Walks on over at most `positions` places of the order (a slice of the work, for a task of
   * its own); true once every row is listed.
   */
  step(positions: number): boolean {
    if (this.keptBy !== null && this.filled < this.length) {
      // The bits first, a slice at a time: twice as many rows a slice as places of the walk.
      this.makeBits(this.bitsMade + 2 * Math.max(32, positions));
      if (this.keptBy !== null) return false;
    }
    this.fill(this.length, this.at + Math.max(1, positions));
    return this.complete || this.order === null;
  }

  /** Makes the bits of a selection by ids for rows up to `rows` (all of them: the walk uses them). */
  private makeBits(rows: number): void {
    const keptBy = this.keptBy;
    if (keptBy === null) return;
    const { column, mask, n } = keptBy;
    if (this.bits === null) this.bits = new Int32Array((n + 31) >>> 5);
    const end = rows >= n ? n : rows - (rows & 31);
    maskBits(column, mask, end, this.bits, this.bitsMade);
    this.bitsMade = end;
    if (end === n) this.keptBy = null;
  }

  /** The row at `position` (0 ≤ position < length). */
  rowAt(position: number): number {
    return this.upTo(position + 1)[position];
  }

  /** Where `row` is in the order, or -1. */
  indexOf(row: number): number {
    return this.all().indexOf(row);
  }

  /**
   * Walks on until `target` rows are listed. The walk reads the bits at random: a bit per row
   * (125 KB at a million rows) stays in the cache, where a byte per row would not. When few rows
   * are kept, or most are, a branch on the bit is predicted and the reads of the bits overlap;
   * about half kept, every row is written and the count moves on past the kept ones instead (a
   * branch would be mispredicted half the time).
   */
  private fill(target: number, stop = Infinity): void {
    if (this.filled >= target || this.order === null) return;
    if (this.keptBy !== null) {
      if (this.bitsMade === 0 && target <= HEAD_ROWS && this.head(target, stop)) return;
      this.makeBits(Infinity);
    }
    const { order, bits, out } = this;
    if (order === null || bits === null) return;
    const end = Math.min(this.end, stop);
    let k = this.filled;
    let p = this.at;
    if (this.predictable) {
      for (; p < end && k < target; p++) {
        const r = order[p];
        if (((bits[r >>> 5] >>> (r & 31)) & 1) !== 0) out[k++] = r;
      }
    } else {
      for (; p < end && k < target; p++) {
        const r = order[p];
        out[k] = r;
        k += (bits[r >>> 5] >>> (r & 31)) & 1;
      }
    }
    this.moved(k, p);
  }

  /**
   * The first screen of a selection by ids, read from its column: true when it reached `target`
   * rows or `stop` within HEAD_PLACES places of the order (else the bits are needed).
   */
  private head(target: number, stop: number): boolean {
    const { order, keptBy, out } = this;
    if (order === null || keptBy === null) return true;
    const { column, mask } = keptBy;
    const end = Math.min(this.end, stop, this.at + HEAD_PLACES);
    let k = this.filled;
    let p = this.at;
    for (; p < end && k < target; p++) {
      const r = order[p];
      if (mask[column[r]] === 1) out[k++] = r;
    }
    this.moved(k, p);
    return k >= target || p >= Math.min(this.end, stop);
  }

  private moved(filled: number, at: number): void {
    this.filled = filled;
    this.at = at;
    if (filled === this.length || at === this.end) {
      // Done: what the walk read can go.
      this.order = null;
      this.bits = null;
      this.keptBy = null;
    }
  }
}
