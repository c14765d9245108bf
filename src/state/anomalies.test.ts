import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AWS_DOCS_EXAMPLES } from "../lib/testing/samples";
import { buildChunk, type TestEvent } from "../store/testing";
import { InProcessWorker } from "../worker/fakeWorker";
import { WorkerPool } from "../worker/pool";
import { bandOf, zoomView } from "./activity";
import { activityOf } from "./activityJob";
import { tickLabel, timeTicks } from "./timeAxis";
import {
  ANOMALIES_MEASURE,
  anomaliesOf,
  focusOfAnomaly,
  focusOfInsight,
  focusRateOf,
  focusView,
  anomalySummary,
  formatShare,
  insightPairsOf,
  isFocused,
} from "./anomalies";
import { deriveView } from "./derive";
import { Session } from "./session";
import { emptyView, type ViewState } from "./viewState";

const DOCS_EXAMPLES = join(AWS_DOCS_EXAMPLES, "doc_examples_records.ndjson");
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 2);

const newSession = () => new Session(new WorkerPool(() => new InProcessWorker(), 1));

const ACCOUNT = "111122223333";

/**
 * Two days of one write API at 1 a minute, then 30 a minute for 10 minutes; a third of each in
 * eu-west-1, the rest in us-east-1.
 */
function burstEvents(): TestEvent[] {
  const events: TestEvent[] = [];
  const add = (t: number, i: number) =>
    events.push({
      eventTime: t,
      eventID: `e-${events.length}`,
      eventSource: "iam.amazonaws.com",
      eventName: "CreateAccessKey",
      account: ACCOUNT,
      awsRegion: i % 3 === 0 ? "eu-west-1" : "us-east-1",
      readOnly: false,
      managementEvent: true,
    });
  for (let m = 0; m < 2 * 24 * 60; m++) add(T0 + m * MINUTE, m);
  const burst = T0 + 2 * 24 * 60 * MINUTE;
  for (let m = 0; m < 10; m++) for (let i = 0; i < 30; i++) add(burst + m * MINUTE + i * 1000, i);
  return events;
}

describe("anomaliesOf", () => {
  it("waits for the load, then computes once per store version and measures it", async () => {
    const session = newSession();
    session.store.append(buildChunk(burstEvents()));
    session.progress = { ...session.progress, state: "loading" };
    expect(anomaliesOf(session)).toBeNull();
    session.progress = { ...session.progress, state: "ready" };
    performance.clearMeasures(ANOMALIES_MEASURE);
    const result = anomaliesOf(session);
    // One anomaly per region, each judged against its own region's baseline.
    const burst = T0 + 2 * 24 * 60 * MINUTE;
    const perRegion = (region: string) =>
      burstEvents().filter(
        (e) =>
          e.awsRegion === region &&
          Number(e.eventTime) >= burst &&
          Number(e.eventTime) < burst + MINUTE,
      ).length;
    expect(
      result?.anomalies
        .map((a) => [a.account, a.awsRegion, a.eventName, a.start, a.peak])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [ACCOUNT, "eu-west-1", "CreateAccessKey", burst, perRegion("eu-west-1")],
      [ACCOUNT, "us-east-1", "CreateAccessKey", burst, perRegion("us-east-1")],
    ]);
    expect(result?.withheld).toBe(0);
    expect(anomaliesOf(session)).toBe(result);
    expect(performance.getEntriesByName(ANOMALIES_MEASURE, "measure")).toHaveLength(1);
    session.store.append(buildChunk([{ eventTime: T0, eventID: "late", eventName: "X" }]));
    expect(anomaliesOf(session)).not.toBe(result);
  });

  it("charts the anomaly's API per minute with the baseline beneath", () => {
    const session = newSession();
    session.store.append(buildChunk(burstEvents()));
    const anomaly = anomaliesOf(session)!.anomalies.find((a) => a.awsRegion === "us-east-1")!;
    const focus = focusOfAnomaly(anomaly);
    const { rate, counted } = focusRateOf(session, focus);
    expect(counted).toBe(`write management calls in ${ACCOUNT} us-east-1`);
    const at = rate.minutes.indexOf(anomaly.start);
    // us-east-1 holds the minutes m with m % 3 ≠ 0 before the burst, 20 of each burst minute's 30.
    expect(rate.counts[at]).toBe(20);
    const lastMinute = anomaly.start - MINUTE;
    expect(rate.counts[at - 1]).toBe(
      burstEvents().filter((e) => e.awsRegion === "us-east-1" && e.eventTime === lastMinute).length,
    );
    // The baseline starts at us-east-1's own first event (minute 1): its calls over its minutes.
    const before = burstEvents().filter(
      (e) => e.awsRegion === "us-east-1" && Number(e.eventTime) < anomaly.start,
    );
    const firstMinute = Math.min(...before.map((e) => Number(e.eventTime)));
    expect(rate.baseline[at]).toBeCloseTo(
      before.length / ((anomaly.start - firstMinute) / MINUTE),
      12,
    );
    expect(rate.coverage[at]).toBeCloseTo(48 / 168, 12);
    expect(rate.judged[at]).toBe(1);
    expect(focusRateOf(session, focus).rate).toBe(rate);
  });
});

