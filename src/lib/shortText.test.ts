import { describe, expect, it } from "vitest";
import { shortText } from "./shortText";

const encode = (s: string) => new TextEncoder().encode(s);

describe("shortText", () => {
  it("reads ASCII, UTF-8 and bytes that are not UTF-8 as TextDecoder does", () => {
    const decoder = new TextDecoder();
    const cases = [
      encode(""),
      encode("AWSLogs/123456789012/CloudTrail/us-east-1/2024/06/01/x.json.gz"),
      encode("AWSLogs/région/é.json.gz"),
      encode("名前/ログ.json"),
      Uint8Array.of(0x61, 0xff, 0x62, 0xc3),
      encode("x".repeat(300) + "é"),
      encode("y".repeat(300)),
      encode("z".repeat(256)),
      encode("w".repeat(257)),
    ];
    for (const bytes of cases) {
      const padded = new Uint8Array(bytes.length + 8);
      padded.set(bytes, 4);
      expect(shortText(padded, 4, 4 + bytes.length)).toBe(decoder.decode(bytes));
    }
  });
});
