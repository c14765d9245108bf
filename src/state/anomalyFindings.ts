// The anomalies' findings: the rows of each computed anomaly (its API, account, region and
// minutes, and its error code for an error rate) as a finding, worked out in steps over the rows.
import { MINUTE_MS, type AnomalyResult } from "../store/baselines";
import type { Finding } from "./detections";
import { ownFinding } from "./findingFacts";
import type { Session } from "./session";

/** Rows read between yields: a millisecond or two. */
const STEP_ROWS = 1 << 16;

/**
 * The findings of `result`'s anomalies over the session's rows, in one pass that yields after
 * every `stepRows` rows. The store must not change between steps (the caller drops the result
 * of a pass over data that changed).
 */
export function* anomalyFindingSteps(
  session: Session,
  result: AnomalyResult,
  stepRows = STEP_ROWS,
): Generator<void, Finding[]> {
  const { store } = session;
  const names = store.dict("eventName");
  const sources = store.dict("eventSource");
  const errors = store.dict("errorCode");
  const out: Finding[] = [];
  // One pass over the rows for every anomaly: each row is tested only against the anomalies
  // of its API.
  const nameColumn = store.column("eventName");
  const sourceColumn = store.column("eventSource");
  const errorColumn = store.column("errorCode");
  const byApi = new Map<number, number[]>();
  const rowsOf: number[][] = result.anomalies.map(() => []);
  const keyOf = (nameId: number, sourceId: number) => nameId * sources.size + sourceId;
  // Most rows are of an API with no anomaly: a byte per eventName id turns them away before the
  // lookup by API.
  const named = new Uint8Array(names.size);
  result.anomalies.forEach((anomaly, k) => {
    const nameId = names.idOf(anomaly.eventName);
    const sourceId = sources.idOf(anomaly.eventSource);
    if (nameId < 0 || sourceId < 0) return;
    named[nameId] = 1;
    const key = keyOf(nameId, sourceId);
    const list = byApi.get(key);
    if (list === undefined) byApi.set(key, [k]);
    else list.push(k);
  });
  const errorIds = result.anomalies.map((anomaly) =>
    anomaly.errorCode === "" ? -1 : errors.idOf(anomaly.errorCode),
  );
  // An anomaly is one account and region's series: its rows are that account's, in that region.
  const accountColumn = store.column("account");
  const regionColumn = store.column("awsRegion");
  const accountIds = result.anomalies.map((a) => store.dict("account").idOf(a.account));
  const regionIds = result.anomalies.map((a) => store.dict("awsRegion").idOf(a.awsRegion));
  const ends = result.anomalies.map(
    (anomaly) => anomaly.start + Math.max(1, anomaly.minutes) * MINUTE_MS,
  );
  const n = store.rows;
  const time = store.time;
  for (let from = 0; from < n; from += stepRows) {
    const end = Math.min(n, from + stepRows);
    for (let r = from; r < end; r++) {
      if (named[nameColumn[r]] === 0) continue;
      const list = byApi.get(keyOf(nameColumn[r], sourceColumn[r]));
      if (list === undefined) continue;
      const t = time[r];
      for (const k of list) {
        const errorId = errorIds[k];
        if (errorId >= 0 && errorColumn[r] !== errorId) continue;
        if (accountColumn[r] !== accountIds[k] || regionColumn[r] !== regionIds[k]) continue;
        if (t >= result.anomalies[k].start && t < ends[k]) rowsOf[k].push(r);
      }
    }
    yield;
  }
  for (let k = 0; k < result.anomalies.length; k++) {
    const anomaly = result.anomalies[k];
    const rows = rowsOf[k];
    if (rows.length === 0) continue;
    const errorRate = anomaly.kind !== "call-rate";
    const id = `anomaly:${anomaly.account}:${anomaly.awsRegion}:${anomaly.eventSource}:${anomaly.eventName}:${anomaly.errorCode}:${new Date(anomaly.start).toISOString()}`;
    out.push(
      ownFinding(session, Uint32Array.from(rows), {
        ruleId: id,
        title: `Unusual ${errorRate ? `${anomaly.errorCode} error` : "call"} rate: ${anomaly.eventName}`,
        description: `${anomaly.peak} calls in one minute against a baseline of ${anomaly.baselineAverage.toFixed(2)} per minute (computed in this page; score ${anomaly.score.toFixed(1)}).`,
        level: anomaly.score >= 20 ? "medium" : "low",
        source: "anomaly",
        falsepositives: [
          "Batch jobs, deployments and scheduled tasks raise call rates legitimately.",
        ],
        why: `during an unusual ${errorRate ? "error" : "call"} rate of ${anomaly.eventName}`,
      }),
    );
  }
  return out;
}
