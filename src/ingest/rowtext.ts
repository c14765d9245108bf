// A struct or map as Athena (Trino) prints it in query results and their CSV, where JSON is not
// used: `{type=IAMUser, principalid=AIDA…, sessioncontext={attributes={…}}, invokedby=null}`, and
// lists as `[{arn=…, accountid=…, type=…}]`. Read only for a record's nested columns (userIdentity,
// resources, tlsDetails, requestParameters, …) whose text is not JSON: a value ends where `, name=`
// or the closing bracket follows, values are kept as strings, `null` fields are left out.
// Anything that does not read whole under these rules is left as the text it was.

/** Nesting beyond this is not a CloudTrail struct. */
const MAX_DEPTH = 16;

const NAME = /[A-Za-z_][A-Za-z0-9_$-]*=/y;

class Reader {
  at = 0;
  constructor(readonly text: string) {}

  value(depth: number, closers: string): unknown {
    const c = this.text[this.at];
    if (c === "{") return this.object(depth + 1);
    if (c === "[") return this.list(depth + 1);
    return this.scalar(closers);
  }

  object(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw new Error("deep");
    this.at++; // {
    const out: Record<string, unknown> = {};
    if (this.text[this.at] === "}") {
      this.at++;
      return out;
    }
    for (;;) {
      NAME.lastIndex = this.at;
      const name = NAME.exec(this.text);
      if (name === null) throw new Error("name");
      this.at += name[0].length;
      const key = name[0].slice(0, -1);
      const value = this.value(depth, "}");
      if (value !== null)
        Object.defineProperty(out, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      if (this.text[this.at] === "}") {
        this.at++;
        return out;
      }
      if (!this.text.startsWith(", ", this.at)) throw new Error("separator");
      this.at += 2;
    }
  }

  list(depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw new Error("deep");
    this.at++; // [
    const out: unknown[] = [];
    if (this.text[this.at] === "]") {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth, "]"));
      if (this.text[this.at] === "]") {
        this.at++;
        return out;
      }
      if (!this.text.startsWith(", ", this.at)) throw new Error("separator");
      this.at += 2;
    }
  }

  /** To the next `, name=` (in an object) or `, ` (in a list), or the closing bracket. */
  scalar(closer: string): string | null {
    const text = this.text;
    const start = this.at;
    let i = start;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === closer) break;
      if (c === "," && text[i + 1] === " ") {
        if (closer === "]") break;
        NAME.lastIndex = i + 2;
        if (NAME.test(text)) break;
      }
    }
    if (i >= text.length) throw new Error("unclosed");
    this.at = i;
    const value = text.slice(start, i);
    return value === "null" ? null : value;
  }
}

/** The struct or list the text prints, or null when it is not one read whole. */
export function readRowText(text: string): Record<string, unknown> | unknown[] | null {
  const first = text[0];
  if (first !== "{" && first !== "[") return null;
  const reader = new Reader(text);
  try {
    const value = first === "{" ? reader.object(1) : reader.list(1);
    return reader.at === text.length ? value : null;
  } catch {
    return null;
  }
}
