import { describe, expect, it } from "vitest";
import { contributorLabel, formatRatio, insightsCount, rateChange } from "./format";

describe("rateChange", () => {
  it("divides by a baseline that holds calls", () => {
    expect(rateChange(0.5, 40, 10_080)).toEqual({ rates: "0.5 → 40 /min", change: "×80" });
    expect(rateChange(2, 3, null)).toEqual({ rates: "2 → 3 /min", change: "×1.5" });
  });

  it("says a baseline without calls is none, instead of dividing by it", () => {
    expect(rateChange(0, 40, 10_080)).toEqual({
      rates: "40 /min",
      change: "new: none in the baseline",
    });
    // 0.00004/min over 7 days: 0.4 of a call.
    expect(rateChange(0.00004, 40, 10_080).change).toBe("new: none in the baseline");
  });

  it("says a baseline of a few calls in a week is almost none, with how many", () => {
    // 0.00039/min over 7 days: about 4 calls; 40/min is not ×103,020 of anything useful.
    expect(rateChange(0.00039, 40, 10_080)).toEqual({
      rates: "40 /min",
      change: "new: almost none in the baseline (about 4 calls)",
    });
    expect(rateChange(0.0001, 40, 10_080).change).toBe(
      "new: almost none in the baseline (about 1 call)",
    );
    expect(rateChange(0.00039, 40, null).change).toBe("new: almost none in the baseline");
    // 0.0016/min is about 16 calls in 7 days: against 30/min, a ratio of ×18,750 says nothing.
    expect(rateChange(0.0016, 30, 10_080)).toEqual({
      rates: "30 /min",
      change: "new: almost none in the baseline (about 16 calls)",
    });
    expect(rateChange(0.02, 19, 10_080).change).toBe("×950");
  });

  it("keeps an unknown baseline unknown", () => {
    expect(rateChange(null, 40, 10_080)).toEqual({ rates: "– → 40 /min", change: "" });
  });
});

describe("formatRatio", () => {
  it("rounds large ratios and keeps one decimal below ten", () => {
    expect(formatRatio(68.4)).toBe("×68");
    expect(formatRatio(1.54)).toBe("×1.5");
    expect(formatRatio(Infinity)).toBe("new");
    expect(formatRatio(null)).toBe("");
  });
});

describe("contributorLabel", () => {
  it("reads a null or empty error code as no error, as the facets do", () => {
    expect(contributorLabel("errorCode", "null")).toBe("(no error)");
    expect(contributorLabel("errorCode", "")).toBe("(no error)");
    expect(contributorLabel("errorCode", "AccessDenied")).toBe("AccessDenied");
  });

  it("keeps other attributes' values, an empty one as none", () => {
    expect(contributorLabel("userAgent", "null")).toBe("null");
    expect(contributorLabel("userIdentityArn", "")).toBe("(none)");
  });
});

describe("insightsCount", () => {
  it("counts the events as the summary does and the pairs as the list shows them", () => {
    expect(insightsCount(10, 5)).toBe("10 events in 5 Start/End pairs");
    expect(insightsCount(1, 1)).toBe("1 event in 1 Start/End pair");
    expect(insightsCount(0, 0)).toBe("0 events in 0 Start/End pairs");
  });
});
