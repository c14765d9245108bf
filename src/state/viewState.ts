// What the user is looking at: filters, time range, sort, the open event. It lives in the URL
// hash (versioned), so a link or a reload with the same files reproduces the view.
import { DICT_FIELDS, type DictField } from "../ingest/chunk";

export type SortColumn = DictField | "time";

export interface ViewState {
  include: Partial<Record<DictField, string[]>>;
  exclude: Partial<Record<DictField, string[]>>;
  /** ms since epoch, inclusive; null: open. */
  timeFrom: number | null;
  /** ms since epoch, exclusive; null: open. */
  timeTo: number | null;
  sort: { column: SortColumn; direction: "asc" | "desc" };
  /**
   * The applied query (src/query/parse.ts): `field:value` terms, AND/OR/NOT, bare words over the
   * indexed fields. Only a query that parsed is ever applied.
   */
  query: string;
  /** Full-text search over whole records (run in the workers). */
  text: string;
  /** Group-by fields (none, one or two): the events folded into one row per value. */
  group: DictField[];
  /** The open event, by eventID. */
  event: string | null;
  timeZone: "utc" | "local";
}

export const HASH_VERSION = 1;

export function emptyView(): ViewState {
  return {
    include: {},
    exclude: {},
    timeFrom: null,
    timeTo: null,
    sort: { column: "time", direction: "desc" },
    query: "",
    group: [],
    text: "",
    event: null,
    timeZone: "utc",
  };
}

const FIELDS = new Set<string>(DICT_FIELDS);

function isField(name: string): name is DictField {
  return FIELDS.has(name);
}

/** `#v=1&eventName=RunInstances&-errorCode=&from=...`: repeated keys, `-` for exclusions. */
export function viewToHash(view: ViewState): string {
  const params = new URLSearchParams();
  params.set("v", String(HASH_VERSION));
  for (const field of DICT_FIELDS) {
    for (const value of view.include[field] ?? []) params.append(field, value);
    for (const value of view.exclude[field] ?? []) params.append(`-${field}`, value);
  }
  if (view.timeFrom !== null) params.set("from", new Date(view.timeFrom).toISOString());
  if (view.timeTo !== null) params.set("to", new Date(view.timeTo).toISOString());
  const { column, direction } = view.sort;
  if (column !== "time" || direction !== "desc") {
    params.set("sort", `${direction === "desc" ? "-" : ""}${column}`);
  }
  if (view.query) params.set("q", view.query);
  if (view.text) params.set("text", view.text);
  if (view.group.length > 0) params.set("group", view.group.join(","));
  if (view.event) params.set("event", view.event);
  if (view.timeZone !== "utc") params.set("tz", view.timeZone);
  return `#${params.toString()}`;
}

/** Reads a hash written by viewToHash; what it does not understand is ignored, never fatal. */
export function hashToView(hash: string): ViewState {
  const view = emptyView();
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  if (params.get("v") !== String(HASH_VERSION)) return view;
  for (const [key, value] of params) {
    const excluded = key.startsWith("-");
    const name = excluded ? key.slice(1) : key;
    if (!isField(name)) continue;
    const target = excluded ? view.exclude : view.include;
    const list = target[name] ?? [];
    if (!list.includes(value)) list.push(value);
    target[name] = list;
  }
  view.timeFrom = parseTime(params.get("from"));
  view.timeTo = parseTime(params.get("to"));
  const sort = params.get("sort");
  if (sort) {
    const direction = sort.startsWith("-") ? "desc" : "asc";
    const column = sort.replace(/^-/, "");
    if (column === "time" || isField(column)) view.sort = { column, direction };
  }
  view.query = params.get("q") ?? "";
  view.text = params.get("text") ?? "";
  view.group = (params.get("group") ?? "")
    .split(",")
    .filter(isField)
    .filter((field, i, all) => all.indexOf(field) === i)
    .slice(0, 2);
  view.event = params.get("event") || null;
  view.timeZone = params.get("tz") === "local" ? "local" : "utc";
  return view;
}

function parseTime(text: string | null): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Adds the value to the field's includes, or removes it if it is there. */
export function toggleInclude(view: ViewState, field: DictField, value: string): ViewState {
  return {
    ...view,
    include: toggled(view.include, field, value),
    exclude: without(view.exclude, field, value),
  };
}

/** Adds the value to the field's exclusions, or removes it if it is there. */
export function toggleExclude(view: ViewState, field: DictField, value: string): ViewState {
  return {
    ...view,
    exclude: toggled(view.exclude, field, value),
    include: without(view.include, field, value),
  };
}

type ValueLists = Partial<Record<DictField, string[]>>;

function toggled(lists: ValueLists, field: DictField, value: string): ValueLists {
  const list = lists[field] ?? [];
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return setList(lists, field, next);
}

function without(lists: ValueLists, field: DictField, value: string): ValueLists {
  const list = lists[field];
  if (!list?.includes(value)) return lists;
  return setList(
    lists,
    field,
    list.filter((v) => v !== value),
  );
}

function setList(lists: ValueLists, field: DictField, list: string[]): ValueLists {
  const next = { ...lists };
  if (list.length > 0) next[field] = list;
  else delete next[field];
  return next;
}

/**
 * A click on a column header: the same column reverses; another column starts newest first for
 * time and A→Z for the others.
 */
export function nextSort(sort: ViewState["sort"], column: SortColumn): ViewState["sort"] {
  if (sort.column === column)
    return { column, direction: sort.direction === "asc" ? "desc" : "asc" };
  return { column, direction: column === "time" ? "desc" : "asc" };
}