describe("anomalySummary", () => {
  const base = {
    anomalies: [],
    withheld: 0,
    withheldScopes: 0,
    series: 4,
    scopes: 3,
    spanMinutes: 9,
  };
  const withCoverage = (coverage: number) =>
    ({ coverage }) as unknown as Parameters<typeof anomalySummary>[0]["anomalies"][number];

  it("gives the raised anomalies' coverage range and what was withheld", () => {
    expect(
      anomalySummary({
        ...base,
        anomalies: [withCoverage(0.36), withCoverage(1), withCoverage(0.5)],
      }),
    ).toBe(
      "The raised anomalies' account and region had events in 36%–100% of the hours of their 7-day baseline.",
    );
    expect(anomalySummary({ ...base, withheld: 3, withheldScopes: 1 })).toBe(
      "3 unusual stretches in 1 account and region pair not raised: too little baseline data there.",
    );
    expect(anomalySummary(base)).toBe(
      "No minute stands out from its baseline (3 account and region pairs).",
    );
  });

  it("never rounds a little coverage down to nothing", () => {
    expect(formatShare(1 / 168)).toBe("1%");
    expect(formatShare(0.004)).toBe("<1%");
    expect(formatShare(0)).toBe("0%");
  });
});

describe("insightPairsOf", () => {
  it("pairs the AWS documentation examples: one ended, one ongoing", async () => {
    const session = newSession();
    const bytes = readFileSync(DOCS_EXAMPLES);
    await session.load([{ blob: new Blob([bytes]), name: "docs.ndjson", path: "docs.ndjson" }]);
    const pairs = insightPairsOf(session);
    expect(insightPairsOf(session)).toBe(pairs);
    expect(
      pairs.map((p) => [p.eventName, p.status, p.baselineAverage, p.insightAverage, p.duration]),
    ).toEqual([
      ["UpdateInstanceInformation", "ended", 85.4202380952, 664, MINUTE],
      ["CompleteLifecycleAction", "ongoing", 0.0000882145, 0.6, 5 * MINUTE],
    ]);
  });
});

describe("focusView", () => {
  const anomaly = {
    kind: "error-rate" as const,
    account: "111122223333",
    awsRegion: "eu-west-1",
    eventSource: "secretsmanager.amazonaws.com",
    eventName: "GetSecretValue",
    errorCode: "AccessDenied",
    start: T0,
    minutes: 20,
    baselineAverage: 0.01,
    observedAverage: 40,
    peak: 40,
    score: 88,
    baselineMinutes: 10_080,
    coverage: 1,
    baselineEvents: 50_000,
  };

  it("filters to the account, region, API, error code and the window with 30 minutes either side", () => {
    const view: ViewState = {
      ...emptyView(),
      include: { eventName: ["Other"], account: ["444455556666"] },
      exclude: { eventName: ["GetSecretValue"], awsRegion: ["eu-west-1", "us-east-1"] },
      event: "some-event",
    };
    const next = focusView(view, focusOfAnomaly(anomaly));
    expect(next.include).toEqual({
      eventName: ["GetSecretValue"],
      eventSource: ["secretsmanager.amazonaws.com"],
      errorCode: ["AccessDenied"],
      account: ["111122223333"],
      awsRegion: ["eu-west-1"],
    });
    expect(next.exclude).toEqual({ awsRegion: ["us-east-1"] });
    expect(next.timeFrom).toBe(T0 - 30 * MINUTE);
    expect(next.timeTo).toBe(T0 + 50 * MINUTE);
    expect(next.event).toBeNull();
    expect(isFocused(next, focusOfAnomaly(anomaly))).toBe(true);
    expect(isFocused(view, focusOfAnomaly(anomaly))).toBe(false);
  });

  it("keeps the call rate to the API, and gives an ongoing Insight a window after its start", () => {
    const focus = focusOfInsight({
      sharedEventID: "s",
      status: "ongoing",
      insightType: "ApiCallRateInsight",
      eventSource: "autoscaling.amazonaws.com",
      eventName: "CompleteLifecycleAction",
      errorCode: "",
      awsRegion: "us-east-1",
      account: "",
      start: T0,
      end: null,
      duration: null,
      baselineAverage: null,
      insightAverage: null,
      ratio: null,
      baselineDuration: null,
      insightDuration: null,
      contributors: [],
      startRecord: null,
      endRecord: null,
    });
    const next = focusView(emptyView(), focus);
    expect(next.include.errorCode).toBeUndefined();
    // An Insight without an account is narrowed to its region only.
    expect(next.include.account).toBeUndefined();
    expect(next.include.awsRegion).toEqual(["us-east-1"]);
    expect(next.timeFrom).toBe(T0 - 30 * MINUTE);
    expect(next.timeTo).toBe(T0 + 31 * MINUTE);
  });
});

