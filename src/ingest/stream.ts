// The entries of a large file, found in its bytes as they are inflated, without ever holding the
// file as one string: CloudTrail's `{"Records":[…]}` (one value, or several one after another)
// and a top-level JSON array. The scanner follows strings (and their escapes) and the nesting
// depth byte by byte, and hands over the entries in groups: the bytes holding them and where
// each begins and ends. Parsing a group is one JSON.parse (see parseGroup).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** `Records`, the key whose list is read. */
const RECORDS = [0x52, 0x65, 0x63, 0x6f, 0x72, 0x64, 0x73];

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * A group of whole entries, all within `bytes`: entry k spans `bytes[starts[k] - base,
 * ends[k] - base)`; `index` is the record index of the first (its position among the entries).
 */
export interface EntryGroup {
  bytes: Uint8Array;
  base: number;
  starts: number[];
  ends: number[];
  index: number;
  /** Whether the entries are a `Records` list (else a top-level list, or lines). */
  records: boolean;
  /** Whether the entries are lines (streamLines.ts), not separated by commas. */
  lines?: boolean;
}

/** How a scan ended: `complete` when every value closed; otherwise why not. */
export interface ScanEnd {
  complete: boolean;
  /** The reason when the bytes are not entries the scanner reads ("" when they are). */
  reason: string;
  /** Entries found, whole. */
  entries: number;
  /** Whether any list of entries was found at all. */
  lists: number;
}

/** Entries handed over at once (fewer at the end of each piece of input). */
export const GROUP_ENTRIES = 1024;

/**
 * `chunk` written after the first `len` bytes of `buf`: in `buf` itself when it has room, else in
 * a larger buffer (at least double, 64 KiB at least) holding those bytes first. Returns the buffer
 * written to.
 */
export function appendBytes(
  buf: Uint8Array<ArrayBuffer>,
  len: number,
  chunk: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const needed = len + chunk.length;
  let out = buf;
  if (needed > buf.length) {
    out = new Uint8Array(Math.max(needed, buf.length * 2, 1 << 16));
    out.set(buf.subarray(0, len));
  }
  out.set(chunk, len);
  return out;
}

export class EntryScanner {
  /** Bytes kept from `base` on (the open entry, or the open key, and what follows). */
  private buf = new Uint8Array(0);
  private len = 0;
  private base = 0;
  /** Absolute offset of the next byte to scan. */
  private pos = 0;

  private depth = 0;
  private inString = false;
  private escape = false;
  /** The depth of the entries of the list being read, or -1 outside one. */
  private listDepth = -1;
  /** Whether the top-level value being read is an object (its `Records` is the list). */
  private topObject = false;
  /** Absolute offset of an open string at depth 1 (a key, maybe `Records`), or -1. */
  private keyStart = -1;
  private lastKeyIsRecords = false;
  private entryStart = -1;
  private lastByteEnd = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  private entries = 0;
  private lists = 0;
  private failed = "";

  constructor(private readonly onGroup: (group: EntryGroup) => void) {}

  /** The next piece of the text's bytes. */
  push(chunk: Uint8Array): void {
    if (this.failed !== "" || chunk.length === 0) return;
    this.append(chunk);
    this.scan();
    this.flush();
    this.compact();
  }

  /** Ends the input. */
  end(): ScanEnd {
    const complete = this.failed === "" && this.depth === 0 && !this.inString && this.listDepth < 0;
    return { complete, reason: this.failed, entries: this.entries, lists: this.lists };
  }

  private append(chunk: Uint8Array): void {
    this.buf = appendBytes(this.buf, this.len, chunk);
    this.len += chunk.length;
  }

  /** Drops the bytes no open entry or key needs any more. */
  private compact(): void {
    let keep = this.pos;
    if (this.entryStart >= 0) keep = Math.min(keep, this.entryStart);
    if (this.keyStart >= 0) keep = Math.min(keep, this.keyStart);
    const drop = keep - this.base;
    if (drop <= 0) return;
    this.buf.copyWithin(0, drop, this.len);
    this.len -= drop;
    this.base = keep;
  }

  private flush(): void {
    const n = this.starts.length;
    if (n === 0) return;
    const group: EntryGroup = {
      bytes: this.buf.subarray(0, this.len),
      base: this.base,
      starts: this.starts,
      ends: this.ends,
      index: this.entries - n,
      records: this.topObject,
    };
    this.starts = [];
    this.ends = [];
    this.onGroup(group);
  }

  private fail(reason: string): void {
    this.failed = reason;
  }

  private endEntry(at: number): void {
    const start = this.entryStart;
    // `[1,,2]`: an empty entry, kept in its place so that the indices of the others hold.
    this.starts.push(start < 0 ? at : start);
    this.ends.push(start < 0 ? at : this.lastByteEnd);
    this.entryStart = -1;
    this.entries++;
    if (this.starts.length >= GROUP_ENTRIES) this.flush();
  }

