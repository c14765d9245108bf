import { createHash } from "node:crypto";
import { ungzip } from "pako";
import { describe, expect, it } from "vitest";
import {
  expectedCounts,
  type GeneratedFile,
  type GenerationStats,
  generateDeliveries,
  type GeneratorOptions,
  plantedBursts,
  preset,
} from "./index";

const LOG_PATH =
  /^AWSLogs\/(?:o-[a-z0-9]{10}\/)?(\d{12})\/CloudTrail\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_(\d{8})T(\d{4})Z_[A-Za-z0-9]{16}\.json\.gz$/;
const INSIGHT_PATH =
  /^AWSLogs\/(?:o-[a-z0-9]{10}\/)?(\d{12})\/CloudTrail-Insight\/([a-z]{2}-[a-z]+-\d)\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail-Insight_\2_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;
const DIGEST_PATH =
  /^AWSLogs\/(?:o-[a-z0-9]{10}\/)?(\d{12})\/CloudTrail-Digest\/([a-z]{2}-[a-z]+-\d)\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail-Digest_\2_[a-z-]+_[a-z]{2}-[a-z]+-\d_\d{8}T\d{6}Z\.json\.gz$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const SMALL: GeneratorOptions = {
  seed: 99,
  events: 12_000,
  start: "2026-03-02T00:00:00Z",
  days: 4,
  accounts: 2,
  regions: ["us-east-1", "eu-central-1"],
  deliveryMinutes: 10,
  duplicateRate: 0.004,
  bursts: true,
  insights: true,
  digests: true,
  orgId: "o-test123456",
};

type CloudTrailRecord = Record<string, unknown> & {
  eventID: string;
  eventTime: string;
  eventName?: string;
  eventSource?: string;
  awsRegion: string;
  recipientAccountId: string;
  errorCode?: string;
};

interface Run {
  files: GeneratedFile[];
  stats: GenerationStats;
}

function run(options: GeneratorOptions): Run {
  const files: GeneratedFile[] = [];
  const generator = generateDeliveries(options);
  let step = generator.next();
  while (!step.done) {
    files.push(step.value);
    step = generator.next();
  }
  return { files, stats: step.value };
}

const text = (file: GeneratedFile): string => new TextDecoder().decode(ungzip(file.bytes));
const recordsOf = (file: GeneratedFile): CloudTrailRecord[] => {
  const parsed: unknown = JSON.parse(text(file));
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !("Records" in parsed) ||
    !Array.isArray(parsed.Records)
  ) {
    throw new Error(`${file.path} has no Records array`);
  }
  return parsed.Records as CloudTrailRecord[];
};

const small = run(SMALL);
const logs = small.files.filter((f) => f.kind === "log");
const logRecords = logs.flatMap(recordsOf);

