import { describe, expect, it } from "vitest";
import { memoryTargetText } from "./measure";

describe("memoryTargetText", () => {
  it("holds a million events and more to 120 B an event, smaller sets to 1 KB", () => {
    expect(memoryTargetText(1_000_000, 114)).toBe("memory <= 120 B/event PASS");
    expect(memoryTargetText(10_000_000, 121)).toBe("memory <= 120 B/event MISS");
    expect(memoryTargetText(40_000, 861, "tar memory")).toBe("tar memory <= 1.0 KB/event PASS");
    expect(memoryTargetText(999_999, 1025)).toBe("memory <= 1.0 KB/event MISS");
  });
});
