// Short UTF-8 byte runs (names in archive headers) as strings. A TextDecoder call costs a browser
// a few microseconds whatever its length, which for the three names of each of 30,000 tar headers
// was most of the archive's listing; ASCII, as AWS's paths are, is read here byte by byte.

const utf8 = new TextDecoder("utf-8");

/** The bytes from `start` to `end` as UTF-8 text (U+FFFD for what is not UTF-8). */
export function shortText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 256) return utf8.decode(bytes.subarray(start, end));
  let text = "";
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return utf8.decode(bytes.subarray(start, end));
    text += String.fromCharCode(c);
  }
  return text;
}
