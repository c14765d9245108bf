// The scan of the files themselves for terms the columns cannot answer (nested paths, regular
// expressions): each file decoded once, each of its event records tested against every term that
// could match in it. Runs in the workers, as ingest's searchRecords does.
import { MAX_TEXT_BYTES, decodeBytes } from "../ingest/decode";
import { isInsight } from "../ingest/insight";
import type { BatchInput } from "../ingest/parse";
import { detectShape, recordOf } from "../ingest/shape";
import { parseGroup } from "../ingest/stream";
import { eachEntryGroup, tooLarge } from "../ingest/streamRecord";
import type { Expr, Term } from "./ast";
import { PRINCIPAL_PATH } from "./fields";
import { wildcardLiterals } from "./match";
import { compileRecordPredicate, type RecordPredicate } from "./record";
import { recordsAt } from "./recordsAt";
import { ByEventName } from "./ruleset";

export interface ScanResult {
  /** Per term: its matches as flat (fileIndex, recordIndex) pairs, in file and record order. */
  places: Uint32Array[];
  /** The decoded (uncompressed) bytes of the files that could be read. */
  bytes: number;
}

/** Text that a term's every match must hold in the file, lower case and as JSON writes it. */
export interface Needle {
  text: string;
  /**
   * Made only of number characters: a number written `1e2` in the file is the value text `100`,
   * so such a needle is trusted only in files without exponent or long numbers.
   */
  numeric: boolean;
}

/**
 * The needle of an expression: a term's, or the longest of an AND's items' needles; null when
 * nothing in the file's text must show (exists, null, num, re, cidr, fieldref, the derived
 * principal, words, OR, NOT) or the text could differ from the value's: a needle with JSON
 * punctuation could span the JSON of an object value, which the file may space differently.
 */
export function needleOf(expr: Expr): Needle | null {
  if (expr.kind === "and") {
    let best: Needle | null = null;
    for (const item of expr.items) {
      const needle = needleOf(item);
      if (needle !== null && (best === null || needle.text.length > best.text.length))
        best = needle;
    }
    return best;
  }
  return expr.kind === "term" ? termNeedle(expr) : null;
}

