// How many of a view's rows each finding points at: the facet "finding" and "new for this
// principal" both count over one marking of the view's rows.

/** The marking of the last rows asked for: the two facets of a view share it. */
let marked: { rows: Uint32Array; storeRows: number; mask: Uint8Array } | null = null;

/** 1 for each of `rows` among `storeRows` rows, made once per rows array. */
function maskOf(rows: Uint32Array, storeRows: number): Uint8Array {
  if (marked !== null && marked.rows === rows && marked.storeRows === storeRows) return marked.mask;
  const mask = new Uint8Array(storeRows);
  for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
  marked = { rows, storeRows, mask };
  return mask;
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
  const mask = maskOf(rows, storeRows);
  return findings.map(({ rows: members }) => {
    let count = 0;
    for (let i = 0; i < members.length; i++) count += mask[members[i]];
    return count;
  });
}
