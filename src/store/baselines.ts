// "Insights for any trail": per-API per-minute baselines and the minutes that stand out from them.
//
// CloudTrail Insights is paid, opt-in and its detection model is not published, so this is an
// approximation with a rule of our own (see UNUSUAL RULE below), not a reproduction of AWS's output.
//
//   rows ──▶ (series, minute) entries ──▶ per series: sorted distinct minutes + counts (sparse)
//        ──▶ one sweep in time order with a trailing 7-day window ──▶ unusual minutes ──▶ anomalies
//
// Series are sparse (distinct minutes with their counts), never a dense minute array per series:
// a month of data is 43,200 minutes, and a trail can hold thousands of APIs and error codes. Only
// minutes with at least MIN_COUNT events can be unusual, so only those are tested; the window sums
// come from prefix sums over the sparse entries (a minute with no events adds nothing to a sum).
//
// UNUSUAL RULE. For minute t of a series with count k, let the window be [t − 7 days, t) cut to the
// loaded time span (n minutes, n < 7 days when less data precedes t), λ = max(mean of the window,
// RATE_FLOOR) and φ = max(1, variance / max(mean, RATE_FLOOR)) of the window's per-minute counts.
// The minute is unusual when
//   k ≥ MIN_COUNT, at least WARMUP_MINUTES of loaded data precede it, and
//   P(X ≥ k/φ | X ~ Poisson(λ/φ)) < P_THRESHOLD        (Poisson tail, regularized gamma, log space).
// With φ = 1 this is the plain Poisson test against the 7-day average. φ is the quasi-Poisson
// dispersion: real API traffic follows office hours, so a flat 7-day average is far below every
// weekday afternoon, and a plain Poisson test alarms on each busy hour of each busy API. Scaling
// by φ keeps the test honest for rhythmic APIs and leaves steady or rare ones at plain Poisson.
// The mean (and the reported baseline) is the raw average, as AWS describes its own; the spread
// leaves out minutes already judged unusual (they count as an average minute), otherwise one burst
// would inflate φ and hide the next burst of the same API for a week.
// Unusual minutes at most MAX_GAP_MINUTES quiet minutes apart merge into one anomaly.

export * from "./baselinesCommon";
export { computeAnomalies } from "./baselinesDetect";
export {
  logGamma,
  logPoissonUpperTail,
  logRegularizedGammaP,
  poissonUpperTail,
} from "./baselinesGamma";
export { apiRate } from "./baselinesRate";
