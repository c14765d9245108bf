import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SIGMA_RULES, invictusLogs, recordsOf } from "../lib/testing/samples";
import type { BatchInput } from "../ingest/parse";
import { gzipText, inputs } from "../ingest/test-helpers";
import type { Expr, Match, Term } from "./ast";
import { parseQuery, termsOf } from "./parse";
import { compileSigma } from "./sigma";
import { matchFiles, needleOf, type WantedRecords } from "./scan";
import { randomQueries, referenceMatch } from "./testing/reference";

type JsonObject = Record<string, unknown>;

const term = (field: string, match: Match): Term => ({ kind: "term", field, match });
const eq = (field: string, value: string): Term => term(field, { op: "eq", value, cased: false });

/** The places of one term as [fileIndex, recordIndex] pairs. */
function pairs(places: Uint32Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < places.length; i += 2) out.push([places[i]!, places[i + 1]!]);
  return out;
}

function matched(files: BatchInput[], ...terms: Expr[]): [number, number][][] {
  return matchFiles(files, terms).places.map(pairs);
}

const records = (...items: unknown[]): string => JSON.stringify({ Records: items });

describe("matchFiles", () => {
  const a = {
    eventName: "DeleteBucket",
    eventSource: "s3.amazonaws.com",
    sourceIPAddress: "10.0.0.5",
  };
  const b = { eventName: "GetObject", eventSource: "s3.amazonaws.com", sourceIPAddress: "8.8.8.8" };
  const insight = { eventName: "DeleteBucket", eventCategory: "Insight", insightDetails: {} };

  it("reads a file too large to read whole as a stream, with the same pairs", () => {
    const files = inputs(
      records(a, 42, b, insight, a),
      gzipText(records(b, a)),
      `${JSON.stringify(a)}\n\n${JSON.stringify(b)}\nnot json\n${JSON.stringify(a)}`,
      JSON.stringify([b, a]),
    );
    const terms = [eq("eventName", "deletebucket"), eq("sourceIPAddress", "8.8.8.8")];
    const whole = matchFiles(files, terms).places.map(pairs);
    expect(whole[0]!.length).toBeGreaterThan(3);
    // 64 bytes: every file is past the limit and read as a stream.
    expect(matchFiles(files, terms, 64).places.map(pairs)).toEqual(whole);
  });

  it("gives each term its (file, record) pairs, in the index space of the rows", () => {
    const files = inputs(
      records(a, 42, b, insight, a),
      gzipText(records(b, a)),
      `${JSON.stringify(a)}\n\n${JSON.stringify(b)}\nnot json\n${JSON.stringify(a)}`,
    );
    expect(
      matched(
        files,
        eq("eventName", "deletebucket"),
        eq("sourceIPAddress", "8.8.8.8"),
        term("eventSource", { op: "exists" }),
      ),
    ).toEqual([
      [
        [0, 0],
        [0, 4],
        [1, 1],
        [2, 0],
        [2, 3],
      ],
      [
        [0, 2],
        [1, 0],
        [2, 1],
      ],
      [
        [0, 0],
        [0, 2],
        [0, 4],
        [1, 0],
        [1, 1],
        [2, 0],
        [2, 1],
        [2, 3],
      ],
    ]);
  });

  it("unwraps lookup-events and EventBridge entries", () => {
    const lookup = JSON.stringify({
      Events: [
        { EventId: "1", CloudTrailEvent: JSON.stringify(b) },
        { EventId: "2", CloudTrailEvent: JSON.stringify(a) },
      ],
    });
    const bridge = JSON.stringify([{ "detail-type": "AWS API Call via CloudTrail", detail: a }]);
    expect(matched(inputs(lookup, bridge), eq("eventName", "DeleteBucket"))).toEqual([
      [
        [0, 1],
        [1, 0],
      ],
    ]);
  });

  it("matches nothing in files that cannot be read, and keeps the others", () => {
    const good = records(a);
    const gz = gzipText(good);
    const files = [
      ...inputs(
        "not json at all",
        gz.subarray(0, gz.length - 6),
        "",
        JSON.stringify({ logFiles: [], digestStartTime: "x" }),
      ),
      { fileIndex: 7, name: "good.json", bytes: new TextEncoder().encode(good) },
    ];
    expect(
      matched(files, eq("eventName", "DeleteBucket"), term("eventName", { op: "exists" })),
    ).toEqual([[[7, 0]], [[7, 0]]]);
  });

  it("counts the decoded bytes of the files it could read", () => {
    const text = records(a, b);
    expect(matchFiles(inputs(text, gzipText(text), "{oops"), [eq("eventName", "x")]).bytes).toBe(
      text.length * 2 + "{oops".length,
    );
  });

  it("finds values whatever escapes or spacing the file's JSON uses", () => {
    const files = inputs(
      '{"Records":[{"eventName":"\\u0041ccessDenied","userAgent":"aws-cli\\/2"}]}',
      '{"Records":[{"eventName":"X","requestParameters":{ "policy" : { "Effect" : "Allow" , "n" : [ 1 , 2 ] } }}]}',
      '{"Records":[{"eventName":"Y","requestParameters":{"count":1e2,"big":1.0000000000000000001}}]}',
      '{"Records":[{"eventName":"Z","errorMessage":"say \\"hi\\"\\nnow","path":"C:\\\\dir"}]}',
    );
    const wildcard = (field: string, pattern: string): Term =>
      term(field, { op: "wildcard", pattern, cased: false });
    expect(
      matched(
        files,
        eq("eventName", "AccessDenied"),
        eq("userAgent", "AWS-CLI/2"),
        wildcard("requestParameters.policy", '*"Effect":"Allow"*'),
        term("requestParameters.policy.n", { op: "num", cmp: "gte", value: 2 }),
        eq("requestParameters.count", "100"),
        eq("requestParameters.big", "1"),
        eq("errorMessage", 'say "hi"\nnow'),
        wildcard("path", "c:\\\\d*"),
      ),
    ).toEqual([[[0, 0]], [[0, 0]], [[1, 0]], [[1, 0]], [[2, 0]], [[2, 0]], [[3, 0]], [[3, 0]]]);
  });

  it("tests an expression as well as a term, words included", () => {
    const files = inputs(records(a, b));
    const expr: Expr = {
      kind: "and",
      items: [
        { kind: "word", word: "s3.amazon" },
        { kind: "not", item: eq("eventName", "GetObject") },
      ],
    };
    expect(matched(files, expr)).toEqual([[[0, 0]]]);
  });

  it("refuses a term that cannot compile", () => {
    expect(() =>
      matchFiles(inputs(records(a)), [term("x", { op: "re", source: "(a)\\1", flags: "" })]),
    ).toThrow(/\(a\)\\1/);
  });
});

