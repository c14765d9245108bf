// A query (../query/ast.ts) evaluated over the columnar store: every node becomes a byte per row
// (1 = matches), and the result filters the view like a facet. A term on an indexed path is
// worked out once per dictionary entry (a mask over ids) and then read per row by id; a term on
// any other path is answered by a scan of the records in the workers (state/queryRun.ts), whose
// row mask comes in through `nested`.
//
//   term on a column ──▶ matcher × dictionary entries ──▶ idMask ──▶ out[r] = idMask[column[r]]
//   term on a path   ──▶ nested(term) (a cached row mask from the workers)
//   and / or / not   ──▶ byte-wise over the children's masks; an AND's or OR's column terms
//                        (and NOTs, ANDs, ORs of terms on one column) fused per column, one id
//                        mask each, and read in one pass over the rows

import { eventKeyOf, key32 } from "../ingest/fields";
import { DICT_FIELDS, type DictField } from "../ingest/chunk";
import { exprKey, type Expr, type Match, type Term } from "../query/ast";
import { columnOf } from "../query/fields";
import { compileMatch, compileWildcard, wordPlan } from "../query/match";
import type { IdColumn } from "./columns";
import { MISSING_ID, type Dictionary } from "./dictionary";
import type { EventStore } from "./eventStore";

/** Per row: 1 when the row matches. Exactly `store.rows` long. */
export type RowMask = Uint8Array;

/**
 * The row mask of a term that needs a scan of the records (or of a `finding:` term), or null
 * while it has none yet.
 */
export type NestedMasks = (term: Term) => RowMask | null;

/** Paths answered from per-row keys kept at load time rather than from a dictionary. */
const EVENT_ID = "eventid";
const HASHED_PATHS: Readonly<Record<string, "requestKey" | "sharedKey">> = {
  requestid: "requestKey",
  sharedeventid: "sharedKey",
};

/**
 * The pseudo-field of detection findings: `finding:<rule id>` keeps the rows a rule matched. Its
 * rows come from the detections, through `nested` like a scan's.
 */
export const FINDING_FIELD = "finding";

/**
 * How a term is answered: from a column, from the eventID keys, by a scan of the records, or
 * from the detections' findings.
 */
export type TermSource =
  | { kind: "column"; field: DictField }
  | { kind: "eventId"; value: string }
  | { kind: "finding" }
  | { kind: "scan" };

export function termSource(term: Term): TermSource {
  if (term.field.toLowerCase() === FINDING_FIELD) return { kind: "finding" };
  const field = columnOf(term.field);
  const { match } = term;
  if (field !== null) {
    // A field reference to a path that is no column cannot be read from the columns.
    if (match.op !== "fieldref" || columnOf(match.field) !== null) return { kind: "column", field };
    return { kind: "scan" };
  }
  if (term.field.toLowerCase() === EVENT_ID && match.op === "eq")
    return { kind: "eventId", value: match.value };
  return { kind: "scan" };
}

/** Every term of `expr` that only a scan of the records can answer, each once. */
export function scanTerms(expr: Expr): Term[] {
  const seen = new Map<string, Term>();
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case "and":
      case "or":
        node.items.forEach(visit);
        return;
      case "not":
        visit(node.item);
        return;
      case "term":
        if (termSource(node).kind === "scan") seen.set(exprKey(node), node);
        return;
      default:
        return;
    }
  };
  visit(expr);
  return [...seen.values()];
}

/**
 * An expression that holds wherever `expr` may hold, answerable from the columns alone: every
 * term that needs a scan is taken as true where it counts for the match and as false under a
 * NOT. Its rows are the candidates a scan must confirm; with no scan terms it is `expr` itself.
 */
export function columnUpperBound(expr: Expr, positive = true): Expr {
  switch (expr.kind) {
    case "and":
    case "or":
      return { kind: expr.kind, items: expr.items.map((item) => columnUpperBound(item, positive)) };
    case "not":
      return { kind: "not", item: columnUpperBound(expr.item, !positive) };
    case "term":
      if (termSource(expr).kind === "scan") return { kind: positive ? "all" : "none" };
      return expr;
    default:
      return expr;
  }
}

