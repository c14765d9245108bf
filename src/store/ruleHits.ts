// The rows each detection rule matched: per rule, a growing list of row ids in ascending order
// (rows are appended in row order, and a scan of the loaded rows adds them in row order too).
import type { AppendResult } from "./eventStore";

export class RuleHits {
  private lists: Uint32Array[] = [];
  private lengths: number[] = [];
  private changes = 0;

  /** Bumped on every change, so that derived views can memoize on it. */
  get version(): number {
    return this.changes;
  }

  /** How many rules have rows (one past the largest rule index seen). */
  get rules(): number {
    return this.lists.length;
  }

  /** The rows of `rule`, ascending. A view: do not keep it across changes. */
  rows(rule: number): Uint32Array {
    const list = this.lists[rule];
    return list === undefined ? new Uint32Array(0) : list.subarray(0, this.lengths[rule]);
  }

  /**
   * Adds a chunk's matches, pairs (rule, chunk row), translated to store rows through what the
   * store kept of the chunk: a match on a duplicate that was dropped is dropped with it.
   */
  addChunk(pairs: Uint32Array, appended: AppendResult): void {
    const { base, kept } = appended;
    let rowOf: Int32Array | null = null;
    if (kept !== null) {
      let chunkRows = 0;
      for (let i = 1; i < pairs.length; i += 2) chunkRows = Math.max(chunkRows, pairs[i] + 1);
      rowOf = new Int32Array(chunkRows).fill(-1);
      for (let j = 0; j < kept.length && kept[j] < chunkRows; j++) rowOf[kept[j]] = base + j;
    }
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const row = rowOf === null ? base + pairs[i + 1] : rowOf[pairs[i + 1]];
      if (row >= 0) this.push(pairs[i], row);
    }
    this.changes++;
  }

  /** Adds the rows a later scan found for `rule`, ascending and past its rows so far. */
  addRows(rule: number, rows: Uint32Array): void {
    for (let i = 0; i < rows.length; i++) this.push(rule, rows[i]);
    this.changes++;
  }

  clear(): void {
    this.lists = [];
    this.lengths = [];
    this.changes++;
  }

  private push(rule: number, row: number): void {
    while (this.lists.length <= rule) {
      this.lists.push(new Uint32Array(0));
      this.lengths.push(0);
    }
    let list = this.lists[rule];
    const length = this.lengths[rule];
    if (length === list.length) {
      const grown = new Uint32Array(Math.max(16, list.length * 2));
      grown.set(list);
      list = grown;
      this.lists[rule] = list;
    }
    list[length] = row;
    this.lengths[rule] = length + 1;
  }
}