describe("generateDeliveries", () => {
  it("is deterministic: same seed, same bytes; another seed, other bytes", () => {
    const options = { ...SMALL, events: 1500, days: 2 };
    const a = run(options).files;
    const b = run(options).files;
    expect(b.map((f) => f.path)).toEqual(a.map((f) => f.path));
    b.forEach((file, i) =>
      expect(Buffer.from(file.bytes).equals(Buffer.from(a[i]?.bytes ?? []))).toBe(true),
    );
    const c = run({ ...options, seed: 100 }).files;
    expect(c.map((f) => f.path)).not.toEqual(a.map((f) => f.path));
  });

  it("names every file in the S3 layout of its kind", () => {
    for (const file of small.files) {
      const pattern =
        file.kind === "log" ? LOG_PATH : file.kind === "insight" ? INSIGHT_PATH : DIGEST_PATH;
      expect(file.path).toMatch(pattern);
    }
    expect(new Set(small.files.map((f) => f.path)).size).toBe(small.files.length);
  });

  it("writes gzipped {Records:[...]} log files of valid records", () => {
    for (const file of logs) {
      expect(file.bytes[0]).toBe(0x1f);
      expect(file.bytes[1]).toBe(0x8b);
      expect(recordsOf(file).length).toBe(file.records);
    }
    for (const record of logRecords) {
      expect(record.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(record.eventID).toMatch(UUID);
      expect(["1.08", "1.09", "1.10", "1.11"]).toContain(record["eventVersion"]);
      expect(typeof record.eventSource).toBe("string");
      expect(typeof record.eventName).toBe("string");
      expect(["Management", "Data"]).toContain(record["eventCategory"]);
      expect(record["managementEvent"]).toBe(record["eventCategory"] === "Management");
      expect(typeof record["readOnly"]).toBe("boolean");
      expect(record).toHaveProperty("userIdentity");
      expect(record).toHaveProperty("responseElements");
    }
  });

  it("writes exactly the requested events, plus the reported duplicates", () => {
    const ids = new Set(logRecords.map((r) => r.eventID));
    expect(ids.size).toBe(SMALL.events);
    expect(logRecords.length).toBe(SMALL.events + small.stats.duplicates);
    expect(small.stats.duplicates).toBeGreaterThan(0);
    expect(small.stats).toMatchObject({
      events: SMALL.events,
      records: logRecords.length,
      logFiles: logs.length,
    });
    expect(expectedCounts(SMALL)).toEqual({
      events: SMALL.events,
      duplicates: small.stats.duplicates,
    });
  });

  it("writes a duplicate identically, in a later file", () => {
    const first = new Map<string, { json: string; file: number }>();
    const repeats: {
      json: string;
      file: number;
      earlier: { json: string; file: number } | undefined;
    }[] = [];
    logs.forEach((file, index) => {
      for (const record of recordsOf(file)) {
        const json = JSON.stringify(record);
        if (first.has(record.eventID))
          repeats.push({ json, file: index, earlier: first.get(record.eventID) });
        else first.set(record.eventID, { json, file: index });
      }
    });
    expect(repeats.length).toBe(small.stats.duplicates);
    for (const repeat of repeats) {
      expect(repeat.json).toBe(repeat.earlier?.json);
      expect(repeat.file).toBeGreaterThan(repeat.earlier?.file ?? Infinity);
    }
  });

  it("spans the requested days, accounts and regions, with records a few minutes before delivery", () => {
    const start = Date.parse(SMALL.start);
    const end = start + SMALL.days * 86_400_000;
    const days = new Set<string>();
    for (const record of logRecords) {
      const time = Date.parse(record.eventTime);
      expect(time).toBeGreaterThanOrEqual(start);
      expect(time).toBeLessThan(end);
      days.add(record.eventTime.slice(0, 10));
    }
    expect(days.size).toBe(SMALL.days);
    expect(new Set(logRecords.map((r) => r.recipientAccountId)).size).toBe(SMALL.accounts);
    expect(new Set(logRecords.map((r) => r.awsRegion))).toEqual(new Set(SMALL.regions));

    // A duplicate rides in a later delivery, so only first copies are bound to their delivery.
    const copies = new Map<string, number>();
    for (const record of logRecords)
      copies.set(record.eventID, (copies.get(record.eventID) ?? 0) + 1);
    const duplicated = new Set([...copies].filter(([, n]) => n > 1).map(([id]) => id));
    for (const file of logs.slice(0, 300)) {
      const match = LOG_PATH.exec(file.path);
      const [, account, region, , , , ymd = "", hm = ""] = match ?? [];
      const delivered = Date.parse(
        `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}T${hm.slice(0, 2)}:${hm.slice(2)}:00Z`,
      );
      for (const record of recordsOf(file)) {
        expect(record.recipientAccountId).toBe(account);
        if (duplicated.has(record.eventID)) continue;
        expect(record.awsRegion).toBe(region);
        const time = Date.parse(record.eventTime);
        expect(time).toBeLessThan(delivered + 60_000);
        expect(time).toBeGreaterThanOrEqual(delivered - 2 * (SMALL.deliveryMinutes ?? 5) * 60_000);
      }
    }
  });

  it("leaves records in a file out of time order, as CloudTrail does", () => {
    const unsorted = logs.filter((file) => {
      const times = recordsOf(file).map((r) => r.eventTime);
      return times.some((t, i) => i > 0 && t < (times[i - 1] ?? ""));
    });
    expect(unsorted.length).toBeGreaterThan(logs.length / 10);
  });

  it("mixes identities, sources, clients, data events and a few percent of errors", () => {
    const types = new Set(logRecords.map((r) => (r["userIdentity"] as { type?: string }).type));
    for (const type of [
      "IAMUser",
      "AssumedRole",
      "Root",
      "AWSService",
      "FederatedUser",
      "IdentityCenterUser",
      "Unknown",
    ]) {
      expect(types).toContain(type);
    }
    const sources = logRecords.map((r) => String(r["sourceIPAddress"]));
    expect(sources.some((s) => /^\d+\.\d+\.\d+\.\d+$/.test(s))).toBe(true);
    expect(sources.some((s) => s.includes(":"))).toBe(true);
    expect(sources).toContain("AWS Internal");
    expect(sources.some((s) => s.endsWith(".amazonaws.com"))).toBe(true);
    const agents = logRecords.map((r) => String(r["userAgent"]));
    for (const prefix of [
      "aws-cli/2.",
      "Boto3/1.",
      "aws-sdk-go-v2/",
      "APN/1.0 HashiCorp/1.0 Terraform/",
      "AWS Internal",
    ]) {
      expect(agents.some((a) => a.startsWith(prefix))).toBe(true);
    }
    expect(new Set(logRecords.map((r) => r.eventSource)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(logRecords.map((r) => r.eventName)).size).toBeGreaterThanOrEqual(60);
    const data = logRecords.filter((r) => r["eventCategory"] === "Data").length;
    expect(data / logRecords.length).toBeGreaterThan(0.1);
    const errors = logRecords.filter((r) => r.errorCode !== undefined).length / logRecords.length;
    expect(errors).toBeGreaterThan(0.01);
    expect(errors).toBeLessThan(0.08);
    const hidden = logRecords.find(
      (r) =>
        (r["userIdentity"] as { userName?: string }).userName === "HIDDEN_DUE_TO_SECURITY_REASONS",
    );
    expect(hidden?.eventName).toBe("ConsoleLogin");
  });

  it("follows office hours: weekday afternoons are busier than nights and weekends", () => {
    // 2026-03-02 is a Monday; a week covers five weekdays and a weekend.
    const week = run({
      ...SMALL,
      events: 14_000,
      days: 7,
      bursts: false,
      digests: false,
      duplicateRate: 0,
    });
    const byHour = new Array<number>(24).fill(0);
    let weekday = 0;
    let weekend = 0;
    for (const record of week.files.flatMap(recordsOf)) {
      const time = new Date(record.eventTime);
      byHour[time.getUTCHours()] = (byHour[time.getUTCHours()] ?? 0) + 1;
      if (time.getUTCDay() === 0 || time.getUTCDay() === 6) weekend++;
      else weekday++;
    }
    expect(byHour[14] ?? 0).toBeGreaterThan(1.8 * (byHour[23] ?? 0));
    expect(weekday / 5).toBeGreaterThan(1.5 * (weekend / 2));
  });
});

describe("digests", () => {
  const digests = small.files.filter((f) => f.kind === "digest");
  const rawByPath = new Map(logs.map((f) => [f.path, ungzip(f.bytes)]));

  it("list every log file once, with the SHA-256 of its uncompressed bytes", () => {
    const listed = new Set<string>();
    for (const digest of digests) {
      const body = JSON.parse(text(digest)) as {
        logFiles: { s3Object: string; hashValue: string; hashAlgorithm: string }[];
      };
      for (const entry of body.logFiles) {
        const raw = rawByPath.get(entry.s3Object);
        expect(raw).toBeDefined();
        expect(entry.hashAlgorithm).toBe("SHA-256");
        expect(entry.hashValue).toBe(
          createHash("sha256")
            .update(raw ?? new Uint8Array())
            .digest("hex"),
        );
        expect(listed.has(entry.s3Object)).toBe(false);
        listed.add(entry.s3Object);
      }
    }
    expect(listed.size).toBe(logs.length);
  });

  it("chain hourly: each names the previous digest and its SHA-256", () => {
    const chains = new Map<string, GeneratedFile[]>();
    for (const digest of digests) {
      const key =
        digest.path.split("/CloudTrail-Digest/")[0] +
        "|" +
        digest.path.split("/")[digest.path.startsWith("AWSLogs/o-") ? 4 : 3];
      chains.set(key, [...(chains.get(key) ?? []), digest]);
    }
    expect(chains.size).toBe(SMALL.accounts * SMALL.regions.length);
    for (const chain of chains.values()) {
      expect(chain.length).toBeGreaterThanOrEqual(SMALL.days * 24);
      const bodies = chain.map(
        (digest) => JSON.parse(text(digest)) as Record<string, string | null>,
      );
      expect(bodies[0]?.["previousDigestHashValue"]).toBeNull();
      bodies.forEach((body, i) => expect(body["digestS3Object"]).toBe(chain[i]?.path));
      for (let i = 1; i < chain.length; i++) {
        const previous = chain[i - 1] as GeneratedFile;
        const body = bodies[i] ?? {};
        expect(body["previousDigestS3Object"]).toBe(previous.path);
        expect(body["previousDigestHashValue"]).toBe(
          createHash("sha256").update(ungzip(previous.bytes)).digest("hex"),
        );
        expect(body["digestStartTime"]).toBe(bodies[i - 1]?.["digestEndTime"]);
      }
    }
  });
});

describe("bursts and Insights", () => {
  const bursts = plantedBursts(SMALL);
  const insights = small.files.filter((f) => f.kind === "insight").flatMap(recordsOf);

  it("plants call-rate and error-rate bursts after two days of normal data", () => {
    expect(bursts.filter((b) => b.kind === "call-rate").length).toBeGreaterThanOrEqual(3);
    expect(bursts.filter((b) => b.kind === "error-rate").length).toBeGreaterThanOrEqual(1);
    for (const burst of bursts) {
      expect(burst.start - Date.parse(SMALL.start)).toBeGreaterThanOrEqual(2 * 86_400_000);
      expect(burst.minutes).toBeGreaterThanOrEqual(5);
      expect(burst.minutes).toBeLessThanOrEqual(30);
      const inWindow = logRecords.filter(
        (r) =>
          r.eventName === burst.eventName &&
          r.eventSource === burst.eventSource &&
          r.recipientAccountId === burst.account &&
          r.awsRegion === burst.region &&
          (burst.errorCode === undefined || r.errorCode === burst.errorCode) &&
          Date.parse(r.eventTime) >= burst.start &&
          Date.parse(r.eventTime) < burst.start + burst.minutes * 60_000,
      );
      // Duplicates may repeat a few, so count distinct events.
      expect(new Set(inWindow.map((r) => r.eventID)).size).toBeGreaterThanOrEqual(
        burst.eventsPerMinute * burst.minutes,
      );
    }
  });

  it("writes a Start and an End Insights record per burst, with honest averages", () => {
    expect(insights.length).toBe(2 * bursts.length);
    for (const burst of bursts) {
      const pair = insights.filter((r) => {
        const details = r["insightDetails"] as { eventName: string; eventSource: string };
        return (
          details.eventName === burst.eventName &&
          details.eventSource === burst.eventSource &&
          r.recipientAccountId === burst.account
        );
      });
      expect(pair.map((r) => (r["insightDetails"] as { state: string }).state).sort()).toEqual([
        "End",
        "Start",
      ]);
      const [first, second] = pair;
      expect(first?.["sharedEventID"]).toBe(second?.["sharedEventID"]);
      const start = pair.find((r) => (r["insightDetails"] as { state: string }).state === "Start");
      const end = pair.find((r) => (r["insightDetails"] as { state: string }).state === "End");
      expect(Date.parse(start?.eventTime ?? "")).toBe(burst.start);
      expect(Date.parse(end?.eventTime ?? "")).toBe(burst.start + burst.minutes * 60_000);
      for (const record of pair) {
        expect(record["eventType"]).toBe("AwsCloudTrailInsight");
        expect(record["eventCategory"]).toBe("Insight");
        expect(record.awsRegion).toBe(burst.region);
      }
      const details = end?.["insightDetails"] as {
        insightType: string;
        errorCode?: string;
        insightContext: {
          statistics: {
            baseline: { average: number };
            insight: { average: number };
            insightDuration: number;
            baselineDuration: number;
          };
          attributions: { attribute: string; insight: { value: string; average: number }[] }[];
        };
      };
      expect(details.insightType).toBe(
        burst.kind === "error-rate" ? "ApiErrorRateInsight" : "ApiCallRateInsight",
      );
      expect(details.errorCode).toBe(burst.errorCode);
      const statistics = details.insightContext.statistics;
      expect(statistics.insightDuration).toBe(burst.minutes);
      expect(statistics.insight.average).toBeGreaterThanOrEqual(burst.eventsPerMinute);
      expect(statistics.insight.average).toBeGreaterThan(10 * statistics.baseline.average);

      // Recount from the log files: the averages describe exactly what was written.
      const matches = (r: CloudTrailRecord): boolean =>
        r.eventName === burst.eventName &&
        r.eventSource === burst.eventSource &&
        r.recipientAccountId === burst.account &&
        r.awsRegion === burst.region &&
        (burst.kind === "call-rate" || r.errorCode === burst.errorCode);
      const unique = new Map(
        logRecords.filter(matches).map((r) => [r.eventID, Date.parse(r.eventTime)]),
      );
      const during = [...unique.values()].filter(
        (t) => t >= burst.start && t < burst.start + burst.minutes * 60_000,
      ).length;
      const baselineStart = burst.start - statistics.baselineDuration * 60_000;
      const before = [...unique.values()].filter(
        (t) => t >= baselineStart && t < burst.start,
      ).length;
      expect(statistics.insight.average).toBeCloseTo(during / burst.minutes, 6);
      expect(statistics.baseline.average).toBeCloseTo(before / statistics.baselineDuration, 6);
      expect(details.insightContext.attributions.map((a) => a.attribute)).toEqual([
        "userIdentityArn",
        "userAgent",
        "errorCode",
      ]);
    }
  });

  it("plants nothing when bursts are off or the data set is too small to hide them in", () => {
    expect(plantedBursts({ ...SMALL, bursts: false })).toEqual([]);
    expect(plantedBursts({ ...SMALL, events: 200 })).toEqual([]);
    const quiet = run({ ...SMALL, events: 200, days: 1 });
    expect(quiet.stats.insightFiles).toBe(0);
  });
});

describe("presets", () => {
  it("tiny gives one or two records per log file", () => {
    const options = preset("tiny", { events: 6000, days: 1, accounts: 1 });
    const { files, stats } = run(options);
    expect(files.every((f) => f.kind === "log")).toBe(true);
    const perFile = stats.records / stats.logFiles;
    expect(perFile).toBeGreaterThanOrEqual(1);
    expect(perFile).toBeLessThanOrEqual(2);
    expect(stats.events).toBe(6000);
  });

  it("demo and bench are shaped as documented", () => {
    expect(preset("demo")).toMatchObject({
      events: 50_000,
      days: 8,
      accounts: 2,
      bursts: true,
      insights: true,
      digests: true,
    });
    expect(preset("demo").regions).toHaveLength(3);
    expect(preset("bench").events).toBe(300_000);
    expect(preset("bench", { events: 1_000_000 }).events).toBe(1_000_000);
  });
});
