import { describe, expect, it } from "vitest";
import { revealHidden } from "./visible";

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
