import { describe, expect, it } from "vitest";
import {
  MAX_TREE_DEPTH,
  RAW_TEXT_CAP,
  deepRecordNote,
  nestingDepth,
  recordProblem,
  shownRawText,
} from "./recordView";

describe("recordProblem", () => {
  it("says a file that could not be read again may have moved", () => {
    const text = recordProblem(
      "The requested file could not be read, typically due to permission problems.",
      "AWSLogs/a.json.gz",
    );
    expect(text).toBe(
      "The record could not be read again from AWSLogs/a.json.gz: The requested file could not " +
        "be read, typically due to permission problems. The file may have been moved, changed " +
        "or deleted since it was loaded.",
    );
    expect(text).not.toContain("..");
  });

  it("never blames the file for the record's own shape", () => {
    const text = recordProblem("this record is nested too deeply to show", "a.json");
    expect(text).toBe(
      "The record was read again from a.json but cannot be shown: this record is nested too deeply to show.",
    );
    expect(text).not.toMatch(/moved|deleted|changed/);
    expect(recordProblem("Maximum call stack size exceeded", "a.json")).not.toMatch(/moved/);
  });
});

describe("nestingDepth", () => {
  it("counts the levels of objects and arrays", () => {
    expect(nestingDepth("x")).toBe(0);
    expect(nestingDepth(null)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: 2 }], c: {} })).toBe(3);
  });

  it("counts 10,000 levels without running out of stack", () => {
    const value = JSON.parse(`{"n":${"[".repeat(10_000)}1${"]".repeat(10_000)}}`) as unknown;
    expect(nestingDepth(value)).toBe(10_001);
  });
});

describe("shownRawText", () => {
  it("keeps a short text whole", () => {
    expect(shownRawText("{}")).toEqual({ text: "{}", cut: false });
  });

  it("cuts a long text to the cap", () => {
    const shown = shownRawText("x".repeat(RAW_TEXT_CAP + 5));
    expect(shown.cut).toBe(true);
    expect(shown.text).toHaveLength(RAW_TEXT_CAP);
  });
});

describe("deepRecordNote", () => {
  it("says how deep the record is and where the tree stops", () => {
    expect(deepRecordNote(10_001)).toBe(
      `This record nests 10,001 levels deep, more than can be shown whole: the tree stops at ${MAX_TREE_DEPTH} levels, and the record's text as its file holds it follows.`,
    );
    expect(deepRecordNote(null)).toContain("nests too many levels deep");
  });
});
