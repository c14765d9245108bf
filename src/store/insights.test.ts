import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InsightAttribution, InsightRecord } from "../ingest/chunk";
import { AWS_DOCS_EXAMPLES } from "../lib/testing/samples";
import { pairInsights } from "./insights";

const DOC_RECORDS = join(AWS_DOCS_EXAMPLES, "doc_examples_records.ndjson");
const MINUTE = 60_000;

interface RawInsight {
  eventID?: string;
  sharedEventID?: string;
  eventTime?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  insightDetails?: {
    state?: string;
    eventSource?: string;
    eventName?: string;
    errorCode?: string;
    insightType?: string;
    insightContext?: {
      statistics?: {
        baseline?: { average?: number };
        insight?: { average?: number };
        baselineDuration?: number;
        insightDuration?: number;
      };
      attributions?: InsightAttribution[];
    };
  };
}

// The parsers in src/ingest do this for real; the test maps the documented shape itself so that
// pairing is tested against what CloudTrail writes, independently of the parser.
function toInsightRecord(raw: RawInsight, record: number): InsightRecord {
  const details = raw.insightDetails ?? {};
  const statistics = details.insightContext?.statistics ?? {};
  const state = details.state === "Start" || details.state === "End" ? details.state : "";
  return {
    fileIndex: 0,
    record,
    eventID: raw.eventID ?? "",
    sharedEventID: raw.sharedEventID ?? "",
    time: raw.eventTime ? Date.parse(raw.eventTime) : Number.NaN,
    state,
    insightType: details.insightType ?? "",
    eventSource: details.eventSource ?? "",
    eventName: details.eventName ?? "",
    errorCode: details.errorCode ?? "",
    awsRegion: raw.awsRegion ?? "",
    account: raw.recipientAccountId ?? "",
    baselineAverage: statistics.baseline?.average ?? null,
    insightAverage: statistics.insight?.average ?? null,
    baselineDuration: statistics.baselineDuration ?? null,
    insightDuration: statistics.insightDuration ?? null,
    attributions: details.insightContext?.attributions ?? [],
  };
}

function docInsights(): InsightRecord[] {
  return readFileSync(DOC_RECORDS, "utf8")
    .split("\n")
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.includes("AwsCloudTrailInsight"))
    .map(({ line, index }) => toInsightRecord(JSON.parse(line) as RawInsight, index));
}

function base(overrides: Partial<InsightRecord>): InsightRecord {
  return {
    fileIndex: 0,
    record: 0,
    eventID: "",
    sharedEventID: "",
    time: Number.NaN,
    state: "Start",
    insightType: "ApiCallRateInsight",
    eventSource: "ec2.amazonaws.com",
    eventName: "RunInstances",
    errorCode: "",
    awsRegion: "us-east-1",
    account: "111122223333",
    baselineAverage: null,
    insightAverage: null,
    baselineDuration: null,
    insightDuration: null,
    attributions: [],
    ...overrides,
  };
}

