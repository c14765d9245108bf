import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCount,
  asSentence,
  formatCountOf,
  formatDuration,
  formatTime,
  zoneLabel,
} from "./format";

describe("format", () => {
  it("counts with thousands separators", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
  });
  it("bytes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(300 * 1024 * 1024)).toBe("300 MB");
  });
  it("durations", () => {
    expect(formatDuration(2.345)).toBe("2.3 s");
    expect(formatDuration(125)).toBe("2 min 5 s");
    expect(formatDuration(Number.NaN)).toBe("–");
  });
  it("times in UTC, and no time for NaN", () => {
    expect(formatTime(Date.UTC(2023, 6, 10, 12, 32, 49), "utc")).toBe("2023-07-10 12:32:49");
    expect(formatTime(Number.NaN, "utc")).toBe("no time");
    expect(zoneLabel("utc")).toBe("UTC");
    // Tests run with TZ=UTC, so local time is UTC+00:00.
    expect(zoneLabel("local")).toBe("UTC+00:00");
  });
});

describe("formatCountOf", () => {
  it("puts the noun in the singular for exactly one", () => {
    expect(formatCountOf(1, "record")).toBe("1 record");
    expect(formatCountOf(1, "entry", "entries")).toBe("1 entry");
  });

  it("puts it in the plural for none, several and fractions", () => {
    expect(formatCountOf(0, "record")).toBe("0 records");
    expect(formatCountOf(2, "record")).toBe("2 records");
    expect(formatCountOf(1024, "entry", "entries")).toBe("1,024 entries");
    expect(formatCountOf(1.5, "day")).toBe("1.5 days");
  });
});

describe("asSentence", () => {
  it("adds a full stop to a message without one", () => {
    expect(asSentence("the file reader stopped")).toBe("the file reader stopped.");
  });

  it("adds none to a message that already ends a sentence", () => {
    expect(asSentence("The requested file could not be read.")).toBe(
      "The requested file could not be read.",
    );
    expect(asSentence("really?")).toBe("really?");
    expect(asSentence("and so on… ")).toBe("and so on…");
  });
});
