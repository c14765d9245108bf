import { describe, expect, it } from "vitest";
import type { Expr, Match } from "./ast";
import { describeExpr, parseQuery, termsOf } from "./parse";

function parsed(text: string): Expr {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.expr;
}

const term = (field: string, match: Match): Expr => ({ kind: "term", field, match });

describe("describeExpr", () => {
  it("writes terms, words and operators canonically", () => {
    expect(describeExpr(parsed("eventName:ConsoleLogin"))).toBe("eventName:ConsoleLogin");
    expect(describeExpr(parsed("ip:10.0.0.0/8"))).toBe("sourceIPAddress:10.0.0.0/8");
    expect(describeExpr(parsed("a b OR c"))).toBe("(a AND b) OR c");
    expect(describeExpr(parsed("-(a || b) && c"))).toBe("NOT (a OR b) AND c");
    expect(describeExpr(parsed("x:(a OR b) y"))).toBe("(x:a OR x:b) AND y");
    expect(describeExpr(parsed(""))).toBe("*");
    expect(describeExpr(parsed("NOT *"))).toBe("NOT *");
  });

  it("quotes values and words only where the syntax needs it", () => {
    expect(describeExpr(parsed('userAgent:"aws-cli/2.0 Python/3.8"'))).toBe(
      'userAgent:"aws-cli/2.0 Python/3.8"',
    );
    expect(describeExpr(parsed("userIdentity.arn:arn:aws:iam::1:user/x"))).toBe(
      'userIdentity.arn:"arn:aws:iam::1:user/x"',
    );
    expect(describeExpr(parsed('"say \\"hi\\""'))).toBe('"say \\"hi\\""');
    expect(describeExpr(parsed('"AND"'))).toBe('"AND"');
    expect(describeExpr(parsed('"-x"'))).toBe('"-x"');
    expect(describeExpr(parsed("requestParameters.cidrIp:0.0.0.0/0"))).toBe(
      "requestParameters.cidrIp:0.0.0.0/0",
    );
    expect(describeExpr(parsed('ip:"10.0.0.0/8"'))).toBe('sourceIPAddress:"10.0.0.0/8"');
  });

  it("writes the matches the parser cannot produce as the nearest query text", () => {
    expect(describeExpr(term("userAgent", { op: "contains", value: "boto 3", cased: false }))).toBe(
      "userAgent:*boto\\ 3*",
    );
    expect(describeExpr(term("eventName", { op: "startswith", value: "Get*", cased: true }))).toBe(
      "eventName:Get\\**",
    );
    expect(describeExpr(term("errorCode", { op: "null" }))).toBe("NOT errorCode:*");
    expect(describeExpr(term("sourceIPAddress", { op: "cidr", cidr: "1.2.3.4" }))).toBe(
      "sourceIPAddress:1.2.3.4/32",
    );
    expect(describeExpr(term("a", { op: "fieldref", field: "b", cased: false }))).toBe("a:${b}");
    expect(describeExpr(term("x", { op: "re", source: "a/b", flags: "i" }))).toBe("x:/a\\/b/i");
    expect(describeExpr({ kind: "and", items: [] })).toBe("*");
    expect(describeExpr({ kind: "or", items: [] })).toBe("NOT *");
  });

  it("reads back to the same expression", () => {
    const queries = [
      "eventName:Delete* AND NOT errorCode:* OR (ip:10.0.0.0/8 -region:us-east-1)",
      'userAgent:"*boto3*" "access denied" arn:aws:iam::1:role/x',
      "x:(a OR b c) n:>=5 n:<-2 y:/^a b$/i",
      "ip:2001:db8::/32 ip:::ffff:1.2.3.4 fe80::1 10.0.0.1",
      'a\\:b "(" x:\\(y\\) x:\\>5 x:"" p:a\\ b* q:\\-x',
      "x:** y:* NOT z:* AND NOT *",
      "word\\* w?rd \\AND \\-lead",
    ];
    for (const query of queries) {
      const expr = parsed(query);
      const text = describeExpr(expr);
      expect({ query, text, back: parsed(text) }).toEqual({ query, text, back: expr });
    }
  });

  it("reads back the matches it writes as wildcards to the same records' worth", () => {
    const contains = term("userAgent", { op: "contains", value: "a(b) c", cased: false });
    expect(parsed(describeExpr(contains))).toEqual(
      term("userAgent", { op: "wildcard", pattern: "*a(b) c*", cased: false }),
    );
  });
});

describe("termsOf", () => {
  it("lists every term, under NOT and in groups, in order", () => {
    const expr = parsed("a:1 (b:2 OR NOT c:*) word -d:(x OR y)");
    expect(termsOf(expr).map((t) => `${t.field}:${t.match.op}`)).toEqual([
      "a:eq",
      "b:eq",
      "c:exists",
      "d:eq",
      "d:eq",
    ]);
    expect(termsOf(parsed("just words"))).toEqual([]);
  });
});
