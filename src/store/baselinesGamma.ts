// Gamma math for the baselines: ln Γ, the regularized lower incomplete gamma P(a, x) in log space,
// and the Poisson upper tail it gives (P(X ≥ k | X ~ Poisson(λ)) = P(k, λ), also for non-integer k).
// Pure numbers, no data: tested against known values.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln of the leading term of the series for P(a, x): the tail is at least this large, so when it
 * is already above a threshold the full series need not be summed.
 */
export function logSeriesLead(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a + 1);
}

/**
 * ln P(a, x), the regularized lower incomplete gamma function. For integer k,
 * P(X ≥ k | X ~ Poisson(λ)) = P(k, λ); the gamma form also gives the tail at a non-integer
 * k, which the dispersion-scaled test needs.
 */
export function logRegularizedGammaP(a: number, x: number): number {
  if (!(a > 0)) return 0;
  if (!(x > 0)) return -Infinity;
  if (x < a + 1) {
    // Series: P = x^a e^-x / Γ(a+1) · Σ x^n / ((a+1)…(a+n)); terms shrink by x/(a+n) < 1.
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return logSeriesLead(a, x) + Math.log(sum);
  }
  // Continued fraction for Q = 1 − P (modified Lentz); here P ≥ ~0.5, so log1p(−Q) is exact enough.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const logQ = a * Math.log(x) - x - logGamma(a) + Math.log(h);
  return Math.log1p(-Math.exp(logQ));
}

/** ln P(X ≥ k) for X ~ Poisson(λ); k may be non-integer (gamma continuation). */
export function logPoissonUpperTail(k: number, lambda: number): number {
  return logRegularizedGammaP(k, lambda);
}

/** P(X ≥ k) for X ~ Poisson(λ). Underflows to 0 far out in the tail: use logPoissonUpperTail. */
export function poissonUpperTail(k: number, lambda: number): number {
  return Math.exp(logPoissonUpperTail(k, lambda));
}
