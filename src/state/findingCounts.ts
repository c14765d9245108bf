// How many of a view's rows each finding points at: the facet "finding" and "new for this
// principal" both count over one marking of the view's rows.

/**
 * The marking of the last rows asked for, a bit per row of the store: the two facets of a view
 * share it, and the next view's marking reuses its words (a view of ten million rows would
 * otherwise leave ten megabytes of bytes behind at each click).
 */
let marked: { rows: Uint32Array; storeRows: number; bits: Int32Array } | null = null;

/** A bit set for each of `rows` among `storeRows` rows, made once per rows array. */
function bitsOf(rows: Uint32Array, storeRows: number): Int32Array {
  if (marked !== null && marked.rows === rows && marked.storeRows === storeRows) return marked.bits;
  const words = (storeRows + 31) >>> 5;
  let bits = marked?.bits;
  if (bits === undefined || bits.length !== words) bits = new Int32Array(words);
  else bits.fill(0);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    bits[r >>> 5] |= 1 << (r & 31);
  }
  marked = { rows, storeRows, bits };
  return bits;
}

/**
 * Per finding (its rows, ascending ids), how many are among `rows`, the view's rows out of a store
 * of `storeRows`. Everything shown: each finding's size, with no pass.
 */
export function countInView(
  findings: readonly { rows: Uint32Array }[],
  rows: Uint32Array,
  storeRows: number,
): number[] {
  if (rows.length === storeRows) return findings.map((finding) => finding.rows.length);
  if (findings.length === 0) return [];
  const bits = bitsOf(rows, storeRows);
  return findings.map(({ rows: members }) => {
    let count = 0;
    for (let i = 0; i < members.length; i++) {
      const r = members[i];
      count += (bits[r >>> 5] >>> (r & 31)) & 1;
    }
    return count;
  });
}
