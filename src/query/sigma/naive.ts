// For tests only: a plain interpreter of a Sigma rule's detection over one record, written from
// the Sigma spec apart from compile.ts on purpose (no Expr, no query/match.ts; wildcards and
// `re` as JavaScript RegExps, which is fine for the trusted sample rules it runs) so that the
// compiled Exprs can be checked against it on real records.
//
// What it reads: a selection map (AND) or list of maps (OR); a list of values (OR, AND with
// `all`); null (the field missing or null); modifiers contains, startswith, endswith, all, re
// (with i, m, s), fieldref, cased, exists; `*`/`?` wildcards with `\` escapes; conditions with
// and/or/not, parentheses, `1 of x*`, `all of x*`, `them`. Values compare case-insensitively
// unless `cased`; a field's values are every leaf at its path (arrays on the way looked into),
// objects as their JSON text.
import { parse } from "yaml";

type Json = Record<string, unknown>;
type Test = (record: Json) => boolean;

function leaves(node: unknown, path: string[]): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => leaves(item, path));
  if (node === null || node === undefined) return [];
  if (path.length === 0) return [node];
  if (typeof node !== "object") return [];
  const head = path[0]!;
  const rest = path.slice(1);
  const object = node as Json;
  const key = Object.hasOwn(object, head)
    ? head
    : Object.keys(object).find((k) => k.toLowerCase() === head.toLowerCase());
  return key === undefined ? [] : leaves(object[key], rest);
}

function textOf(value: unknown): string {
  return typeof value === "string"
    ? value
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);
}

/** A Sigma value (wildcards, backslash escapes) as the body of a RegExp. */
function wildcardSource(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && "*?\\".includes(value[i + 1] ?? "x")) out += `\\${value[++i]}`;
    else if (c === "*") out += "[\\s\\S]*";
    else if (c === "?") out += "[\\s\\S]";
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return out;
}

function valueTest(field: string, mods: string[], wanted: unknown): Test {
  const values = (record: Json): unknown[] => leaves(record, field.split("."));
  if (wanted === null) return (record) => values(record).length === 0;
  const text = String(wanted);
  if (mods.includes("exists")) {
    const want = text === "true";
    return (record) => values(record).some((v) => textOf(v) !== "") === want;
  }
  if (mods.includes("fieldref")) {
    const fold = (v: unknown): string =>
      mods.includes("cased") ? textOf(v) : textOf(v).toLowerCase();
    return (record) => {
      const others = leaves(record, text.split(".")).map(fold);
      return values(record).some((v) => others.includes(fold(v)));
    };
  }
  let re: RegExp;
  if (mods.includes("re")) {
    re = new RegExp(text, ["i", "m", "s"].filter((f) => mods.includes(f)).join(""));
  } else {
    const body = wildcardSource(text);
    const start = mods.includes("contains") || mods.includes("endswith") ? "" : "^";
    const end = mods.includes("contains") || mods.includes("startswith") ? "" : "$";
    re = new RegExp(start + body + end, mods.includes("cased") ? "" : "i");
  }
  return (record) => values(record).some((v) => re.test(textOf(v)));
}

function selectionTest(selection: unknown): Test {
  if (Array.isArray(selection)) {
    const items = selection.map(selectionTest);
    return (record) => items.some((item) => item(record));
  }
  const entries = Object.entries(selection as Json).map(([key, wanted]) => {
    const [field, ...mods] = key.split("|");
    const list = Array.isArray(wanted) ? wanted : [wanted];
    const tests = list.map((value) => valueTest(field!, mods, value));
    return mods.includes("all")
      ? (record: Json) => tests.every((test) => test(record))
      : (record: Json) => tests.some((test) => test(record));
  });
  return (record) => entries.every((entry) => entry(record));
}

/** The test of a record by a rule file's (first document's) detection. */
export function naiveRule(text: string): Test {
  const detection = (parse(text) as Json).detection as Json;
  const selections = new Map<string, Test>();
  for (const [name, value] of Object.entries(detection)) {
    if (name !== "condition" && name !== "timeframe") selections.set(name, selectionTest(value));
  }
  const tokens = String(detection.condition).match(/[()]|[^\s()]+/g)!;
  let at = 0;
  const glob = (pattern: string): Test[] => {
    const re = pattern === "them" ? /^(?!_)/ : new RegExp(`^${wildcardSource(pattern)}$`);
    return [...selections].filter(([name]) => re.test(name)).map(([, test]) => test);
  };
  const atom = (): Test => {
    const token = tokens[at++]!;
    if (token === "(") {
      const inner = or();
      at++; // ")"
      return inner;
    }
    if (token === "not") {
      const inner = atom();
      return (record) => !inner(record);
    }
    if (tokens[at] === "of") {
      const items = glob(tokens[++at]!);
      at++;
      return token === "all"
        ? (record) => items.every((item) => item(record))
        : (record) => items.some((item) => item(record));
    }
    return selections.get(token)!;
  };
  const and = (): Test => {
    const items = [atom()];
    while (tokens[at] === "and") {
      at++;
      items.push(atom());
    }
    return (record) => items.every((item) => item(record));
  };
  const or = (): Test => {
    const items = [and()];
    while (tokens[at] === "or") {
      at++;
      items.push(and());
    }
    return (record) => items.some((item) => item(record));
  };
  return or();
}
