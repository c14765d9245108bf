// Rule files are attacker-controlled text: this is the one place that hands them to the YAML
// parser, with every limit that keeps a hostile file from hanging or crashing the page.
//
// - size: files above MAX_FILE_CHARS are refused before anything reads them;
// - flow nesting (`[[[[…`) and document count are measured by the lexer (a flat token stream)
//   before composing: the composer recurses per level, and a million `[` exhausts the stack and,
//   in V8, the memory of the regexp that formats the error;
// - aliases: `maxAliasCount` bounds what "billion laughs" expand to;
// - the composed value is copied into plain data no deeper than MAX_VALUE_DEPTH, so nothing after
//   this walks a deep structure;
// - duplicate keys: found with a Set per map, not by the parser's own check, which compares each
//   key with every earlier one (a 10 000-key map took seconds, a 2 MB one would hang);
// - tags: only null, string, map and sequence resolve. Every other scalar stays the text it was
//   written as (`012345678901` stays an account id with its leading zero, not the number
//   12345678901; `0x1F` is not 31), and no tag builds an object (`!!binary`, `!!js/…`).
import { type Document, isScalar, Lexer, parseAllDocuments, visit } from "yaml";

export const MAX_FILE_CHARS = 1_000_000;
export const MAX_DOCUMENTS = 1000;
const MAX_FLOW_DEPTH = 64;
const MAX_VALUE_DEPTH = 32;
const MAX_ALIAS_COUNT = 100;

export type YamlValue = string | null | readonly YamlValue[] | YamlMap;
export interface YamlMap {
  readonly [key: string]: YamlValue;
}

export function isMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isList(value: YamlValue | undefined): value is readonly YamlValue[] {
  return Array.isArray(value);
}

/** A key's own value (maps have no prototype, but keys like `__proto__` are still only keys). */
export function get(map: YamlMap, key: string): YamlValue | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export interface YamlDocument {
  /** 1-based position in the file. */
  index: number;
  value: YamlValue;
}

export interface LoadResult {
  documents: YamlDocument[];
  /** Problems of the whole file (nothing read) or of one document (the others still read). */
  errors: { index: number | null; reason: string }[];
}

/** Why the file's token stream is refused, or null. Stops at the first excess. */
function streamProblem(text: string): string | null {
  let depth = 0;
  let documents = 1;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      if (++depth > MAX_FLOW_DEPTH) return `nested deeper than ${MAX_FLOW_DEPTH} levels`;
    } else if (token === "]" || token === "}") {
      depth = Math.max(0, depth - 1);
    } else if (token === "---") {
      if (++documents > MAX_DOCUMENTS + 1) return `more than ${MAX_DOCUMENTS} YAML documents`;
    }
  }
  return null;
}

class TooDeep extends Error {}

/** The composed JS value as plain data: null-prototype maps, strings, nulls, arrays. */
function plain(value: unknown, depth: number): YamlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value !== "object") return String(value);
  if (depth >= MAX_VALUE_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((item: unknown) => plain(item, depth + 1));
  const out = Object.create(null) as Record<string, YamlValue>;
  for (const key of Object.keys(value)) {
    out[key] = plain((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

/** A key that a map of the document repeats, or null (keys compared as their scalar values). */
function repeatedKey(doc: Document.Parsed): string | null {
  let repeated: string | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = pair.key.value;
        if (seen.has(key)) {
          repeated = String(key);
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return repeated;
}

/** The first line of a parser message (the rest is a drawing of the place). */
function firstLine(message: string): string {
  const end = message.indexOf("\n");
  return (end < 0 ? message : message.slice(0, end)).replace(/:$/, "");
}

/** Reads every YAML document of a rule file; never throws. Empty documents are skipped. */
export function loadYaml(text: string): LoadResult {
  if (text.length > MAX_FILE_CHARS) {
    const mb = (text.length / 1e6).toFixed(1);
    return {
      documents: [],
      errors: [
        { index: null, reason: `file too large (${mb} MB; at most ${MAX_FILE_CHARS / 1e6} MB)` },
      ],
    };
  }
  const documents: YamlDocument[] = [];
  const errors: LoadResult["errors"] = [];
  try {
    const problem = streamProblem(text);
    if (problem !== null) return { documents, errors: [{ index: null, reason: problem }] };
    const parsed = parseAllDocuments(text, {
      schema: "core",
      // Keep only null, str, map and seq: see the header.
      customTags: (tags) =>
        tags.filter((tag) => typeof tag === "string" || !/:(int|float|bool)$/.test(tag.tag)),
      resolveKnownTags: false,
      merge: false,
      uniqueKeys: false,
    });
    let index = 0;
    for (const doc of parsed) {
      index++;
      if (doc.errors.length > 0) {
        errors.push({ index, reason: `invalid YAML: ${firstLine(doc.errors[0]!.message)}` });
        continue;
      }
      const repeated = repeatedKey(doc);
      if (repeated !== null) {
        errors.push({
          index,
          reason: `invalid YAML: the key ${JSON.stringify(repeated.slice(0, 60))} is repeated in a map`,
        });
        continue;
      }
      let value: YamlValue;
      try {
        value = plain(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), 0);
      } catch (error) {
        const reason =
          error instanceof TooDeep
            ? `nested deeper than ${MAX_VALUE_DEPTH} levels`
            : error instanceof Error
              ? firstLine(error.message)
              : String(error);
        errors.push({ index, reason: `YAML not read: ${reason}` });
        continue;
      }
      if (value !== null) documents.push({ index, value });
    }
  } catch (error) {
    // A stack overflow or allocation failure inside the parser: the file, not the page, fails.
    const reason = error instanceof Error ? firstLine(error.message) : String(error);
    return { documents: [], errors: [{ index: null, reason: `YAML not read: ${reason}` }] };
  }
  return { documents, errors };
}
