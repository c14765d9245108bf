// Computed anomalies on the real invictus deliveries (an hour of one account's logs) loaded next to
// 58 records spread over 2013–2020 and three days of a second account in two regions with injected
// bursts. Every expected number is counted here from the records themselves (gunzip + JSON.parse
// for the real files), never taken from the code under test.
import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { baselineInputOf, computeAnomalies, MIN_COVERAGE, type Anomaly } from "../store/baselines";
import { anomaliesOf, anomalySummary } from "./anomalies";
import { filesUnder, INVICTUS, invictus, newSession, source } from "./testing";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Rec {
  eventVersion: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  recipientAccountId?: string;
  eventID: string;
  eventType: string;
  readOnly: boolean;
  managementEvent: boolean;
  userIdentity: { type: string; arn: string; accountId?: string };
  sourceIPAddress: string;
}

/** The real records, read independently of the parser. */
const realRecords: Rec[] = filesUnder(INVICTUS)
  .filter((f) => f.endsWith(".json.gz"))
  .flatMap(
    (f) => (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: Rec[] }).Records,
  );

const REAL_ACCOUNT = realRecords[0]!.recipientAccountId!;
const REAL_REGION = realRecords[0]!.awsRegion;

const OTHER = "999988887777";
const EU = "eu-west-1";
const AP = "ap-southeast-2";
/** Three days of the second account, from this hour. */
const T0 = Date.UTC(2024, 4, 6);
const EU_BURST = T0 + 60 * HOUR + 17 * MINUTE;
const AP_BURST = T0 + 62 * HOUR + 41 * MINUTE;