describe("needleOf", () => {
  it("takes the literal text a term's matches must hold, lower case, as JSON writes it", () => {
    expect(needleOf(eq("eventName", "DeleteBucket"))).toEqual({
      text: "deletebucket",
      numeric: false,
    });
    expect(needleOf(eq("path", "C:\\dir\tx"))).toEqual({ text: "c:\\\\dir\\tx", numeric: false });
    expect(needleOf(term("x", { op: "contains", value: "Boto", cased: true }))).toEqual({
      text: "boto",
      numeric: false,
    });
    expect(needleOf(term("x", { op: "wildcard", pattern: "*ab?cdef*g", cased: false }))).toEqual({
      text: "cdef",
      numeric: false,
    });
    expect(needleOf(eq("recipientAccountId", "123456789012"))).toEqual({
      text: "123456789012",
      numeric: true,
    });
  });

  it("gives none where the file's text need not show the value", () => {
    for (const match of [
      { op: "exists" },
      { op: "null" },
      { op: "num", cmp: "gt", value: 1 },
      { op: "re", source: "abc", flags: "" },
      { op: "cidr", cidr: "10.0.0.0/8" },
      { op: "fieldref", field: "y", cased: false },
      { op: "wildcard", pattern: "*?*", cased: false },
      { op: "eq", value: "", cased: false },
      { op: "eq", value: 'a"b', cased: false },
      { op: "eq", value: "{x}", cased: false },
      { op: "eq", value: "a,b", cased: false },
      { op: "eq", value: ":1", cased: false },
      { op: "eq", value: "caf\u0001", cased: false },
    ] satisfies Match[]) {
      expect({ match, needle: needleOf(term("x", match)) }).toEqual({ match, needle: null });
    }
    expect(needleOf(eq("principal", "alice"))).toBeNull();
    expect(needleOf({ kind: "word", word: "alice" })).toBeNull();
    expect(needleOf({ kind: "or", items: [eq("a", "x"), eq("b", "y")] })).toBeNull();
  });

  it("takes the longest needle of an AND", () => {
    expect(
      needleOf({
        kind: "and",
        items: [eq("a", "xy"), term("b", { op: "exists" }), eq("c", "longer")],
      }),
    ).toEqual({
      text: "longer",
      numeric: false,
    });
  });
});