/**
 * The rows a scan for `term` can possibly match, when a key kept per row narrows it down
 * (`requestID:"…"` and `sharedEventID:"…"` by their 32-bit hashes); null when every row can.
 * The scan then reads only the files holding these rows, and confirms them on the records.
 */
export function scanCandidates(store: EventStore, term: Term): RowMask | null {
  const keyed = HASHED_PATHS[term.field.toLowerCase()];
  if (keyed === undefined || term.match.op !== "eq") return null;
  // The value is compared case-insensitively, the hash is of the text as written: the ids
  // CloudTrail writes are all lower or all upper case, so those two spellings are the candidates.
  const value = term.match.value;
  const a = key32(value);
  const b = key32(value.toLowerCase());
  const c = key32(value.toUpperCase());
  const keys = store[keyed];
  const n = store.rows;
  const mask = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const k = keys[r];
    if (k === a || k === b || k === c) mask[r] = 1;
  }
  return mask;
}

/**
 * The rows matching `expr`. Terms that need a scan and have no mask yet in `nested` throw: call
 * `scanTerms` first and run those scans.
 */
export function evaluateQuery(store: EventStore, expr: Expr, nested: NestedMasks): RowMask {
  return evaluate(store, expr, nested);
}

function evaluate(store: EventStore, expr: Expr, nested: NestedMasks): RowMask {
  const n = store.rows;
  switch (expr.kind) {
    case "all":
      return new Uint8Array(n).fill(1);
    case "none":
      return new Uint8Array(n);
    case "not": {
      const fused = fusedMask(store, expr);
      if (fused !== null) return readFused(store, fused);
      const inner = evaluate(store, expr.item, nested);
      for (let r = 0; r < n; r++) inner[r] ^= 1;
      return inner;
    }
    case "and":
    case "or":
      return evaluateGroup(store, expr.kind, expr.items, nested);
    case "word":
      return evaluateWord(store, expr.word);
    case "term":
      return evaluateTerm(store, expr, nested);
  }
}

/**
 * An AND or an OR. Its terms on columns are worked out per dictionary entry first, the terms on
 * one column combined into one mask over its ids, and then every row is read once for all of
 * them: `eventName:(A OR B OR C) AND eventSource:X` is one pass over the rows, not six. The other
 * items (scans, NOTs, nested groups, words) are evaluated on their own and combined after.
 */
function evaluateGroup(
  store: EventStore,
  kind: "and" | "or",
  items: readonly Expr[],
  nested: NestedMasks,
): RowMask {
  const n = store.rows;
  const group = groupByColumn(store, kind, items);
  if ("decisive" in group) return evaluate(store, group.decisive, nested);
  const { rest } = group;
  const columns = columnsToRead(store, kind, group.byField);
  if (columns === "none" && kind === "and") return new Uint8Array(n);
  if (columns === "all" && kind === "or") return new Uint8Array(n).fill(1);
  // A decided column part is the group's neutral value when the other kind decides it: a group of
  // nothing else is that value, and otherwise the rest alone decides.
  let out: Uint8Array | null = null;
  if (columns === "none") out = new Uint8Array(n);
  else if (columns !== "all" && columns !== null) {
    out = new Uint8Array(n);
    readColumns(
      out,
      n,
      kind,
      columns.fields.map((field) => store.column(field)),
      columns.masks,
    );
  }
  for (const item of rest) {
    // A scan's or the findings' mask is read where it is kept, without the copy that evaluate
    // makes, once there is a mask of the group's own to combine it into.
    const kept = out !== null ? keptMask(item, nested, n) : null;
    const next = kept ?? evaluate(store, item, nested);
    if (out === null) {
      out = next;
      continue;
    }
    if (kind === "and") for (let r = 0; r < n; r++) out[r] &= next[r];
    else for (let r = 0; r < n; r++) out[r] |= next[r];
  }
  return out ?? evaluate(store, { kind: kind === "and" ? "all" : "none" }, nested);
}

