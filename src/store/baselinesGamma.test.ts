import { describe, expect, it } from "vitest";
import { logPoissonUpperTail, logRegularizedGammaP, poissonUpperTail } from "./baselinesGamma";

describe("Poisson tail", () => {
  it("matches known values", () => {
    const known: [number, number, number][] = [
      [5, 1, 0.003659846827343713],
      [10, 2, 4.649807501726386e-5],
      [100, 100, 0.5132987982791487],
      [20, 3.5, 1.131426237424723e-9],
      [50, 10, 1.8547268838698457e-19],
      [1, 0.5, 0.3934693402873665],
      [30, 0.01, 3.733680025912573e-93],
    ];
    for (const [k, lambda, p] of known) {
      expect(poissonUpperTail(k, lambda) / p).toBeCloseTo(1, 9);
    }
  });

  it("stays finite in log space far out in the tail", () => {
    expect(logPoissonUpperTail(1000, 1)).toBeCloseTo(-5913.127178988828, 6);
    expect(logPoissonUpperTail(500, 20)).toBeCloseTo(-1133.423586295037, 6);
    expect(logPoissonUpperTail(200, 0.001)).toBeCloseTo(-2244.784038013696, 6);
  });

  it("handles the edges and non-integer k", () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(poissonUpperTail(3, 0)).toBe(0);
    expect(Math.exp(logRegularizedGammaP(2.5, 0.3))).toBeCloseTo(0.011996757205906265, 13);
    expect(Math.exp(logRegularizedGammaP(7.25, 1.5))).toBeCloseTo(0.000612614450060704, 15);
    expect(Math.exp(logRegularizedGammaP(3, 12))).toBeCloseTo(0.9994777419499671, 13);
  });
});
