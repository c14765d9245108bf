// Export of a selection of events: JSON in the shape CloudTrail delivers (`{"Records":[...]}`, which
// this app and other tools load again), NDJSON, or CSV of chosen columns.
//
// A million events must export without freezing the page, and without holding a million records
// as strings at once. So the rows are taken a piece at a time, in the view's order: JSON and NDJSON
// re-read that piece's records from their files in the workers (each file once per piece), CSV
// reads the columns. The text goes into Blob parts of about a MB as it is written, so the strings
// can be collected (browsers keep blob bytes outside the JS heap), and the main thread gives the
// event loop a turn whenever it has worked for SLICE_MS, so no task is long. Making a Blob from a
// string costs about 10 ms a MB in Chromium (UTF-8 encoding), hence parts of a MB, not a piece.
import type { DictField } from "../ingest/chunk";
import { csvCell, csvRow } from "../lib/csv";
import { untilNextTask } from "../lib/nextTask";
import { CancelledError } from "../worker/pool";
import type { Session } from "./session";

export type ExportFormat = "json" | "ndjson" | "csv";

export interface ExportProgress {
  /** Rows of the selection handled so far. */
  done: number;
  total: number;
  /** Rows whose record could not be read again from its file (JSON and NDJSON only). */
  missing: number;
}

export interface ExportResult {
  blob: Blob;
  /** Events in the file: the rows asked for, less `missing`. */
  exported: number;
  /** Rows left out because their record could no longer be read; the caller must say so. */
  missing: number;
}

export interface ExportOptions {
  /** Rows per piece (progress is reported per piece); smaller in tests to cross boundaries. */
  pieceRows?: number;
}

/** Thrown when the loaded data was cleared while an export ran: its row ids mean nothing now. */
export class ExportStaleError extends Error {
  constructor() {
    super("the loaded events changed during the export");
    this.name = "ExportStaleError";
  }
}

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  json: "application/json",
  ndjson: "application/x-ndjson",
  csv: "text/csv;charset=utf-8",
};

/** The download's name. Built from the count only: log text never reaches a file name. */
export function exportFileName(format: ExportFormat, events: number): string {
  return `trailview-${Math.max(0, Math.floor(events))}-events.${format}`;
}

/** The CSV header cell of the time column, which is always written first (ISO 8601, UTC). */
export const CSV_TIME_HEADER = "eventTime";

// Rows per piece of a JSON or NDJSON export. Each piece reads every file it touches once, so in a
// view that interleaves many files (time order over many accounts and regions) bigger pieces mean
// fewer re-reads; the piece's record texts are held until written, about 1.5 KB a row.
const RECORD_PIECE_ROWS = 20_000;
// Rows per CSV piece at most; the time slice usually ends a piece first.
const CSV_PIECE_ROWS = 5000;
/** Main-thread work between two turns of the event loop. */
const SLICE_MS = 12;
/** Characters per Blob part. */
const PART_CHARS = 1 << 20;
/** Files read at once; the pool queues the rest anyway, this only bounds what waits in memory. */
const FILES_IN_FLIGHT = 16;
/** A load's cancel drops every pool request, ours included; the data is intact, so ask again. */
const CANCEL_RETRIES = 3;
// Excel reads a CSV without a byte order mark as the local code page, garbling non-ASCII text.
const UTF8_BOM = "\uFEFF";

/**
 * Writes `rows` (store row ids, in the order wanted) as one Blob. `columns` are the CSV columns
 * after the time; JSON and NDJSON ignore them. Rejects with the signal's reason when aborted, and
 * with ExportStaleError when the session is cleared meanwhile.
 */
export async function exportEvents(
  session: Session,
  rows: Uint32Array,
  format: ExportFormat,
  columns: readonly DictField[],
  onProgress: (progress: ExportProgress) => void,
  signal: AbortSignal,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const pieceRows = Math.max(
    1,
    options.pieceRows ?? (format === "csv" ? CSV_PIECE_ROWS : RECORD_PIECE_ROWS),
  );
  // Row ids stay valid while loads append; only a clear (the row count drops) breaks them.
  const startRows = session.store.rows;
  let stale = false;
  const unsubscribe = session.subscribe(() => {
    if (session.store.rows < startRows) stale = true;
  });
  const check = () => {
    signal.throwIfAborted();
    if (stale) throw new ExportStaleError();
  };
  try {
    check();
    return format === "csv"
      ? await writeCsv(session, rows, columns, pieceRows, onProgress, check)
      : await writeRecords(session, rows, format, pieceRows, onProgress, check, () => stale);
  } finally {
    unsubscribe();
  }
}

/** Text gathered into Blob parts of about PART_CHARS, with the clock of the current slice. */
class PartWriter {
  readonly parts: Blob[] = [];
  private pending: string[] = [];
  private chars = 0;
  private deadline = performance.now() + SLICE_MS;

  constructor(private readonly check: () => void) {}

  write(text: string): void {
    this.pending.push(text);
    this.chars += text.length;
  }

