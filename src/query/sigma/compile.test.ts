// Files of several documents, rule collections, metadata, and correlation rules (Sigma v2 and the
// legacy `| count()` / `| near` forms).
import { describe, expect, it } from "vitest";
import { compileSigma } from "./compile";
import { DRL_LINK, SIGMAHQ_LINK } from "./meta";
import { eq, ruleText } from "./testkit";

const RULE_A = ruleText(
  "sel:\n  eventName: A\ncondition: sel",
  "title: Rule A\nid: rule-a\nname: rule_a\n",
);
const RULE_B = ruleText("sel:\n  eventName: B\ncondition: sel", "title: Rule B\nid: rule-b\n");

describe("files and collections", () => {
  it("several documents: each its own rule", () => {
    const result = compileSigma(`${RULE_A}---\n${RULE_B}`, "two.yml");
    expect(result.errors).toEqual([]);
    expect(result.rules.map((rule) => [rule.id, rule.expr])).toEqual([
      ["rule-a", eq("eventName", "A")],
      ["rule-b", eq("eventName", "B")],
    ]);
    expect(result.rules.every((rule) => rule.file === "two.yml" && rule.generate)).toBe(true);
  });

  it("a byte order mark and CRLF line ends (files saved on Windows)", () => {
    const result = compileSigma(`\uFEFF${RULE_A.replace(/\n/g, "\r\n")}`, "crlf.yml");
    expect(result.errors).toEqual([]);
    expect(result.rules[0]!.expr).toEqual(eq("eventName", "A"));
  });

  it("a bad document is listed; the others still compile", () => {
    const bad = ruleText("sel:\n  eventName|nope: x\ncondition: sel", "title: Bad one\n");
    const result = compileSigma(
      `${RULE_A}---\n${bad}---\n- a list\n---\njust text\n---\n${RULE_B}`,
      "mixed.yml",
    );
    expect(result.rules.map((rule) => rule.id)).toEqual(["rule-a", "rule-b"]);
    expect(result.errors).toEqual([
      {
        file: "mixed.yml",
        title: "Bad one",
        reason: 'unknown modifier "nope" in "eventName|nope"',
      },
      {
        file: "mixed.yml",
        title: "document 3",
        reason: "a Sigma rule is a YAML map; this document is a list",
      },
      {
        file: "mixed.yml",
        title: "document 4",
        reason: 'a Sigma rule is a YAML map; this document is the text "just text"',
      },
    ]);
  });

  it("action: global merges into the following documents; reset drops it", () => {
    const text = [
      "action: global\nauthor: Team\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  source:\n    eventSource: iam.amazonaws.com\n  condition: source and sel",
      "title: One\ndetection:\n  sel:\n    eventName: CreateUser",
      "title: Two\ndetection:\n  sel:\n    eventName: DeleteUser",
      "action: reset",
      "title: Three\ndetection:\n  sel:\n    eventName: X\n  condition: sel",
    ].join("\n---\n");
    const result = compileSigma(text, "collection.yml");
    expect(result.errors).toEqual([]);
    const [one, two, three] = result.rules;
    expect(one!.expr).toEqual({
      kind: "and",
      items: [eq("eventSource", "iam.amazonaws.com"), eq("eventName", "CreateUser")],
    });
    expect(two!.expr).toEqual({
      kind: "and",
      items: [eq("eventSource", "iam.amazonaws.com"), eq("eventName", "DeleteUser")],
    });
    expect([one!.author, one!.logsource]).toEqual([
      "Team",
      { product: "aws", service: "cloudtrail" },
    ]);
    expect([three!.author, three!.expr]).toEqual(["", eq("eventName", "X")]);
    expect(one!.id).toBe("collection.yml#2"); // no id: the file and the document's place
  });

  it("action: repeat is the previous rule with the document's keys merged in", () => {
    const text = `${RULE_A}---\naction: repeat\ntitle: Rule A2\nid: rule-a2\ndetection:\n  sel:\n    eventName: A2\n`;
    const result = compileSigma(text, "repeat.yml");
    expect(result.errors).toEqual([]);
    expect(result.rules.map((rule) => [rule.title, rule.expr])).toEqual([
      ["Rule A", eq("eventName", "A")],
      ["Rule A2", eq("eventName", "A2")],
    ]);
  });
});

