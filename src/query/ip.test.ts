import { describe, expect, it } from "vitest";
import { cidrContains, isAddressField, parseAddress, parseCidr } from "./ip";

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function inside(cidr: string, address: string): boolean {
  const network = parseCidr(cidr);
  const parsed = parseAddress(address);
  if (network === null || parsed === null) throw new Error(`${cidr} / ${address}`);
  return cidrContains(network, parsed);
}

describe("parseAddress", () => {
  it("reads IPv4 as an IPv4-mapped address", () => {
    expect(parseAddress("10.1.2.3")).toEqual(
      bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 1, 2, 3),
    );
    expect(parseAddress("255.255.255.255")).not.toBeNull();
  });

  it("refuses what is not a dotted-decimal IPv4 address", () => {
    for (const text of [
      "256.1.1.1",
      "1.2.3",
      "1.2.3.4.5",
      "01.2.3.4",
      "1.2.3.x",
      "",
      "1..2.3",
      "-1.2.3.4",
    ]) {
      expect({ text, parsed: parseAddress(text) }).toEqual({ text, parsed: null });
    }
  });

  it("reads IPv6 with :: compression, in any case", () => {
    expect(parseAddress("::")).toEqual(new Uint8Array(16));
    expect(parseAddress("::1")).toEqual(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    expect(parseAddress("2001:DB8::1")).toEqual(
      bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
    );
    expect(parseAddress("2001:db8:0:0:0:0:0:1")).toEqual(parseAddress("2001:db8::1"));
    expect(parseAddress("1::")).toEqual(bytes(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    expect(parseAddress("1:2:3:4:5:6:7:8")).toEqual(
      bytes(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8),
    );
  });

  it("reads an IPv4 tail, so that a mapped address equals its IPv4 address", () => {
    expect(parseAddress("::ffff:1.2.3.4")).toEqual(parseAddress("1.2.3.4"));
    expect(parseAddress("::FFFF:1.2.3.4")).toEqual(parseAddress("1.2.3.4"));
    expect(parseAddress("64:ff9b::1.2.3.4")).toEqual(
      bytes(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4),
    );
    expect(parseAddress("1:2:3:4:5:6:1.2.3.4")).not.toBeNull();
  });

  it("refuses malformed IPv6", () => {
    for (const text of [
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "1::2::3",
      ":::",
      "12345::",
      "gggg::",
      "fe80::1%eth0",
      "[::1]",
      ":1",
      "1:",
      "::1.2.3",
      "1:2:3:4:5:6:7:1.2.3.4",
      "1.2.3.4::",
    ]) {
      expect({ text, parsed: parseAddress(text) }).toEqual({ text, parsed: null });
    }
  });
});

describe("parseCidr and cidrContains", () => {
  it("tests IPv4 networks bit by bit", () => {
    expect(inside("10.0.0.0/8", "10.255.1.2")).toBe(true);
    expect(inside("10.0.0.0/8", "11.0.0.0")).toBe(false);
    expect(inside("10.0.128.0/17", "10.0.255.255")).toBe(true);
    expect(inside("10.0.128.0/17", "10.0.127.255")).toBe(false);
    expect(inside("192.168.1.7/32", "192.168.1.7")).toBe(true);
    expect(inside("192.168.1.7/32", "192.168.1.6")).toBe(false);
    // Host bits past the prefix do not matter.
    expect(inside("10.1.2.3/8", "10.9.9.9")).toBe(true);
  });

  it("holds every IPv4 address, and no other, in 0.0.0.0/0", () => {
    expect(inside("0.0.0.0/0", "1.2.3.4")).toBe(true);
    expect(inside("0.0.0.0/0", "255.255.255.255")).toBe(true);
    expect(inside("0.0.0.0/0", "2001:db8::1")).toBe(false);
    expect(inside("::/0", "2001:db8::1")).toBe(true);
    expect(inside("::/0", "1.2.3.4")).toBe(true);
  });

  it("tests IPv6 networks", () => {
    expect(inside("2001:db8::/32", "2001:db8:ffff::1")).toBe(true);
    expect(inside("2001:db8::/32", "2001:db9::")).toBe(false);
    expect(inside("fe80::/10", "febf::1")).toBe(true);
    expect(inside("fe80::/10", "fec0::1")).toBe(false);
    expect(inside("::1/128", "::1")).toBe(true);
  });

  it("mixes mapped and plain IPv4 both ways", () => {
    expect(inside("1.2.3.0/24", "::ffff:1.2.3.4")).toBe(true);
    expect(inside("::ffff:1.2.0.0/112", "1.2.3.4")).toBe(true);
    expect(inside("::ffff:1.2.0.0/112", "1.3.0.0")).toBe(false);
  });

  it("takes a bare address as all of its bits", () => {
    expect(parseCidr("1.2.3.4")?.prefix).toBe(128);
    expect(inside("1.2.3.4", "1.2.3.4")).toBe(true);
    expect(inside("1.2.3.4", "1.2.3.5")).toBe(false);
  });

  it("refuses prefixes out of range or badly written", () => {
    for (const text of [
      "10.0.0.0/33",
      "::/129",
      "10.0.0.0/",
      "10.0.0.0/08",
      "10.0.0.0/-1",
      "10.0.0.0/8/8",
      "x/8",
    ]) {
      expect({ text, parsed: parseCidr(text) }).toEqual({ text, parsed: null });
    }
  });
});

describe("isAddressField", () => {
  it("knows address fields by name, not network texts", () => {
    expect(isAddressField("sourceIPAddress")).toBe(true);
    expect(isAddressField("responseElements.privateIpAddress")).toBe(true);
    expect(isAddressField("requestParameters.publicIp")).toBe(true);
    expect(isAddressField("requestParameters.ipPermissions.items.ipRanges.items.cidrIp")).toBe(
      false,
    );
    expect(isAddressField("eventName")).toBe(false);
  });
});
