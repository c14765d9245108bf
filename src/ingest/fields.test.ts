import { describe, expect, test } from "vitest";
import { MAX_VALUE_CHARS, UNPRINTABLE, eventKeyOf, parseEventTime, text } from "./fields";

describe("parseEventTime", () => {
  test("reads CloudTrail's own form, with and without a fraction", () => {
    expect(parseEventTime("2023-07-10T12:34:56Z")).toBe(Date.UTC(2023, 6, 10, 12, 34, 56));
    expect(parseEventTime("2023-07-10T12:34:56.789Z")).toBe(Date.UTC(2023, 6, 10, 12, 34, 56, 789));
    expect(parseEventTime("2023-07-10T12:34:56.7Z")).toBe(Date.UTC(2023, 6, 10, 12, 34, 56, 700));
    expect(parseEventTime("2023-07-10T12:34:56.123456Z")).toBe(
      Date.UTC(2023, 6, 10, 12, 34, 56, 123),
    );
    // Another day right after: the cached day must not leak.
    expect(parseEventTime("2023-07-11T00:00:00Z")).toBe(Date.UTC(2023, 6, 11));
  });

  test("reads other ISO 8601 forms, as UTC when they give no zone", () => {
    expect(parseEventTime("2023-07-10T12:34:56+02:00")).toBe(Date.UTC(2023, 6, 10, 10, 34, 56));
    expect(parseEventTime("2023-07-10T12:34:56-0130")).toBe(Date.UTC(2023, 6, 10, 14, 4, 56));
    expect(parseEventTime("2013-11-01")).toBe(Date.UTC(2013, 10, 1));
    expect(parseEventTime("2023-07-10T12:34:56")).toBe(Date.UTC(2023, 6, 10, 12, 34, 56));
    expect(parseEventTime("2023-07-10 12:34:56.5Z")).toBe(Date.UTC(2023, 6, 10, 12, 34, 56, 500));
    expect(parseEventTime("2023-07-10T12:34Z")).toBe(Date.UTC(2023, 6, 10, 12, 34));
  });

  test("is NaN for what is not a date", () => {
    for (const value of [
      undefined,
      null,
      1_688_990_000_000,
      "",
      "yesterday",
      "2023-13-01T00:00:00Z",
      "2023-02-30T00:00:00Z",
      // Date.parse takes these for dates (2001-01-01, March 5th 2001 in local time, March 3rd).
      "1",
      "Mar 5",
      "2023-02-31",
      "2023-02-31T00:00:00+01:00",
      "0023-01-01T00:00:00Z",
      "2023-07-10T25:00:00",
      {},
    ]) {
      expect(parseEventTime(value)).toBeNaN();
    }
  });
});

describe("eventKeyOf", () => {
  test("a UUID's key holds its 128 bits in its first 96, whatever the case of its hex", () => {
    const key = Array.from(eventKeyOf("3fcfb182-98f8-4744-bd45-10a395ab61cb"));
    expect(key.slice(0, 2)).toEqual([0x3fcfb182, 0x98f84744]);
    expect(key[3]).toBe(0x95ab61cb);
    expect(eventKeyOf("3FCFB182-98F8-4744-BD45-10A395AB61CB")).toEqual(
      eventKeyOf("3fcfb182-98f8-4744-bd45-10a395ab61cb"),
    );
    // IDs that differ only in their last twelve digits differ in the 96 bits the store compares.
    const firsts = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      firsts.add(Array.from(eventKeyOf(id).subarray(0, 3)).join(","));
    }
    expect(firsts.size).toBe(5000);
  });

  test("a character that is not a hex digit makes the ID no UUID, whatever its code's low bits", () => {
    const uuid = eventKeyOf("3fcfb182-98f8-4744-bd45-10a395ab61c2");
    const allF = eventKeyOf("3fcfb182-98f8-4744-bd45-10a395ab61cf");
    // U+0662 and U+FF12 end in the bits of "2"; "g" and ":" sit beside the digits' ranges.
    for (const odd of ["\u0662", "\uff12", "g", ":", "G", "/"]) {
      const key = eventKeyOf(`3fcfb182-98f8-4744-bd45-10a395ab61c${odd}`);
      expect(key).not.toEqual(uuid);
      expect(key).not.toEqual(allF);
      expect(eventKeyOf(`${odd}fcfb182-98f8-4744-bd45-10a395ab61c2`)).not.toEqual(uuid);
      expect(key).toEqual(eventKeyOf(`3fcfb182-98f8-4744-bd45-10a395ab61c${odd}`));
    }
  });

  test("anything else is hashed: stable, distinct, never all zero", () => {
    const a = eventKeyOf("abcd00b0-ccfe-422d-961c-98a2198a408x");
    expect(eventKeyOf("abcd00b0-ccfe-422d-961c-98a2198a408x")).toEqual(a);
    expect(eventKeyOf("abcd00b0-ccfe-422d-961c-98a2198a408y")).not.toEqual(a);
    for (const id of [
      "x",
      "0",
      "00000000-0000-0000-0000-000000000000",
      "EXAMPLE8-9621-4d00-b913-beca2EXAMPLE",
    ]) {
      expect(Array.from(eventKeyOf(id)).some((word) => word !== 0)).toBe(true);
    }
  });
});

test("text keeps odd types as text", () => {
  expect(text("a")).toBe("a");
  expect(text(42)).toBe("42");
  expect(text(false)).toBe("false");
  expect(text({ a: [1] })).toBe('{"a":[1]}');
  expect(text(null)).toBe("");
  expect(text(undefined)).toBe("");
});

test("text clips huge values and survives values too deep to print", () => {
  const huge = text("x".repeat(50_000));
  expect(huge).toHaveLength(MAX_VALUE_CHARS);
  expect(huge.endsWith("x…")).toBe(true);
  expect(text({ policy: "y".repeat(50_000) })).toHaveLength(MAX_VALUE_CHARS);
  // An emoji straddling the cut is dropped whole, not split into a lone surrogate.
  const emoji = text(`${"a".repeat(MAX_VALUE_CHARS - 2)}😀${"b".repeat(10)}`);
  expect(emoji).toBe(`${"a".repeat(MAX_VALUE_CHARS - 2)}…`);
  const deep = JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`) as unknown;
  expect(text(deep)).toBe(UNPRINTABLE);
});