describe("pairInsights on the AWS documentation examples", () => {
  const records = docInsights();

  it("finds the three documented Insights records", () => {
    expect(records.length).toBe(3);
  });

  it("pairs the Start and End that share an id, and keeps the lone Start as ongoing", () => {
    const pairs = pairInsights(records);
    expect(pairs.length).toBe(2);

    const [ssm, autoscaling] = pairs;
    expect(ssm.status).toBe("ended");
    expect(ssm.sharedEventID).toBe("EXAMPLE2-1729-42f1-b735-5d8c0EXAMPLE");
    expect(ssm.eventSource).toBe("ssm.amazonaws.com");
    expect(ssm.eventName).toBe("UpdateInstanceInformation");
    expect(ssm.insightType).toBe("ApiCallRateInsight");
    expect(ssm.start).toBe(Date.parse("2019-11-14T00:51:00Z"));
    expect(ssm.end).toBe(Date.parse("2019-11-14T00:52:00Z"));
    expect(ssm.duration).toBe(MINUTE);
    expect(ssm.baselineAverage).toBe(85.4202380952);
    expect(ssm.insightAverage).toBe(664);
    expect(ssm.ratio).toBeCloseTo(664 / 85.4202380952, 9);
    expect(ssm.account).toBe("123456789012");
    expect(ssm.startRecord).not.toBeNull();
    expect(ssm.endRecord).not.toBeNull();

    expect(autoscaling.status).toBe("ongoing");
    expect(autoscaling.eventSource).toBe("autoscaling.amazonaws.com");
    expect(autoscaling.eventName).toBe("CompleteLifecycleAction");
    expect(autoscaling.start).toBe(Date.parse("2020-07-21T20:56:00Z"));
    // No End in the files: the end is the Start plus the stated insightDuration (5 minutes).
    expect(autoscaling.end).toBe(Date.parse("2020-07-21T21:01:00Z"));
    expect(autoscaling.duration).toBe(5 * MINUTE);
    expect(autoscaling.baselineDuration).toBe(11336);
    expect(autoscaling.ratio).toBeCloseTo(0.6 / 0.0000882145, 6);
    expect(autoscaling.endRecord).toBeNull();

    const byAttribute = Object.fromEntries(
      autoscaling.contributors.map((c) => [c.attribute, c.top]),
    );
    expect(Object.keys(byAttribute)).toEqual(["userIdentityArn", "userAgent", "errorCode"]);
    expect(byAttribute.userIdentityArn.map((c) => c.value)).toEqual([
      "arn:aws:sts::012345678901:assumed-role/CodeDeployRole1",
      "arn:aws:sts::012345678901:assumed-role/CodeDeployRole2",
      "arn:aws:sts::012345678901:assumed-role/CodeDeployRole3",
    ]);
    expect(byAttribute.userIdentityArn[0].baselineAverage).toBe(0.0000882145);
    expect(byAttribute.userIdentityArn[1].baselineAverage).toBeNull();
    expect(byAttribute.userAgent).toEqual([
      { value: "codedeploy.amazonaws.com", average: 0.6, baselineAverage: 0.0000882145 },
    ]);
  });

  it("counts each record once when the same file is loaded twice, in any order", () => {
    const twice = records.toReversed().concat(records);
    const pairs = pairInsights(twice);
    expect(pairs.map((p) => p.status)).toEqual(["ended", "ongoing"]);
    expect(pairs).toEqual(pairInsights(records));
  });

  it("keeps an End whose Start was not loaded", () => {
    const endOnly = records.filter((r) => r.state === "End");
    const [pair] = pairInsights(endOnly);
    expect(pair.status).toBe("end-only");
    expect(pair.end).toBe(Date.parse("2019-11-14T00:52:00Z"));
    // Its insightDuration (1 minute) dates the start.
    expect(pair.start).toBe(Date.parse("2019-11-14T00:51:00Z"));
    expect(pair.startRecord).toBeNull();
  });
});

describe("pairInsights edge cases", () => {
  it("sorts by start and leaves pairs with no known start last", () => {
    const pairs = pairInsights([
      base({ eventID: "3", sharedEventID: "late", time: Date.parse("2024-01-03T00:00:00Z") }),
      base({ eventID: "x", sharedEventID: "unknown", state: "End" }),
      base({ eventID: "1", sharedEventID: "early", time: Date.parse("2024-01-01T00:00:00Z") }),
    ]);
    expect(pairs.map((p) => p.sharedEventID)).toEqual(["early", "late", "unknown"]);
    expect(pairs[2].status).toBe("end-only");
    expect(pairs[2].end).toBeNull();
    expect(pairs[0].end).toBeNull();
    expect(pairs[0].duration).toBeNull();
  });

  it("gives no ratio for a zero baseline and fills figures from the End", () => {
    const [pair] = pairInsights([
      base({ eventID: "s", sharedEventID: "p", time: 0, baselineAverage: 0, insightAverage: 4 }),
      base({
        eventID: "e",
        sharedEventID: "p",
        state: "End",
        time: 10 * MINUTE,
        insightDuration: 10,
        errorCode: "AccessDenied",
        insightType: "ApiErrorRateInsight",
      }),
    ]);
    expect(pair.ratio).toBeNull();
    expect(pair.insightDuration).toBe(10);
    expect(pair.duration).toBe(10 * MINUTE);
    expect(pair.insightType).toBe("ApiCallRateInsight");
    expect(pair.errorCode).toBe("AccessDenied");
  });

  it("keeps only the top contributors, highest average first", () => {
    const insight = Array.from({ length: 8 }, (_, i) => ({ value: `role-${i}`, average: i }));
    const [pair] = pairInsights([
      base({
        eventID: "s",
        sharedEventID: "p",
        time: 0,
        attributions: [{ attribute: "userIdentityArn", insight, baseline: [] }],
      }),
    ]);
    expect(pair.contributors[0].top.map((c) => c.value)).toEqual([
      "role-7",
      "role-6",
      "role-5",
      "role-4",
      "role-3",
    ]);
  });
});
