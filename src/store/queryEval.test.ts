import { describe, expect, it } from "vitest";
import type { Expr, Match, Term } from "../query/ast";
import { columnOf } from "../query/fields";
import { compileMatch } from "../query/match";
import { referenceHolds } from "../query/testing/reference";
import { EventStore } from "./eventStore";
import { computeView, emptyFilter } from "./view";
import {
  columnUpperBound,
  evaluateQuery,
  scanCandidates,
  scanTerms,
  termSource,
} from "./queryEval";
import { buildChunk, type TestEvent } from "./testing";

const T0 = Date.UTC(2026, 10, 2, 12);

const events: TestEvent[] = [
  {
    eventName: "CreateUser",
    principal: "alice",
    sourceIPAddress: "192.0.2.1",
    eventTime: T0 + 3,
    eventID: "s1",
    requestID: "req-1",
  },
  {
    eventName: "DeleteUser",
    principal: "bob",
    errorCode: "AccessDenied",
    sourceIPAddress: "192.0.2.14",
    eventTime: T0 + 2,
    eventID: "s2",
    requestID: "REQ-2",
  },
  {
    eventName: "GetObject",
    principal: "Alice",
    userAgent: "aws-cli/2.15",
    sourceIPAddress: "2001:db8::7",
    eventTime: T0 + 1,
    eventID: "s3",
    mfaUsed: "No",
  },
  { eventName: "ListBuckets", principal: "carol", eventTime: T0, eventID: "s4", mfaUsed: "Yes" },
];
const store = new EventStore();
store.append(buildChunk(events));

const noScans = () => null;
const term = (field: string, match: Match): Term => ({ kind: "term", field, match });
const eq = (value: string): Match => ({ op: "eq", value, cased: false });

/** The eventNames of the rows `expr` keeps, in row order. */
function names(expr: Expr): string[] {
  const mask = evaluateQuery(store, expr, noScans);
  expect(mask.length).toBe(store.rows);
  const out: string[] = [];
  for (let r = 0; r < store.rows; r++) if (mask[r] === 1) out.push(store.value("eventName", r));
  return out;
}

describe("evaluateQuery over columns", () => {
  it("matches values case-insensitively, on columns named by their record path", () => {
    expect(names(term("eventName", eq("deleteuser")))).toEqual(["DeleteUser"]);
    expect(names(term("principal", eq("ALICE")))).toEqual(["CreateUser", "GetObject"]);
    expect(names(term("additionalEventData.MFAUsed", eq("no")))).toEqual(["GetObject"]);
  });

  it("wildcards, CIDRs, exists and null", () => {
    expect(names(term("eventName", { op: "wildcard", pattern: "*User", cased: false }))).toEqual([
      "CreateUser",
      "DeleteUser",
    ]);
    expect(names(term("sourceIPAddress", { op: "cidr", cidr: "192.0.2.0/30" }))).toEqual([
      "CreateUser",
    ]);
    expect(names(term("sourceIPAddress", { op: "cidr", cidr: "2001:db8::/32" }))).toEqual([
      "GetObject",
    ]);
    expect(names(term("errorCode", { op: "exists" }))).toEqual(["DeleteUser"]);
    expect(names(term("errorCode", { op: "null" }))).toEqual([
      "CreateUser",
      "GetObject",
      "ListBuckets",
    ]);
  });

  it("combines with AND, OR and NOT; NOT of a field that is missing keeps the row", () => {
    const anyUser = term("eventName", { op: "wildcard", pattern: "*user", cased: false });
    const noError: Expr = { kind: "not", item: term("errorCode", { op: "exists" }) };
    expect(names({ kind: "and", items: [anyUser, noError] })).toEqual(["CreateUser"]);
    expect(names({ kind: "or", items: [term("principal", eq("carol")), noError] })).toEqual([
      "CreateUser",
      "GetObject",
      "ListBuckets",
    ]);
    expect(names({ kind: "all" })).toHaveLength(4);
    expect(names({ kind: "none" })).toEqual([]);
  });

  it("an AND or OR of several terms on one or more columns, with other items among them", () => {
    const user = term("eventName", { op: "wildcard", pattern: "*user", cased: false });
    const create = term("eventName", { op: "wildcard", pattern: "create*", cased: false });
    const get = term("eventName", eq("getobject"));
    const alice = term("principal", eq("alice"));
    const v4 = term("sourceIPAddress", { op: "cidr", cidr: "192.0.2.0/24" });
    const error = term("errorCode", { op: "exists" });
    const noError: Expr = { kind: "not", item: error };
    // Two terms on one column: AND keeps the ids both allow, OR those either allows.
    expect(names({ kind: "and", items: [user, create] })).toEqual(["CreateUser"]);
    expect(names({ kind: "or", items: [create, get] })).toEqual(["CreateUser", "GetObject"]);
    expect(names({ kind: "and", items: [user, create, get] })).toEqual([]);
    // Three columns, one of them twice, in any order.
    expect(names({ kind: "and", items: [user, v4, alice] })).toEqual(["CreateUser"]);
    expect(names({ kind: "and", items: [v4, user, alice, create] })).toEqual(["CreateUser"]);
    expect(names({ kind: "or", items: [get, v4, error, create] })).toEqual([
      "CreateUser",
      "DeleteUser",
      "GetObject",
    ]);
    // With a NOT and a nested group beside the column terms.
    expect(names({ kind: "and", items: [user, noError, v4] })).toEqual(["CreateUser"]);
    expect(
      names({
        kind: "or",
        items: [
          get,
          { kind: "and", items: [user, error] },
          term("additionalEventData.MFAUsed", eq("yes")),
        ],
      }),
    ).toEqual(["DeleteUser", "GetObject", "ListBuckets"]);
    // A field reference is read row by row, beside fused terms of its own column.
    const sameAsUser = term("principal", {
      op: "fieldref",
      field: "requestParameters.userName",
      cased: false,
    });
    expect(names({ kind: "or", items: [alice, sameAsUser] })).toEqual(["CreateUser", "GetObject"]);
    // A column whose terms keep no row empties an AND, and drops out of an OR.
    const nothing = term("eventName", eq("NoSuchApi"));
    expect(names({ kind: "and", items: [nothing, v4] })).toEqual([]);
    expect(names({ kind: "and", items: [v4, noError, nothing] })).toEqual([]);
    expect(names({ kind: "or", items: [nothing, alice] })).toEqual(["CreateUser", "GetObject"]);
    expect(names({ kind: "or", items: [nothing, term("errorCode", eq("nope"))] })).toEqual([]);
    // A column whose terms keep every row fills an OR.
    expect(
      names({ kind: "or", items: [term("eventName", { op: "exists" }), nothing] }),
    ).toHaveLength(4);
    expect(names({ kind: "and", items: [] })).toHaveLength(4);
    expect(names({ kind: "or", items: [] })).toEqual([]);
  });

  it("a field reference compares two columns row by row", () => {
    const s = new EventStore();
    s.append(
      buildChunk([
        { eventName: "A", principal: "x", requestUserName: "X" },
        { eventName: "B", principal: "x", requestUserName: "y" },
        { eventName: "C", principal: "", requestUserName: "" },
      ]),
    );
    const mask = evaluateQuery(
      s,
      term("principal", { op: "fieldref", field: "requestParameters.userName", cased: false }),
      noScans,
    );
    expect(Array.from(mask)).toEqual([1, 0, 0]);
  });
});