describe("activityOf", () => {
  const FIELDS = ["eventName", "eventSource", "sourceIPAddress", "awsRegion"] as const;

  function session(events: TestEvent[]): Session {
    const s = newSession();
    s.store.append(buildChunk(events));
    return s;
  }

  it("counts every bucket, empty ones as zero, stacked by the top values and other", () => {
    const events: TestEvent[] = [];
    // Ten event names, name k called k+1 times, all in the first and the last hour of a day.
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i <= k; i++) {
        const t = T0 + (i % 2 === 0 ? 0 : 23 * 60 * MINUTE) + i * MINUTE;
        events.push({ eventTime: t, eventID: `${k}-${i}`, eventName: `Api${k}` });
      }
    }
    events.push({ eventTime: T0 + 5, eventID: "err", eventName: "Api9", errorCode: "Denied" });
    const s = session(events);
    const view = emptyView();
    const activity = activityOf(s, view, deriveView(s, view, FIELDS), "eventName")!;
    expect(activity.bucketMs).toBe(15 * MINUTE);
    // 00:00 to 23:09 (the last event) in whole buckets.
    expect(activity.buckets.length).toBe(93);
    expect(activity.series.map((x) => x.value)).toEqual([
      "Api9",
      "Api8",
      "Api7",
      "Api6",
      "Api5",
      "Api4",
      "Api3",
      "Api2",
      null,
    ]);
    expect(activity.series.at(-1)!.total).toBe(1 + 2);
    expect(activity.totals.reduce((a, b) => a + b, 0)).toBe(events.length);
    expect(activity.totals[1]).toBe(0);
    expect(activity.errors[0]).toBe(1);
  });

  it("stacks what is selected when the stack field itself is filtered", () => {
    const events: TestEvent[] = [];
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i <= 10 * k; i++) {
        events.push({ eventTime: T0 + i * MINUTE, eventID: `${k}-${i}`, eventName: `Api${k}` });
      }
    }
    const s = session(events);
    const view: ViewState = { ...emptyView(), include: { eventName: ["Api0"] } };
    const activity = activityOf(s, view, deriveView(s, view, FIELDS), "eventName")!;
    // The eventName facet still counts Api1..Api9 (what else could be picked); the chart must not.
    expect(activity.series).toEqual([{ value: "Api0", total: 1, color: expect.any(Number) }]);
  });

  it("follows the view's time range exactly, and zooming keeps whole buckets", () => {
    const events: TestEvent[] = [];
    for (let m = 0; m < 3 * 24 * 60; m += 7) {
      events.push({ eventTime: T0 + m * MINUTE, eventID: `m${m}`, eventName: "A" });
    }
    const s = session(events);
    const all = emptyView();
    const whole = activityOf(s, all, deriveView(s, all, FIELDS), "eventName")!;
    expect(whole.bucketMs).toBe(60 * MINUTE);
    const b = whole.buckets;
    const zoomed = zoomView(all, b[30]!, b[20]!, whole.bucketMs);
    expect([zoomed.timeFrom, zoomed.timeTo]).toEqual([b[20], b[31]!]);
    const part = activityOf(s, zoomed, deriveView(s, zoomed, FIELDS), "eventName")!;
    expect([part.from, part.to]).toEqual([b[20], b[31]]);
    expect(part.bucketMs).toBe(5 * MINUTE);
    expect(part.zoomed).toBe(true);
    expect(part.totals.reduce((x, y) => x + y, 0)).toBe(
      events.filter((e) => (e.eventTime as number) >= b[20]! && (e.eventTime as number) < b[31]!)
        .length,
    );
  });
});

describe("bands and ticks", () => {
  const chart = { from: T0, to: T0 + 24 * 60 * MINUTE, bucketMs: 60 * MINUTE };

  it("widens a short window to one bucket and drops one outside the chart", () => {
    expect(bandOf(T0 + 90 * MINUTE, T0 + 100 * MINUTE, chart)).toEqual({
      x1: T0 + 60 * MINUTE,
      x2: T0 + 120 * MINUTE,
    });
    expect(bandOf(T0 - 120 * MINUTE, T0 - 60 * MINUTE, chart)).toBeNull();
    expect(bandOf(T0 - 120 * MINUTE, T0, chart)).toBeNull();
    expect(bandOf(chart.to, null, chart)).toBeNull();
    expect(bandOf(T0 - 30 * MINUTE, T0 + 30 * MINUTE, chart)).toEqual({
      x1: T0,
      x2: T0 + 60 * MINUTE,
    });
    expect(bandOf(Number.NaN, null, chart)).toBeNull();
  });

  it("puts ticks on round UTC times and labels the day where it changes", () => {
    const { ticks, step } = timeTicks(T0 + 5 * MINUTE, T0 + 2 * 24 * 60 * MINUTE, "utc");
    expect(step).toBe(6 * 60 * MINUTE);
    expect(ticks[0]).toBe(T0 + 6 * 60 * MINUTE);
    expect(ticks.map((t, i) => tickLabel(t, step, "utc", i === 0))).toEqual([
      "11-02 06:00",
      "12:00",
      "18:00",
      "11-03 00:00",
      "06:00",
      "12:00",
      "18:00",
      "11-04 00:00",
    ]);
  });
});
