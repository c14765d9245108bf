import { describe, expect, it } from "vitest";
import type { Match } from "./ast";
import {
  compileMatch,
  compileWildcard,
  compileWord,
  looksLikeIdentifier,
  numberOf,
  wildcardLiterals,
  wildcardRegExp,
  wordPlan,
} from "./match";

const test = (match: Match, value: string): boolean => compileMatch(match)(value);

describe("wildcards", () => {
  const glob = (pattern: string, value: string, cased = false): boolean =>
    compileWildcard(pattern, cased)(value);

  it("anchors the pattern at both ends", () => {
    expect(glob("Delete*", "DeleteBucket")).toBe(true);
    expect(glob("Delete*", "BucketDelete")).toBe(false);
    expect(glob("*Bucket", "DeleteBucket")).toBe(true);
    expect(glob("*Bucket", "DeleteBucketPolicy")).toBe(false);
    expect(glob("*boto3*", "Boto3/1.26.0 Python/3.9")).toBe(true);
    expect(glob("abc", "abc")).toBe(true);
    expect(glob("abc", "abcd")).toBe(false);
    expect(glob("", "")).toBe(true);
    expect(glob("", "a")).toBe(false);
    expect(glob("*", "")).toBe(true);
  });

  it("folds case unless cased", () => {
    expect(glob("delete*", "DeleteBucket")).toBe(true);
    expect(glob("delete*", "DeleteBucket", true)).toBe(false);
    expect(glob("Delete*", "DeleteBucket", true)).toBe(true);
  });

  it("takes ? as exactly one character", () => {
    expect(glob("a?c", "abc")).toBe(true);
    expect(glob("a?c", "ac")).toBe(false);
    expect(glob("a?c", "abbc")).toBe(false);
    expect(glob("*a?c*", "xxabcyy")).toBe(true);
    expect(glob("??", "ab")).toBe(true);
  });

  it("places the runs between stars in order", () => {
    expect(glob("a*b*c", "abc")).toBe(true);
    expect(glob("a*b*c", "aXbYc")).toBe(true);
    expect(glob("a*b*c", "acb")).toBe(false);
    expect(glob("*ab*ab*", "xabyab")).toBe(true);
    expect(glob("*ab*ab*", "xab")).toBe(false);
    expect(glob("*aba*", "abab")).toBe(true);
    expect(glob("a*a", "a")).toBe(false);
  });

  it("keeps escaped * ? and \\ literal", () => {
    expect(glob("a\\*b", "a*b")).toBe(true);
    expect(glob("a\\*b", "axb")).toBe(false);
    expect(glob("what\\?", "what?")).toBe(true);
    expect(glob("what\\?", "whatx")).toBe(false);
    expect(glob("a\\\\*", "a\\bc")).toBe(true);
    // A backslash before anything else is itself.
    expect(glob("a\\b", "a\\b")).toBe(true);
  });

  it("stays linear on patterns that make backtracking engines explode", () => {
    const started = performance.now();
    const hostile = compileWildcard(`${"*a".repeat(20)}*b`, false);
    expect(hostile("a".repeat(20_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("gives the equivalent anchored RegExp", () => {
    const re = wildcardRegExp("a.b*(x)?", false);
    expect(re.flags).toBe("is");
    expect(re.test("A.Bzz(x)!")).toBe(true);
    expect(re.test("aXbzz(x)!")).toBe(false);
    expect(re.test("za.b(x)!")).toBe(false);
    expect(wildcardRegExp("a\\*", true).test("a*")).toBe(true);
    expect(wildcardRegExp("a\\*", true).test("ab")).toBe(false);
    expect(wildcardRegExp("a", true).flags).toBe("s");
  });

  it("lists the literal runs a match must contain", () => {
    expect(wildcardLiterals("*abc?de*F", true)).toEqual(["abc", "de", "f"]);
    expect(wildcardLiterals("\\*x*", false)).toEqual(["*x"]);
    expect(wildcardLiterals("*", false)).toEqual([]);
  });
});

describe("compileMatch", () => {
  it("compares eq, contains, startswith and endswith with case folding unless cased", () => {
    expect(test({ op: "eq", value: "ConsoleLogin", cased: false }, "consolelogin")).toBe(true);
    expect(test({ op: "eq", value: "ConsoleLogin", cased: true }, "consolelogin")).toBe(false);
    expect(test({ op: "eq", value: "a", cased: false }, "ab")).toBe(false);
    expect(test({ op: "contains", value: "BOTO", cased: false }, "aws-boto3")).toBe(true);
    expect(test({ op: "contains", value: "BOTO", cased: true }, "aws-boto3")).toBe(false);
    expect(test({ op: "startswith", value: "get", cased: false }, "GetObject")).toBe(true);
    expect(test({ op: "startswith", value: "Object", cased: false }, "GetObject")).toBe(false);
    expect(test({ op: "endswith", value: "OBJECT", cased: false }, "GetObject")).toBe(true);
    expect(test({ op: "endswith", value: "OBJECT", cased: true }, "GetObject")).toBe(false);
  });

  it("takes a column's empty text as absent for exists and null", () => {
    expect(test({ op: "exists" }, "x")).toBe(true);
    expect(test({ op: "exists" }, "")).toBe(false);
    expect(test({ op: "null" }, "")).toBe(true);
    expect(test({ op: "null" }, "x")).toBe(false);
  });

  it("tests addresses against networks, and nothing else", () => {
    const cidr: Match = { op: "cidr", cidr: "10.0.0.0/8" };
    expect(test(cidr, "10.20.30.40")).toBe(true);
    expect(test(cidr, "11.20.30.40")).toBe(false);
    expect(test(cidr, "::ffff:10.0.0.1")).toBe(true);
    expect(test(cidr, "ec2.amazonaws.com")).toBe(false);
    expect(test(cidr, "")).toBe(false);
    expect(test({ op: "cidr", cidr: "2001:db8::/32" }, "2001:DB8:1::5")).toBe(true);
    expect(() => compileMatch({ op: "cidr", cidr: "10.0.0.0/40" })).toThrow(/10\.0\.0\.0\/40/);
  });

  it("compares numbers only where the text is a decimal number", () => {
    expect(test({ op: "num", cmp: "gt", value: 4 }, "5")).toBe(true);
    expect(test({ op: "num", cmp: "gt", value: 5 }, "5")).toBe(false);
    expect(test({ op: "num", cmp: "gte", value: 5 }, "5.0")).toBe(true);
    expect(test({ op: "num", cmp: "lt", value: 0 }, "-0.5")).toBe(true);
    expect(test({ op: "num", cmp: "lte", value: 1000 }, "1e3")).toBe(true);
    for (const text of ["", "abc", "0x10", "Infinity", "5 ", "1e999", "NaN"]) {
      expect({ text, holds: test({ op: "num", cmp: "gt", value: -1e9 }, text) }).toEqual({
        text,
        holds: false,
      });
    }
    expect(numberOf(".5")).toBe(0.5);
  });

  it("searches with RE2, unanchored, with the flags given", () => {
    expect(test({ op: "re", source: "^Delete", flags: "" }, "DeleteBucket")).toBe(true);
    expect(test({ op: "re", source: "^Delete", flags: "" }, "deleteBucket")).toBe(false);
    expect(test({ op: "re", source: "^Delete", flags: "i" }, "deleteBucket")).toBe(true);
    expect(test({ op: "re", source: "Bucket", flags: "" }, "DeleteBucketPolicy")).toBe(true);
    expect(test({ op: "re", source: "a.b", flags: "" }, "a\nb")).toBe(false);
    expect(test({ op: "re", source: "a.b", flags: "s" }, "a\nb")).toBe(true);
    expect(test({ op: "re", source: "^b$", flags: "m" }, "a\nb\nc")).toBe(true);
    expect(test({ op: "re", source: "(?<name>x)y", flags: "" }, "xy")).toBe(true);
  });

  it("refuses what RE2 cannot do with an error naming the pattern", () => {
    expect(() => compileMatch({ op: "re", source: "(a)\\1", flags: "" })).toThrow(/\(a\)\\1/);
    expect(() => compileMatch({ op: "re", source: "a(?=b)", flags: "" })).toThrow(/a\(\?=b\)/);
    expect(() => compileMatch({ op: "re", source: "[", flags: "" })).toThrow(/not supported/);
    expect(() => compileMatch({ op: "re", source: "a", flags: "g" })).toThrow(/flag "g"/);
  });

  it("runs a catastrophic pattern for a backtracking engine in linear time", () => {
    const started = performance.now();
    expect(test({ op: "re", source: "^(a+)+$", flags: "" }, `${"a".repeat(50_000)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("compiles each match once", () => {
    const match: Match = { op: "re", source: "x+", flags: "i" };
    expect(compileMatch(match)).toBe(compileMatch({ ...match }));
  });

  it("leaves fieldref to the record evaluator", () => {
    expect(() => compileMatch({ op: "fieldref", field: "b", cased: false })).toThrow(/record/);
  });
});

describe("identifiers and words", () => {
  it("knows addresses, access key ids and ARNs", () => {
    for (const word of [
      "10.0.0.1",
      "2001:db8::1",
      "::ffff:1.2.3.4",
      "AKIAIOSFODNN7EXAMPLE",
      "ASIAXYZXYZXYZXYZ",
      "arn:aws:iam::123456789012:user/Bob",
    ]) {
      expect({ word, identifier: looksLikeIdentifier(word) }).toEqual({ word, identifier: true });
    }
    for (const word of [
      "delete",
      "10.0.0",
      "AKIA123",
      "akiaiosfodnn7example",
      "ARN",
      "AKIAIOSFODNN7EXAMPL-",
    ]) {
      expect({ word, identifier: looksLikeIdentifier(word) }).toEqual({ word, identifier: false });
    }
  });

  it("plans a word as a wildcard, an equality or a substring", () => {
    expect(wordPlan("Delete*")).toEqual({ kind: "wildcard", pattern: "Delete*" });
    expect(wordPlan("10.0.0.1")).toEqual({ kind: "equals", value: "10.0.0.1" });
    expect(wordPlan("AKIAIOSFODNN7EXAMPLE")).toEqual({
      kind: "equals",
      value: "akiaiosfodnn7example",
    });
    expect(wordPlan("Access")).toEqual({ kind: "contains", value: "access" });
    expect(wordPlan("a\\*b")).toEqual({ kind: "contains", value: "a*b" });
  });

  it("tests one indexed text for a word", () => {
    expect(compileWord("denied")("AccessDenied")).toBe(true);
    expect(compileWord("10.0.0.1")("10.0.0.10")).toBe(false);
    expect(compileWord("10.0.0.1")("10.0.0.1")).toBe(true);
    expect(compileWord("Access*")("accessdenied")).toBe(true);
    expect(compileWord("Access*")("NoAccess")).toBe(false);
  });
});
