// For tests only: random query texts made of the paths and values that some records hold, so that
// a good share of them match some records and not others. Used to check an evaluator against
// referenceMatch (reference.ts) over every record of a sample.
import { principalOf } from "../../ingest/principal";
import { Random } from "../../lib/random";
import { ALIASES, COLUMN_PATHS, PRINCIPAL_PATH } from "../fields";
import { isAddressField, parseAddress } from "../ip";

type JsonObject = Record<string, unknown>;

interface Catalog {
  /** Every path seen (arrays looked through), leaves and objects alike. */
  paths: string[];
  /** Value texts seen per leaf path, at most VALUES_PER_PATH of them. */
  values: Map<string, string[]>;
  /** Indexed paths that have values (words are drawn from these). */
  columns: string[];
  /** Address fields with at least one IP address among their values. */
  addresses: string[];
}

const VALUES_PER_PATH = 40;
const KEYWORDS = new Set(["AND", "OR", "NOT"]);
/** Characters a value may show unquoted and unescaped. */
const PLAIN = /[A-Za-z0-9_.@+=,-]/;

function addValue(catalog: Catalog, path: string, value: string): void {
  let values = catalog.values.get(path);
  if (values === undefined) {
    values = [];
    catalog.values.set(path, values);
  }
  if (values.length < VALUES_PER_PATH && !values.includes(value)) values.push(value);
}

function walk(
  node: unknown,
  path: string,
  catalog: Catalog,
  seen: Set<string>,
  depth: number,
): void {
  if (depth > 12) return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, path, catalog, seen, depth + 1);
    return;
  }
  if (node === null || node === undefined) return;
  if (path !== "" && !seen.has(path)) {
    seen.add(path);
    catalog.paths.push(path);
  }
  if (typeof node === "object") {
    for (const [key, value] of Object.entries(node as JsonObject)) {
      if (/^[A-Za-z_$@][\w$@-]*$/.test(key))
        walk(value, path === "" ? key : `${path}.${key}`, catalog, seen, depth + 1);
    }
  } else if (path !== "") {
    addValue(catalog, path, String(node));
  }
}

function catalogOf(records: readonly JsonObject[]): Catalog {
  const catalog: Catalog = { paths: [], values: new Map(), columns: [], addresses: [] };
  const seen = new Set<string>();
  for (const record of records) {
    walk(record, "", catalog, seen, 0);
    const principal = principalOf(record.userIdentity);
    if (principal !== "") addValue(catalog, PRINCIPAL_PATH, principal);
  }
  catalog.paths.push(PRINCIPAL_PATH);
  catalog.columns = Object.values(COLUMN_PATHS).filter((path) => catalog.values.has(path));
  catalog.addresses = [...catalog.values.keys()].filter(
    (path) => isAddressField(path) && catalog.values.get(path)!.some(isIpText),
  );
  return catalog;
}