/**
 * An AND's or an OR's items read through one column each, merged per column into one mask over
 * its ids, and the other items (`rest`); or the item that decides the group whatever the rest
 * (none in an AND, all in an OR). Items that change nothing (all in an AND) are left out.
 */
export function groupByColumn(
  store: EventStore,
  kind: "and" | "or",
  items: readonly Expr[],
): { byField: Map<DictField, Uint8Array>; rest: Expr[] } | { decisive: Expr } {
  const byField = new Map<DictField, Uint8Array>();
  const rest: Expr[] = [];
  const decisive = kind === "and" ? "none" : "all";
  const neutral = kind === "and" ? "all" : "none";
  for (const item of items) {
    if (item.kind === decisive) return { decisive: item };
    if (item.kind === neutral) continue;
    const fused = fusedMask(store, item);
    if (fused === null) {
      rest.push(item);
      continue;
    }
    const { field, ids } = fused;
    const have = byField.get(field);
    if (have === undefined) {
      byField.set(field, ids.slice());
      continue;
    }
    if (kind === "and") for (let id = 0; id < have.length; id++) have[id] &= ids[id];
    else for (let id = 0; id < have.length; id++) have[id] |= ids[id];
  }
  return { byField, rest };
}

/**
 * The columns of a group's column masks that a pass over the rows must read, from the store's
 * counts per id: "none" when they keep no row together (a column keeping none empties an AND,
 * none keeping any leaves an OR nothing), "all" when they keep every row (a column keeping all
 * fills an OR, all keeping all leave an AND everything); null when there are no masks.
 */
export function columnsToRead(
  store: EventStore,
  kind: "and" | "or",
  byField: ReadonlyMap<DictField, Uint8Array>,
): { fields: DictField[]; masks: Uint8Array[] } | "none" | "all" | null {
  if (byField.size === 0) return null;
  const n = store.rows;
  const fields: DictField[] = [];
  const masks: Uint8Array[] = [];
  for (const [field, ids] of byField) {
    const rows = rowsKept(store, field, ids);
    if (rows === 0 && kind === "and") return "none";
    if (rows === n && kind === "or") return "all";
    // A column that keeps every row changes no AND; one that keeps none, no OR.
    if (kind === "and" ? rows === n : rows === 0) continue;
    fields.push(field);
    masks.push(ids);
  }
  if (fields.length === 0) return kind === "and" ? "all" : "none";
  return { fields, masks };
}

/** How many rows have an id of `field` that `ids` keeps (the store counts rows per id). */
function rowsKept(store: EventStore, field: DictField, ids: Uint8Array): number {
  const counts = store.idCountsOf(field);
  let rows = 0;
  for (let id = 0; id < counts.length; id++) rows += ids[id] * counts[id];
  return rows;
}

/** The column a term reads through its dictionary alone (not a field reference), or null. */
function fusedField(term: Term): DictField | null {
  const source = termSource(term);
  return source.kind === "column" && term.match.op !== "fieldref" ? source.field : null;
}

/** An expression read from one column through its dictionary: per id, 1 when it holds. */
interface FusedMask {
  field: DictField;
  ids: Uint8Array;
}

/**
 * The id mask of an expression over one column alone: a term read through the dictionary, a NOT
 * of one, an AND or OR of them on the same column (`not userIdentity.type:AWSService`,
 * `errorCode:Success OR errorCode:null`). Such an item joins its group's mask for that column, so
 * that it costs no pass of its own over the rows, and a column that then keeps no row empties an
 * AND at once. Null for anything else. The mask may be a cached one: not to be changed.
 */
