// The finding of conflicting duplicates: events whose eventID came more than once with different
// contents. CloudTrail delivers an event twice at most as the same record; two different records
// under one eventID mean one of them was written by someone else (or altered in the bucket).
import { conflictRows } from "../store/conflicts";
import type { Finding } from "./detections";
import type { Session } from "./session";

export const CONFLICT_RULE_ID = "conflicting-duplicate";

/** The finding over every row marked conflicting, or null when there is none. */
export function conflictFinding(session: Session): Finding | null {
  const { store } = session;
  const rows = conflictRows(store);
  if (rows.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  const principal = store.column("principal");
  const counts = new Map<number, number>();
  for (const r of rows) {
    const t = store.time[r];
    if (t < first) first = t;
    if (t > last) last = t;
    counts.set(principal[r], (counts.get(principal[r]) ?? 0) + 1);
  }
  const principals = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 5)
    .map(([id, count]) => ({ value: store.dict("principal").get(id), count }));
  const events = store.conflicting;
  return {
    ruleId: CONFLICT_RULE_ID,
    title: "Conflicting duplicates: one eventID, different contents",
    description:
      `${events} ${events === 1 ? "record has" : "records have"} the eventID of another loaded record ` +
      "but not its content (another source address, an error code, other parameters…). " +
      "CloudTrail repeats an event only as the same record: every version is kept and shown, " +
      "so compare them and the files they came from (the integrity panel lists them).",
    level: "high",
    tactics: ["defense-evasion"],
    techniques: ["T1565.001", "T1070"],
    source: "conflict",
    rows,
    first: first <= last ? first : NaN,
    last: first <= last ? last : NaN,
    principals,
    author: "Trailview",
    link: "",
    license: "",
    licenseLink: "",
    falsepositives: [
      "A log record edited by a tool before loading (a field removed, a value rewritten) conflicts with the delivered one.",
    ],
    why: "another loaded record has this eventID with different content",
  };
}