  /** Closes a part once it is big enough; true when the slice is used up and it is time to pause. */
  tick(): boolean {
    if (this.chars >= PART_CHARS) this.flush();
    return performance.now() > this.deadline;
  }

  /** A turn for the event loop (input, rendering, worker answers), then a fresh slice. */
  async pause(): Promise<void> {
    await untilNextTask();
    this.check();
    this.resume();
  }

  /** Starts a fresh slice: after any await, the code runs in a new task. */
  resume(): void {
    this.deadline = performance.now() + SLICE_MS;
  }

  blob(type: string): Blob {
    this.flush();
    return new Blob(this.parts, { type });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob([this.pending.join("")]));
    this.pending = [];
    this.chars = 0;
  }
}

async function writeRecords(
  session: Session,
  rows: Uint32Array,
  format: "json" | "ndjson",
  pieceRows: number,
  onProgress: (progress: ExportProgress) => void,
  check: () => void,
  isStale: () => boolean,
): Promise<ExportResult> {
  const total = rows.length;
  const out = new PartWriter(check);
  let missing = 0;
  let written = 0;
  if (format === "json") out.write('{"Records":[');
  for (let start = 0; start < total; start += pieceRows) {
    const end = Math.min(start + pieceRows, total);
    const texts = await readPiece(session, rows.subarray(start, end), check, isStale);
    check();
    out.resume();
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (text === null) {
        missing++;
        continue;
      }
      if (format === "ndjson") out.write(`${text}\n`);
      else out.write(written === 0 ? text : `,${text}`);
      written++;
      if ((i & 63) === 63 && out.tick()) await out.pause();
    }
    out.tick();
    onProgress({ done: end, total, missing });
    await out.pause();
  }
  if (format === "json") out.write("]}");
  return { blob: out.blob(EXPORT_TYPES[format]), exported: written, missing };
}

/** The records of a piece of rows as JSON text, in the piece's order; null where unreadable. */
async function readPiece(
  session: Session,
  piece: Uint32Array,
  check: () => void,
  isStale: () => boolean,
): Promise<(string | null)[]> {
  const fileColumn = session.store.file;
  const recordColumn = session.store.record;
  // One pass groups the piece by file, so each file is read once per piece.
  const groups = new Map<number, { records: number[]; positions: number[] }>();
  for (let i = 0; i < piece.length; i++) {
    const row = piece[i];
    const file = fileColumn[row];
    let group = groups.get(file);
    if (!group) {
      group = { records: [], positions: [] };
      groups.set(file, group);
    }
    group.records.push(recordColumn[row]);
    group.positions.push(i);
  }
  const texts: (string | null)[] = Array.from({ length: piece.length }, () => null);
  const queue = [...groups.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      check();
      const [file, { records, positions }] = next;
      const answer = await readFileRecords(session, file, records, isStale);
      for (let i = 0; i < positions.length; i++) texts[positions[i]] = answer[i] ?? null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(FILES_IN_FLIGHT, queue.length) }, worker));
  return texts;
}

async function readFileRecords(
  session: Session,
  file: number,
  records: number[],
  isStale: () => boolean,
): Promise<(string | null)[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await session.reads.recordTexts(file, records);
    } catch (error) {
      if (isStale()) throw new ExportStaleError();
      if (error instanceof CancelledError && attempt < CANCEL_RETRIES) continue;
      // The file cannot be read any more (or its worker died on it): its rows are counted as
      // missing and reported, rather than failing the whole export.
      return records.map(() => null);
    }
  }
}

async function writeCsv(
  session: Session,
  rows: Uint32Array,
  columns: readonly DictField[],
  pieceRows: number,
  onProgress: (progress: ExportProgress) => void,
  check: () => void,
): Promise<ExportResult> {
  const store = session.store;
  const total = rows.length;
  const out = new PartWriter(check);
  out.write(UTF8_BOM + csvRow([CSV_TIME_HEADER, ...columns]));
  const time = store.time;
  const ids = columns.map((field) => store.column(field));
  const dicts = columns.map((field) => store.dict(field));
  // Values repeat a lot (a few hundred event names over a million rows): each dictionary entry
  // is escaped once.
  const escaped = columns.map((): (string | undefined)[] => []);
  let i = 0;
  while (i < total) {
    const limit = Math.min(i + pieceRows, total);
    while (i < limit) {
      const row = rows[i++];
      const t = time[row];
      let line = Number.isNaN(t) ? "" : new Date(t).toISOString();
      for (let c = 0; c < columns.length; c++) {
        const id = ids[c][row];
        let cell = escaped[c][id];
        if (cell === undefined) {
          cell = csvCell(dicts[c].get(id));
          escaped[c][id] = cell;
        }
        line += `,${cell}`;
      }
      out.write(`${line}\r\n`);
      if ((i & 255) === 0 && out.tick()) break;
    }
    onProgress({ done: i, total, missing: 0 });
    await out.pause();
  }
  return { blob: out.blob(EXPORT_TYPES.csv), exported: total, missing: 0 };
}
