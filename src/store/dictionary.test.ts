import { describe, expect, it } from "vitest";
import { Dictionary, MISSING_ID } from "./dictionary";

describe("Dictionary", () => {
  it("reserves id 0 for the missing value", () => {
    const dict = new Dictionary();
    expect(dict.size).toBe(1);
    expect(dict.get(MISSING_ID)).toBe("");
    expect(dict.intern("")).toBe(MISSING_ID);
    expect(dict.idOf("")).toBe(MISSING_ID);
  });

  it("interns each string once", () => {
    const dict = new Dictionary();
    const a = dict.intern("ListBuckets");
    const b = dict.intern("GetObject");
    expect(dict.intern("ListBuckets")).toBe(a);
    expect(a).not.toBe(b);
    expect(dict.size).toBe(3);
    expect(dict.get(b)).toBe("GetObject");
    expect(dict.idOf("PutObject")).toBe(-1);
    expect(dict.get(99)).toBe("");
  });

  it("merges local dictionaries numbered in different orders onto the same global ids", () => {
    const dict = new Dictionary();
    const first = dict.mergeLocal(["", "ListBuckets", "GetObject", "PutObject"]);
    const second = dict.mergeLocal(["", "PutObject", "DeleteObject", "ListBuckets"]);
    expect(Array.from(first)).toEqual([0, 1, 2, 3]);
    expect(Array.from(second)).toEqual([0, 3, 4, 1]);
    expect(dict.get(second[2])).toBe("DeleteObject");
    expect(dict.size).toBe(5);
  });

  it("changes generation only when an entry is added or on clear", () => {
    const dict = new Dictionary();
    const g0 = dict.generation;
    dict.intern("a");
    const g1 = dict.generation;
    expect(g1).not.toBe(g0);
    dict.intern("a");
    expect(dict.generation).toBe(g1);
    dict.clear();
    expect(dict.generation).not.toBe(g1);
    expect(dict.size).toBe(1);
    expect(dict.idOf("a")).toBe(-1);
  });
});
