import { describe, expect, it } from "vitest";
import type { Expr, Match } from "./ast";
import { parseQuery } from "./parse";

function parsed(text: string): Expr {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.expr;
}

function failure(text: string): { message: string; at: number } {
  const result = parseQuery(text);
  if (result.ok) throw new Error(`${text} parsed as ${JSON.stringify(result.expr)}`);
  return { message: result.message, at: result.at };
}

const term = (field: string, match: Match): Expr => ({ kind: "term", field, match });
const eq = (field: string, value: string): Expr => term(field, { op: "eq", value, cased: false });
const wild = (field: string, pattern: string): Expr =>
  term(field, { op: "wildcard", pattern, cased: false });
const word = (text: string): Expr => ({ kind: "word", word: text });
const and = (...items: Expr[]): Expr => ({ kind: "and", items });
const or = (...items: Expr[]): Expr => ({ kind: "or", items });
const not = (item: Expr): Expr => ({ kind: "not", item });

describe("parseQuery: terms", () => {
  it("reads an empty or blank query as every record", () => {
    expect(parsed("")).toEqual({ kind: "all" });
    expect(parsed("   \t")).toEqual({ kind: "all" });
    expect(parsed("*")).toEqual({ kind: "all" });
  });

  it("reads field:value as a case-insensitive equality", () => {
    expect(parsed("eventName:ConsoleLogin")).toEqual(eq("eventName", "ConsoleLogin"));
  });

  it("resolves aliases and column names to their paths", () => {
    expect(parsed("ip:1.2.3.4")).toEqual(eq("sourceIPAddress", "1.2.3.4"));
    expect(parsed("region:us-east-1")).toEqual(eq("awsRegion", "us-east-1"));
    expect(parsed("account:123456789012")).toEqual(eq("recipientAccountId", "123456789012"));
    expect(parsed("key:AKIAEXAMPLE")).toEqual(eq("userIdentity.accessKeyId", "AKIAEXAMPLE"));
    expect(parsed("principal:alice")).toEqual(eq("principal", "alice"));
    expect(parsed("userType:Root")).toEqual(eq("userIdentity.type", "Root"));
    expect(parsed("EVENTNAME:x")).toEqual(eq("eventName", "x"));
    expect(parsed("requestParameters.instanceType:t2.micro")).toEqual(
      eq("requestParameters.instanceType", "t2.micro"),
    );
  });

  it("keeps quoted values whole, spaces, colons and escapes included", () => {
    expect(parsed('userAgent:"aws-cli/2.0 Python/3.8"')).toEqual(
      eq("userAgent", "aws-cli/2.0 Python/3.8"),
    );
    expect(parsed('errorMessage:"a \\"quoted\\" word"')).toEqual(
      eq("errorMessage", 'a "quoted" word'),
    );
    expect(parsed('path:"C:\\\\dir\\file"')).toEqual(eq("path", "C:\\dir\\file"));
    expect(parsed('userAgent:"*boto3*"')).toEqual(eq("userAgent", "*boto3*"));
    expect(parsed('x:""')).toEqual(eq("x", ""));
  });

  it("reads * and ? in an unquoted value as a wildcard", () => {
    expect(parsed("eventName:Delete*")).toEqual(wild("eventName", "Delete*"));
    expect(parsed("userAgent:*boto3*")).toEqual(wild("userAgent", "*boto3*"));
    expect(parsed("eventName:Get?bject")).toEqual(wild("eventName", "Get?bject"));
    // Escaped wildcard characters stay literal inside the pattern.
    expect(parsed("x:a\\*b*")).toEqual(wild("x", "a\\*b*"));
    // With every wildcard escaped the value is plain text.
    expect(parsed("x:a\\*b")).toEqual(eq("x", "a*b"));
  });

  it("reads field:* as exists", () => {
    expect(parsed("errorCode:*")).toEqual(term("errorCode", { op: "exists" }));
    expect(parsed("NOT errorCode:*")).toEqual(not(term("errorCode", { op: "exists" })));
  });

  it("takes the rest of the token after the first colon as the value", () => {
    expect(parsed("userIdentity.arn:arn:aws:iam::123456789012:user/bob")).toEqual(
      eq("userIdentity.arn", "arn:aws:iam::123456789012:user/bob"),
    );
    expect(parsed("sourceIPAddress:2001:db8::1")).toEqual(eq("sourceIPAddress", "2001:db8::1"));
  });

  it("reads CIDRs on address fields, IPv4 and IPv6", () => {
    expect(parsed("sourceIPAddress:10.0.0.0/8")).toEqual(
      term("sourceIPAddress", { op: "cidr", cidr: "10.0.0.0/8" }),
    );
    expect(parsed("ip:2001:db8::/32")).toEqual(
      term("sourceIPAddress", { op: "cidr", cidr: "2001:db8::/32" }),
    );
    expect(parsed("ip:::ffff:10.0.0.0/104")).toEqual(
      term("sourceIPAddress", { op: "cidr", cidr: "::ffff:10.0.0.0/104" }),
    );
    expect(parsed("ip:0.0.0.0/0")).toEqual(
      term("sourceIPAddress", { op: "cidr", cidr: "0.0.0.0/0" }),
    );
    // Where a field holds network texts, a CIDR is a value to equal.
    expect(parsed("requestParameters.cidrIp:0.0.0.0/0")).toEqual(
      eq("requestParameters.cidrIp", "0.0.0.0/0"),
    );
  });

  it("reads a bare address on an address field as equality, not a network", () => {
    expect(parsed("ip:10.1.2.3")).toEqual(eq("sourceIPAddress", "10.1.2.3"));
  });

  it("reads comparisons as numbers", () => {
    const num = (cmp: "lt" | "lte" | "gt" | "gte", value: number): Expr =>
      term("n", { op: "num", cmp, value });
    expect(parsed("n:>5")).toEqual(num("gt", 5));
    expect(parsed("n:>=5")).toEqual(num("gte", 5));
    expect(parsed("n:<-1.5")).toEqual(num("lt", -1.5));
    expect(parsed("n:<=1e3")).toEqual(num("lte", 1000));
  });

  it("reads /…/ after a field as an RE2 regular expression", () => {
    expect(parsed("eventName:/^(Put|Delete)Bucket/i")).toEqual(
      term("eventName", { op: "re", source: "^(Put|Delete)Bucket", flags: "i" }),
    );
    expect(parsed("x:/a b\\/c/ y")).toEqual(
      and(term("x", { op: "re", source: "a b\\/c", flags: "" }), word("y")),
    );
    // Not closed at a boundary: a plain value (a log group, a path).
    expect(parsed("logGroup:/aws/lambda/fn")).toEqual(eq("logGroup", "/aws/lambda/fn"));
  });

  it("reads bare words and quoted phrases as words", () => {
    expect(parsed("AccessDenied")).toEqual(word("AccessDenied"));
    expect(parsed('"access denied"')).toEqual(word("access denied"));
    // A quoted phrase has no wildcards: they are kept escaped in the word.
    expect(parsed('"a*b"')).toEqual(word("a\\*b"));
    expect(parsed("Delete*")).toEqual(word("Delete*"));
    expect(parsed("us-east-1")).toEqual(word("us-east-1"));
    expect(parsed("and")).toEqual(word("and"));
  });

  it("reads bare ARNs and IPv6 addresses as words, not as fields", () => {
    expect(parsed("arn:aws:iam::123456789012:role/Admin")).toEqual(
      word("arn:aws:iam::123456789012:role/Admin"),
    );
    expect(parsed("fe80::1")).toEqual(word("fe80::1"));
    expect(parsed("2001:db8::1")).toEqual(word("2001:db8::1"));
    expect(parsed("10.0.0.1:443")).toEqual(word("10.0.0.1:443"));
    // The alias `arn` still works when its value is an ARN.
    expect(parsed("arn:arn:aws:iam::1:user/x")).toEqual(
      eq("userIdentity.arn", "arn:aws:iam::1:user/x"),
    );
  });
});

