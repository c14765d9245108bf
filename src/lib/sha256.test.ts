import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Random } from "./random";
import { Sha256, sha256, sha256Hex } from "./sha256";

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("sha256", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    expect(sha256Hex(text(""))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(sha256Hex(text("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(sha256Hex(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });

  it("agrees with node:crypto on every length around the block and padding boundaries", () => {
    const random = new Random(7);
    for (let length = 0; length < 300; length++) {
      const data = new Uint8Array(length);
      for (let i = 0; i < length; i++) data[i] = random.int(256);
      expect(sha256Hex(data), `length ${length}`).toBe(
        createHash("sha256").update(data).digest("hex"),
      );
    }
  });

  it("agrees with node:crypto on a large random input", () => {
    const random = new Random(8);
    const data = new Uint8Array(3_000_017);
    for (let i = 0; i < data.length; i++) data[i] = random.int(256);
    expect(Buffer.from(sha256(data)).toString("hex")).toBe(
      createHash("sha256").update(data).digest("hex"),
    );
  });
});

describe("Sha256 (in pieces)", () => {
  it("gives the one-shot digest whatever the pieces, across block boundaries", () => {
    const random = new Random(11);
    const data = new Uint8Array(1000);
    for (let i = 0; i < data.length; i++) data[i] = random.int(256);
    const whole = createHash("sha256").update(data).digest("hex");
    for (const piece of [1, 3, 63, 64, 65, 127, 500, 1000]) {
      const hasher = new Sha256();
      for (let at = 0; at < data.length; at += piece) hasher.update(data.subarray(at, at + piece));
      expect(toHex(hasher.digest()), `pieces of ${piece}`).toBe(whole);
    }
  });

  it("copies its state: a copy finishes with what had been fed when it was made", () => {
    const data = new TextEncoder().encode("x".repeat(200));
    const hasher = new Sha256().update(data.subarray(0, 130));
    const copy = hasher.copy();
    hasher.update(data.subarray(130));
    expect(toHex(copy.digest())).toBe(
      createHash("sha256").update(data.subarray(0, 130)).digest("hex"),
    );
    expect(toHex(hasher.digest())).toBe(createHash("sha256").update(data).digest("hex"));
  });
});

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}
