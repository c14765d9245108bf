import { describe, expect, it } from "vitest";
import { parseTypedTime } from "./timeInput";

describe("parseTypedTime", () => {
  it("reads dates and times in UTC", () => {
    expect(parseTypedTime("2026-11-02", "utc")).toBe(Date.UTC(2026, 10, 2));
    expect(parseTypedTime("2026-11-02 12:05", "utc")).toBe(Date.UTC(2026, 10, 2, 12, 5));
    expect(parseTypedTime(" 2026-11-02T12:05:09 ", "utc")).toBe(Date.UTC(2026, 10, 2, 12, 5, 9));
  });
  it("an explicit zone wins", () => {
    expect(parseTypedTime("2026-11-02T12:00:00+01:00", "local")).toBe(Date.UTC(2026, 10, 2, 11));
    expect(parseTypedTime("2026-11-02T12:00:00Z", "local")).toBe(Date.UTC(2026, 10, 2, 12));
  });
  it("says null for what is not a time", () => {
    for (const text of ["", "yesterday", "2026-02-30", "2026-11-02 25:00", "12:00"]) {
      expect({ text, ms: parseTypedTime(text, "utc") }).toEqual({ text, ms: null });
    }
  });
});
