// "Group by": the selection folded into one row per value of a field (or per pair of values of
// two fields), with the figures an analyst reads first (events, errors, how many principals, IPs
// and regions, first and last seen), and the summary of one entity (a principal, an IP, a key).
//
// Plain typed-array passes, as in view.ts: a row is reduced to a group index (a table indexed by
// id for one field; for two, a table indexed by idA × sizeB + idB when that is small, else an
// open-addressing hash over the pair). Every pass over the rows reads the columns in store order
// (sequentially); the ids whose distinct values are counted are scattered group by group with a
// counting sort, and each group's slice is then read once, a distinct value found by stamping it
// with the group's number (no Set anywhere). Strings are read once per group.
//
//   rows ─▶ ordered (store order) ─▶ groupOf[i], count[g]
//        ─▶ errors[g], first[g], last[g]; principal/IP/region ids at next[g]++ (group-major)
//        ─▶ per group slice: distinct ids (seen[id] === g + 1 ?)

import { radixSortStable } from "../lib/radixSort";
import type { DictField } from "../ingest/chunk";
import { csvRow } from "../lib/csv";
import { MISSING_ID } from "./dictionary";
import type { EventStore } from "./eventStore";

/** One field, or two ("group by A, then by B"). */
export type GroupFields = readonly [DictField] | readonly [DictField, DictField];

/**
 * One group per distinct value (or pair of values) among the rows, as parallel columns: group g
 * is `idsA[g]` (and `idsB[g]`), with its figures at index g of every array. Groups come in order
 * of first appearance in store order; `sortGroups` gives any other order.
 */
export interface GroupTable {
  fields: GroupFields;
  /** Number of groups. */
  size: number;
  /** Rows grouped (the sum of `count`). */
  rows: number;
  /** Dictionary ids of the first field, per group. */
  idsA: Uint32Array;
  /** Dictionary ids of the second field, per group; null when grouping by one field. */
  idsB: Uint32Array | null;
  /** The raw strings of `idsA` ("" = missing), read once per group. */
  valuesA: readonly string[];
  valuesB: readonly string[] | null;
  count: Uint32Array;
  /** Rows with an errorCode. */
  errors: Uint32Array;
  /** Distinct principals in the group; a missing principal is not counted as one. */
  principals: Uint32Array;
  /** Distinct sourceIPAddress values (missing not counted). */
  ips: Uint32Array;
  /** Distinct awsRegion values (missing not counted). */
  regions: Uint32Array;
  /** Earliest time, ms since epoch; NaN when no row of the group has a time. */
  first: Float64Array;
  /** Latest time; NaN when no row of the group has a time. */
  last: Float64Array;
}

export type GroupSortKey =
  "count" | "errors" | "principals" | "ips" | "regions" | "first" | "last" | "key";

/**
 * Grouping on two fields indexes a table of sizeA × sizeB slots when that is at most this many
 * (16 MB) and not much more than the rows (a few rows would not pay for zeroing it); else it
 * hashes the pairs.
 */
const DIRECT_PAIR_SLOTS = 1 << 22;
const INITIAL_GROUPS = 1024;

/**
 * Groups `rows` (distinct row ids, any order) by `fields`. Cost: the rows put in store order, two
 * passes over them (the grouped columns; then errorCode, time, principal, IP and region), one over
 * the scattered ids per distinct count, and a typed array per dictionary involved: four Uint32
 * per row and nothing per row that is not a typed-array slot.
 */