/** The real sample's log files, and their records as gunzip and JSON.parse give them. */
function realSample(): { files: BatchInput[]; parsed: JsonObject[][] } {
  const paths = invictusLogs();
  const files = paths.map((p, fileIndex) => ({ fileIndex, name: p, bytes: readFileSync(p) }));
  return { files, parsed: paths.map(recordsOf) };
}

describe("matchFiles on the real sample", () => {
  const { files, parsed } = realSample();

  it(
    "finds exactly the records the reference evaluator finds, term by term",
    { timeout: 120_000 },
    () => {
      const terms = randomQueries(7, parsed.flat(), 40).flatMap((q) => {
        const result = parseQuery(q);
        if (!result.ok) throw new Error(`${q}: ${result.message}`);
        return termsOf(result.expr);
      });
      const { places } = matchFiles(files, terms);
      let found = 0;
      terms.forEach((t, k) => {
        const expected: [number, number][] = [];
        parsed.forEach((recs, f) =>
          recs.forEach((rec, i) => referenceMatch(t, rec) && expected.push([f, i])),
        );
        expect({ term: t, places: pairs(places[k]!) }).toEqual({ term: t, places: expected });
        found += expected.length > 0 ? 1 : 0;
      });
      expect(found).toBeGreaterThan(terms.length / 3);
    },
  );
});