export function fusedMask(store: EventStore, expr: Expr): FusedMask | null {
  switch (expr.kind) {
    case "term": {
      const field = fusedField(expr);
      return field === null ? null : { field, ids: entryMask(store.dict(field), expr.match) };
    }
    case "not": {
      const inner = fusedMask(store, expr.item);
      if (inner === null) return null;
      const ids = new Uint8Array(inner.ids.length);
      for (let id = 0; id < ids.length; id++) ids[id] = inner.ids[id] ^ 1;
      return { field: inner.field, ids };
    }
    case "and":
    case "or": {
      let out: FusedMask | null = null;
      for (const item of expr.items) {
        const next = fusedMask(store, item);
        if (next === null || (out !== null && next.field !== out.field)) return null;
        if (out === null) {
          out = { field: next.field, ids: next.ids.slice() };
          continue;
        }
        const ids = out.ids;
        if (expr.kind === "and") for (let id = 0; id < ids.length; id++) ids[id] &= next.ids[id];
        else for (let id = 0; id < ids.length; id++) ids[id] |= next.ids[id];
      }
      return out;
    }
    default:
      return null;
  }
}

/** The row mask of a fused expression: one pass over its column. */
function readFused(store: EventStore, { field, ids }: FusedMask): RowMask {
  const n = store.rows;
  const out = new Uint8Array(n);
  const kept = rowsKept(store, field, ids);
  if (kept === 0) return out;
  if (kept === n) return out.fill(1);
  const column = store.column(field);
  for (let r = 0; r < n; r++) out[r] = ids[column[r]];
  return out;
}

/** out[r] = the AND (or OR) over the columns of mask[column[r]], one pass over the rows. */
function readColumns(
  out: Uint8Array,
  n: number,
  kind: "and" | "or",
  columns: readonly IdColumn[],
  masks: readonly Uint8Array[],
): void {
  const c0 = columns[0]!;
  const m0 = masks[0]!;
  if (columns.length === 1) {
    for (let r = 0; r < n; r++) out[r] = m0[c0[r]];
    return;
  }
  const c1 = columns[1]!;
  const m1 = masks[1]!;
  if (kind === "and") for (let r = 0; r < n; r++) out[r] = m0[c0[r]] & m1[c1[r]];
  else for (let r = 0; r < n; r++) out[r] = m0[c0[r]] | m1[c1[r]];
  for (let k = 2; k < columns.length; k++) {
    const column = columns[k]!;
    const mask = masks[k]!;
    if (kind === "and") for (let r = 0; r < n; r++) out[r] &= mask[column[r]];
    else for (let r = 0; r < n; r++) out[r] |= mask[column[r]];
  }
}

/** A scan's or the findings' kept mask for `expr` (read only), or null for any other item. */
function keptMask(expr: Expr, nested: NestedMasks, n: number): RowMask | null {
  if (expr.kind !== "term") return null;
  const source = termSource(expr);
  if (source.kind !== "scan" && source.kind !== "finding") return null;
  const mask = nested(expr);
  return mask !== null && mask.length >= n ? mask : null;
}

function evaluateTerm(store: EventStore, term: Term, nested: NestedMasks): RowMask {
  const source = termSource(term);
  const n = store.rows;
  if (source.kind === "scan" || source.kind === "finding") {
    const mask = nested(term);
    if (mask === null) throw new Error(`no scan result for ${term.field}`);
    // Copied: the caller combines masks in place, and the cached one must stay as it is.
    const out = new Uint8Array(n);
    out.set(mask.subarray(0, n));
    return out;
  }
  if (source.kind === "eventId") {
    const key = eventKeyOf(source.value);
    const keys = store.eventKey;
    const out = new Uint8Array(n);
    // The key's first 96 bits are the eventID; its last word is the record's fingerprint, so
    // every version of an event that came altered matches too.
    for (let r = 0; r < n; r++) {
      const at = r * 4;
      if (keys[at] === key[0] && keys[at + 1] === key[1] && keys[at + 2] === key[2]) out[r] = 1;
    }
    return out;
  }
  const { field } = source;
  const column = store.column(field);
  const out = new Uint8Array(n);
  const { match } = term;
  if (match.op === "fieldref") {
    const other = columnOf(match.field)!;
    return fieldRefMask(store, field, other, match.cased, out);
  }
  const idMask = entryMask(store.dict(field), match);
  const kept = rowsKept(store, field, idMask);
  if (kept === 0) return out;
  if (kept === n) return out.fill(1);
  for (let r = 0; r < n; r++) out[r] = idMask[column[r]];
  return out;
}

