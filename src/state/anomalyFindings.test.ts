import { describe, expect, it } from "vitest";
import { MINUTE_MS } from "../store/baselines";
import { buildChunk, type TestEvent } from "../store/testing";
import { InProcessWorker } from "../worker/fakeWorker";
import { WorkerPool } from "../worker/pool";
import { anomaliesOf } from "./anomalies";
import { anomalyFindingSteps } from "./anomalyFindings";
import { Session } from "./session";

const T0 = Date.UTC(2026, 10, 2);
const ACCOUNT = "111122223333";
const OTHER = "444455556666";

/**
 * Two days of one write API at 1 a minute in two regions, then 30 a minute for 10 minutes; the
 * same API in another account and other APIs throughout, at a steady rate.
 */
function events(): TestEvent[] {
  const out: TestEvent[] = [];
  const add = (t: number, i: number, account = ACCOUNT, eventName = "CreateAccessKey") =>
    out.push({
      eventTime: t,
      eventID: `e-${out.length}`,
      eventSource: "iam.amazonaws.com",
      eventName,
      account,
      awsRegion: i % 3 === 0 ? "eu-west-1" : "us-east-1",
      readOnly: false,
      managementEvent: true,
    });
  for (let m = 0; m < 2 * 24 * 60; m++) {
    add(T0 + m * MINUTE_MS, m);
    add(T0 + m * MINUTE_MS + 500, m, OTHER);
    add(T0 + m * MINUTE_MS + 700, m, ACCOUNT, "ListUsers");
  }
  const burst = T0 + 2 * 24 * 60 * MINUTE_MS;
  for (let m = 0; m < 10; m++) {
    for (let i = 0; i < 30; i++) add(burst + m * MINUTE_MS + i * 1000, i);
    add(burst + m * MINUTE_MS + 800, m, OTHER);
    add(burst + m * MINUTE_MS + 900, m, ACCOUNT, "ListUsers");
  }
  return out;
}

function run<T>(steps: Generator<void, T>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const step = steps.next();
    if (step.done === true) return { value: step.value, yields };
    yields++;
  }
}

describe("anomalyFindingSteps", () => {
  it("finds each anomaly's rows, whatever the step, yielding once a step", () => {
    const session = new Session(new WorkerPool(() => new InProcessWorker(), 1));
    const list = events();
    session.store.append(buildChunk(list));
    session.progress = { ...session.progress, state: "ready" };
    const result = anomaliesOf(session);
    expect(result?.anomalies.length).toBe(2);
    // Each anomaly's rows counted from the events themselves (row i is event i).
    const expected = result!.anomalies.map((a) => {
      const end = a.start + Math.max(1, a.minutes) * MINUTE_MS;
      const rows: number[] = [];
      list.forEach((e, i) => {
        const t = Number(e.eventTime);
        if (e.eventName !== a.eventName || e.eventSource !== a.eventSource) return;
        if (e.account !== a.account || e.awsRegion !== a.awsRegion) return;
        if (t >= a.start && t < end) rows.push(i);
      });
      return rows;
    });
    expect(expected.every((rows) => rows.length > 0)).toBe(true);
    const n = session.store.rows;
    for (const step of [1, 7, 1000, n + 1]) {
      const { value, yields } = run(anomalyFindingSteps(session, result!, step));
      expect(yields).toBe(Math.ceil(n / step));
      const byStart = [...value].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
      const want = result!.anomalies
        .map((a, k) => ({ a, rows: expected[k] }))
        .sort((x, y) => x.a.awsRegion.localeCompare(y.a.awsRegion));
      expect(byStart.map((f) => Array.from(f.rows))).toEqual(want.map((w) => w.rows));
      expect(byStart.map((f) => f.source)).toEqual(["anomaly", "anomaly"]);
    }
  });
});
