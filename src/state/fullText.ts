// Full-text search over whole records: the files are scanned again in the workers (records are
// not kept in memory), batch by batch, with progress; the matches become a row mask that the
// view applies like any other filter.
import { concat } from "../lib/batches";
import { rowsAtPlaces } from "../store/locate";
import type { Session } from "./session";

export interface FullTextResult {
  needle: string;
  /** The store version the mask was computed for; a later load makes it stale. */
  version: number;
  status: "running" | "done" | "cancelled" | "error";
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** 1 for each row whose record contains the needle (complete only when status is done). */
  mask: Uint8Array | null;
  matches: number;
  message: string;
}

export class FullTextSearch {
  result: FullTextResult | null = null;
  private run = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly session: Session) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getResult = (): FullTextResult | null => this.result;

  /** The mask to filter by, when a finished search for `needle` is current; else null. */
  maskFor(needle: string): Uint8Array | null {
    const result = this.result;
    if (!needle || !result || result.needle !== needle || result.status !== "done") return null;
    return result.version === this.session.store.version ? result.mask : null;
  }

  /** Whether `needle` still needs a run (never run, or the data changed since). */
  isStale(needle: string): boolean {
    const result = this.result;
    if (!needle) return false;
    if (!result || result.needle !== needle) return true;
    return result.status === "done" && result.version !== this.session.store.version;
  }

  async start(needle: string): Promise<void> {
    const run = ++this.run;
    const { session } = this;
    const files = session.files.filter((f) => f.outcome?.kind === "events");
    const sizeOf = (f: (typeof files)[number]) => f.outcome?.compressedBytes ?? 0;
    const batches = session.reads.batches(files);
    const version = session.store.version;
    let result: FullTextResult = {
      needle,
      version,
      status: "running",
      filesDone: 0,
      filesTotal: files.length,
      bytesDone: 0,
      bytesTotal: files.reduce((sum, f) => sum + sizeOf(f), 0),
      mask: null,
      matches: 0,
      message: "",
    };
    this.publish(result);
    const found: Uint32Array[] = [];
    let next = 0;
    // A few batches in flight per worker keeps them busy; cancel just stops handing out more.
    const lane = async () => {
      while (next < batches.length && run === this.run) {
        const batch = batches[next++];
        const answer = await session.reads.searchFiles(
          batch.map((f) => f.index),
          needle,
        );
        if (run !== this.run) return;
        found.push(answer.places);
        result = {
          ...result,
          filesDone: result.filesDone + batch.length,
          bytesDone: result.bytesDone + batch.reduce((sum, f) => sum + sizeOf(f), 0),
        };
        this.publish(result);
      }
    };
    try {
      await Promise.all(
        Array.from({ length: Math.max(1, Math.min(session.reads.lanes, batches.length)) }, lane),
      );
    } catch (error) {
      if (run === this.run) {
        this.publish({
          ...result,
          status: "error",
          message: error instanceof Error ? error.message : String(error),
        });
      }
      return;
    }
    if (run !== this.run) return;
    const places = concat(found);
    const { mask, rows } = rowsAtPlaces(session.store, places);
    this.publish({
      ...result,
      status: "done",
      mask,
      matches: rows,
      version: session.store.version,
    });
  }

  cancel(): void {
    if (this.result?.status !== "running") return;
    this.run++;
    this.publish({ ...this.result, status: "cancelled" });
  }

  clear(): void {
    this.run++;
    this.publish(null);
  }

  private publish(result: FullTextResult | null): void {
    this.result = result;
    for (const listener of this.listeners) listener();
  }
}