  private scan(): void {
    // A view of the bytes held, so that a search for a quote stops at their end.
    const buf = this.buf.subarray(0, this.len);
    const n = this.len;
    const base = this.base;
    let i = this.pos - base;
    // Where the next backslash and quote are, looked up once per stretch of string.
    let nextBackslash = -1;
    let nextQuote = -1;
    while (i < n) {
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          i++;
          continue;
        }
        if (nextQuote < i) {
          nextQuote = buf.indexOf(QUOTE, i);
          if (nextQuote < 0 || nextQuote >= n) nextQuote = n;
        }
        if (nextBackslash < i) {
          nextBackslash = buf.indexOf(BACKSLASH, i);
          if (nextBackslash < 0 || nextBackslash >= n) nextBackslash = n;
        }
        if (nextBackslash < nextQuote) {
          if (nextBackslash + 1 < n) {
            i = nextBackslash + 2;
          } else {
            this.escape = true;
            i = n;
          }
          continue;
        }
        if (nextQuote === n) {
          i = n;
          break;
        }
        i = nextQuote + 1;
        this.inString = false;
        this.lastByteEnd = base + i;
        if (this.keyStart >= 0) {
          const from = this.keyStart - base + 1;
          const to = i - 1;
          let same = to - from === RECORDS.length;
          for (let k = 0; same && k < RECORDS.length; k++) same = buf[from + k] === RECORDS[k];
          this.lastKeyIsRecords = same;
          this.keyStart = -1;
        }
        continue;
      }
      const b = buf[i]!;
      const depth = this.depth;
      if (isSpace(b)) {
        i++;
        continue;
      }
      if (depth === this.listDepth) {
        // Between or at the start of the list's entries.
        if (b === 0x2c /* , */) {
          this.endEntry(base + i);
          i++;
          continue;
        }
        if (b === 0x5d /* ] */) {
          if (this.entryStart >= 0) this.endEntry(base + i);
          this.listDepth = -1;
          this.depth--;
          i++;
          continue;
        }
        if (this.entryStart < 0) this.entryStart = base + i;
      } else if (depth === 0) {
        // A byte-order mark (EF BB BF), which may come in pieces.
        if (base + i < 3 && b === [0xef, 0xbb, 0xbf][base + i]) {
          i++;
          continue;
        }
        if (b === 0x7b /* { */) {
          this.topObject = true;
          this.lastKeyIsRecords = false;
        } else if (b === 0x5b /* [ */) {
          this.topObject = false;
          this.listDepth = 1;
          this.lists++;
          this.depth = 1;
          i++;
          continue;
        } else {
          this.fail("not a JSON object or list");
          this.pos = base + i;
          return;
        }
      }
      if (b === QUOTE) {
        this.inString = true;
        if (depth === 1 && this.topObject && this.listDepth < 0) this.keyStart = base + i;
      } else if (b === 0x7b /* { */ || b === 0x5b /* [ */) {
        this.depth++;
        if (b === 0x5b && depth === 1 && this.topObject && this.lastKeyIsRecords) {
          this.listDepth = 2;
          this.lists++;
          this.lastKeyIsRecords = false;
        }
      } else if (b === 0x7d /* } */ || b === 0x5d /* ] */) {
        if (depth === 0) {
          this.fail("invalid JSON (a bracket closes what was never opened)");
          this.pos = base + i;
          return;
        }
        this.depth--;
      }
      i++;
      this.lastByteEnd = base + i;
    }
    this.pos = base + i;
  }
}

const utf8 = new TextDecoder("utf-8");

/**
 * The entries of a group, parsed: one JSON.parse of the group's text as a list; if that fails,
 * entry by entry, an entry that is not JSON giving `undefined` (counted as skipped, like a bad
 * NDJSON line) so that the others keep their indices.
 */
export function parseGroup(group: EntryGroup): unknown[] {
  const { bytes, base, starts, ends } = group;
  const n = starts.length;
  const from = starts[0]! - base;
  const to = ends[n - 1]! - base;
  try {
    let text: string;
    if (group.lines === true) {
      const pieces: string[] = [];
      for (let k = 0; k < n; k++)
        pieces.push(utf8.decode(bytes.subarray(starts[k]! - base, ends[k]! - base)));
      text = pieces.join(",");
    } else text = utf8.decode(bytes.subarray(from, to));
    const entries = JSON.parse(`[${text}]`) as unknown[];
    if (entries.length === n) return entries;
  } catch {
    // One bad entry: read them one by one below.
  }
  const entries: unknown[] = [];
  for (let k = 0; k < n; k++) {
    const start = starts[k]! - base;
    const end = ends[k]! - base;
    let entry: unknown;
    try {
      entry =
        start < end ? (JSON.parse(utf8.decode(bytes.subarray(start, end))) as unknown) : undefined;
    } catch {
      entry = undefined;
    }
    entries.push(entry);
  }
  return entries;
}

/**
 * Whether a text beginning so is read as a stream: `{"Records":` (as CloudTrail writes it) or a
 * JSON list. Anything else large is read whole, within the text limit.
 */
export function streamable(head: Uint8Array): boolean {
  const text = utf8.decode(head.subarray(0, 256));
  return /^\uFEFF?\s*(\{\s*"Records"\s*:|\[)/.test(text);
}
