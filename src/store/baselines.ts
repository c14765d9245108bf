// "Insights for any trail": per-minute baselines per account, region and API, and the minutes
// that stand out from them.
//
// CloudTrail Insights is paid, opt-in and its detection model is not published, so this is an
// approximation with a rule of our own (see UNUSUAL RULE below), not a reproduction of AWS's output.
//
//   rows ──▶ scopes (account × region) with their hours of data      baselinesCoverage.ts
//        ──▶ (series, minute) entries ──▶ per series: sorted distinct minutes + counts (sparse)
//        ──▶ one sweep in time order with a trailing 7-day window ──▶ unusual minutes
//        ──▶ raised where the scope's window had enough data, else withheld   baselinesDetect.ts
//   Poisson tail (regularized gamma, log space)                           baselinesGamma.ts
//   one series per minute with its baseline and coverage, for the chart   baselinesRate.ts
//   input, result types, options, the rule in words                       baselinesCommon.ts
//
// A series is one API's write management calls (call rate), or its management calls failing with
// one error code (error rate), in one account (recipientAccountId) and one region: CloudTrail
// Insights keeps its baselines per trail region, and one region's traffic says nothing about a
// burst in another.
//
// Series are sparse (distinct minutes with their counts), never a dense minute array per series:
// a month of data is 43,200 minutes, and a trail can hold thousands of APIs and error codes. Only
// minutes with at least MIN_COUNT events can be unusual, so only those are tested; the window sums
// come from prefix sums over the sparse entries (a minute with no events adds nothing to a sum).
//
// UNUSUAL RULE. For minute t of a series with count k, let the window be [t − 7 days, t) cut to
// where the scope's data starts (n minutes), λ = max(mean of the window, RATE_FLOOR) and
// φ = max(1, variance / max(mean, RATE_FLOOR)) of the window's per-minute counts. The minute is
// unusual when
//   k ≥ MIN_COUNT and P(X ≥ k/φ | X ~ Poisson(λ/φ)) < P_THRESHOLD   (Poisson tail, log space).
// With φ = 1 this is the plain Poisson test against the 7-day average. φ is the quasi-Poisson
// dispersion: real API traffic follows office hours, so a flat 7-day average is far below every
// weekday afternoon, and a plain Poisson test alarms on each busy hour of each busy API. Scaling
// by φ keeps the test honest for rhythmic APIs and leaves steady or rare ones at plain Poisson.
// The mean (and the reported baseline) is the raw average, as AWS describes its own; the spread
// leaves out minutes already judged unusual (they count as an average minute), otherwise one burst
// would inflate φ and hide the next burst of the same API for a week.
//
// COVERAGE RULE (BASELINE_RULE). An unusual minute is raised only when its scope had events in at
// least MIN_COVERAGE of the 168 clock hours before the minute's hour and at least
// MIN_BASELINE_EVENTS events in them; otherwise it is withheld and counted (AnomalyResult.withheld)
// so the UI can say what was not judged. Each anomaly carries its coverage.
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