function termNeedle(term: Term): Needle | null {
  if (term.field === PRINCIPAL_PATH) return null;
  const { match } = term;
  let literal: string;
  switch (match.op) {
    case "eq":
    case "contains":
    case "startswith":
    case "endswith":
      literal = match.value;
      break;
    case "wildcard": {
      const runs = wildcardLiterals(match.pattern, true);
      literal = runs.reduce((longest, run) => (run.length > longest.length ? run : longest), "");
      break;
    }
    default:
      return null;
  }
  const lower = literal.toLowerCase();
  if (lower === "" || /["{}[\],]/.test(lower) || lower.startsWith(":")) return null;
  // Escaped as JSON.stringify would; a file written with other escapes (\u, \/) is read whole.
  const text = JSON.stringify(lower).slice(1, -1);
  if (text.includes("\\u")) return null;
  return { text, numeric: /^[\d.e+-]+$/.test(lower) };
}

/** JSON escapes that parsed values would not show: the needles cannot be trusted there. */
const OPTIONAL_ESCAPES = /\\[u/]/;
/** Numbers whose value text differs from their JSON text by more than trailing digits. */
const ODD_NUMBERS = /[:,[]\s*-?(?:\d+(?:\.\d+)?e|[\d.]{17})/;

/**
 * The terms that may match in a file. A needle is looked for in the text only while no term needs
 * the file parsed: once one does (its needle is there, or it has none), the remaining terms are
 * taken as they are, since testing them on the parsed records (by eventName, see `ByEventName`)
 * costs less than another look through the whole text.
 */
function candidates(text: string, needles: readonly (Needle | null)[], out: number[]): void {
  out.length = 0;
  if (needles.includes(null)) {
    for (let t = 0; t < needles.length; t++) out.push(t);
    return;
  }
  if (needles.length === 0) return;
  const lower = text.toLowerCase();
  const escapes = OPTIONAL_ESCAPES.test(lower);
  let oddNumbers: boolean | null = null;
  for (let t = 0; t < needles.length; t++) {
    const needle = needles[t]!;
    let found = escapes || lower.includes(needle.text);
    if (!found && needle.numeric) {
      oddNumbers ??= ODD_NUMBERS.test(lower);
      found = oddNumbers;
    }
    if (found) {
      for (let u = t; u < needles.length; u++) out.push(u);
      return;
    }
  }
}

/** The records wanted of a delivered file, and how many it holds (see recordsAt). */
export interface WantedRecords {
  /** Record indices, ascending. */
  records: Uint32Array;
  total: number;
}

/**
 * For each term (or any expression), the event records (not Insights) it matches, as flat
 * (fileIndex, recordIndex) pairs in the index space of ColumnChunk.record. Each file is decoded
 * once; a file whose text lacks every term's needle is not parsed, and a record is tested only
 * against the terms its eventName allows (many rules at once cost little more than one). Files
 * that cannot be read match nothing. `prefilter` false: the files were chosen for holding rows the
 * terms may match, and their text is not searched for needles first. Throws only for a term that
 * cannot compile (an unsupported regular expression, an invalid CIDR). `wanted`: for a file it
 * names, only those records can match (the terms' indexed part picked them); they are parsed
 * alone when the file's text allows (recordsAt), the whole file otherwise.
 */
export function matchFiles(
  inputs: readonly BatchInput[],
  terms: readonly Expr[],
  limit = MAX_TEXT_BYTES,
  prefilter = true,
  wanted: ReadonlyMap<number, WantedRecords> | null = null,
): ScanResult {
  const tests: RecordPredicate[] = terms.map(compileRecordPredicate);
  const needles = terms.map(needleOf);
  const places: number[][] = terms.map(() => []);
  const byName = new ByEventName(terms);
  const active: number[] = [];
  const every = terms.map((_, t) => t);
  const isActive = new Uint8Array(terms.length);
  let bytes = 0;
  for (const input of inputs) {
    // The loaded files were checked as they loaded: their check values are not computed again.
    const decoded = decodeBytes(input.bytes, limit, false);
    if (!decoded.ok) {
      if (tooLarge(decoded)) matchStreamed(input, tests, places);
      continue;
    }
    bytes += decoded.rawBytes;
    if (prefilter) candidates(decoded.text, needles, active);
    const tried = prefilter ? active : every;
    if (tried.length === 0) continue;
    const lengths = tried.map((t) => places[t]!.length);
    try {
      isActive.fill(0);
      for (const t of tried) isActive[t] = 1;
      const test = (record: Record<string, unknown>, index: number): void => {
        if (isInsight(record)) return;
        for (const t of byName.of(record.eventName))
          if (isActive[t] === 1 && tests[t]!(record)) places[t]!.push(input.fileIndex, index);
      };
      const some = wanted?.get(input.fileIndex);
      const picked = some === undefined ? null : recordsAt(decoded.text, some.records, some.total);
      if (picked !== null) {
        picked.forEach((record, k) => test(record, some!.records[k]!));
        continue;
      }
      const located = detectShape(decoded.text, decoded.gzip);
      if (located.kind !== "events") continue;
      const { entries, unwrap } = located.list;
      for (let i = 0; i < entries.length; i++) {
        const record = recordOf(entries[i], unwrap);
        if (record !== null) test(record, i);
      }
    } catch {
      // A file that fails half-way (out of memory, nested past the stack) matches nothing.
      tried.forEach((t, k) => (places[t]!.length = lengths[k]!));
    }
  }
  return { places: places.map((pairs) => Uint32Array.from(pairs)), bytes };
}

/**
 * matchFiles over a file too large to read whole: its entries read as a stream (records and
 * EventBridge envelopes, as such a file is loaded), every term tested on each.
 */
function matchStreamed(
  input: BatchInput,
  tests: readonly RecordPredicate[],
  places: number[][],
): void {
  const lengths = places.map((list) => list.length);
  try {
    eachEntryGroup(input.bytes, (group) => {
      parseGroup(group).forEach((entry, k) => {
        const record = recordOf(entry, "eventbridge");
        if (record === null || isInsight(record)) return;
        tests.forEach((test, t) => {
          if (test(record)) places[t]!.push(input.fileIndex, group.index + k);
        });
      });
    });
  } catch {
    // As for a file read whole: one that fails half-way matches nothing.
    places.forEach((list, t) => (list.length = lengths[t]!));
  }
}
