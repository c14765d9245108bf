import { describe, expect, it } from "vitest";
import { escapeHidden, MAX_COMBINING_RUN, revealHidden } from "./visible";

describe("revealHidden", () => {
  it("leaves ordinary text, markup and non-Latin scripts as they are", () => {
    for (const text of [
      "AssumeRole",
      "<script>alert(1)</script>",
      "日本語 ユーザー",
      "naïve café",
      "a\tb",
    ]) {
      expect(revealHidden(text)).toBe(text);
    }
  });

  it("shows bidi overrides, zero-width and control characters", () => {
    expect(revealHidden("admin\u202Egnp.exe")).toBe("admin⟦U+202E⟧gnp.exe");
    expect(revealHidden("ro\u200Bot")).toBe("ro⟦U+200B⟧ot");
    expect(revealHidden("\uFEFFx\u0000")).toBe("⟦U+FEFF⟧x⟦U+0000⟧");
    expect(revealHidden("a\u2066b\u2069")).toBe("a⟦U+2066⟧b⟦U+2069⟧");
  });

  it("is stable when called repeatedly (the pattern is global)", () => {
    for (let i = 0; i < 3; i++) expect(revealHidden("x\u200By")).toBe("x⟦U+200B⟧y");
  });
});

describe("lone surrogates", () => {
  it("shows a high or low half without its pair", () => {
    expect(revealHidden("a\uD800b")).toBe("a⟦U+D800⟧b");
    expect(revealHidden("a\uDC00b")).toBe("a⟦U+DC00⟧b");
    expect(revealHidden("\uDBFF")).toBe("⟦U+DBFF⟧");
    expect(revealHidden("x\uDFFF")).toBe("x⟦U+DFFF⟧");
    // Two halves in the wrong order are two lone halves.
    expect(revealHidden("\uDC00\uD800")).toBe("⟦U+DC00⟧⟦U+D800⟧");
  });

  it("leaves a proper pair (an emoji, a rare ideograph) alone", () => {
    for (const text of ["🚀", "\uD83D\uDE80", "𠀀", "a🚀\uD800🚀"]) {
      expect(revealHidden(text)).toBe(text.replace("\uD800", "⟦U+D800⟧"));
    }
  });
});

describe("runs of combining marks", () => {
  it("keeps the few marks writing systems stack on a letter", () => {
    for (const text of ["Vi\u1EC7t", "e\u0301\u0302", "a" + "\u0301".repeat(MAX_COMBINING_RUN)]) {
      expect(revealHidden(text)).toBe(text);
    }
  });

  it("replaces a longer run with a marker that says how long it is", () => {
    expect(revealHidden("Z" + "\u0301".repeat(10_000) + "algo")).toBe(
      "Z⟦10,000 combining marks⟧algo",
    );
    expect(revealHidden("a\u0300\u0301\u0302\u0303\u0304")).toBe("a⟦5 combining marks⟧");
    // Each run is counted on its own.
    expect(revealHidden(`a${"\u0301".repeat(6)}b${"\u20DD".repeat(7)}`)).toBe(
      "a⟦6 combining marks⟧b⟦7 combining marks⟧",
    );
  });
});

describe("escapeHidden", () => {
  it("writes hidden characters of JSON text as JSON escapes", () => {
    expect(escapeHidden(JSON.stringify("admin\u202Egnp\u200B.exe"))).toBe(
      '"admin\\u202egnp\\u200b.exe"',
    );
    expect(escapeHidden(JSON.stringify("\u2028\uFEFF"))).toBe('"\\u2028\\ufeff"');
  });

  it("keeps JSON.stringify's own escape of a lone surrogate, and marks a long run of marks", () => {
    expect(escapeHidden(JSON.stringify("a\uD800"))).toBe('"a\\ud800"');
    expect(escapeHidden(JSON.stringify("x" + "\u0301".repeat(12)))).toBe('"x⟦12 combining marks⟧"');
  });
});