describe("matchFiles with many expressions at once", () => {
  const { files, parsed } = realSample();

  function expectReference(exprs: Expr[]): number {
    const { places } = matchFiles(files, exprs);
    // Without the text prefilter (files chosen for their candidate rows): the same places.
    const unfiltered = matchFiles(files, exprs, undefined, false).places;
    expect(unfiltered.map(pairs)).toEqual(places.map(pairs));
    // Every record wanted, each cut out of its file and parsed alone: the same places.
    const wanted = new Map(
      parsed.map((recs, f) => [
        f,
        { records: Uint32Array.from(recs.keys()), total: recs.length } as WantedRecords,
      ]),
    );
    const alone = matchFiles(files, exprs, undefined, false, wanted).places;
    expect(alone.map(pairs)).toEqual(places.map(pairs));
    let found = 0;
    exprs.forEach((expr, k) => {
      const expected: [number, number][] = [];
      parsed.forEach((recs, f) =>
        recs.forEach((rec, i) => referenceMatch(expr, rec) && expected.push([f, i])),
      );
      expect({ expr, places: pairs(places[k]!) }).toEqual({ expr, places: expected });
      found += expected.length > 0 ? 1 : 0;
    });
    return found;
  }

  it("gives each of the SigmaHQ rules the records the reference evaluator finds", () => {
    const exprs = readdirSync(SIGMA_RULES)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .flatMap((name) => {
        const compiled = compileSigma(readFileSync(join(SIGMA_RULES, name), "utf8"), name);
        return compiled.rules.map((rule) => rule.expr);
      });
    expect(exprs.length).toBeGreaterThan(40);
    expect(expectReference(exprs)).toBeGreaterThan(0);
  });

  it("tests rules that name their eventName values on records of those names only, any case", () => {
    const names = [...new Set(parsed.flat().map((r) => String(r.eventName)))].sort();
    expect(names.length).toBeGreaterThan(10);
    // Each with a needle, the first in no file: the text is looked at until one is there.
    const needled: Expr[] = [eq("eventName", "NoSuchApiAnywhere")];
    const others: Expr[] = [];
    names.slice(0, 12).forEach((name, k) => {
      const value = k % 2 === 0 ? name.toUpperCase() : name.toLowerCase();
      const other = names[(k + 5) % names.length]!;
      needled.push({
        kind: "and",
        items: [eq("eventName", value), term("errorCode", { op: "exists" })],
      });
      needled.push(eq("eventName", value));
      others.push({ kind: "or", items: [eq("eventName", value), eq("eventName", other)] });
      others.push({
        kind: "and",
        items: [
          { kind: "or", items: [eq("eventName", name), eq("eventName", other)] },
          { kind: "not", item: eq("eventName", other) },
        ],
      });
    });
    expect(expectReference(needled)).toBeGreaterThan(needled.length / 2);
    // Terms that need no eventName among them: tested on every record.
    others.push(term("userIdentity.type", { op: "exists" }));
    others.push({ kind: "not", item: eq("eventName", names[0]!) });
    others.push(term("eventName", { op: "eq", value: names[1]!, cased: true }));
    others.push(term("eventName", { op: "eq", value: names[1]!.toLowerCase(), cased: true }));
    const exprs = [...needled, ...others];
    expect(expectReference(exprs)).toBeGreaterThan(exprs.length / 2);
  });
});

describe("matchFiles with the records wanted", () => {
  const { files, parsed } = realSample();
  const names = (f: number) => parsed[f]!.map((r) => String(r.eventName));

  /** A file and an eventName it holds at least twice, among other names. */
  function repeated(): { f: number; name: string } {
    for (let f = 0; f < parsed.length; f++) {
      const list = names(f);
      const name = list.find((n, i) => list.indexOf(n) !== i);
      if (name !== undefined && list.some((n) => n !== name)) return { f, name };
    }
    throw new Error("no file repeats an eventName");
  }

  it("tests only the wanted records of a delivery, parsed alone", () => {
    const { f, name } = repeated();
    const expr = eq("eventName", name);
    const every = names(f).flatMap((n, i) => (n.toLowerCase() === name.toLowerCase() ? [i] : []));
    const full = matchFiles([files[f]!], [expr]).places.map(pairs);
    expect(full).toEqual([every.map((i) => [f, i])]);
    expect(every.length).toBeGreaterThan(1);
    // Wanted: the records of other names and the first match only.
    const others = names(f).flatMap((n, i) => (n.toLowerCase() === name.toLowerCase() ? [] : [i]));
    const chosen = Uint32Array.from([every[0]!, ...others]).sort();
    const wanted = new Map([[f, { records: chosen, total: parsed[f]!.length }]]);
    const some = matchFiles([files[f]!], [expr], undefined, false, wanted).places.map(pairs);
    expect(some).toEqual([[[f, every[0]!]]]);
  });

  it("a file whose text cannot be cut is parsed whole: every match, wanted or not", () => {
    const { f, name } = repeated();
    const printed = gzipText(JSON.stringify({ Records: parsed[f] }, null, 2));
    const input = { fileIndex: f, name: "printed.json.gz", bytes: printed };
    const wanted = new Map([[f, { records: Uint32Array.of(0), total: parsed[f]!.length }]]);
    const every = names(f).flatMap((n, i) => (n === name ? [[f, i]] : []));
    const got = matchFiles([input], [eq("eventName", name)], undefined, false, wanted);
    expect(got.places.map(pairs)).toEqual([every]);
  });
});