let serial = 0;
function rec(
  t: number,
  account: string,
  region: string,
  eventSource: string,
  eventName: string,
  readOnly: boolean,
): Rec {
  return {
    eventVersion: "1.08",
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource,
    eventName,
    awsRegion: region,
    recipientAccountId: account,
    eventID: `00000000-0000-4000-8000-${(serial++).toString(16).padStart(12, "0")}`,
    eventType: "AwsApiCall",
    readOnly,
    managementEvent: true,
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${account}:assumed-role/deploy/ci`,
      accountId: account,
    },
    sourceIPAddress: "198.51.100.7",
  };
}

/** 58 write calls spread over 2013–2020, in the real account and region and in the other one. */
function oldRecords(): Rec[] {
  const out: Rec[] = [];
  const from = Date.UTC(2013, 0, 1);
  const to = Date.UTC(2020, 11, 31);
  for (let i = 0; i < 58; i++) {
    const t = from + Math.floor(((to - from) * i) / 57);
    const [account, region] = i % 2 === 0 ? [REAL_ACCOUNT, REAL_REGION] : [OTHER, EU];
    out.push(rec(t, account, region, "ssm.amazonaws.com", "PutParameter", false));
  }
  return out;
}

/**
 * Three days of the other account: in eu-west-1 PutParameter twice a minute (its heavy API) and a
 * burst of 40 a minute for 5 minutes; in ap-southeast-2 a read call every 10 minutes and a burst of
 * 6 PutParameter a minute for 5 minutes, which the pooled eu-west-1 traffic would hide.
 */
function coveredRecords(): Rec[] {
  const out: Rec[] = [];
  for (let m = 0; m < 3 * 24 * 60; m++) {
    const t = T0 + m * MINUTE;
    out.push(rec(t + 5_000, OTHER, EU, "ssm.amazonaws.com", "PutParameter", false));
    out.push(rec(t + 35_000, OTHER, EU, "ssm.amazonaws.com", "PutParameter", false));
    if (m % 10 === 0)
      out.push(rec(t + 1_000, OTHER, AP, "ec2.amazonaws.com", "DescribeVpcs", true));
  }
  for (let m = 0; m < 5; m++) {
    for (let i = 0; i < 40; i++) {
      out.push(
        rec(
          EU_BURST + m * MINUTE + i * 1000,
          OTHER,
          EU,
          "ssm.amazonaws.com",
          "PutParameter",
          false,
        ),
      );
    }
    for (let i = 0; i < 6; i++) {
      out.push(
        rec(
          AP_BURST + m * MINUTE + i * 7000,
          OTHER,
          AP,
          "ssm.amazonaws.com",
          "PutParameter",
          false,
        ),
      );
    }
  }
  return out;
}

const old = oldRecords();
const covered = coveredRecords();
const all = [...realRecords, ...old, ...covered];

function file(name: string, records: Rec[]) {
  return source(name, gzipSync(JSON.stringify({ Records: records })));
}

const time = (r: Rec) => Date.parse(r.eventTime);
const isWrite = (r: Rec) => r.readOnly === false && r.managementEvent !== false;

/** Distinct clock hours in the 168 before `t`'s hour with any event of the account and region. */
function coveredHours(
  account: string,
  region: string,
  t: number,
): { hours: number; events: number } {
  const hour = Math.floor(t / HOUR);
  const seen = new Set<number>();
  let events = 0;
  for (const r of all) {
    if (r.recipientAccountId !== account || r.awsRegion !== region) continue;
    const h = Math.floor(time(r) / HOUR);
    if (h >= hour - 168 && h < hour) {
      seen.add(h);
      events++;
    }
  }
  return { hours: seen.size, events };
}

/** Write calls of one API in one account and region within [from, to). */
function writes(account: string, region: string, name: string, from: number, to: number): Rec[] {
  return all.filter(
    (r) =>
      isWrite(r) &&
      r.recipientAccountId === account &&
      r.awsRegion === region &&
      r.eventName === name &&
      time(r) >= from &&
      time(r) < to,
  );
}

describe("computed anomalies on real logs next to old records and a well-covered account", async () => {
  const session = newSession();
  await session.load([
    ...invictus(),
    file("old-2013-2020.json.gz", old),
    file("covered-three-days.json.gz", covered),
  ]);
  const result = anomaliesOf(session)!;
  const key = (a: Anomaly) => [a.account, a.awsRegion, a.eventName, a.start];

  it("loads every record", () => {
    expect(session.store.rows).toBe(all.length);
  });

  it("raises nothing where the account and region's baseline is thin", () => {
    // The real account and region: an hour of logs, and otherwise records years apart.
    const lastReal = Math.max(...realRecords.map(time));
    const { hours } = coveredHours(REAL_ACCOUNT, REAL_REGION, lastReal);
    expect(hours / 168).toBeLessThan(MIN_COVERAGE);
    expect(result.anomalies.filter((a) => a.account === REAL_ACCOUNT)).toEqual([]);
    // They were found and withheld, not missed: without the rule the same data raises them.
    const ungated = computeAnomalies(baselineInputOf(session.store), {
      minCoverage: 0,
      minBaselineEvents: 0,
    });
    const thin = ungated.anomalies.filter((a) => a.account === REAL_ACCOUNT);
    expect(thin.length).toBeGreaterThan(0);
    expect(result.withheld).toBeGreaterThan(0);
    expect(result.withheldScopes).toBeGreaterThanOrEqual(1);
    expect(anomalySummary(result)).toMatch(/not raised: too little baseline data/);
  });

  it("still raises a burst in a well-covered account and region, with its coverage", () => {
    const found = result.anomalies.find((a) => a.awsRegion === EU && a.start === EU_BURST);
    expect(result.anomalies.map(key)).toContainEqual([OTHER, EU, "PutParameter", EU_BURST]);
    const burstMinute = writes(OTHER, EU, "PutParameter", EU_BURST, EU_BURST + MINUTE);
    expect(found!.peak).toBe(burstMinute.length);
    expect(found!.minutes).toBe(5);
    // The baseline: the region's PutParameter calls over the 7 days before, cut to where the
    // account and region's data starts (here a record from years before: the whole window).
    const scopeFirst = Math.min(
      ...all.filter((r) => r.recipientAccountId === OTHER && r.awsRegion === EU).map(time),
    );
    const windowStart = Math.max(
      EU_BURST - 7 * 24 * HOUR,
      Math.floor(scopeFirst / MINUTE) * MINUTE,
    );
    const before = writes(OTHER, EU, "PutParameter", windowStart, EU_BURST);
    expect(found!.baselineAverage).toBeCloseTo(
      before.length / ((EU_BURST - windowStart) / MINUTE),
      12,
    );
    const { hours, events } = coveredHours(OTHER, EU, EU_BURST);
    expect(found!.coverage).toBeCloseTo(hours / 168, 12);
    expect(found!.baselineEvents).toBe(events);
    expect(found!.coverage).toBeGreaterThanOrEqual(MIN_COVERAGE);
  });

  it("judges each region against its own baseline: another region's traffic does not dilute a burst", () => {
    const found = result.anomalies.find((a) => a.awsRegion === AP && a.start === AP_BURST);
    expect(result.anomalies.map(key)).toContainEqual([OTHER, AP, "PutParameter", AP_BURST]);
    expect(found!.peak).toBe(writes(OTHER, AP, "PutParameter", AP_BURST, AP_BURST + MINUTE).length);
    expect(found!.baselineAverage).toBe(0); // no PutParameter in ap-southeast-2 before the burst
    // Pooled with eu-west-1 (2 a minute) the same 6 a minute would not stand out: the
    // pooled data (regions merged into one) raises nothing at that time.
    const pooled = computeAnomalies({
      ...baselineInputOf(session.store),
      awsRegion: new Uint32Array(session.store.rows),
    });
    expect(pooled.anomalies.filter((a) => a.account === OTHER && a.start === AP_BURST)).toEqual([]);
  });

  it("raises only the two injected bursts", () => {
    expect(result.anomalies.map(key).sort()).toEqual(
      [
        [OTHER, EU, "PutParameter", EU_BURST],
        [OTHER, AP, "PutParameter", AP_BURST],
      ].sort(),
    );
    expect(anomalySummary(result)).toMatch(/had events in \d+%(–\d+%)? of the hours/);
  });
});
