// A global string dictionary for one DictField. Columns hold ids, so every string is kept once
// however many rows carry it. Ids are stable for the life of the dictionary (until `clear`) but
// not across loads, which is why filters and the URL speak in strings.

/** Id of the empty string: the field was missing from the record. */
export const MISSING_ID = 0;

/** A string's header, its slot in the array and its Map entry, in V8, give or take. */
const ENTRY_OVERHEAD = 64;

export class Dictionary {
  private strings: string[] = [""];
  private ids = new Map<string, number>([["", MISSING_ID]]);
  private gen = 0;
  private approxBytes = 0;

  /** Number of entries, the missing entry included; also one past the largest id. */
  get size(): number {
    return this.strings.length;
  }

  /**
   * Changes whenever an entry is added or the dictionary is cleared, so that anything derived
   * from the whole dictionary (a sort rank, a per-entry classification) can be cached on it.
   */
  get generation(): number {
    return this.gen;
  }

  intern(value: string): number {
    const known = this.ids.get(value);
    if (known !== undefined) return known;
    const id = this.strings.length;
    this.strings.push(value);
    this.ids.set(value, id);
    this.gen++;
    this.approxBytes += value.length * 2 + ENTRY_OVERHEAD;
    return id;
  }

  /** The string of `id`; "" for an id this dictionary never issued. */
  get(id: number): string {
    return this.strings[id] ?? "";
  }

  /** The id of `value`, or -1 when no row ever held it (a filter on it matches nothing). */
  idOf(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  /** Every entry, indexed by id. Read-only: the dictionary owns it. */
  values(): readonly string[] {
    return this.strings;
  }

  /**
   * Interns a worker's chunk-local dictionary and returns the local→global remap, so a column is
   * translated with one array read per row instead of one string lookup per row.
   */
  mergeLocal(localStrings: readonly string[]): Uint32Array {
    const remap = new Uint32Array(localStrings.length);
    for (let local = 0; local < localStrings.length; local++) {
      remap[local] = this.intern(localStrings[local]);
    }
    return remap;
  }

  /** Roughly what the entries hold in memory: the strings, the array slot and the map entry. */
  get bytes(): number {
    return this.approxBytes;
  }

  clear(): void {
    this.approxBytes = 0;
    this.strings = [""];
    this.ids = new Map([["", MISSING_ID]]);
    this.gen++;
  }
}
