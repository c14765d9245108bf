// An Expr evaluated over one parsed record (a plain JSON object): the scan of the files for what
// the columns do not hold, in the workers. Compiled once per query, then run per record; walking a
// path visits values in place and allocates nothing.
import { UNPRINTABLE, text } from "../ingest/fields";
import { principalOf } from "../ingest/principal";
import type { Expr, Match } from "./ast";
import { COLUMN_PATHS, PRINCIPAL_PATH } from "./fields";
import { compileMatch, compileWord, type ValueTest } from "./match";

type JsonObject = Record<string, unknown>;
export type RecordPredicate = (record: JsonObject) => boolean;
type Leaf = (value: unknown) => boolean;

/** Arrays nested deeper than this on a path are not looked into (a hostile file's, not AWS's). */
const MAX_ARRAY_DEPTH = 32;

/** A key's value: the exact key, else the first key equal to it ignoring case. */
function child(object: JsonObject, key: string): unknown {
  // A JSON value is never a function, and an own `__proto__` hides the prototype's: what is
  // found at once is the object's own member (the prototype's members are functions).
  const direct = object[key];
  if (direct !== undefined && typeof direct !== "function" && key !== "__proto__") return direct;
  if (Object.hasOwn(object, key)) return object[key];
  const lower = key.toLowerCase();
  for (const name in object) {
    // Lengths first: most keys differ in length, and comparing them allocates nothing.
    if (name.length === key.length && name.toLowerCase() === lower && Object.hasOwn(object, name))
      return object[name];
  }
  return undefined;
}

/**
 * Whether `leaf` holds for some value at `path[at..]` below `node`: arrays on the way and at the
 * end are looked into, null and missing values are never visited.
 */
function some(node: unknown, path: readonly string[], at: number, leaf: Leaf, arrays = 0): boolean {
  // Down the objects of the path in a loop; only an array on the way recurses.
  for (; ; at++) {
    if (Array.isArray(node)) {
      if (arrays >= MAX_ARRAY_DEPTH) return false;
      for (const item of node) if (some(item, path, at, leaf, arrays + 1)) return true;
      return false;
    }
    if (node === undefined || node === null) return false;
    if (at === path.length) return leaf(node);
    if (typeof node !== "object") return false;
    node = child(node as JsonObject, path[at]!);
  }
}

/** A visitor of the values at a path; `principal` is derived from `userIdentity`. */
function pathVisitor(path: string): (record: JsonObject, leaf: Leaf) => boolean {
  if (path === PRINCIPAL_PATH) {
    return (record, leaf) => {
      const principal = principalOf(record.userIdentity);
      return principal !== "" && leaf(principal);
    };
  }
  const segments = path.split(".");
  return (record, leaf) => some(record, segments, 0, leaf);
}

/** The leaf values at a dotted path (see `some`); `principal` gives the record's principal. */
export function valuesAt(record: JsonObject, path: string): unknown[] {
  const values: unknown[] = [];
  pathVisitor(path)(record, (value) => {
    values.push(value);
    return false;
  });
  return values;
}

/** A value's text: strings as they are, numbers and booleans printed, objects as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return UNPRINTABLE;
    }
  }
  return String(value);
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** Present: a value other than null, missing or an empty object (empty arrays have no leaves). */
const isPresent: Leaf = (value) => !isEmptyObject(value);
/** Present and not "": what `exists` asks. */
const isSubstantial: Leaf = (value) => value !== "" && !isEmptyObject(value);

/** Texts a remembering test keeps the answer for, at most, before it starts over. */
const REMEMBERED = 512;
/** Texts longer than this are tested each time: the lookup would read them whole too. */
const REMEMBERED_CHARS = 256;
/** Calls a remembering test makes without its memory after a fill that paid too little. */
const FORGETFUL_CALLS = 65_536;

/**
 * `test` with a memory of its last answers, by text. A record's fields repeat from record to
 * record (a principal's ARN, a type, an address), and a test without case folds the text to
 * lower case every time: a rule run over every record during a load paid that per record. A
 * memory whose last fill was mostly misses (a field of unique values) is set aside for a while.
 */
