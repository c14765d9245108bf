// The entries of a large file of one record a line (NDJSON, `zcat *.json.gz`-style exports of
// records), found in its bytes as they are inflated: each line that is not blank is an entry, so
// the record index is the position among non-blank lines, as for the same file read whole
// (shape.ts). A line that is not JSON stays an entry: it parses to undefined and is counted as
// skipped, and the others keep their indices.
import {
  EntryScanner,
  GROUP_ENTRIES,
  appendBytes,
  streamable,
  type EntryGroup,
  type ScanEnd,
} from "./stream";

const NEWLINE = 0x0a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export class LineScanner {
  private buf = new Uint8Array(0);
  private len = 0;
  /** Absolute offset of buf[0]: the start of the line being read. */
  private base = 0;
  /** Absolute offset of the next byte to look at for a newline. */
  private pos = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  private entries = 0;

  constructor(private readonly onGroup: (group: EntryGroup) => void) {}

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.buf = appendBytes(this.buf, this.len, chunk);
    this.len += chunk.length;
    const buf = this.buf.subarray(0, this.len);
    let lineStart = 0;
    let i = this.pos - this.base;
    for (;;) {
      const newline = buf.indexOf(NEWLINE, i);
      if (newline < 0) break;
      this.addLine(buf, lineStart, newline);
      lineStart = newline + 1;
      i = lineStart;
    }
    this.pos = this.base + this.len;
    this.flush(buf);
    // Keep the open line only.
    if (lineStart > 0) {
      this.buf.copyWithin(0, lineStart, this.len);
      this.len -= lineStart;
      this.base += lineStart;
    }
  }

  /** Ends the input: a last line without a newline is an entry too. */
  end(): ScanEnd {
    const buf = this.buf.subarray(0, this.len);
    this.addLine(buf, 0, this.len);
    this.flush(buf);
    this.len = 0;
    return { complete: true, reason: "", entries: this.entries, lists: this.entries > 0 ? 1 : 0 };
  }

  /** The line buf[from, to), without its surrounding white space, if anything is left. */
  private addLine(buf: Uint8Array, from: number, to: number): void {
    let start = from;
    let end = to;
    while (start < end && isSpace(buf[start]!)) start++;
    while (end > start && isSpace(buf[end - 1]!)) end--;
    if (start === end) return;
    this.starts.push(this.base + start);
    this.ends.push(this.base + end);
    this.entries++;
    if (this.starts.length >= GROUP_ENTRIES) this.flush(buf);
  }

  private flush(buf: Uint8Array): void {
    const n = this.starts.length;
    if (n === 0) return;
    const group: EntryGroup = {
      bytes: buf,
      base: this.base,
      starts: this.starts,
      ends: this.ends,
      index: this.entries - n,
      records: false,
      lines: true,
    };
    this.starts = [];
    this.ends = [];
    this.onGroup(group);
  }
}

const utf8 = new TextDecoder("utf-8");

/**
 * Whether a text beginning so is one record a line: its first line is a whole JSON object, and
 * what follows it starts another (or nothing does).
 */
export function linesHead(head: Uint8Array): boolean {
  const newline = head.indexOf(NEWLINE);
  if (newline < 0) return false;
  const first = utf8
    .decode(head.subarray(0, newline))
    .replace(/^\uFEFF/, "")
    .trim();
  if (!first.startsWith("{")) return false;
  try {
    const value = JSON.parse(first) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  } catch {
    return false;
  }
  const rest = utf8.decode(head.subarray(newline + 1, newline + 257)).trimStart();
  return rest === "" || rest.startsWith("{");
}

/** What reads a large text as a stream of entries. */
export interface Scanner {
  push(chunk: Uint8Array): void;
  end(): ScanEnd;
}

/**
 * The scanner for a text beginning with `head`: `{"Records":…}` or a list (EntryScanner), one
 * record a line (LineScanner), or null when the text is read whole.
 */
export function scannerFor(head: Uint8Array, onGroup: (group: EntryGroup) => void): Scanner | null {
  if (streamable(head)) return new EntryScanner(onGroup);
  if (linesHead(head)) return new LineScanner(onGroup);
  return null;
}
