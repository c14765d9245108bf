// Row lists: the ids of the rows a rule or a scan kept, ascending, as a Uint32Array. A byte mask per
// row (1 = kept) becomes a list in two passes that read four bytes at a time and skip the words
// that keep nothing: most rules keep no row or a few, and their masks are nearly all zeros.

/** The whole words of a mask, where its bytes start on a word boundary (else none). */
function wordsOf(mask: Uint8Array): Uint32Array {
  const aligned = mask.byteOffset % 4 === 0 ? mask.length >>> 2 : 0;
  return new Uint32Array(mask.buffer, aligned > 0 ? mask.byteOffset : 0, aligned);
}

/** The kept rows in these words of a mask. */
function countWords(words: Uint32Array): number {
  let count = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    // Four bytes of 0 or 1: their sum lands in the top byte of the product.
    if (word !== 0) count += Math.imul(word, 0x01010101) >>> 24;
  }
  return count;
}

/**
 * Writes the kept rows of these words of `mask` (its word `first` on) at rows[k…]; returns the
 * next k.
 */
function listWords(
  mask: Uint8Array,
  words: Uint32Array,
  first: number,
  rows: Uint32Array,
  k: number,
): number {
  for (let w = 0; w < words.length && k < rows.length; w++) {
    if (words[w] === 0) continue;
    for (let r = (first + w) * 4, end = r + 4; r < end; r++) if (mask[r] === 1) rows[k++] = r;
  }
  return k;
}

/** The rows a mask keeps (its bytes are 0 or 1), ascending. */
export function maskRows(mask: Uint8Array): Uint32Array {
  const words = wordsOf(mask);
  let count = countWords(words);
  for (let r = words.length * 4; r < mask.length; r++) count += mask[r];
  const rows = new Uint32Array(count);
  if (count === 0) return rows;
  let k = listWords(mask, words, 0, rows, 0);
  for (let r = words.length * 4; k < count && r < mask.length; r++)
    if (mask[r] === 1) rows[k++] = r;
  return rows;
}

/**
 * `maskRows` in steps: it yields after every `sliceBytes` bytes of the mask read, in each of its
 * two passes (the mask of a store of ten million rows is two passes of tens of milliseconds).
 */
export function* maskRowsSteps(mask: Uint8Array, sliceBytes: number): Generator<void, Uint32Array> {
  const words = wordsOf(mask);
  const slice = Math.max(1, Math.floor(sliceBytes / 4));
  let count = 0;
  for (let from = 0; from < words.length; from += slice) {
    count += countWords(words.subarray(from, from + slice));
    yield;
  }
  for (let r = words.length * 4; r < mask.length; r++) count += mask[r];
  const rows = new Uint32Array(count);
  if (count === 0) return rows;
  let k = 0;
  for (let from = 0; from < words.length && k < count; from += slice) {
    k = listWords(mask, words.subarray(from, from + slice), from, rows, k);
    yield;
  }
  for (let r = words.length * 4; k < count && r < mask.length; r++)
    if (mask[r] === 1) rows[k++] = r;
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
