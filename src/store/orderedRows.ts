// A selection's rows in the time order, walked out only as far as they are read. A facet click
// needs its count and the table's first screen at once; the rest of the list (the walk of the
// whole time order, the longest pass of a view at ten million rows) can follow in a task of its
// own after the frame is painted, or whenever a reader asks for more.

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
    this.fill(this.length, this.at + Math.max(1, positions));
    return this.complete || this.order === null;
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
    const { order, bits, out } = this;
    if (this.filled >= target || order === null || bits === null) return;
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
    this.filled = k;
    this.at = p;
    if (k === this.length || p === this.end) {
      // Done: what the walk read can go.
      this.order = null;
      this.bits = null;
    }
  }
}