describe("metadata", () => {
  const head = [
    "title: Meta",
    "id: 11111111-2222-3333-4444-555555555555",
    "status: test",
    "description: What it finds",
    "author: Ann, Bob",
    "date: 2024-01-02",
    "modified: 2024/03/04",
    "level: HIGH",
    "references:\n  - https://example.com/a\n  - https://example.com/b",
    "tags:\n  - attack.defense-evasion\n  - attack.privilege_escalation\n  - attack.t1562.008\n  - attack.T1078\n  - attack.g0016\n  - cve.2021-1234",
    "falsepositives:\n  - Admins",
    "fields:\n  - ip\n  - requestParameters.userName",
    "",
  ].join("\n");

  it("reads what the detections list shows", () => {
    const [rule] = compileSigma(
      ruleText("sel:\n  eventName: A\ncondition: sel", head),
      "meta.yml",
    ).rules;
    expect(rule).toMatchObject({
      id: "11111111-2222-3333-4444-555555555555",
      title: "Meta",
      status: "test",
      description: "What it finds",
      author: "Ann, Bob",
      date: "2024-01-02",
      modified: "2024/03/04",
      level: "high",
      references: ["https://example.com/a", "https://example.com/b"],
      tactics: ["defense-evasion", "privilege-escalation"],
      techniques: ["T1562.008", "T1078"],
      falsepositives: ["Admins"],
      fields: ["sourceIPAddress", "requestParameters.userName"],
      license: "DRL-1.1",
      licenseLink: DRL_LINK,
      link: SIGMAHQ_LINK,
      logsource: { product: "aws", service: "cloudtrail" },
    });
    expect(rule!.tags).toContain("cve.2021-1234");
  });

  it("a rule's own license: kept, linked by its first reference", () => {
    const [rule] = compileSigma(
      ruleText("sel:\n  eventName: A\ncondition: sel", `${head}license: MIT\n`),
      "own.yml",
    ).rules;
    expect([rule!.license, rule!.licenseLink, rule!.link]).toEqual([
      "MIT",
      "",
      "https://example.com/a",
    ]);
  });

  it("a missing or unknown level reads as medium; a missing title is an error", () => {
    const [rule] = compileSigma(
      ruleText("sel:\n  eventName: A\ncondition: sel", "title: T\nlevel: severe\n"),
      "l.yml",
    ).rules;
    expect(rule!.level).toBe("medium");
    const result = compileSigma(
      ruleText("sel:\n  eventName: A\ncondition: sel", "id: x\n"),
      "t.yml",
    );
    expect(result.errors.map((e) => e.reason)).toEqual(["the rule has no title"]);
  });
});

describe("correlation rules (Sigma v2)", () => {
  const correlation = (body: string, extra = ""): string =>
    `${RULE_A}---\n${RULE_B}---\ntitle: Burst\nid: burst\nlevel: high\n${extra}correlation:\n${body
      .split("\n")
      .map((line) => `  ${line}`)
      .join("\n")}\n`;

  it("event_count, referenced by name and id; the rules it uses are not shown on their own", () => {
    const result = compileSigma(
      correlation(
        "type: event_count\nrules:\n  - rule_a\n  - rule-b\ngroup-by:\n  - userIdentity.arn\n  - ip\ntimespan: 5m\ncondition:\n  gte: 10",
      ),
      "corr.yml",
    );
    expect(result.errors).toEqual([]);
    expect(result.correlations).toHaveLength(1);
    expect(result.correlations[0]).toMatchObject({
      kind: "correlation",
      id: "burst",
      level: "high",
      type: "event_count",
      rules: ["rule_a", "rule-b"],
      groupBy: ["userIdentity.arn", "sourceIPAddress"],
      timespan: "5m",
      timespanMs: 300_000,
      condition: { field: null, bounds: [{ op: "gte", value: 10 }] },
      generate: false,
    });
    expect(result.rules.map((rule) => rule.generate)).toEqual([false, false]);
  });

  it("value_count with generate: true", () => {
    const result = compileSigma(
      correlation(
        "type: value_count\nrules: rule-a\ntimespan: 1h\ngenerate: true\ncondition:\n  field: eventName\n  gt: 3\n  lte: 100",
      ),
      "corr.yml",
    );
    expect(result.errors).toEqual([]);
    expect(result.correlations[0]).toMatchObject({
      type: "value_count",
      rules: ["rule-a"],
      groupBy: [],
      timespanMs: 3_600_000,
      condition: {
        field: "eventName",
        bounds: [
          { op: "gt", value: 3 },
          { op: "lte", value: 100 },
        ],
      },
      generate: true,
    });
    expect(result.rules.map((rule) => rule.generate)).toEqual([true, true]);
  });

  it("temporal and temporal_ordered: all rules by default", () => {
    for (const type of ["temporal", "temporal_ordered"]) {
      const result = compileSigma(
        correlation(
          `type: ${type}\nrules: [rule-a, rule-b]\ngroup-by: [userIdentity.arn]\ntimespan: 30s`,
        ),
        "t.yml",
      );
      expect(result.errors).toEqual([]);
      expect(result.correlations[0]).toMatchObject({
        type,
        timespanMs: 30_000,
        condition: { field: null, bounds: [{ op: "gte", value: 2 }] },
      });
    }
  });

  it("aliases map a group-by name to each rule's field", () => {
    const result = compileSigma(
      correlation(
        "type: temporal\nrules: [rule-a, rule-b]\ngroup-by: [who]\ntimespan: 1d\naliases:\n  who:\n    rule-a: userIdentity.arn\n    rule-b: requestParameters.userName",
      ),
      "a.yml",
    );
    expect(result.errors).toEqual([]);
    expect(result.correlations[0]).toMatchObject({
      groupBy: ["who"],
      aliases: { who: { "rule-a": "userIdentity.arn", "rule-b": "requestParameters.userName" } },
      timespanMs: 86_400_000,
    });
  });

  const REJECTED: [string, string, RegExp][] = [
    [
      "an unknown type",
      "type: value_sum\nrules: [rule-a]\ntimespan: 5m\ncondition: {gt: 1}",
      /type "value_sum" is not supported/,
    ],
    [
      "no timespan",
      "type: event_count\nrules: [rule-a]\ncondition: {gt: 1}",
      /timespan is missing/,
    ],
    [
      "a bad timespan",
      "type: event_count\nrules: [rule-a]\ntimespan: soon\ncondition: {gt: 1}",
      /not a time like/,
    ],
    ["no condition", "type: event_count\nrules: [rule-a]\ntimespan: 5m", /needs a condition/],
    [
      "value_count without a field",
      "type: value_count\nrules: [rule-a]\ntimespan: 5m\ncondition: {gt: 1}",
      /needs the field/,
    ],
    ["no rules", "type: event_count\ntimespan: 5m\ncondition: {gt: 1}", /references no rules/],
    [
      "an unknown comparison",
      "type: event_count\nrules: [rule-a]\ntimespan: 5m\ncondition: {about: 1}",
      /unknown condition "about"/,
    ],
    [
      "a count that is not a number",
      "type: event_count\nrules: [rule-a]\ntimespan: 5m\ncondition: {gt: lots}",
      /needs a number/,
    ],
  ];
  for (const [name, body, reason] of REJECTED) {
    it(`rejects ${name}`, () => {
      const result = compileSigma(correlation(body), "bad.yml");
      expect(result.errors.map((e) => e.reason)).toEqual([expect.stringMatching(reason)]);
      expect(result.rules).toHaveLength(2);
    });
  }
});

