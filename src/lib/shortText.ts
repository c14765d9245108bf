// Short UTF-8 byte runs (names in archive headers) as strings. A TextDecoder call costs a browser
// a few microseconds whatever its length, which for the three names of each of 30,000 tar headers
// was most of the archive's listing; ASCII, as AWS's paths are, is checked byte by byte and made
// into a string in one call (a string built a character at a time is a rope that every later
// use of the name flattens again).

const utf8 = new TextDecoder("utf-8");

/** The bytes from `start` to `end` as UTF-8 text (U+FFFD for what is not UTF-8). */
export function shortText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 256) return utf8.decode(bytes.subarray(start, end));
  for (let i = start; i < end; i++)
    if (bytes[i]! >= 0x80) return utf8.decode(bytes.subarray(start, end));
  // At most 256 codes: within any engine's limit on the arguments of one call.
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}
