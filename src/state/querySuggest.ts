// What the query box offers as you type: field names (aliases, indexed columns, the nested paths
// seen in the loaded records) and, for indexed fields, their values with counts.
import { DICT_FIELDS } from "../ingest/chunk";
import { ALIASES, COLUMN_PATHS, columnOf } from "../query/fields";
import { computeView, emptyFilter } from "../store/view";
import type { Session } from "./session";

export interface CompletionSource {
  fieldNames(): string[];
  values(path: string, prefix: string, limit: number): { value: string; count: number }[] | null;
}

/** Field names and values for autocomplete, from what `session` holds now. */
export function completionSource(session: Session): CompletionSource {
  return {
    fieldNames() {
      const names = new Set<string>(Object.keys(ALIASES));
      for (const field of DICT_FIELDS) names.add(COLUMN_PATHS[field]);
      for (const path of session.paths) names.add(path);
      return [...names];
    },
    values(path, prefix, limit) {
      const field = columnOf(path);
      if (field === null) return null;
      const { store } = session;
      // The unfiltered counts are cached per store version: no pass over the rows per keystroke.
      const counts = computeView(store, emptyFilter(), [field]).facets[field];
      const values = store.dict(field).values();
      const wanted = prefix.toLowerCase();
      const hits: { value: string; count: number }[] = [];
      for (let id = 1; id < values.length; id++) {
        const count = counts[id] ?? 0;
        if (count === 0) continue;
        const value = values[id];
        if (wanted !== "" && !value.toLowerCase().startsWith(wanted)) continue;
        hits.push({ value, count });
      }
      hits.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      return hits.slice(0, limit);
    },
  };
}