describe("legacy aggregations", () => {
  const legacy = (condition: string, timeframe = "timeframe: 10m\n"): string =>
    ruleText(
      `sel:\n  eventName: A\nsel2:\n  eventName: B\n${timeframe}condition: ${condition}`,
      "title: Old\nid: old\n",
    );

  it("count() by field > N: an event_count over a base rule", () => {
    const result = compileSigma(legacy("sel | count() by sourceIPAddress > 5"), "old.yml");
    expect(result.errors).toEqual([]);
    expect(result.rules).toMatchObject([
      { id: "old:events", expr: eq("eventName", "A"), generate: false },
    ]);
    expect(result.correlations[0]).toMatchObject({
      id: "old",
      type: "event_count",
      rules: ["old:events"],
      groupBy: ["sourceIPAddress"],
      timespanMs: 600_000,
      condition: { field: null, bounds: [{ op: "gt", value: 5 }] },
    });
  });

  it("count(field) >= N: a value_count", () => {
    const result = compileSigma(
      legacy("sel or sel2 | count(eventName) by userIdentity.arn >= 2"),
      "old.yml",
    );
    expect(result.errors).toEqual([]);
    expect(result.rules[0]!.expr).toEqual({
      kind: "or",
      items: [eq("eventName", "A"), eq("eventName", "B")],
    });
    expect(result.correlations[0]).toMatchObject({
      type: "value_count",
      groupBy: ["userIdentity.arn"],
      condition: { field: "eventName", bounds: [{ op: "gte", value: 2 }] },
    });
  });

  it("near: a temporal correlation of each side", () => {
    const result = compileSigma(legacy("sel | near sel2"), "old.yml");
    expect(result.errors).toEqual([]);
    expect(result.rules.map((rule) => [rule.id, rule.expr])).toEqual([
      ["old:1", eq("eventName", "A")],
      ["old:2", eq("eventName", "B")],
    ]);
    expect(result.correlations[0]).toMatchObject({ type: "temporal", rules: ["old:1", "old:2"] });
  });

  const REJECTED: [string, string, RegExp][] = [
    ["no timeframe", legacy("sel | count() > 5", ""), /needs a timeframe/],
    ["near without timeframe", legacy("sel | near sel2", ""), /near needs a timeframe/],
    [
      "another function",
      legacy("sel | max(bytes) > 5"),
      /aggregation "max\(bytes\) > 5" is not supported/,
    ],
    ["a malformed count", legacy("sel | count() is big"), /not of the form/],
    ["near … and not", legacy("sel | near sel2 and not sel"), /cannot be expressed/],
  ];
  for (const [name, text, reason] of REJECTED) {
    it(`rejects ${name}`, () =>
      expect(compileSigma(text, "old.yml").errors.map((e) => e.reason)).toEqual([
        expect.stringMatching(reason),
      ]));
  }
});
