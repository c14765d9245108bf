import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { SIGMA_RULES } from "../lib/testing/samples";
import { generateDeliveries, preset } from "../generator";
import { builtinRules } from "../query/rules";
import { compileSigma } from "../query/sigma";
import { scanTerms } from "../store/queryEval";
import { referenceMatch } from "../query/testing/reference";
import { Detections, splitRuleFiles } from "./detections";
import type { SourceFile } from "./session";
import { filesUnder, INVICTUS, invictus, newSession, source } from "./testing";

/** The invictus records, read here with node:zlib and JSON.parse. */
function records(): Record<string, unknown>[] {
  return filesUnder(INVICTUS)
    .filter((f) => f.endsWith(".json.gz"))
    .flatMap(
      (f) =>
        (
          JSON.parse(gunzipSync(readFileSync(f)).toString()) as {
            Records: Record<string, unknown>[];
          }
        ).Records,
    );
}

async function settled(detections: Detections): Promise<void> {
  // compute() runs in slices after the load; wait until it has published for this data.
  for (let i = 0; i < 50; i++) {
    await detections.compute();
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe("Detections on the invictus run", () => {
  it("each built-in single-event rule finds exactly the records a reference evaluation finds", async () => {
    const session = newSession();
    const detections = new Detections(session);
    await session.load(invictus());
    await settled(detections);
    const all = records();
    const { rules } = builtinRules();
    let fired = 0;
    for (const rule of rules.filter((r) => r.generate)) {
      const expected = all.filter((record) => referenceMatch(rule.expr, record)).length;
      const finding = detections.finding(rule.id);
      expect({ rule: rule.title, count: finding?.rows.length ?? 0 }).toEqual({
        rule: rule.title,
        count: expected,
      });
      if (expected > 0) fired++;
    }
    expect(fired).toBeGreaterThan(10);
    // Every finding says where it comes from and what it points at.
    for (const finding of detections.getState().findings) {
      expect(["builtin", "sigma", "anomaly", "first-seen"]).toContain(finding.source);
      expect(finding.rows.length).toBeGreaterThan(0);
    }
  });

  it("the SigmaHQ rules, added after the load, find exactly the records a reference evaluation finds", async () => {
    const session = newSession();
    const detections = new Detections(session, false);
    await session.load(invictus());
    await settled(detections);
    const files = readdirSync(SIGMA_RULES)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(SIGMA_RULES, name), "utf8") }));
    // The SigmaHQ rules that fire on this run read indexed fields only (console sign-ins: MFA
    // used, the result): one of this test's own, on a path no column holds, is read in the files
    // (as the SigmaHQ rule on a failed sign-in's errorMessage is, where it has candidates).
    files.push({
      name: "nested.yml",
      text: [
        "title: TLS 1.3 callers",
        "id: 33333333-2222-3333-4444-555555555555",
        "logsource: {product: aws, service: cloudtrail}",
        "detection: {selection: {tlsDetails.tlsVersion: TLSv1.3}, condition: selection}",
        "level: low",
      ].join("\n"),
    });
    await detections.addSigma(files);
    await settled(detections);
    const all = records();
    const fired = { columns: 0, scanned: 0 };
    for (const file of files) {
      for (const rule of compileSigma(file.text, file.name).rules) {
        const expected = all.filter((record) => referenceMatch(rule.expr, record)).length;
        const finding = detections.finding(rule.id);
        expect({ rule: rule.title, count: finding?.rows.length ?? 0 }).toEqual({
          rule: rule.title,
          count: expected,
        });
        if (expected > 0) fired[scanTerms(rule.expr).length > 0 ? "scanned" : "columns"]++;
      }
    }
    // Rules of both kinds fire: those answered by the columns and those read in the files.
    expect(fired.columns).toBeGreaterThan(0);
    expect(fired.scanned).toBeGreaterThan(0);
  });

  it("says it is computing while the findings are brought up to date, and when they are", async () => {
    const session = newSession();
    const detections = new Detections(session);
    const seen: { computing: boolean; findings: number }[] = [];
    detections.subscribe(() => {
      const { computing, findings } = detections.getState();
      seen.push({ computing, findings: findings.length });
    });
    await session.load(invictus());
    await settled(detections);
    // It said so before the first findings came, and the findings came with the end of it.
    expect(seen[0]).toEqual({ computing: true, findings: 0 });
    const last = seen.at(-1)!;
    expect(last.computing).toBe(false);
    expect(last.findings).toBeGreaterThan(0);
    expect(seen.filter((s) => !s.computing).every((s) => s.findings === last.findings)).toBe(true);
  });

  it("duplicates loaded again change no finding, and findingsOfRow agrees with the rows", async () => {
    const session = newSession();
    const detections = new Detections(session);
    await session.load(invictus());
    await settled(detections);
    const before = new Map(detections.getState().findings.map((f) => [f.ruleId, f.rows.length]));
    await session.load(invictus());
    await settled(detections);
    expect(session.store.duplicates).toBe(2900);
    const after = new Map(detections.getState().findings.map((f) => [f.ruleId, f.rows.length]));
    expect(after).toEqual(before);
    const finding = detections.getState().findings[0];
    expect(detections.findingsOfRow(finding.rows[0]).map((f) => f.ruleId)).toContain(
      finding.ruleId,
    );
  });

  it("the findings of correlations, anomalies and first-seen pairs follow a later load and a later rule file", async () => {
    const files: SourceFile[] = [];
    const options = preset("demo", { events: 6_000, insights: false, digests: false });
    for (const file of generateDeliveries(options)) files.push(source(file.path, file.bytes));
    const derived = (detections: Detections) =>
      new Map(
        detections
          .getState()
          .findings.filter((f) => f.source !== "sigma")
          .map((f) => [f.ruleId, f.rows.length]),
      );
    const whole = newSession();
    const wholeDetections = new Detections(whole);
    await whole.load(files);
    await settled(wholeDetections);
    const expected = derived(wholeDetections);
    const kinds = new Set(wholeDetections.getState().findings.map((f) => f.source));
    expect([...kinds].sort()).toEqual(["anomaly", "builtin", "first-seen"]);
    // A correlation among the built-in findings: it says why its events are there.
    const correlations = wholeDetections
      .getState()
      .findings.filter((f) => f.source === "builtin" && f.why !== "");
    expect(correlations.length).toBeGreaterThan(0);
    // The same files in two loads, with a rule file between them: every derived finding is made
    // again for the data as it is at the end.
    const session = newSession();
    const detections = new Detections(session);
    // The files delivered an hour or more before the first correlated burst first: the burst
    // comes only with the second load.
    const before = new Date(correlations[0]!.first - 3_600_000)
      .toISOString()
      .replace(/[-:]/g, "")
      .slice(0, 13);
    const delivered = (file: SourceFile) => /_(\d{8}T\d{4})Z_/.exec(file.name)?.[1] ?? "";
    const early = files.filter((file) => delivered(file) < before);
    const late = files.filter((file) => delivered(file) >= before);
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    await session.load(early);
    await settled(detections);
    const first = derived(detections);
    await detections.addSigma([
      {
        name: "any.yml",
        text: [
          "title: Any describe",
          "id: 22222222-2222-3333-4444-555555555555",
          "logsource: {product: aws, service: cloudtrail}",
          "detection: {selection: {eventName|startswith: Describe}, condition: selection}",
          "level: low",
        ].join("\n"),
      },
    ]);
    await settled(detections);
    expect(derived(detections)).toEqual(first);
    await session.load(late);
    await settled(detections);
    expect(derived(detections)).toEqual(expected);
    for (const kind of [...correlations.map((c) => c.ruleId), "first-seen-api"])
      expect(first.get(kind)).not.toEqual(expected.get(kind));
  });

  it("Sigma rules added after the load run over the loaded files, and over files loaded later", async () => {
    const session = newSession();
    const detections = new Detections(session);
    const files = invictus();
    // Every other file first, the rest later: both halves hold secrets reads.
    const early = files.filter((_, i) => i % 2 === 0);
    const late = files.filter((_, i) => i % 2 === 1);
    await session.load(early);
    await settled(detections);
    const rule = [
      "title: Secrets read",
      "id: 11111111-2222-3333-4444-555555555555",
      "author: test",
      "logsource: {product: aws, service: cloudtrail}",
      "detection:",
      "  selection:",
      "    eventSource: secretsmanager.amazonaws.com",
      "    eventName|startswith: Get",
      "  condition: selection",
      "level: low",
    ].join("\n");
    await detections.addSigma([
      { name: "secrets.yml", text: rule },
      { name: "broken.yml", text: "title: x\ndetection: {condition: nothing}\n" },
    ]);
    await settled(detections);
    const all = records();
    const isHit = (r: Record<string, unknown>) =>
      r.eventSource === "secretsmanager.amazonaws.com" &&
      typeof r.eventName === "string" &&
      r.eventName.toLowerCase().startsWith("get");
    const firstHalf = new Set(
      filesUnder(INVICTUS)
        .filter((f) => f.endsWith(".json.gz"))
        .filter((_, i) => i % 2 === 0)
        .flatMap(
          (f) =>
            (
              JSON.parse(gunzipSync(readFileSync(f)).toString()) as {
                Records: Record<string, unknown>[];
              }
            ).Records,
        )
        .filter(isHit),
    ).size;
    const finding = detections.finding("11111111-2222-3333-4444-555555555555");
    expect(finding?.rows.length ?? 0).toBe(firstHalf);
    expect(finding?.source).toBe("sigma");
    expect(finding?.author).toBe("test");
    expect(detections.getState().errors.map((e) => e.file)).toEqual(["broken.yml"]);
    await session.load(late);
    await settled(detections);
    expect(detections.finding("11111111-2222-3333-4444-555555555555")?.rows.length).toBe(
      all.filter(isHit).length,
    );
    expect(all.filter(isHit).length).toBeGreaterThan(firstHalf);
  });

  it("finding: terms select a finding's rows", async () => {
    const session = newSession();
    const detections = new Detections(session);
    await session.load([
      source(
        "one.json",
        new TextEncoder().encode(
          JSON.stringify({
            Records: [
              {
                eventID: "a",
                eventName: "StopLogging",
                eventSource: "cloudtrail.amazonaws.com",
                eventTime: "2023-07-10T12:00:00Z",
                userIdentity: {
                  type: "IAMUser",
                  userName: "mallory",
                  arn: "arn:aws:iam::1:user/mallory",
                },
              },
              {
                eventID: "b",
                eventName: "ListBuckets",
                eventSource: "s3.amazonaws.com",
                eventTime: "2023-07-10T12:00:01Z",
              },
            ],
          }),
        ),
      ),
    ]);
    await settled(detections);
    const stop = detections
      .getState()
      .findings.find((f) => f.title.toLowerCase().includes("cloudtrail logging stopped"));
    expect(stop?.rows.length).toBe(1);
    const mask = detections.rowsOf({
      kind: "term",
      field: "finding",
      match: { op: "eq", value: stop!.ruleId.toUpperCase(), cased: false },
    });
    const expected = Array.from({ length: session.store.rows }, (_, r) =>
      session.store.value("eventName", r) === "StopLogging" ? 1 : 0,
    );
    expect(Array.from(mask ?? [])).toEqual(expected);
  });
});

describe("splitRuleFiles", () => {
  it("takes .yml and .yaml files as rules, anything else as logs", () => {
    const names = ["a.yml", "B.YAML", "c.json.gz", "d.yml.gz", "e.json", "yml"];
    const { rules, logs } = splitRuleFiles(names.map((name) => ({ name })));
    expect(rules.map((f) => f.name)).toEqual(["a.yml", "B.YAML"]);
    expect(logs.map((f) => f.name)).toEqual(["c.json.gz", "d.yml.gz", "e.json", "yml"]);
  });
});