export function groupBy(store: EventStore, rows: Uint32Array, fields: GroupFields): GroupTable {
  const ordered = inStoreOrder(store, rows);
  const n = ordered.length;
  const fieldA = fields[0];
  const fieldB = fields.length === 2 ? fields[1] : null;
  const columnA = store.column(fieldA);
  const dictA = store.dict(fieldA);
  const sizeA = dictA.size;

  // ── 1. a group index per row ──
  const groupOf = new Uint32Array(n);
  let capacity = Math.max(1, Math.min(n, INITIAL_GROUPS));
  let idsA = new Uint32Array(capacity);
  let idsB: Uint32Array | null = fieldB === null ? null : new Uint32Array(capacity);
  let count = new Uint32Array(capacity);
  let groups = 0;
  const grow = () => {
    capacity *= 2;
    idsA = resized(idsA, capacity);
    if (idsB !== null) idsB = resized(idsB, capacity);
    count = resized(count, capacity);
  };

  if (fieldB === null) {
    // Slot per id: the group number + 1, 0 = not seen yet.
    const slot = new Uint32Array(sizeA);
    for (let i = 0; i < n; i++) {
      const a = columnA[ordered[i]];
      let s = slot[a];
      if (s === 0) {
        if (groups === capacity) grow();
        idsA[groups] = a;
        s = ++groups;
        slot[a] = s;
      }
      groupOf[i] = s - 1;
      count[s - 1]++;
    }
  } else {
    const columnB = store.column(fieldB);
    const sizeB = store.dict(fieldB).size;
    const slots = sizeA * sizeB;
    if (slots <= DIRECT_PAIR_SLOTS && slots <= Math.max(1 << 16, 4 * n)) {
      const slot = new Uint32Array(slots);
      for (let i = 0; i < n; i++) {
        const r = ordered[i];
        const a = columnA[r];
        const b = columnB[r];
        const key = a * sizeB + b;
        let s = slot[key];
        if (s === 0) {
          if (groups === capacity) grow();
          idsA[groups] = a;
          idsB![groups] = b;
          s = ++groups;
          slot[key] = s;
        }
        groupOf[i] = s - 1;
        count[s - 1]++;
      }
    } else {
      // Open addressing over the pair (slot: group + 1), at most half full; it grows with the
      // groups rather than the rows, so that it stays in cache when the groups are few.
      let table = new Uint32Array(1 << 12);
      let mask = table.length - 1;
      for (let i = 0; i < n; i++) {
        const r = ordered[i];
        const a = columnA[r];
        const b = columnB[r];
        let at = hashPair(a, b) & mask;
        let s = 0;
        for (;;) {
          s = table[at];
          if (s === 0 || (idsA[s - 1] === a && idsB![s - 1] === b)) break;
          at = (at + 1) & mask;
        }
        if (s === 0) {
          if (groups === capacity) grow();
          idsA[groups] = a;
          idsB![groups] = b;
          s = ++groups;
          table[at] = s;
          if (groups * 2 > table.length) {
            table = new Uint32Array(table.length * 2);
            mask = table.length - 1;
            for (let g = 0; g < groups; g++) {
              let to = hashPair(idsA[g], idsB![g]) & mask;
              while (table[to] !== 0) to = (to + 1) & mask;
              table[to] = g + 1;
            }
          }
        }
        groupOf[i] = s - 1;
        count[s - 1]++;
      }
    }
  }

  // ── 2. in store order again: errors and times per group, and what the distinct principals,
  // IPs and regions per group are counted from: a table of groups × ids marked per row when that
  // is small, else the ids scattered group by group (a counting sort; a group's slice keeps store
  // order) ──
  const start = new Uint32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g] + count[g];
  const time = store.time;
  const errorCode = store.column("errorCode");
  const principal = store.column("principal");
  const ip = store.column("sourceIPAddress");
  const region = store.column("awsRegion");
  const sizeP = store.dict("principal").size;
  const sizeI = store.dict("sourceIPAddress").size;
  const sizeR = store.dict("awsRegion").size;
  const tableP = distinctTable(groups, sizeP, n);
  const tableI = distinctTable(groups, sizeI, n);
  const tableR = distinctTable(groups, sizeR, n);
  const principalOf = tableP === null ? new Uint32Array(n) : null;
  const ipOf = tableI === null ? new Uint32Array(n) : null;
  const regionOf = tableR === null ? new Uint32Array(n) : null;
  const next =
    principalOf !== null || ipOf !== null || regionOf !== null ? start.slice(0, groups) : null;
  const errors = new Uint32Array(groups);
  const first = new Float64Array(groups).fill(Infinity);
  const last = new Float64Array(groups).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const r = ordered[i];
    const g = groupOf[i];
    if (next !== null) {
      const j = next[g]++;
      if (principalOf !== null) principalOf[j] = principal[r];
      if (ipOf !== null) ipOf[j] = ip[r];
      if (regionOf !== null) regionOf[j] = region[r];
    }
    if (tableP !== null) tableP[g * sizeP + principal[r]] = 1;
    if (tableI !== null) tableI[g * sizeI + ip[r]] = 1;
    if (tableR !== null) tableR[g * sizeR + region[r]] = 1;
    if (errorCode[r] !== MISSING_ID) errors[g]++;
    // NaN fails both comparisons: rows with no time are left out of first and last.
    const t = time[r];
    if (t < first[g]) first[g] = t;
    if (t > last[g]) last[g] = t;
  }
  for (let g = 0; g < groups; g++) {
    if (first[g] === Infinity) first[g] = Number.NaN;
    if (last[g] === -Infinity) last[g] = Number.NaN;
  }

  // ── 3. distinct values per group, the missing id never counted: from the table, a group's
  // marks summed; from the scattered ids, one group's slice at a time ──
  const principals =
    tableP !== null
      ? distinctInTable(tableP, groups, sizeP)
      : distinctPerGroup(principalOf!, start, sizeP);
  const ips =
    tableI !== null
      ? distinctInTable(tableI, groups, sizeI)
      : distinctPerGroup(ipOf!, start, sizeI);
  const regions =
    tableR !== null
      ? distinctInTable(tableR, groups, sizeR)
      : distinctPerGroup(regionOf!, start, sizeR);

  const finalA = idsA.slice(0, groups);
  const finalB = idsB === null ? null : idsB.slice(0, groups);
  const stringsA = dictA.values();
  const valuesA = Array.from(finalA, (id) => stringsA[id]);
  let valuesB: string[] | null = null;
  if (finalB !== null && fieldB !== null) {
    const stringsB = store.dict(fieldB).values();
    valuesB = Array.from(finalB, (id) => stringsB[id]);
  }
  return {
    fields,
    size: groups,
    rows: n,
    idsA: finalA,
    idsB: finalB,
    valuesA,
    valuesB,
    count: count.slice(0, groups),
    errors,
    principals,
    ips,
    regions,
    first,
    last,
  };
}

