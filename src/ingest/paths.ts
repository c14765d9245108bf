// The dotted paths of a record's fields (`requestParameters.userName`, `resources.ARN`), for the
// query box's autocomplete. Collected from a few records per kind of event (eventSource,
// eventName): the shape of a record follows its API, so a few records show nearly every path.

/** How deep paths go, and how many one batch reports at most. */
const MAX_DEPTH = 6;
export const MAX_PATHS = 4000;
const MAX_KEY_CHARS = 100;
/** Array elements looked into: the first few show the elements' shape. */
const ARRAY_SAMPLE = 3;

/** Adds the paths of `value`'s fields below `prefix` to `out` (arrays are looked through). */
export function collectPaths(value: unknown, prefix: string, out: Set<string>, depth = 0): void {
  if (depth >= MAX_DEPTH || out.size >= MAX_PATHS) return;
  if (Array.isArray(value)) {
    const n = Math.min(value.length, ARRAY_SAMPLE);
    for (let i = 0; i < n; i++) collectPaths(value[i], prefix, out, depth + 1);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const key in value as Record<string, unknown>) {
    if (key.length === 0 || key.length > MAX_KEY_CHARS) continue;
    const path = prefix === "" ? key : `${prefix}.${key}`;
    out.add(path);
    if (out.size >= MAX_PATHS) return;
    collectPaths((value as Record<string, unknown>)[key], path, out, depth + 1);
  }
}

/** Kinds a sampler keeps count of; past it, counting starts over. */
const KINDS_KEPT = 16_384;

/**
 * How many records of each kind have shown their paths, kept by a worker across the batches of a
 * load: an archive's batch of small files holds about one record per kind, and walking each of
 * them would cost a twentieth of the parse.
 */
export class PathSampler {
  private readonly counts = new Map<string, number>();

  constructor(
    /** Records of one kind whose paths are collected. */
    readonly perKind = 4,
  ) {}

  /** Whether a record of this kind should show its paths (and counts it if so). */
  take(eventSource: unknown, eventName: unknown): boolean {
    const kind = `${String(eventSource)}\u0000${String(eventName)}`;
    const seen = this.counts.get(kind) ?? 0;
    if (seen >= this.perKind) return false;
    if (this.counts.size >= KINDS_KEPT) this.counts.clear();
    this.counts.set(kind, seen + 1);
    return true;
  }
}