function quote(value: string): string {
  const plain = value !== "" && [...value].every((ch) => PLAIN.test(ch)) && !value.startsWith("-");
  return plain && !KEYWORDS.has(value) ? value : `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** A literal as part of an unquoted token: anything not plain escaped with a backslash. */
function escaped(literal: string): string {
  return [...literal].map((ch) => (PLAIN.test(ch) ? ch : `\\${ch}`)).join("");
}

function caseOf(rng: Random, value: string): string {
  const r = rng.next();
  return r < 0.2 ? value.toUpperCase() : r < 0.4 ? value.toLowerCase() : value;
}

function slice(rng: Random, value: string): string {
  if (value.length <= 2) return value;
  const start = rng.int(value.length - 1);
  return value.slice(start, start + rng.range(1, Math.min(12, value.length - start)));
}

function fieldName(rng: Random, path: string): string {
  const aliases = Object.entries(ALIASES).filter(([, target]) => target === path);
  if (aliases.length > 0 && rng.chance(0.4)) return rng.pick(aliases)[0];
  const columns = Object.entries(COLUMN_PATHS).filter(([, target]) => target === path);
  if (columns.length > 0 && rng.chance(0.2)) return rng.pick(columns)[0];
  return rng.chance(0.1) ? path.toLowerCase() : path;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIpText(value: string): boolean {
  return parseAddress(value) !== null;
}

/**
 * A network near an address: one random bit of the address flipped, so the network holds the
 * address exactly when the flipped bit lies past the prefix.
 */
function cidrOf(rng: Random, value: string): string | null {
  if (IPV4.test(value)) {
    const bit = rng.int(32);
    const octets = value.split(".").map(Number);
    octets[bit >> 3] = octets[bit >> 3]! ^ (0x80 >> (bit & 7));
    const near = octets.join(".");
    return rng.chance(0.8) ? `${near}/${rng.range(0, 32)}` : `::ffff:${near}/${rng.range(96, 128)}`;
  }
  if (isIpText(value)) return `${value}/${rng.range(0, 128)}`;
  return null;
}

function term(rng: Random, catalog: Catalog): string {
  if (catalog.addresses.length > 0 && rng.chance(0.1)) {
    const path = rng.pick(catalog.addresses);
    const cidr = cidrOf(rng, rng.pick(catalog.values.get(path)!.filter(isIpText)));
    if (cidr !== null) return `${fieldName(rng, path)}:${cidr}`;
  }
  const path = rng.chance(0.4) ? rng.pick(catalog.columns) : rng.pick(catalog.paths);
  const name = fieldName(rng, path);
  const values = catalog.values.get(path);
  const r = rng.next();
  if (values === undefined || r < 0.08) return `${name}:*`;
  const value = rng.pick(values);
  if (r < 0.4) return `${name}:${quote(caseOf(rng, value))}`;
  if (r < 0.5) return `${name}:${escaped(caseOf(rng, value.slice(0, rng.range(1, 8))))}*`;
  if (r < 0.58) return `${name}:*${escaped(value.slice(-rng.range(1, 8)))}`;
  if (r < 0.66) return `${name}:*${escaped(slice(rng, value))}*`;
  if (r < 0.7 && value.length > 1) {
    const at = rng.int(value.length);
    return `${name}:${escaped(value.slice(0, at))}?${escaped(value.slice(at + 1))}`;
  }
  if (r < 0.78 && /^-?\d+(\.\d+)?$/.test(value)) {
    const bound = Number(value) + rng.pick([-1, 0, 0, 1]);
    return `${name}:${rng.pick([">", ">=", "<", "<="])}${bound}`;
  }
  const cidr = isAddressField(path) ? cidrOf(rng, value) : null;
  if (r < 0.86 && cidr !== null) return `${name}:${cidr}`;
  if (r < 0.9) {
    const source = slice(rng, value).replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
    return `${name}:/${source}/${rng.pick(["", "i"])}`;
  }
  if (r < 0.95) return `${name}:(${quote(value)} OR ${quote(rng.pick(values))})`;
  return `${name}:${quote(`${value}-${rng.chars(4, "xyz")}`)}`;
}

function word(rng: Random, catalog: Catalog): string {
  const value = rng.pick(catalog.values.get(rng.pick(catalog.columns))!);
  const r = rng.next();
  if (r < 0.35) return quote(caseOf(rng, value));
  if (r < 0.7) return quote(caseOf(rng, slice(rng, value)));
  const token = `${escaped(slice(rng, value))}*`;
  return token.startsWith("-") ? `\\${token}` : token;
}

function expression(rng: Random, catalog: Catalog, depth: number): string {
  const r = rng.next();
  if (depth >= 3 || r < 0.3) return rng.chance(0.8) ? term(rng, catalog) : word(rng, catalog);
  const sub = (): string => {
    const text = expression(rng, catalog, depth + 1);
    return rng.chance(0.4) ? `(${text})` : text;
  };
  if (r < 0.45) {
    const op = rng.pick(["NOT ", "-", "!"]);
    return `${op}${op === "NOT " ? sub() : `(${expression(rng, catalog, depth + 1)})`}`;
  }
  const n = rng.range(2, 3);
  const items = Array.from({ length: n }, sub);
  const joiner = r < 0.72 ? rng.pick([" AND ", " ", " && "]) : rng.pick([" OR ", " || "]);
  return items.join(joiner);
}

/**
 * `count` query texts, reproducible from `seed`, over the paths and values of `records`: exact
 * values (any case), prefix / suffix / infix / `?` wildcards, exists, numeric comparisons, CIDRs
 * on address fields, simple regular expressions, value groups, aliases, bare words and phrases,
 * combined with NOT / - / !, AND / && / adjacency, OR / || and parentheses.
 */
export function randomQueries(
  seed: number,
  records: readonly JsonObject[],
  count: number,
): string[] {
  const rng = new Random(seed);
  const catalog = catalogOf(records);
  if (catalog.columns.length === 0)
    throw new Error("randomQueries needs records with indexed fields");
  return Array.from({ length: count }, () => expression(rng, catalog, 0));
}