describe("groups of column terms, NOTs, ANDs and ORs at any depth", () => {
  /** Row by row, from each row's own value: no id masks, no fusing, no shortcuts. */
  function rowHolds(expr: Expr, r: number): boolean {
    return referenceHolds(expr, (leaf) => {
      if (leaf.kind !== "term") throw new Error(`not generated: ${leaf.kind}`);
      const field = columnOf(leaf.field)!;
      const id = store.column(field)[r];
      if (id === 0) return leaf.match.op === "null";
      if (leaf.match.op === "exists") return true;
      if (leaf.match.op === "null") return false;
      return compileMatch(leaf.match)(store.dict(field).values()[id]);
    });
  }

  const leaves: Term[] = [
    term("eventName", { op: "wildcard", pattern: "*user", cased: false }),
    term("eventName", eq("getobject")),
    term("eventName", eq("NoSuchApi")),
    term("principal", eq("alice")),
    term("principal", eq("carol")),
    term("errorCode", { op: "exists" }),
    term("errorCode", { op: "null" }),
    term("sourceIPAddress", { op: "cidr", cidr: "192.0.2.0/24" }),
    term("additionalEventData.MFAUsed", eq("no")),
  ];

  it("keep the rows that a row-by-row reading keeps", () => {
    // A fixed sequence of pseudo-random expressions (xorshift), so that a failure repeats.
    let seed = 0x9e3779b9;
    const next = (k: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % k;
    };
    const make = (depth: number): Expr => {
      const pick = depth === 0 ? 0 : next(6);
      if (pick === 0 || pick === 1) return leaves[next(leaves.length)];
      if (pick === 2) return { kind: "not", item: make(depth - 1) };
      if (pick === 5 && next(3) === 0) return { kind: next(2) === 0 ? "all" : "none" };
      const items = Array.from({ length: 1 + next(4) }, () => make(depth - 1));
      // Often on one column, as a Sigma selection's values are.
      if (next(2) === 0) items.push(leaves[next(2)], { kind: "not", item: leaves[2] });
      return { kind: pick === 3 ? "and" : "or", items };
    };
    for (let i = 0; i < 400; i++) {
      const expr = make(1 + (i % 4));
      const mask = evaluateQuery(store, expr, noScans);
      const want = Array.from({ length: store.rows }, (_, r) => (rowHolds(expr, r) ? 1 : 0));
      // The expression beside its masks: a failure names it.
      expect({ expr, mask: Array.from(mask) }).toEqual({ expr, mask: want });
    }
  });

  it("a NOT, AND or OR on one column leaves the dictionary's cached masks as they were", () => {
    const user = leaves[0];
    const before = names(user);
    expect(names({ kind: "not", item: user })).toEqual(["GetObject", "ListBuckets"]);
    expect(names({ kind: "and", items: [{ kind: "not", item: user }, leaves[1]] })).toEqual([
      "GetObject",
    ]);
    expect(names({ kind: "or", items: [{ kind: "or", items: [user, leaves[1]] }] })).toEqual([
      "CreateUser",
      "DeleteUser",
      "GetObject",
    ]);
    expect(names(user)).toEqual(before);
  });
});

