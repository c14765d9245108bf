// The pack compiles, every rule carries its metadata, every single-event rule flags the records it
// is for and none of their near misses, and every correlation has the shape its description gives.
import { describe, expect, test } from "vitest";
import { compileSigma } from "../sigma";
import { ACCESS_CASES } from "./cases.access";
import { EVASION_CASES } from "./cases.evasion";
import { EXPOSURE_CASES } from "./cases.exposure";
import { BUILTIN_AUTHOR, BUILTIN_RULES_YAML, builtinFileName, builtinRules } from "./index";
import { predicateOf, ruleById } from "./test-helpers";

const CASES = [...ACCESS_CASES, ...EVASION_CASES, ...EXPOSURE_CASES];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LEVELS = ["informational", "low", "medium", "high", "critical"];
/** ATT&CK v19 enterprise tactics, as Sigma tags name them. */
const TACTICS = new Set([
  "reconnaissance",
  "resource-development",
  "initial-access",
  "execution",
  "persistence",
  "privilege-escalation",
  "stealth",
  "defense-impairment",
  "credential-access",
  "discovery",
  "lateral-movement",
  "collection",
  "command-and-control",
  "exfiltration",
  "impact",
]);

const PACK = builtinRules();
const ALL = [...PACK.rules, ...PACK.correlations];

describe("the pack", () => {
  test("compiles, once", () => {
    expect(builtinRules()).toBe(PACK);
    expect(PACK.rules.length).toBeGreaterThanOrEqual(50);
    expect(PACK.correlations.length).toBe(5);
  });

  test.each(BUILTIN_RULES_YAML.map((yaml) => ({ file: builtinFileName(yaml), yaml })))(
    "$file compiles without errors",
    ({ file, yaml }) => {
      const result = compileSigma(yaml, file);
      expect(result.errors).toEqual([]);
      expect(result.rules.length + result.correlations.length).toBeGreaterThan(0);
    },
  );

  test("ids and titles are unique", () => {
    expect(new Set(ALL.map((r) => r.id)).size).toBe(ALL.length);
    expect(new Set(ALL.map((r) => r.title)).size).toBe(ALL.length);
  });

  test.each(ALL)("$title carries its metadata", (rule) => {
    expect(rule.id).toMatch(UUID);
    expect(rule.description.length).toBeGreaterThan(40);
    expect(LEVELS).toContain(rule.level);
    expect(rule.author).toBe(BUILTIN_AUTHOR);
    // Its own license: without one, the compiler would attribute the rule to SigmaHQ.
    expect(rule.license).toBe("Trailview");
    expect(rule.falsepositives.length).toBeGreaterThan(0);
    expect(rule.tactics.length).toBeGreaterThan(0);
    expect(rule.techniques.length).toBeGreaterThan(0);
    expect(rule.tactics.filter((tactic) => !TACTICS.has(tactic))).toEqual([]);
    expect(rule.file).toMatch(/^trailview\/[a-z0-9-]+\.yml$/);
  });

  test.each(PACK.rules)("$title reads CloudTrail", (rule) => {
    expect(rule.logsource).toEqual({ product: "aws", service: "cloudtrail" });
  });

  test("only the base rules of correlations are kept from showing on their own", () => {
    const referenced = PACK.correlations.flatMap((c) => c.rules).toSorted();
    const hidden = PACK.rules.filter((r) => !r.generate);
    expect(hidden.map((r) => r.name).toSorted()).toEqual(referenced);
    expect(hidden.map((r) => r.level)).toEqual(hidden.map(() => "informational"));
  });
});

describe("correlations", () => {
  // id → what the description promises: the base rule, the group, the window and the threshold.
  const SHAPES: Record<string, { title: string; base: string; gte: number; level: string }> = {
    "314884f6-3a9c-4540-a709-27614f415213": {
      title: "Many secret values read by one principal",
      base: "trailview_secret_value_read",
      gte: 10,
      level: "high",
    },
    "8308afb0-f8d7-4c5a-b2b5-3f983dc3374f": {
      title: "Many SSM parameters decrypted by one principal",
      base: "trailview_ssm_parameter_decrypted",
      gte: 10,
      level: "high",
    },
    "df4a2592-411b-4eaf-ab88-bc0bc3332f8c": {
      title: "Burst of read calls from one principal",
      base: "trailview_read_call",
      gte: 50,
      level: "low",
    },
    "b315efa4-aa99-4229-8ee4-c2f000be8f0a": {
      title: "Many refused calls from one principal",
      base: "trailview_access_denied",
      gte: 10,
      level: "medium",
    },
    "6a956efa-9f23-4eb6-b578-2f8b407e2bb9": {
      title: "Mass deletion by one principal",
      base: "trailview_destructive_call",
      gte: 20,
      level: "high",
    },
  };

  test("every correlation is listed", () => {
    expect(PACK.correlations.map((c) => c.id).toSorted()).toEqual(Object.keys(SHAPES).toSorted());
  });

  test.each(Object.entries(SHAPES).map(([id, shape]) => ({ id, ...shape })))("$title", (shape) => {
    const correlation = PACK.correlations.find((c) => c.id === shape.id)!;
    expect(correlation.title).toBe(shape.title);
    expect(correlation.type).toBe("event_count");
    expect(correlation.rules).toEqual([shape.base]);
    expect(correlation.groupBy).toEqual(["userIdentity.arn"]);
    expect(correlation.timespan).toBe("10m");
    expect(correlation.timespanMs).toBe(600_000);
    expect(correlation.condition).toEqual({
      field: null,
      bounds: [{ op: "gte", value: shape.gte }],
    });
    expect(correlation.level).toBe(shape.level);
    expect(correlation.generate).toBe(false);
    // The threshold the rule counts to is the one its description explains.
    expect(correlation.description).toContain(`at least ${shape.gte} `);
    const base = PACK.rules.filter((r) => r.name === shape.base);
    expect(base).toHaveLength(1);
    expect(base[0]!.file).toBe(correlation.file);
  });
});

describe("single-event rules", () => {
  test("every one has cases, and every case names a rule of the pack", () => {
    const ruleIds = PACK.rules.map((r) => r.id);
    expect(CASES.map((c) => c.id).toSorted()).toEqual(ruleIds.toSorted());
  });

  test.each(CASES)("$title flags its hits and none of its near misses", (c) => {
    expect(ruleById(c.id).title).toBe(c.title);
    expect(c.hits.length).toBeGreaterThan(0);
    expect(c.misses.length).toBeGreaterThan(0);
    const matches = predicateOf(c.id);
    expect(c.hits.map((record) => matches(record))).toEqual(c.hits.map(() => true));
    expect(c.misses.map((record) => matches(record))).toEqual(c.misses.map(() => false));
  });
});
