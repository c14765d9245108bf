// The inputs and outputs of "Copy as SQL": what the view asks, where the files came from, and
// the text of each SQL form (or why a form cannot say it).
import type { DictField } from "../../ingest/chunk";
import type { Expr } from "../ast";

/** One SQL form: the text to run, or the reason the view cannot be said in it. */
export type SqlText = { ok: true; sql: string } | { ok: false; reason: string };

/** The view as SQL needs it (see state/viewState.ts for what each part means in the app). */
export interface SqlView {
  /** Facet values kept, per indexed field (exact values; "" = the field is missing). */
  include: Partial<Record<DictField, readonly string[]>>;
  /** Facet values left out, per indexed field. */
  exclude: Partial<Record<DictField, readonly string[]>>;
  /** ms since epoch, inclusive; null: open. */
  timeFrom: number | null;
  /** ms since epoch, exclusive; null: open. */
  timeTo: number | null;
  /** The applied query, parsed; null (or `{kind: "all"}`) for none. */
  expr: Expr | null;
  /** Group-by fields (none, one or two). */
  group: readonly DictField[];
  /** Full-text search over whole records ("" for none). */
  text?: string;
}

/** Where the loaded files lie in a trail's S3 layout (see layoutOf). */
export interface DeliveryLayout {
  /** The S3 prefix before `AWSLogs/` as the paths show it ("" for none), without slashes at its ends. */
  prefix: string;
  /** The organization id (`o-…`) of an organization trail, or null. */
  orgId: string | null;
  /** Account ids seen, sorted. */
  accounts: string[];
  /** Regions seen, sorted. */
  regions: string[];
  /** The first and last delivery day seen, `YYYY/MM/DD`, or null when no path had one. */
  firstDay: string | null;
  lastDay: string | null;
  /** Paths in the layout (`…AWSLogs/…/CloudTrail/<region>/YYYY/MM/DD/<file>`). */
  inLayout: number;
  /** Paths of event files outside that layout (not digests, not Insights). */
  outside: number;
}

export interface SqlForms {
  athena: SqlText;
  athenaUnload: SqlText;
  lake: SqlText;
  duckdb: SqlText;
}