describe("bare words", () => {
  const word = (w: string): Expr => ({ kind: "word", word: w });

  it("match a substring of any indexed field, case-insensitively", () => {
    expect(names(word("alice"))).toEqual(["CreateUser", "GetObject"]);
    expect(names(word("ACCESSDENIED"))).toEqual(["DeleteUser"]);
    expect(names(word("cli/2"))).toEqual(["GetObject"]);
    expect(names({ kind: "and", items: [word("alice"), word("user")] })).toEqual(["CreateUser"]);
  });

  it("an address matches exactly, not as a prefix of another", () => {
    expect(names(word("192.0.2.1"))).toEqual(["CreateUser"]);
    expect(names(word("192.0.2"))).toEqual(["CreateUser", "DeleteUser"]);
  });

  it("with wildcards, match a whole value", () => {
    expect(names(word("*user"))).toEqual(["CreateUser", "DeleteUser"]);
    expect(names(word("aws-cli/*"))).toEqual(["GetObject"]);
  });

  it("rows the query drops count in no facet", () => {
    const mask = evaluateQuery(store, word("alice"), noScans);
    const view = computeView(store, { ...emptyFilter(), rowMask: mask }, ["principal"]);
    const dict = store.dict("principal");
    expect(view.shown).toBe(2);
    expect(view.facets.principal[dict.idOf("alice")]).toBe(1);
    expect(view.facets.principal[dict.idOf("bob")]).toBe(0);
  });
});

describe("terms that need a scan", () => {
  it("are listed once each, and their masks come from the caller", () => {
    const nested = term("requestParameters.instanceType", eq("p4d.24xlarge"));
    const expr: Expr = {
      kind: "or",
      items: [nested, { kind: "and", items: [nested, term("eventName", eq("GetObject"))] }],
    };
    expect(scanTerms(expr)).toEqual([nested]);
    expect(termSource(term("eventName", eq("x")))).toEqual({ kind: "column", field: "eventName" });
    expect(() => evaluateQuery(store, expr, noScans)).toThrow(/no scan result/);
    const mask = evaluateQuery(store, expr, () => Uint8Array.from([0, 1, 0, 1]));
    expect(Array.from(mask)).toEqual([0, 1, 0, 1]);
  });

  it("requestID narrows the scan to the rows whose hash matches, in either case", () => {
    const candidates = scanCandidates(store, term("requestID", eq("req-2")));
    expect(Array.from(candidates ?? [])).toEqual([0, 1, 0, 0]);
    expect(scanCandidates(store, term("eventTime", eq("x")))).toBeNull();
  });
});

describe("columnUpperBound", () => {
  it("keeps every row a scan could confirm, and is exact without scan terms", () => {
    const nested = term("requestParameters.instanceType", eq("p4d.24xlarge"));
    const name = term("eventName", eq("GetObject"));
    const both: Expr = { kind: "and", items: [name, nested] };
    expect(columnUpperBound(both)).toEqual({ kind: "and", items: [name, { kind: "all" }] });
    // Under a NOT the unknown term is taken as false, so the NOT keeps every row.
    const negated: Expr = { kind: "not", item: nested };
    expect(columnUpperBound(negated)).toEqual({ kind: "not", item: { kind: "none" } });
    expect(columnUpperBound(name)).toBe(name);
    // Whatever the scan says, the real rows are within the bound's rows.
    for (const scan of [Uint8Array.from([1, 1, 1, 1]), Uint8Array.from([0, 0, 1, 0])]) {
      for (const expr of [both, negated, { kind: "or", items: [name, negated] } as Expr]) {
        const real = evaluateQuery(store, expr, () => scan);
        const bound = evaluateQuery(store, columnUpperBound(expr), noScans);
        for (let r = 0; r < store.rows; r++) expect(real[r] <= bound[r]).toBe(true);
      }
    }
  });
});
