// What a finding shows of its rows: when its events happened and who was most involved; the
// findings the app makes of its own (anomalies, first-seen pairs) from their rows.
import type { Finding } from "./detections";
import type { Session } from "./session";

/** What a finding the app makes itself says, beside its rows and what they show. */
export type OwnFindingText = Pick<
  Finding,
  "ruleId" | "title" | "description" | "level" | "source" | "falsepositives" | "why"
>;

/** A finding the app makes itself (no rule file's metadata) over `rows`, ascending. */
export function ownFinding(session: Session, rows: Uint32Array, text: OwnFindingText): Finding {
  const span = timeSpan(session, rows);
  return {
    ...text,
    tactics: [],
    techniques: [],
    rows,
    first: span.first,
    last: span.last,
    principals: topPrincipals(session, rows),
    author: "Trailview",
    link: "",
    license: "",
    licenseLink: "",
  };
}

/** ms since epoch of the earliest and latest of the rows (NaN: none has a time). */
export function timeSpan(session: Session, rows: Uint32Array): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  const time = session.store.time;
  for (const r of rows) {
    const t = time[r];
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return first <= last ? { first, last } : { first: NaN, last: NaN };
}

/** The principals of the rows with their event counts, most first (at most 5). */
export function topPrincipals(
  session: Session,
  rows: Uint32Array,
): { value: string; count: number }[] {
  const column = session.store.column("principal");
  const dict = session.store.dict("principal");
  // Counted in a typed array per dictionary id; only the ids seen are visited afterwards.
  const counts = new Uint32Array(dict.size);
  const seen: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const id = column[rows[i]];
    if (counts[id]++ === 0) seen.push(id);
  }
  return seen
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, 5)
    .map((id) => ({ value: dict.get(id), count: counts[id] }));
}
