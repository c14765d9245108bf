// CRC-32 (the checksum of zip and gzip), eight bytes at a time ("slicing by 8": eight tables of
// 256 entries, one per byte position). A table lookup per byte, as pako's and most JavaScript
// CRCs do, costs about four times as much; every byte of every file loaded goes through it.

const TABLES = (() => {
  const t = new Uint32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  // Entry n of table k: the CRC of byte n followed by k zero bytes.
  for (let k = 1; k < 8; k++)
    for (let n = 0; n < 256; n++) {
      const before = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (before >>> 8) ^ t[before & 0xff]!;
    }
  return t;
})();

/**
 * The CRC-32 of `bytes`, or of what came before them and `bytes` when `crc` is the CRC-32 of what
 * came before (0 for nothing).
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = TABLES;
  let c = ~crc;
  let i = 0;
  const whole = bytes.length - 8;
  for (; i <= whole; i += 8) {
    const a =
      c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
