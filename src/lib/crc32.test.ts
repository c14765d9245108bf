import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32";

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("crc32", () => {
  it("is zlib's CRC-32 for every length up to 40 and for large inputs, at any offset", () => {
    for (let length = 0; length <= 40; length++) {
      const data = bytes(length + 3, length + 1).subarray(3);
      expect(crc32(data)).toBe(zlibCrc32(data));
    }
    const large = bytes(100_003, 7);
    expect(crc32(large)).toBe(zlibCrc32(large));
    expect(crc32(large.subarray(5))).toBe(zlibCrc32(large.subarray(5)));
    expect(crc32(new Uint8Array(64).fill(0xff))).toBe(zlibCrc32(new Uint8Array(64).fill(0xff)));
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("goes on from the CRC of what came before, cut anywhere", () => {
    const data = bytes(1000, 3);
    for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000])
      expect(crc32(data.subarray(cut), crc32(data.subarray(0, cut)))).toBe(zlibCrc32(data));
  });
});