/**
 * The rows in store order, so that every later pass reads the columns sequentially (a selection
 * comes in time order, which reads them at random: a cache miss per column per row). The rows
 * are distinct ids: as many as the store holds, they are all of its rows, in order by counting;
 * much of the store: marked and read back; a few: a sorted copy.
 */
function inStoreOrder(store: EventStore, rows: Uint32Array): Uint32Array {
  const n = store.rows;
  // Distinct ids as many as the rows: every row, whose store order is 0, 1, 2, …
  if (rows.length === n) {
    const all = new Uint32Array(n);
    for (let r = 0; r < n; r++) all[r] = r;
    return all;
  }
  if (rows.length * 32 < n) return rows.slice().sort();
  const marked = new Uint8Array(n);
  for (let i = 0; i < rows.length; i++) marked[rows[i]] = 1;
  const out = new Uint32Array(rows.length);
  let k = 0;
  for (let r = 0; r < n; r++) if (marked[r] === 1) out[k++] = r;
  return k === out.length ? out : out.slice(0, k);
}

/**
 * Distinct ids per group are counted on a table of one byte per group and id (marked per row,
 * summed per group) when it is at most this many bytes and not much more than the rows (a few
 * rows would not pay for zeroing and summing it); else from the ids scattered group by group.
 */
const DIRECT_DISTINCT_SLOTS = 1 << 22;

function distinctTable(groups: number, idSpace: number, rows: number): Uint8Array | null {
  const slots = groups * Math.max(1, idSpace);
  return slots <= DIRECT_DISTINCT_SLOTS && slots <= 4 * rows ? new Uint8Array(slots) : null;
}