// ───────────────────────────── per dictionary entry ─────────────────────────────

const entryMasks = new WeakMap<Dictionary, Map<string, { generation: number; mask: Uint8Array }>>();

/**
 * Per id of `dict`: 1 when its value matches. The matcher runs once per entry (cached per
 * dictionary generation, so refining a query does not run it again); the missing value (id 0)
 * matches only `null`.
 */
function entryMask(dict: Dictionary, match: Match): Uint8Array {
  let cache = entryMasks.get(dict);
  if (cache === undefined) {
    cache = new Map();
    entryMasks.set(dict, cache);
  }
  const key = JSON.stringify(match);
  const hit = cache.get(key);
  if (hit !== undefined && hit.generation === dict.generation) return hit.mask;
  const values = dict.values();
  const mask = new Uint8Array(values.length);
  if (match.op === "null") mask[MISSING_ID] = 1;
  else if (match.op === "exists") mask.fill(1, 1);
  else {
    const test = compileMatch(match);
    for (let id = 1; id < values.length; id++) if (test(values[id])) mask[id] = 1;
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, { generation: dict.generation, mask });
  return mask;
}

function fieldRefMask(
  store: EventStore,
  field: DictField,
  other: DictField,
  cased: boolean,
  out: Uint8Array,
): RowMask {
  const a = store.column(field);
  const b = store.column(other);
  const valuesA = cased ? store.dict(field).values() : lowerValues(store.dict(field));
  const valuesB = cased ? store.dict(other).values() : lowerValues(store.dict(other));
  for (let r = 0; r < store.rows; r++) {
    const idA = a[r];
    if (idA !== MISSING_ID && valuesA[idA] === valuesB[b[r]]) out[r] = 1;
  }
  return out;
}

// ───────────────────────────── bare words ─────────────────────────────

const lowered = new WeakMap<Dictionary, { generation: number; values: string[] }>();

/** A dictionary's values in lower case, once per dictionary generation (typing reuses them). */
function lowerValues(dict: Dictionary): string[] {
  const cached = lowered.get(dict);
  if (cached && cached.generation === dict.generation) return cached.values;
  const values = dict.values().map((value) => value.toLowerCase());
  lowered.set(dict, { generation: dict.generation, values });
  return values;
}

/**
 * Lower-cases every dictionary ahead of the first bare word, so that the first keystroke does
 * not pay for it (call it when the page is idle after a load).
 */
export function prepareSearch(store: EventStore): void {
  for (const field of DICT_FIELDS) lowerValues(store.dict(field));
}

/**
 * A bare word: a row matches when some indexed field matches it (a substring; a wildcard when it
 * holds `*` or `?`; the whole value when it looks like an address, a key id or an ARN).
 */
function evaluateWord(store: EventStore, word: string): RowMask {
  const n = store.rows;
  const plan = wordPlan(word);
  const wildcard = plan.kind === "wildcard" ? compileWildcard(plan.pattern, false) : null;
  const columns: IdColumn[] = [];
  const masks: Uint8Array[] = [];
  for (const field of DICT_FIELDS) {
    const values = lowerValues(store.dict(field));
    let mask: Uint8Array | null = null;
    for (let id = 1; id < values.length; id++) {
      const value = values[id];
      const hit =
        plan.kind === "wildcard"
          ? wildcard!(value)
          : plan.kind === "equals"
            ? value === plan.value
            : value.includes(plan.value);
      if (!hit) continue;
      mask ??= new Uint8Array(values.length);
      mask[id] = 1;
    }
    if (mask !== null) {
      columns.push(store.column(field));
      masks.push(mask);
    }
  }
  const out = new Uint8Array(n);
  const k = columns.length;
  for (let c = 0; c < k; c++) {
    const column = columns[c];
    const mask = masks[c];
    for (let r = 0; r < n; r++) out[r] |= mask[column[r]];
  }
  return out;
}
