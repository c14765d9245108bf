// The dotted paths of a record's fields (`requestParameters.userName`, `resources.ARN`), for the
// query box's autocomplete. Collected from one record per kind of event (eventSource, eventName)
// in a batch: the shape of a record follows its API, so a few records show nearly every path.

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