/** Per group, the ids marked in its stretch of `table` (`idSpace` bytes), the missing id aside. */
function distinctInTable(table: Uint8Array, groups: number, idSpace: number): Uint32Array {
  const out = new Uint32Array(groups);
  const size = Math.max(1, idSpace);
  for (let g = 0; g < groups; g++) {
    const base = g * size;
    let distinct = 0;
    for (let id = 0; id < size; id++) distinct += table[base + id];
    out[g] = distinct - table[base + MISSING_ID];
  }
  return out;
}

function distinctPerGroup(values: Uint32Array, start: Uint32Array, idSpace: number): Uint32Array {
  const groups = start.length - 1;
  const out = new Uint32Array(groups);
  const seen = new Uint32Array(Math.max(1, idSpace));
  for (let g = 0; g < groups; g++) {
    const stamp = g + 1;
    seen[MISSING_ID] = stamp;
    let distinct = 0;
    for (let j = start[g], end = start[g + 1]; j < end; j++) {
      const v = values[j];
      if (seen[v] !== stamp) {
        seen[v] = stamp;
        distinct++;
      }
    }
    out[g] = distinct;
  }
  return out;
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function resized(array: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(length);
  out.set(array.subarray(0, Math.min(array.length, length)));
  return out;
}

// ───────────────────────────── accessors ─────────────────────────────

/** The group's raw value; for two fields the two raw values joined by a TAB. */
export function groupKey(table: GroupTable, g: number): string {
  return table.valuesB === null ? table.valuesA[g] : `${table.valuesA[g]}\t${table.valuesB[g]}`;
}

/** The group as the filters that select it: one include per field. */
export function groupFilters(table: GroupTable, g: number): { field: DictField; value: string }[] {
  const out = [{ field: table.fields[0], value: table.valuesA[g] }];
  if (table.fields.length === 2 && table.valuesB !== null)
    out.push({ field: table.fields[1], value: table.valuesB[g] });
  return out;
}

/** Group g as a plain record, for the few groups on screen or a line of an export. */
export interface GroupRow {
  values: string[];
  count: number;
  errors: number;
  principals: number;
  ips: number;
  regions: number;
  /** ms since epoch; NaN: no time. */
  first: number;
  last: number;
}

export function groupRow(table: GroupTable, g: number): GroupRow {
  return {
    values: table.valuesB === null ? [table.valuesA[g]] : [table.valuesA[g], table.valuesB[g]],
    count: table.count[g],
    errors: table.errors[g],
    principals: table.principals[g],
    ips: table.ips[g],
    regions: table.regions[g],
    first: table.first[g],
    last: table.last[g],
  };
}

/** The CSV header after the field names. */
export const GROUP_CSV_COLUMNS = [
  "events",
  "errors",
  "principals",
  "sourceIPs",
  "regions",
  "firstSeen",
  "lastSeen",
] as const;

const CSV_LINES_PER_PART = 2000;

/**
 * The groups in `order` as CSV (RFC 4180, formula injection neutralised by lib/csv): the field
 * names, then the figures, times as ISO 8601 UTC ("" when none). Returned as parts for a Blob, a
 * UTF-8 BOM first so that spreadsheets read the text as UTF-8.
 */
export function groupsToCsv(table: GroupTable, order: Uint32Array): string[] {
  const parts: string[] = [];
  let part = "\uFEFF" + csvRow([...table.fields, ...GROUP_CSV_COLUMNS]);
  let lines = 0;
  for (let k = 0; k < order.length; k++) {
    const row = groupRow(table, order[k]);
    part += csvRow([
      ...row.values,
      String(row.count),
      String(row.errors),
      String(row.principals),
      String(row.ips),
      String(row.regions),
      isoOrEmpty(row.first),
      isoOrEmpty(row.last),
    ]);
    if (++lines === CSV_LINES_PER_PART) {
      parts.push(part);
      part = "";
      lines = 0;
    }
  }
  if (part !== "") parts.push(part);
  return parts;
}

/** `new Date(ms).toISOString()`, or "" for NaN. */
export function isoOrEmpty(ms: number): string {
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString();
}

// ───────────────────────────── sorting ─────────────────────────────

/**
 * Group indexes in the order asked. "key" sorts by value in code-unit order (then by the second
 * value); a missing value comes last either way. The figures sort numerically, ties by value
 * ascending; groups with no time come last either way.
 */
export function sortGroups(
  table: GroupTable,
  by: GroupSortKey,
  direction: "asc" | "desc",
): Uint32Array {
  const identity = new Uint32Array(table.size);
  for (let g = 0; g < table.size; g++) identity[g] = g;
  if (by === "key") return keyOrder(table, identity, direction);
  const base = keyOrder(table, identity, "asc");
  if (by === "first" || by === "last") return timeOrder(base, table[by], direction);
  return countOrder(base, table[by], direction);
}

function keyOrder(table: GroupTable, groups: Uint32Array, direction: "asc" | "desc"): Uint32Array {
  // Least significant first: by the second value, then stably by the first.
  let order = groups;
  if (table.idsB !== null && table.fields.length === 2) {
    order = byRank(order, table.idsB, valueBuckets(tableDictRank(table, 1), direction));
  }
  return byRank(order, table.idsA, valueBuckets(tableDictRank(table, 0), direction));
}

// Per table and field: the rank of each id among the table's values, in string order.
const ranks = new WeakMap<GroupTable, Uint32Array[]>();

/**
 * Ranks come from the strings the table holds, not from the store's dictionary, so a table sorts
 * the same after the store has grown or been cleared. The built-in sort without a comparator
 * orders the distinct strings (code-unit order, no call back into JS); each is then mapped back
 * to its id once.
 */
function tableDictRank(table: GroupTable, which: 0 | 1): Uint32Array {
  let cached = ranks.get(table);
  if (cached === undefined) {
    cached = [];
    ranks.set(table, cached);
  }
  const hit = cached[which];
  if (hit !== undefined) return hit;
  const ids = which === 0 ? table.idsA : table.idsB!;
  const values = which === 0 ? table.valuesA : table.valuesB!;
  let maxId = 0;
  for (let g = 0; g < ids.length; g++) if (ids[g] > maxId) maxId = ids[g];
  const seen = new Uint8Array(maxId + 1);
  const distinctIds: number[] = [];
  const distinctValues: string[] = [];
  for (let g = 0; g < ids.length; g++) {
    const id = ids[g];
    if (seen[id] === 1) continue;
    seen[id] = 1;
    distinctIds.push(id);
    distinctValues.push(values[g]);
  }
  const rankOfValue = new Map<string, number>();
  distinctValues.toSorted().forEach((value, i) => rankOfValue.set(value, i));
  const rank = new Uint32Array(maxId + 1);
  for (let k = 0; k < distinctIds.length; k++)
    rank[distinctIds[k]] = rankOfValue.get(distinctValues[k])!;
  cached[which] = rank;
  return rank;
}

/** Per id, its sort bucket: missing last either way. */
function valueBuckets(rank: Uint32Array, direction: "asc" | "desc"): Uint32Array {
  const size = rank.length;
  const buckets = new Uint32Array(size);
  let max = 0;
  for (let id = 0; id < size; id++) if (rank[id] > max) max = rank[id];
  for (let id = 0; id < size; id++) {
    buckets[id] = id === MISSING_ID ? max + 1 : direction === "asc" ? rank[id] : max - rank[id];
  }
  return buckets;
}

function byRank(order: Uint32Array, ids: Uint32Array, buckets: Uint32Array): Uint32Array {
  const keys = new Uint32Array(order.length);
  let max = 0;
  for (let k = 0; k < order.length; k++) {
    const key = buckets[ids[order[k]]];
    keys[k] = key;
    if (key > max) max = key;
  }
  return radixSortStable(order, keys, max);
}

function countOrder(
  base: Uint32Array,
  values: Uint32Array,
  direction: "asc" | "desc",
): Uint32Array {
  let max = 0;
  for (let k = 0; k < base.length; k++) if (values[base[k]] > max) max = values[base[k]];
  const keys = new Uint32Array(base.length);
  for (let k = 0; k < base.length; k++) {
    const v = values[base[k]];
    keys[k] = direction === "asc" ? v : max - v;
  }
  return radixSortStable(base, keys, max);
}

const TWO_32 = 4294967296;

function timeOrder(base: Uint32Array, times: Float64Array, direction: "asc" | "desc"): Uint32Array {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let k = 0; k < base.length; k++) {
    const t = times[base[k]];
    if (t !== t) continue;
    if (t < min) min = t;
    if (t > max) max = t;
    if (Math.floor(t) !== t) integral = false;
  }
  if (min > max) return base;
  if (!integral || max - min >= Number.MAX_SAFE_INTEGER) {
    // Not from CloudTrail (which writes whole seconds): a comparator sort is fine.
    const sign = direction === "asc" ? 1 : -1;
    const list = Array.from(base);
    list.sort((a, b) => {
      const ta = times[a];
      const tb = times[b];
      if (ta !== ta) return tb !== tb ? 0 : 1;
      if (tb !== tb) return -1;
      return sign * (ta - tb);
    });
    return Uint32Array.from(list);
  }
  // A 53-bit key in two 32-bit halves, sorted low half first, then stably by the high half; no
  // time gets the high half past every other.
  const low = new Uint32Array(base.length);
  const high = new Uint32Array(base.length);
  const noTimeHigh = Math.floor((max - min) / TWO_32) + 1;
  for (let k = 0; k < base.length; k++) {
    const t = times[base[k]];
    if (t !== t) {
      high[k] = noTimeHigh;
      continue;
    }
    const key = direction === "asc" ? t - min : max - t;
    const hi = Math.floor(key / TWO_32);
    high[k] = hi;
    low[k] = key - hi * TWO_32;
  }
  // Sorting consumes its keys, and `high` must follow the first pass's order.
  const firstPass = radixSortStable(identityOf(base.length), low, TWO_32 - 1);
  const highAfter = new Uint32Array(base.length);
  const idsAfter = new Uint32Array(base.length);
  for (let k = 0; k < base.length; k++) {
    highAfter[k] = high[firstPass[k]];
    idsAfter[k] = base[firstPass[k]];
  }
  return radixSortStable(idsAfter, highAfter, noTimeHigh);
}

