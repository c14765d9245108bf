// Row lists: the ids of the rows a rule or a scan kept, ascending, as a Uint32Array. A byte mask per
// row (1 = kept) becomes a list in two passes that read four bytes at a time and skip the words
// that keep nothing: most rules keep no row or a few, and their masks are nearly all zeros.

/** The rows a mask keeps (its bytes are 0 or 1), ascending. */
export function maskRows(mask: Uint8Array): Uint32Array {
  const n = mask.length;
  // The whole words of the mask, where its bytes start on a word boundary; the rest byte by byte.
  const aligned = mask.byteOffset % 4 === 0 ? n >>> 2 : 0;
  const words = new Uint32Array(mask.buffer, aligned > 0 ? mask.byteOffset : 0, aligned);
  let count = 0;
  for (let w = 0; w < aligned; w++) {
    const word = words[w];
    // Four bytes of 0 or 1: their sum lands in the top byte of the product.
    if (word !== 0) count += Math.imul(word, 0x01010101) >>> 24;
  }
  for (let r = aligned * 4; r < n; r++) count += mask[r];
  const rows = new Uint32Array(count);
  if (count === 0) return rows;
  let k = 0;
  for (let w = 0; w < aligned && k < count; w++) {
    if (words[w] === 0) continue;
    for (let r = w * 4, end = r + 4; r < end; r++) if (mask[r] === 1) rows[k++] = r;
  }
  for (let r = aligned * 4; k < count; r++) if (mask[r] === 1) rows[k++] = r;
  return rows;
}

/** The rows in both ascending lists, ascending. */
export function intersectRows(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out[k++] = a[i];
      i++;
      j++;
    }
  }
  return out.slice(0, k);
}