describe("parseQuery: operators", () => {
  const a = word("a");
  const b = word("b");
  const c = word("c");

  it("reads adjacent terms, AND and && as AND", () => {
    expect(parsed("a b")).toEqual(and(a, b));
    expect(parsed("a AND b")).toEqual(and(a, b));
    expect(parsed("a && b")).toEqual(and(a, b));
    expect(parsed("a&&b")).toEqual(word("a&&b"));
  });

  it("reads OR and || as OR", () => {
    expect(parsed("a OR b")).toEqual(or(a, b));
    expect(parsed("a || b")).toEqual(or(a, b));
  });

  it("reads NOT, ! and a leading - as NOT", () => {
    expect(parsed("NOT a")).toEqual(not(a));
    expect(parsed("!a")).toEqual(not(a));
    expect(parsed("-a")).toEqual(not(a));
    expect(parsed("-eventName:x")).toEqual(not(eq("eventName", "x")));
    expect(parsed("NOT NOT a")).toEqual(not(not(a)));
    // A hyphen inside a word or a value is no operator.
    expect(parsed("x:-5")).toEqual(eq("x", "-5"));
    expect(parsed("NOT *")).toEqual({ kind: "none" });
  });

  it("binds NOT tighter than AND, and AND tighter than OR", () => {
    expect(parsed("a OR b AND c")).toEqual(or(a, and(b, c)));
    expect(parsed("a AND b OR c")).toEqual(or(and(a, b), c));
    expect(parsed("a OR b c")).toEqual(or(a, and(b, c)));
    expect(parsed("NOT a AND b")).toEqual(and(not(a), b));
    expect(parsed("NOT a OR b")).toEqual(or(not(a), b));
    expect(parsed("-a b")).toEqual(and(not(a), b));
  });

  it("groups with parentheses", () => {
    expect(parsed("(a OR b) c")).toEqual(and(or(a, b), c));
    expect(parsed("NOT (a OR b)")).toEqual(not(or(a, b)));
    expect(parsed("-(a b)")).toEqual(not(and(a, b)));
    expect(parsed("((a))")).toEqual(a);
  });

  it("flattens nested ANDs and ORs", () => {
    expect(parsed("a AND (b AND c)")).toEqual(and(a, b, c));
    expect(parsed("(a OR b) OR (c OR a)")).toEqual(or(a, b, c, a));
  });

  it("reads upper-case keywords only, and a keyword next to a quote or paren", () => {
    expect(parsed("a or b")).toEqual(and(a, word("or"), b));
    expect(parsed('NOT"a"')).toEqual(not(a));
    expect(parsed("a OR(b)")).toEqual(or(a, b));
    expect(parsed("ANDROID")).toEqual(word("ANDROID"));
  });

  it("groups values of one field, Lucene style", () => {
    expect(parsed("eventName:(Stop* OR Terminate* -TerminateSession)")).toEqual(
      or(
        wild("eventName", "Stop*"),
        and(wild("eventName", "Terminate*"), not(eq("eventName", "TerminateSession"))),
      ),
    );
    expect(parsed('ip:(10.0.0.0/8 OR "1.2.3.4" OR 2001:db8::/32)')).toEqual(
      or(
        term("sourceIPAddress", { op: "cidr", cidr: "10.0.0.0/8" }),
        eq("sourceIPAddress", "1.2.3.4"),
        term("sourceIPAddress", { op: "cidr", cidr: "2001:db8::/32" }),
      ),
    );
    expect(parsed("x:(a (b OR c))")).toEqual(and(eq("x", "a"), or(eq("x", "b"), eq("x", "c"))));
  });
});