function identityOf(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

// ───────────────────────────── one entity ─────────────────────────────

export interface ValueTally {
  id: number;
  /** Raw value; "" = missing. */
  value: string;
  count: number;
}

export interface ApiTally extends ValueTally {
  /** Rows without an errorCode. */
  success: number;
  /** Rows with an errorCode. */
  failure: number;
}

/** Events per UTC day (or per `bucketDays` days when the span is very long). */
export interface DailyCounts {
  /** ms since epoch of the first bucket's UTC midnight. */
  start: number;
  /** 1, unless the span was longer than MAX_STRIP_BUCKETS days. */
  bucketDays: number;
  counts: Uint32Array;
}

export interface EntitySummary {
  field: DictField;
  id: number;
  value: string;
  events: number;
  errors: number;
  /** Rows of the entity with no time. */
  noTime: number;
  /** ms since epoch; NaN when no row has a time. */
  first: number;
  last: number;
  /** Each list by count descending, ties by value; the missing value is listed too ("" ). */
  apis: ApiTally[];
  regions: ValueTally[];
  ips: ValueTally[];
  accessKeys: ValueTally[];
  userAgents: ValueTally[];
  principals: ValueTally[];
  /** Null when no row has a time. */
  daily: DailyCounts | null;
}

const DAY_MS = 86_400_000;
/** More days than this (ten years) are drawn in buckets of several days. */
export const MAX_STRIP_BUCKETS = 3660;

/**
 * Everything about the rows whose `field` has dictionary id `id`, among `rows` (null: every row
 * of the store). One pass picks the rows; the tallies then count ids in typed arrays and read
 * each distinct value's string once.
 */
export function entitySummary(
  store: EventStore,
  rows: Uint32Array | null,
  field: DictField,
  id: number,
): EntitySummary {
  const value = id >= 0 ? store.dict(field).get(id) : "";
  const column = store.column(field);
  // A selection as long as the store is all of it (ids are distinct): read the column in order.
  const given = rows === null || rows.length >= store.rows ? null : rows;
  const n = given === null ? store.rows : given.length;
  let matches: Uint32Array = new Uint32Array(id >= 0 ? Math.min(n, 1024) : 0);
  let m = 0;
  if (id >= 0) {
    for (let i = 0; i < n; i++) {
      const r = given === null ? i : given[i];
      if (column[r] !== id) continue;
      if (m === matches.length) matches = resized(matches, Math.min(n, matches.length * 2));
      matches[m++] = r;
    }
  }
  // In store order, so that the tallies below read the columns forwards.
  matches = given === null ? matches.subarray(0, m) : matches.slice(0, m).sort();

  const time = store.time;
  const errorCode = store.column("errorCode");
  let errors = 0;
  let noTime = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let k = 0; k < m; k++) {
    const r = matches[k];
    if (errorCode[r] !== MISSING_ID) errors++;
    const t = time[r];
    if (t !== t) noTime++;
    else {
      if (t < first) first = t;
      if (t > last) last = t;
    }
  }

  // APIs: counts and failures per eventName id.
  const apiTally = tally(store, "eventName", matches);
  const failures = new Uint32Array(store.dict("eventName").size);
  const eventName = store.column("eventName");
  for (let k = 0; k < m; k++) {
    const r = matches[k];
    if (errorCode[r] !== MISSING_ID) failures[eventName[r]]++;
  }
  const apis = apiTally.map((entry): ApiTally => ({
    ...entry,
    failure: failures[entry.id],
    success: entry.count - failures[entry.id],
  }));

  let daily: DailyCounts | null = null;
  if (first <= last) {
    const firstDay = Math.floor(first / DAY_MS);
    const days = Math.floor(last / DAY_MS) - firstDay + 1;
    const bucketDays = days > MAX_STRIP_BUCKETS ? Math.ceil(days / MAX_STRIP_BUCKETS) : 1;
    const counts = new Uint32Array(Math.ceil(days / bucketDays));
    for (let k = 0; k < m; k++) {
      const t = time[matches[k]];
      if (t !== t) continue;
      counts[Math.floor((Math.floor(t / DAY_MS) - firstDay) / bucketDays)]++;
    }
    daily = { start: firstDay * DAY_MS, bucketDays, counts };
  }

  return {
    field,
    id,
    value,
    events: m,
    errors,
    noTime,
    first: first <= last ? first : Number.NaN,
    last: first <= last ? last : Number.NaN,
    apis,
    regions: tally(store, "awsRegion", matches),
    ips: tally(store, "sourceIPAddress", matches),
    accessKeys: tally(store, "accessKeyId", matches),
    userAgents: tally(store, "userAgent", matches),
    principals: tally(store, "principal", matches),
    daily,
  };
}

/** Counts of each value of `field` over `matches`, by count descending, ties by value. */
function tally(store: EventStore, field: DictField, matches: Uint32Array): ValueTally[] {
  const dict = store.dict(field);
  const column = store.column(field);
  const counts = new Uint32Array(dict.size);
  const ids: number[] = [];
  for (let k = 0; k < matches.length; k++) {
    const v = column[matches[k]];
    if (counts[v]++ === 0) ids.push(v);
  }
  const values = dict.values();
  // Per distinct value, not per row; code-unit order among equal counts.
  ids.sort((a, b) => counts[b] - counts[a] || compareText(values[a], values[b]));
  return ids.map((v) => ({ id: v, value: values[v], count: counts[v] }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
