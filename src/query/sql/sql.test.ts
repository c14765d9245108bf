// Athena and CloudTrail Lake texts against golden files reviewed by hand (UPDATE_GOLDEN=1 rewrites
// them: review the diff), and the pieces every form is built from.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseQuery } from "../parse";
import { layoutOf, toSql, type SqlText, type SqlView } from ".";
import { ipv4Range, likePattern, lit } from "./text";

const GOLDEN = join(import.meta.dirname, "golden");

function view(query: string, extra: Partial<SqlView> = {}): SqlView {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.message);
  return {
    include: {},
    exclude: {},
    timeFrom: null,
    timeTo: null,
    expr: parsed.expr,
    group: [],
    ...extra,
  };
}

const ORG_PATHS = [
  "trail-logs/AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail/us-east-1/2026/11/02/111111111111_CloudTrail_us-east-1_20261102T0005Z_a.json.gz",
  "trail-logs/AWSLogs/o-a1b2c3d4e5/222222222222/CloudTrail/eu-west-1/2026/11/03/222222222222_CloudTrail_eu-west-1_20261103T0005Z_b.json.gz",
  "trail-logs/AWSLogs/o-a1b2c3d4e5/222222222222/CloudTrail-Digest/eu-west-1/2026/11/03/x.json.gz",
];

const VIEWS: Record<string, SqlView> = {
  "all-events": view(""),
  "console-logins-without-mfa": view("eventName:ConsoleLogin additionalEventData.MFAUsed:No", {
    include: { awsRegion: ["us-east-1", "eu-west-1"] },
    exclude: { errorCode: [""] },
    timeFrom: Date.UTC(2026, 10, 2, 8, 0),
    timeTo: Date.UTC(2026, 10, 3, 8, 0),
  }),
  "destructive-calls-that-succeeded": view(
    "(eventName:Delete* OR eventName:Terminate* OR eventName:Stop*) AND NOT errorCode:*",
  ),
  "denied-by-principal": view("errorCode:AccessDenied", { group: ["principal"] }),
  "network-agent-resources-hostile-quote": view(
    `ip:10.0.0.0/8 userAgent:*boto3* resources.ARN:*bucket* requestParameters.userName:"O'Brien'; DROP TABLE x; --"`,
  ),
  "regex-and-issuer": view(
    "userIdentity.sessionContext.sessionIssuer.userName:Admin* eventName:/^get.*policy$/i userAgent:*100_%*",
  ),
  "nested-json-path": view("requestParameters.instanceType:t2.micro"),
  "ipv6-network": view("sourceIPAddress:2001:db8::/32", { group: ["eventSource", "principal"] }),
};

function render(text: SqlText): string {
  return text.ok ? `${text.sql}\n` : `-- unsupported: ${text.reason}\n`;
}

describe("golden Athena and CloudTrail Lake texts", () => {
  const layout = layoutOf(ORG_PATHS);
  it.each(Object.entries(VIEWS))("%s", (name, v) => {
    const forms = toSql(v, layout);
    const texts = {
      athena: render(forms.athena),
      unload: render(forms.athenaUnload),
      lake: render(forms.lake),
    };
    for (const [form, text] of Object.entries(texts)) {
      const file = join(GOLDEN, `${name}.${form}.sql`);
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
      expect({ file: `${name}.${form}.sql`, text }).toEqual({
        file: `${name}.${form}.sql`,
        text: readFileSync(file, "utf8"),
      });
    }
  });
});

describe("the pieces", () => {
  it("reads the layout from the loaded paths", () => {
    expect(layoutOf(ORG_PATHS)).toEqual({
      prefix: "trail-logs",
      orgId: "o-a1b2c3d4e5",
      accounts: ["111111111111", "222222222222"],
      regions: ["eu-west-1", "us-east-1"],
      firstDay: "2026/11/02",
      lastDay: "2026/11/03",
      inLayout: 2,
      outside: 0,
    });
    expect(layoutOf(["logs/events.ndjson"]).outside).toBe(1);
  });

  it("quotes literals so a value never leaves its string", () => {
    expect(lit("O'Brien")).toBe("'O''Brien'");
    expect(lit("a'); DROP TABLE t; --")).toBe("'a''); DROP TABLE t; --'");
    expect(lit("back\\slash")).toBe("'back\\slash'");
  });

  it("turns wildcards into LIKE patterns with % and _ escaped", () => {
    expect(likePattern("Delete*", false)).toBe("delete%");
    expect(likePattern("a?b", true)).toBe("a_b");
    expect(likePattern("100%_x\\*", false)).toBe("100\\%\\_x*");
  });

  it("gives IPv4 networks as ranges and refuses IPv6 ones", () => {
    expect(ipv4Range("10.0.0.0/8")).toEqual({ lo: 167772160, hi: 184549375 });
    expect(ipv4Range("::ffff:192.168.1.7/120")).toEqual({ lo: 3232235776, hi: 3232236031 });
    expect(typeof ipv4Range("2001:db8::/32")).toBe("string");
  });

  it("refuses what SQL cannot say, with the reason, in every form", () => {
    const forms = toSql(view("finding:root-use"), layoutOf(ORG_PATHS));
    for (const form of Object.values(forms)) {
      expect(form.ok ? "" : form.reason).toMatch(/finding/);
    }
  });

  it("refuses IPv6 networks in every form", () => {
    const forms = toSql(view("ip:2001:db8::/32"), layoutOf(ORG_PATHS));
    for (const form of Object.values(forms)) expect(form.ok ? "" : form.reason).toMatch(/IPv6/);
  });

  it("says when the files are not in the S3 layout", () => {
    const forms = toSql(view(""), layoutOf(["export.ndjson"]));
    expect(forms.athena.ok).toBe(false);
    expect(forms.duckdb.ok).toBe(false);
    expect(forms.lake.ok).toBe(true);
  });
});
