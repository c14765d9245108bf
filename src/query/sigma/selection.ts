// One Sigma selection (a detection entry other than `condition`) → Expr, after the Sigma v2 spec:
//
//   selection:                 # a map: every field must match (AND)
//     eventName:               # a list of values: any one (OR); with `|all`, every one (AND)
//       - StopLogging
//       - DeleteTrail
//     userAgent|contains: x    # `field|modifier|modifier`
//   filter:                    # a list of maps: any one map (OR)
//     - eventSource: a
//     - eventName: b
//
// Values are matched case-insensitively unless `|cased`; `*` and `?` in a plain value are
// wildcards (`\*`, `\?`, `\\` literal), the same escapes as Match `wildcard`, so patterns pass
// through unchanged. Field names are record paths (`requestParameters.userName`).
import { RE2JS } from "re2js";
import type { Expr, Match } from "../ast";
import { parseCidr } from "../ip";
import { compileRegex, hasWildcard, numberOf, unescapeWildcard } from "../match";
import { fail, quote } from "./errors";
import { pathOf } from "./paths";
import { and, not, or, term } from "./exprs";
import { isList, isMap, type YamlMap, type YamlValue } from "./yaml";

/** How a value is compared; at most one per field. */
type Kind =
  | "eq"
  | "contains"
  | "startswith"
  | "endswith"
  | "re"
  | "cidr"
  | "exists"
  | "fieldref"
  | "lt"
  | "lte"
  | "gt"
  | "gte";

const KINDS = new Set<string>([
  "contains",
  "startswith",
  "endswith",
  "re",
  "cidr",
  "exists",
  "fieldref",
  "lt",
  "lte",
  "gt",
  "gte",
]);

/**
 * RE2 runs in time linear in the text, times the size of the pattern's program: `[a-z]{1000}`
 * compiles to 1000 instructions and costs milliseconds per user agent, on every record. Real
 * rules stay far below (`.+:assumed-role/aws:.+` is 24; an e-mail pattern with `{1,255}` 639).
 */
export const MAX_REGEX_PROGRAM = 1000;
const RE2_FLAGS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/** Spec modifiers this compiler leaves out, with why (they have no use on CloudTrail JSON). */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  base64: "encodes the value (command lines, not CloudTrail)",
  base64offset: "encodes the value (command lines, not CloudTrail)",
  utf16: "re-encodes the value (Windows logs)",
  utf16le: "re-encodes the value (Windows logs)",
  utf16be: "re-encodes the value (Windows logs)",
  wide: "re-encodes the value (Windows logs)",
  windash: "rewrites command-line dashes (Windows logs)",
  expand: "needs placeholder values (%name%) that the rule does not carry",
};

interface FieldSpec {
  field: string;
  kind: Kind;
  all: boolean;
  cased: boolean;
  /** `re` flags, in "ims" order. */
  flags: string;
}

/** `field|mod|mod` → its parts, refusing unknown, repeated or contradictory modifiers. */
export function parseFieldSpec(key: string): FieldSpec {
  const [field = "", ...mods] = key.split("|");
  if (field.trim() === "") {
    fail(`keyword selections (values without a field, ${quote(key)}) are not supported`);
  }
  const spec: FieldSpec = {
    field: pathOf(field.trim()),
    kind: "eq",
    all: false,
    cased: false,
    flags: "",
  };
  const seen = new Set<string>();
  const reFlags = new Set<string>();
  for (const raw of mods) {
    const mod = raw.toLowerCase();
    if (seen.has(mod)) fail(`modifier ${quote(mod)} repeated in ${quote(key)}`);
    seen.add(mod);
    if (Object.hasOwn(UNSUPPORTED, mod)) {
      fail(`modifier ${quote(mod)} is not supported: it ${UNSUPPORTED[mod]}`);
    }
    if (mod === "all") spec.all = true;
    else if (mod === "cased") spec.cased = true;
    else if (mod === "i" || mod === "m" || mod === "s") reFlags.add(mod);
    else if (KINDS.has(mod)) {
      if (spec.kind !== "eq")
        fail(`modifiers ${quote(spec.kind)} and ${quote(mod)} cannot be combined`);
      spec.kind = mod as Kind;
    } else {
      fail(`unknown modifier ${quote(raw)} in ${quote(key)}`);
    }
  }
  if (reFlags.size > 0 && spec.kind !== "re") {
    fail(`modifiers i, m and s apply only after "re" (in ${quote(key)})`);
  }
  spec.flags = ["i", "m", "s"].filter((flag) => reFlags.has(flag)).join("");
  if (spec.cased && !["eq", "contains", "startswith", "endswith", "fieldref"].includes(spec.kind)) {
    fail(
      `modifier "cased" does not apply to ${quote(spec.kind)}${spec.kind === "re" ? " (use re|i)" : ""}`,
    );
  }
  if (spec.all && spec.kind === "exists") fail(`modifiers "all" and "exists" cannot be combined`);
  return spec;
}