export function remembered(test: ValueTest): ValueTest {
  let memory = new Map<string, boolean>();
  let hits = 0;
  let plainFor = 0;
  return (value) => {
    if (plainFor > 0) {
      plainFor--;
      return test(value);
    }
    if (value.length > REMEMBERED_CHARS) return test(value);
    const known = memory.get(value);
    if (known !== undefined) {
      hits++;
      return known;
    }
    const answer = test(value);
    if (memory.size >= REMEMBERED) {
      if (hits < REMEMBERED) plainFor = FORGETFUL_CALLS;
      memory = new Map();
      hits = 0;
    }
    memory.set(value, answer);
    return answer;
  };
}

function compileFieldRef(field: string, other: string, cased: boolean): RecordPredicate {
  const visit = pathVisitor(field);
  const visitOther = pathVisitor(other);
  const fold = (value: unknown): string => {
    const t = valueText(value);
    return cased ? t : t.toLowerCase();
  };
  return (record) => {
    // The other field's texts are gathered per record: two fields of one record are few values.
    const wanted: string[] = [];
    visitOther(record, (value) => {
      const t = fold(value);
      if (t !== "") wanted.push(t);
      return false;
    });
    return wanted.length > 0 && visit(record, (value) => wanted.includes(fold(value)));
  };
}

function compileTerm(field: string, match: Match): RecordPredicate {
  const visit = pathVisitor(field);
  switch (match.op) {
    case "exists":
      return (record) => visit(record, isSubstantial);
    case "null":
      return (record) => !visit(record, isPresent);
    case "fieldref":
      return compileFieldRef(field, match.field, match.cased);
    default: {
      const plain = compileMatch(match);
      // An exact comparison costs less than a lookup; any other test reads the whole text.
      const test = match.op === "eq" && match.cased ? plain : remembered(plain);
      const leaf: Leaf = (value) => test(valueText(value));
      return (record) => visit(record, leaf);
    }
  }
}

/** Each indexed column's path as segments, read as ingest/parse.ts reads them: exact keys only. */
const COLUMN_SEGMENTS: readonly (readonly string[])[] = Object.values(COLUMN_PATHS)
  .filter((path) => path !== PRINCIPAL_PATH)
  .map((path) => path.split("."));

function columnValue(record: JsonObject, segments: readonly string[]): unknown {
  let node: unknown = record;
  for (const segment of segments) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    node = Object.hasOwn(node, segment) ? (node as JsonObject)[segment] : undefined;
  }
  return node;
}

/**
 * The texts the store's columns hold for a record, one per indexed field (principal first), as
 * ingest's `text()` gives them: clipped to MAX_VALUE_CHARS, "" for a missing value.
 */
export function columnTexts(record: JsonObject): string[] {
  return [
    principalText(record),
    ...COLUMN_SEGMENTS.map((segments) => text(columnValue(record, segments))),
  ];
}

// The words of one query test the same record in turn: its principal is derived once.
let lastIdentity: unknown;
let lastPrincipal = "";

function principalText(record: JsonObject): string {
  const identity = record.userIdentity;
  if (identity !== lastIdentity || typeof identity !== "object") {
    lastIdentity = identity;
    lastPrincipal = text(principalOf(identity));
  }
  return lastPrincipal;
}

function compileWordPredicate(word: string): RecordPredicate {
  const test = compileWord(word);
  return (record) => {
    if (test(principalText(record))) return true;
    for (const segments of COLUMN_SEGMENTS)
      if (test(text(columnValue(record, segments)))) return true;
    return false;
  };
}

/**
 * Compiles an expression into a test of one record. Throws (an Error naming the pattern) for a
 * regular expression RE2 cannot take or an invalid CIDR: callers report it.
 */
export function compileRecordPredicate(expr: Expr): RecordPredicate {
  switch (expr.kind) {
    case "all":
      return () => true;
    case "none":
      return () => false;
    case "term":
      return compileTerm(expr.field, expr.match);
    case "word":
      return compileWordPredicate(expr.word);
    case "not": {
      const item = compileRecordPredicate(expr.item);
      return (record) => !item(record);
    }
    case "and": {
      const items = expr.items.map(compileRecordPredicate);
      return (record) => {
        for (const item of items) if (!item(record)) return false;
        return true;
      };
    }
    case "or": {
      const items = expr.items.map(compileRecordPredicate);
      return (record) => {
        for (const item of items) if (item(record)) return true;
        return false;
      };
    }
  }
}
