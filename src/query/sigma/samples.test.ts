// The SigmaHQ CloudTrail rules, read in place (samples/sigma beside the repository; never
// copied into the project): every rule of rules/ compiles, and every one of unsupported/ either
// becomes a correlation or is refused with a reason that says why.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SIGMA } from "../../lib/testing/samples";
import { compileSigma } from "./compile";
import { SIGMAHQ_LINK } from "./meta";
import { eq } from "./testkit";

function ruleFiles(dir: string): string[] {
  return readdirSync(join(SIGMA, dir))
    .filter((name) => name.endsWith(".yml"))
    .sort();
}

const read = (dir: string, name: string): string => readFileSync(join(SIGMA, dir, name), "utf8");

describe("rules/: the 57 single-event rules", () => {
  const files = ruleFiles("rules");

  it("are all there", () => expect(files).toHaveLength(57));

  it.each(files)("%s", (name) => {
    const text = read("rules", name);
    const result = compileSigma(text, name);
    expect(result.errors).toEqual([]);
    expect(result.correlations).toEqual([]);
    expect(result.rules).toHaveLength(1);
    const rule = result.rules[0]!;
    const yaml = parse(text) as { id: string; title: string; author: string };
    expect([rule.id, rule.title, rule.author]).toEqual([yaml.id, yaml.title, yaml.author]);
    expect(rule).toMatchObject({
      file: name,
      license: "DRL-1.1",
      link: SIGMAHQ_LINK,
      generate: true,
    });
    expect(rule.tactics.length + rule.techniques.length).toBeGreaterThan(0);
  });

  it("MFAUsed: 'NO' compares without case; a nested path stays as written", () => {
    const [rule] = compileSigma(
      read("rules", "aws_cloudtrail_console_login_success_without_mfa.yml"),
      "x",
    ).rules;
    expect(rule!.expr).toEqual({
      kind: "and",
      items: [
        eq("eventName", "ConsoleLogin"),
        eq("additionalEventData.MFAUsed", "NO"),
        eq("responseElements.ConsoleLogin", "Success"),
      ],
    });
  });

  it("tags become tactics and techniques", () => {
    const [rule] = compileSigma(read("rules", "aws_cloudtrail_disable_logging.yml"), "x").rules;
    expect(rule!.techniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t))).toBe(true);
    expect(rule!.tactics.every((t) => /^[a-z-]+$/.test(t))).toBe(true);
  });
});

describe("unsupported/: aggregations, near and placeholders", () => {
  const files = ruleFiles("unsupported");
  const REFUSED: Record<string, RegExp> = {
    "aws_cloudtrail_console_login_success_from_susp_locations.yml":
      /modifier "expand" is not supported: .*placeholder/,
    "aws_lambda_function_created_or_invoked.yml": /near needs a timeframe/,
    "aws_ses_messaging_enabled.yml": /timeframe without an aggregation/,
  };
  /** File → type, group-by and "op value in timespan" of the correlation it becomes. */
  const CORRELATED: Record<string, [string, string[], string]> = {
    "aws_ec2_download_userdata.yml": ["event_count", [], "gt 10 in 30m"],
    "aws_enum_backup.yml": ["event_count", [], "gt 5 in 10m"],
    "aws_enum_listing.yml": ["event_count", [], "gt 50 in 10m"],
    "aws_enum_network.yml": ["event_count", [], "gt 5 in 10m"],
    "aws_enum_storage.yml": ["event_count", [], "gt 5 in 10m"],
    "aws_macic_evasion.yml": ["event_count", ["sourceIPAddress"], "gt 5 in 10m"],
  };

  it("are all there", () => {
    expect(files).toEqual([...Object.keys(REFUSED), ...Object.keys(CORRELATED)].sort());
  });

  it.each(Object.entries(REFUSED))("%s: refused", (name, reason) => {
    const result = compileSigma(read("unsupported", name), name);
    expect(result.errors.map((e) => e.reason)).toEqual([expect.stringMatching(reason)]);
    expect(result.rules.length + result.correlations.length).toBe(0);
  });

  it.each(Object.entries(CORRELATED))("%s: a correlation", (name, [type, groupBy, bound]) => {
    const result = compileSigma(read("unsupported", name), name);
    expect(result.errors).toEqual([]);
    expect(result.correlations).toHaveLength(1);
    const correlation = result.correlations[0]!;
    const [first] = correlation.condition.bounds;
    expect(correlation.type).toBe(type);
    expect(correlation.groupBy).toEqual(groupBy);
    expect(`${first!.op} ${first!.value} in ${correlation.timespan}`).toBe(bound);
    expect(result.rules).toHaveLength(1);
    expect(result.rules[0]).toMatchObject({ id: correlation.rules[0], generate: false });
  });
});
