// Hostile rule files give errors, never a hang, a crash or a polluted prototype; a good rule
// beside a bad one still compiles.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SIGMA_RULES } from "../../lib/testing/samples";
import { compileSigma } from "./compile";
import { MAX_DOCUMENTS } from "./yaml";
import { ruleText } from "./testkit";

const GOOD = ruleText("sel:\n  eventName: A\ncondition: sel", "title: Good\nid: good\n");

/**
 * Compiles within `ms` and returns the reasons. The bound catches what grows faster than the
 * input (a parser's quadratic key check, an alias expansion), not speed: the machine running the
 * tests may be busy, so it is generous.
 */
function reasons(text: string, ms = 15_000): string[] {
  const start = performance.now();
  const result = compileSigma(text, "hostile.yml");
  expect(performance.now() - start).toBeLessThan(ms);
  return result.errors.map((e) => e.reason);
}

function aliasBomb(levels: number): string {
  let text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (let i = 1; i <= levels; i++) {
    text += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]\n`;
  }
  return `${text}title: Bomb\ndetection:\n  sel:\n    eventName: *a${levels}\n  condition: sel\n`;
}

describe("hostile YAML", () => {
  it("900 000 open brackets", () => {
    expect(reasons(`title: x\ndetection: ${"[".repeat(900_000)}`)).toEqual([
      "nested deeper than 64 levels",
    ]);
  });

  it("deep flow maps", () => {
    expect(reasons("{a: ".repeat(200_000))).toEqual(["nested deeper than 64 levels"]);
  });

  it("deep block nesting, shallow and very deep", () => {
    const nest = (levels: number): string =>
      Array.from({ length: levels }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
    expect(reasons(nest(100))).toEqual(["YAML not read: nested deeper than 32 levels"]);
    const [reason] = reasons(nest(1400));
    expect(reason).toMatch(/YAML|nested/);
  });

  it("a billion laughs", () => {
    const [reason] = reasons(aliasBomb(9));
    expect(reason).toMatch(/^YAML not read: .*alias/i);
  });

  it("a 5 MB file", () => {
    const big = `${GOOD}# ${"x".repeat(5_000_000)}\n`;
    expect(reasons(big)).toEqual(["file too large (5.0 MB; at most 1 MB)"]);
  });

  it("too many documents", () => {
    expect(reasons(`${GOOD}---\n`.repeat(MAX_DOCUMENTS + 5))).toEqual([
      `more than ${MAX_DOCUMENTS} YAML documents`,
    ]);
  });

  it("documents that are not maps, beside a good rule", () => {
    const result = compileSigma(
      ["- a\n- b", "42", "'text'", "[1, 2]", "~", GOOD].join("\n---\n"),
      "h.yml",
    );
    expect(result.rules.map((rule) => rule.id)).toEqual(["good"]);
    expect(result.errors.map((e) => e.title)).toEqual([
      "document 1",
      "document 2",
      "document 3",
      "document 4",
    ]);
  });

  it("a re with a backreference, beside a good rule", () => {
    const bad = ruleText("sel:\n  eventName|re: '(a+)\\1'\ncondition: sel", "title: Backref\n");
    const result = compileSigma(`${bad}---\n${GOOD}`, "h.yml");
    expect(result.rules.map((rule) => rule.id)).toEqual(["good"]);
    expect(result.errors).toEqual([
      {
        file: "h.yml",
        title: "Backref",
        reason: expect.stringMatching(/regular expression .*\\1/),
      },
    ]);
  });

  it("a re too big to run on every record, beside a good rule", () => {
    const bad = ruleText("sel:\n  userAgent|re: '[a-z]{1000}'\ncondition: sel", "title: Big\n");
    const result = compileSigma(`${bad}---\n${GOOD}`, "h.yml");
    expect(result.rules.map((rule) => rule.id)).toEqual(["good"]);
    expect(result.errors.map((e) => e.reason)).toEqual([
      expect.stringMatching(
        /^regular expression "\[a-z\]\{1000\}" is too big \(\d+ steps; at most 1000\)$/,
      ),
    ]);
    // What real rules write stays well below.
    const email = ruleText(
      "sel:\n  requestParameters.email|re: '[\\w.-]{1,64}@[\\w.-]{1,255}'\ncondition: sel",
    );
    expect(compileSigma(email, "e.yml").errors).toEqual([]);
  });

  it("not YAML at all", () => {
    const garbage = Array.from({ length: 20_000 }, (_, i) =>
      String.fromCharCode((i * 7919) % 0xd7ff),
    ).join("");
    expect(reasons(garbage).length).toBeGreaterThan(0);
    expect(reasons("title: [unclosed\ndetection: {")[0]).toMatch(/^invalid YAML/);
    expect(reasons("a: 1\na: 2\n")[0]).toMatch(/^invalid YAML: the key "a" is repeated/);
  });

  it("__proto__ keys stay keys", () => {
    const text = ruleText(
      "__proto__:\n  polluted: yes\nsel:\n  __proto__: x\ncondition: sel",
      "title: Proto\n__proto__:\n  polluted: yes\n",
    );
    const result = compileSigma(text, "p.yml");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.rules[0]!.expr).toEqual({
      kind: "term",
      field: "__proto__",
      match: { op: "eq", value: "x", cased: false },
    });
  });

  it("field names that are members of Object.prototype stay names", () => {
    const text = ruleText(
      "sel:\n  constructor: x\n  toString|fieldref: hasOwnProperty\ncondition: sel",
    );
    expect(compileSigma(text, "o.yml").rules[0]!.expr).toEqual({
      kind: "and",
      items: [
        { kind: "term", field: "constructor", match: { op: "eq", value: "x", cased: false } },
        {
          kind: "term",
          field: "toString",
          match: { op: "fieldref", field: "hasOwnProperty", cased: false },
        },
      ],
    });
  });

  it("a map of 100 000 keys is read in linear time", () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join("\n");
    expect(reasons(`${keys}\nk5: again\n`)).toEqual([
      'invalid YAML: the key "k5" is repeated in a map',
    ]);
  });

  it("tags never build objects: a value is only its text", () => {
    const text = ruleText(
      "sel:\n  eventName: !!js/function 'function () { return 1 }'\n  errorCode: !!binary aGVsbG8=\ncondition: sel",
    );
    const [rule] = compileSigma(text, "t.yml").rules;
    expect(rule!.expr).toEqual({
      kind: "and",
      items: [
        {
          kind: "term",
          field: "eventName",
          match: { op: "eq", value: "function () { return 1 }", cased: false },
        },
        { kind: "term", field: "errorCode", match: { op: "eq", value: "aGVsbG8=", cased: false } },
      ],
    });
  });

  it("ten thousand selections under `1 of them`", () => {
    const selections = Array.from({ length: 10_000 }, (_, i) => `s${i}:\n  eventName: E${i}`).join(
      "\n",
    );
    const start = performance.now();
    const result = compileSigma(ruleText(`${selections}\ncondition: 1 of them`), "many.yml");
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(result.errors).toEqual([]);
    expect(result.rules[0]!.expr).toMatchObject({ kind: "or", items: { length: 10_000 } });
  });

  it("a large file of real rules compiles in reasonable time", () => {
    const dir = SIGMA_RULES;
    const all = readdirSync(dir)
      .map((name) => readFileSync(join(dir, name), "utf8"))
      .join("---\n");
    const many = Array.from({ length: 11 }, () => all).join("---\n"); // 627 rules, ~0.96 MB
    const start = performance.now();
    const result = compileSigma(many, "big.yml");
    expect(performance.now() - start).toBeLessThan(15_000);
    expect([result.rules.length, result.errors]).toEqual([57 * 11, []]);
  });
});
