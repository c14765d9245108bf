// Sigma rules → the query layer's Expr (single-event rules) and SigmaCorrelation (rules over sets
// of rows). See README.md.
export { compileSigma } from "./compile";
export { evaluateCorrelation, groupSpans, holds, type MatchSpan } from "./evaluate";
export type { CorrelationMatch, CorrelationRows, CorrelationSpec } from "./evaluate";
export { parseTimespan } from "./correlation";
export { attackOf, DRL, DRL_LINK, SIGMAHQ_LINK } from "./meta";
export { MAX_DOCUMENTS, MAX_FILE_CHARS } from "./yaml";
export type {
  CorrelationCondition,
  CorrelationType,
  CountBound,
  CountOp,
  SigmaCompileResult,
  SigmaCorrelation,
  SigmaError,
  SigmaLevel,
  SigmaLogsource,
  SigmaMeta,
  SigmaRule,
} from "./types";
