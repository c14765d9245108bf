// Some records of a delivered file parsed alone, for scans that know which records they want (the
// candidates of rules added after a load): JSON.parse of a whole file costs every record, and
// rules on what no column holds usually want a few records of each file they read.
//
// A delivery is `{"Records":[{"eventVersion":…},{"eventVersion":…}]}`: CloudTrail writes each
// record with `eventVersion` first and no spaces. Outside a JSON string the characters
// `{"eventVersion":` can only begin an object, so the records begin where they occur, unless an
// object nested in a record begins so too. The places are used only when there are exactly as
// many as the file has records, each comes after the list's `[` or a `,`, and each wanted record
// parses alone as an object; anything else gives null, and the file is parsed whole.

const MARK = '{"eventVersion":';
const HEAD = /^\s*\{\s*"Records"\s*:\s*\[\s*$/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The last index before `end` whose character is not white space (at least `from`). */
function trimEnd(text: string, from: number, end: number): number {
  while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * The records at these indices (ascending) of a delivered file's text holding `total` records,
 * each parsed alone; null when the text cannot be cut into its records with certainty.
 */
export function recordsAt(
  text: string,
  wanted: ArrayLike<number>,
  total: number,
): Record<string, unknown>[] | null {
  const starts: number[] = [];
  for (let at = text.indexOf(MARK); at !== -1; at = text.indexOf(MARK, at + MARK.length)) {
    if (starts.length === total) return null;
    starts.push(at);
  }
  if (starts.length !== total || total === 0) return null;
  if (!HEAD.test(text.slice(0, starts[0]))) return null;
  for (let i = 1; i < total; i++) {
    const before = trimEnd(text, starts[i - 1], starts[i]);
    if (text.charCodeAt(before - 1) !== 0x2c) return null;
  }
  const out: Record<string, unknown>[] = [];
  for (let k = 0; k < wanted.length; k++) {
    const i = wanted[k];
    if (i >= total) return null;
    const start = starts[i];
    let end: number;
    if (i + 1 < total) {
      // Up to the comma before the next record.
      end = trimEnd(text, start, trimEnd(text, start, starts[i + 1]) - 1);
    } else {
      // Up to the `]}` that close the list and the file.
      end = trimEnd(text, start, text.length);
      if (text.charCodeAt(end - 1) !== 0x7d) return null;
      end = trimEnd(text, start, end - 1);
      if (text.charCodeAt(end - 1) !== 0x5d) return null;
      end = trimEnd(text, start, end - 1);
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end));
    } catch {
      return null;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    out.push(value as Record<string, unknown>);
  }
  return out;
}
