import { describe, expect, it } from "vitest";
import { classifySource } from "./ipKind";

describe("classifySource", () => {
  it.each([
    ["192.0.2.10", "ipv4"],
    ["10.0.0.1", "ipv4"],
    ["255.255.255.255", "ipv4"],
    ["256.1.1.1", "other"],
    ["1.2.3", "other"],
    ["2001:db8::1", "ipv6"],
    ["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "ipv6"],
    ["::1", "ipv6"],
    ["::ffff:192.0.2.1", "ipv6"],
    ["fe80::1%eth0", "ipv6"],
    ["2001:db8::1::2", "other"],
    ["2001:db8:1:2:3:4:5:6:7", "other"],
    ["AWS Internal", "internal"],
    ["aws internal", "internal"],
    ["ec2.amazonaws.com", "service"],
    ["ssm-guiconsole.amazonaws.com", "service"],
    ["elasticmapreduce.amazonaws.com.cn", "service"],
    ["amazonaws.com", "other"],
    ["evil.amazonaws.com.example.org", "other"],
    ["console.example.org", "other"],
    ["", "other"],
  ])("%s is %s", (value, kind) => {
    expect(classifySource(value)).toBe(kind);
  });
});