describe("parseQuery: errors", () => {
  it("names an unexpected closing parenthesis and where it is", () => {
    expect(failure("eventName:x OR region:a)")).toEqual({
      message: 'unexpected ")" at 23',
      at: 23,
    });
    expect(failure(")")).toEqual({ message: 'unexpected ")" at 0', at: 0 });
    expect(failure("()").at).toBe(1);
  });

  it("points a missing ) at its (", () => {
    expect(failure("a (b OR c")).toEqual({ message: 'missing ")" for "(" at 2', at: 2 });
    expect(failure("x:(a b").message).toBe('missing ")" for "(" at 2');
  });

  it("names a missing value after field:", () => {
    expect(failure("eventName:")).toEqual({
      message: 'missing value after "eventName:" at 10',
      at: 10,
    });
    expect(failure("a eventName: b").at).toBe(12);
    expect(failure("(eventName:)").at).toBe(11);
  });

  it("points an unterminated quote at its start", () => {
    expect(failure('a b "c d')).toEqual({ message: "unterminated quote at 4", at: 4 });
    expect(failure('eventName:"Con').at).toBe(10);
  });

  it("refuses invalid CIDRs on address fields", () => {
    expect(failure("sourceIPAddress:10.0.0.0/33")).toEqual({
      message: 'invalid CIDR "10.0.0.0/33" at 16',
      at: 16,
    });
    expect(failure("ip:2001:db8::/129").message).toBe('invalid CIDR "2001:db8::/129" at 3');
    expect(failure("ip:10.0.0/8").message).toBe('invalid CIDR "10.0.0/8" at 3');
  });

  it("names operators without operands", () => {
    expect(failure("a AND")).toEqual({ message: 'missing term after "AND" at 5', at: 5 });
    expect(failure("a OR ").message).toBe('missing term after "OR" at 5');
    expect(failure("NOT").message).toBe('missing term after "NOT" at 3');
    expect(failure("(a -)").message).toBe('missing term after "-" at 4');
    expect(failure("AND a").message).toBe('unexpected "AND" at 0');
    expect(failure("a OR OR b").message).toBe('unexpected "OR" at 5');
  });

  it("names bad numbers and regular expressions", () => {
    expect(failure("n:>abc").message).toBe('invalid number "abc" at 3');
    expect(failure("n:>= ").message).toBe('missing number after ">=" at 4');
    const re = failure("x:/(a)\\1/");
    expect(re.at).toBe(2);
    expect(re.message).toContain("(a)\\1");
    expect(failure("x:/a(?=b)/").message).toMatch(/not supported.* at 2$/);
  });

  it("refuses nesting past the limit instead of overflowing the stack", () => {
    expect(failure(`${"(".repeat(5000)}a${")".repeat(5000)}`).message).toMatch(/nested too deeply/);
    expect(failure(`${"NOT ".repeat(5000)}a`).message).toMatch(/nested too deeply/);
  });
});