/** Consecutive unescaped `*` as one (they match the same), escapes kept. */
function collapseStars(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length && "*?\\".includes(pattern[i + 1]!)) {
      out += ch + pattern[++i]!;
    } else if (ch !== "*" || !out.endsWith("*") || isEscapedEnd(out)) {
      out += ch;
    }
  }
  return out;
}

/** Whether `text` ends with an escaped character (`\*`): an odd run of backslashes before it. */
function isEscapedEnd(text: string): boolean {
  let slashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === "\\"; i--) slashes++;
  return slashes % 2 === 1;
}

/** A string value under a text modifier: a substring-style Match, or a wildcard when it has one. */
function textMatch(
  kind: "eq" | "contains" | "startswith" | "endswith",
  value: string,
  cased: boolean,
): Match {
  if (!hasWildcard(value)) {
    const literal = unescapeWildcard(value);
    if (kind === "eq") return { op: "eq", value: literal, cased };
    return { op: kind, value: literal, cased };
  }
  const before = kind === "contains" || kind === "endswith" ? "*" : "";
  const after = kind === "contains" || kind === "startswith" ? "*" : "";
  return { op: "wildcard", pattern: collapseStars(before + value + after), cased };
}

function booleanOf(value: string): boolean | null {
  const lower = value.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : null;
}

/** Refuses a pattern the evaluator's RE2 cannot take (backreferences, lookaround) or that is too big. */
function checkRegex(source: string, flags: string): void {
  try {
    compileRegex(source, flags);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  let bits = 0;
  for (const flag of flags) bits |= RE2_FLAGS[flag]!;
  const size = RE2JS.compile(RE2JS.translateRegExp(source), bits).programSize();
  if (size > MAX_REGEX_PROGRAM) {
    fail(
      `regular expression ${quote(source)} is too big (${size} steps; at most ${MAX_REGEX_PROGRAM})`,
    );
  }
}

/** One value of a field → its Expr. */
function valueExpr(spec: FieldSpec, value: string | null, key: string): Expr {
  const { field, kind, cased } = spec;
  if (value === null) {
    if (kind !== "eq" || cased) fail(`null cannot take modifiers (${quote(key)})`);
    return term(field, { op: "null" });
  }
  switch (kind) {
    case "eq":
    case "contains":
    case "startswith":
    case "endswith":
      return term(field, textMatch(kind, value, cased));
    case "re":
      checkRegex(value, spec.flags);
      return term(field, { op: "re", source: value, flags: spec.flags });
    case "cidr":
      if (parseCidr(value.trim()) === null)
        fail(`${quote(value)} is not an IP network (${quote(key)})`);
      return term(field, { op: "cidr", cidr: value.trim() });
    case "exists": {
      const wanted = booleanOf(value);
      if (wanted === null) fail(`"exists" takes true or false, not ${quote(value)}`);
      return wanted ? term(field, { op: "exists" }) : not(term(field, { op: "exists" }));
    }
    case "fieldref":
      if (value.trim() === "") fail(`"fieldref" needs a field name (${quote(key)})`);
      return term(field, { op: "fieldref", field: pathOf(value.trim()), cased });
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const n = numberOf(value.trim());
      if (Number.isNaN(n)) fail(`${quote(kind)} needs a number, not ${quote(value)}`);
      return term(field, { op: "num", cmp: kind, value: n });
    }
  }
}

/** One `field|mods: value(s)` entry → Expr. */
function entryExpr(key: string, raw: YamlValue): Expr {
  const spec = parseFieldSpec(key);
  const values = isList(raw) ? raw : [raw];
  if (values.length === 0) fail(`${quote(key)} has an empty list of values`);
  if (spec.kind === "exists" && values.length !== 1)
    fail(`"exists" takes one value (${quote(key)})`);
  const items = values.map((value) => {
    if (value !== null && typeof value !== "string") {
      fail(`a value of ${quote(key)} is a ${isList(value) ? "list" : "map"}; values are scalars`);
    }
    return valueExpr(spec, value, key);
  });
  return spec.all ? and(items) : or(items);
}

function mapExpr(name: string, map: YamlMap): Expr {
  const keys = Object.keys(map);
  if (keys.length === 0) fail(`selection ${quote(name)} is empty`);
  return and(keys.map((key) => entryExpr(key, map[key]!)));
}

/** A selection's Expr: a map (AND of its fields) or a list of maps (OR of them). */
export function selectionExpr(name: string, value: YamlValue): Expr {
  if (isMap(value)) return mapExpr(name, value);
  if (isList(value)) {
    if (value.length === 0) fail(`selection ${quote(name)} is empty`);
    if (value.every(isMap)) return or(value.map((item) => mapExpr(name, item)));
    if (value.some(isMap)) fail(`selection ${quote(name)} mixes maps and plain values`);
    fail(`keyword selection ${quote(name)} (values without a field) is not supported`);
  }
  if (value === null) fail(`selection ${quote(name)} is empty`);
  fail(`keyword selection ${quote(name)} (a value without a field) is not supported`);
}
