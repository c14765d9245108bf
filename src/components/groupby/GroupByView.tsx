import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { DICT_FIELDS, type DictField } from "../../ingest/chunk";
import { formatCount, formatTime, formatCountOf } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import {
  groupBy,
  groupFilters,
  groupKey,
  groupsToCsv,
  isoOrEmpty,
  sortGroups,
  type GroupFields,
  type GroupSortKey,
  type GroupTable,
} from "../../store/groupBy";
import type { ExplorerProps } from "../app/types";
import { downloadBlob } from "../export/download";
import { fieldLabel, valueLabel } from "../facets/fields";
import "./groupby.css";

/** One include filter: what a click on a group (or on an entity's value) asks for. */
export interface PickFilter {
  field: DictField;
  value: string;
}

export interface GroupByViewProps extends ExplorerProps {
  /** A click on a group: the caller applies these as includes (one per grouped field). */
  onPick: (filters: PickFilter[]) => void;
  /** The "entity" button of a principal, source IP or access key: open its summary. */
  onEntity: (field: DictField, value: string) => void;
}

/** Fields whose values get an "entity" button. */
export const ENTITY_FIELDS: ReadonlySet<DictField> = new Set<DictField>([
  "principal",
  "sourceIPAddress",
  "accessKeyId",
]);

/** From this many groups on, only the rows in view are rendered. */
const VIRTUAL_FROM = 200;
const ROW_HEIGHT = 26;

interface Figure {
  by: Exclude<GroupSortKey, "key">;
  label: string;
  title: string;
}

const FIGURES: readonly Figure[] = [
  { by: "count", label: "Events", title: "Events in the group" },
  { by: "errors", label: "Errors", title: "Events with an errorCode" },
  { by: "principals", label: "Principals", title: "Distinct principals" },
  { by: "ips", label: "IPs", title: "Distinct source IP addresses" },
  { by: "regions", label: "Regions", title: "Distinct regions" },
  { by: "first", label: "First seen", title: "Earliest event time" },
  { by: "last", label: "Last seen", title: "Latest event time" },
];

interface Sort {
  by: GroupSortKey;
  direction: "asc" | "desc";
}

/** A first click: values A→Z, first seen oldest first, every other figure largest first. */
function nextSort(sort: Sort, by: GroupSortKey): Sort {
  if (sort.by === by) return { by, direction: sort.direction === "asc" ? "desc" : "asc" };
  return { by, direction: by === "key" || by === "first" ? "asc" : "desc" };
}

const NO_GROUPS = new Uint32Array(0);

/**
 * "Group by": the events of the current view folded into one row per value of a field (or pair
 * of values of two fields), with events, errors, distinct principals, IPs and regions, and first
 * and last seen. A click on a row filters to it; the "entity" button opens an entity's summary.
 */
export function GroupByView({
  session,
  view,
  setView,
  derived,
  onPick,
  onEntity,
}: GroupByViewProps) {
  // The fields live in the view state (and the URL); none: the events table is shown instead,
  // and only the choice of a field is on screen here.
  const [first = "", second = ""] = view.group;
  const active = first !== "";
  const [sort, setSort] = useState<Sort>({ by: "count", direction: "desc" });
  const fields = useMemo<GroupFields>(
    () => (second === "" ? [first as DictField] : [first as DictField, second]),
    [first, second],
  );
  const store = session.store;
  const ordered = derived.ordered;
  // `derived.ordered` is a new list whenever the view's store version or the filters change, so
  // it stands for the store version here. Never computed (nor the list walked out) while the
  // view is hidden.
  const table = useMemo(
    () => (active ? groupBy(store, ordered.all(), fields) : null),
    [active, store, ordered, fields],
  );
  const order = useMemo(
    () => (table === null ? NO_GROUPS : sortGroups(table, sort.by, sort.direction)),
    [table, sort],
  );

  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtual = order.length >= VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    enabled: active && virtual,
  });
  // Other fields or another order: start from the top.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [fields, sort]);

  const setGroup = (next: (DictField | "")[]) =>
    setView({ ...view, group: next.filter((field): field is DictField => field !== "") });
  const onFirst = (field: DictField | "") =>
    setGroup(field === "" ? [] : [field, field === second ? "" : second]);
  const groupSelect = (
    <label className="gb-pick">
      Group by
      <select
        data-testid="group-by"
        value={first}
        onChange={(event) => onFirst(event.target.value as DictField | "")}
      >
        <option value="">(no grouping: events)</option>
        {DICT_FIELDS.map((field) => (
          <option key={field} value={field}>
            {fieldLabel(field)}
          </option>
        ))}
      </select>
    </label>
  );
  if (!active) {
    return (
      <div className="gb-bar gb-bar-idle" data-testid="group-by-view" data-state="off">
        {groupSelect}
      </div>
    );
  }
  const exportCsv = () => {
    if (table === null || table.size === 0) return;
    const blob = new Blob(groupsToCsv(table, order), { type: "text/csv;charset=utf-8" });
    // Field names only: a file name must not carry log text.
    downloadBlob(blob, `trailview-groups-by-${fields.join("-")}.csv`);
  };

  const timeZone = view.timeZone;
  const zone = timeZone === "utc" ? "UTC" : "local";
  const sortButton = (by: GroupSortKey, label: string, title: string) => {
    const sorted = sort.by === by ? sort.direction : null;
    return (
      <button
        type="button"
        className="gb-sort"
        data-testid="group-sort"
        data-column={by}
        title={`${title}: click to sort, again to reverse`}
        onClick={() => setSort(nextSort(sort, by))}
      >
        {label}
        {sorted ? <span aria-hidden="true">{sorted === "asc" ? " ▲" : " ▼"}</span> : null}
      </button>
    );
  };
  const ariaSort = (by: GroupSortKey) =>
    sort.by === by ? (sort.direction === "asc" ? "ascending" : "descending") : "none";

  const renderRow = (position: number, top: number | null) => {
    const g = order[position];
    if (table === null || g === undefined) return null;
    return (
      <GroupRow
        key={groupKey(table, g)}
        table={table}
        group={g}
        timeZone={timeZone}
        top={top}
        onPick={onPick}
        onEntity={onEntity}
      />
    );
  };

  return (
    <section className="groupby" data-testid="group-by-view" data-state="on" aria-label="Group by">
      <div className="gb-bar">
        {groupSelect}
        <label className="gb-pick">
          then by
          <select
            data-testid="group-by-2"
            value={second}
            onChange={(event) => setGroup([first, event.target.value as DictField | ""])}
          >
            <option value="">(none)</option>
            {DICT_FIELDS.filter((field) => field !== first).map((field) => (
              <option key={field} value={field}>
                {fieldLabel(field)}
              </option>
            ))}
          </select>
        </label>
        <span
          className="gb-summary"
          data-testid="group-count"
          data-count={table?.size ?? 0}
          data-events={table?.rows ?? 0}
        >
          {formatCount(table?.size ?? 0)} {table?.size === 1 ? "group" : "groups"} over{" "}
          {formatCountOf(table?.rows ?? 0, "event")}
        </span>
        <span className="spacer" />
        <button
          type="button"
          data-testid="group-export"
          title="The groups in this order as CSV (times in UTC), safe to open in a spreadsheet"
          disabled={table === null || table.size === 0}
          onClick={exportCsv}
        >
          Export CSV
        </button>
      </div>
      <div className="gb-scroll" ref={scrollRef}>
        <div
          className="gb-table"
          role="table"
          aria-label={`Events grouped by ${fields.map(fieldLabel).join(", then ")}`}
          aria-rowcount={order.length + 1}
        >
          <div className="gb-thead" role="row">
            {fields.map((field, i) => (
              <div
                key={`${field}-${i}`}
                className="gb-th gb-value"
                role="columnheader"
                aria-sort={ariaSort("key")}
              >
                {i === 0
                  ? sortButton("key", fieldLabel(field), "Value")
                  : // Both value columns sort together (by the first value, then the second).
                    fieldLabel(field)}
              </div>
            ))}
            {FIGURES.map(({ by, label, title }) => (
              <div
                key={by}
                className={`gb-th gb-num gb-${by}`}
                role="columnheader"
                aria-sort={ariaSort(by)}
              >
                {sortButton(
                  by,
                  by === "first" || by === "last" ? `${label} (${zone})` : label,
                  title,
                )}
              </div>
            ))}
          </div>
          {order.length === 0 ? (
            <div className="gb-empty" role="row">
              <span role="cell">No events in the current view.</span>
            </div>
          ) : virtual ? (
            <div className="gb-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => renderRow(item.index, item.start))}
            </div>
          ) : (
            <div className="gb-body">
              {Array.from(order, (_, position) => renderRow(position, null))}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

interface GroupRowProps {
  table: GroupTable;
  group: number;
  timeZone: "utc" | "local";
  /** Offset in a virtualized body; null: in the flow. */
  top: number | null;
  onPick: (filters: PickFilter[]) => void;
  onEntity: (field: DictField, value: string) => void;
}

function GroupRow({ table, group, timeZone, top, onPick, onEntity }: GroupRowProps) {
  const pick = () => onPick(groupFilters(table, group));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      pick();
    }
  };
  const first = table.first[group];
  const last = table.last[group];
  const errors = table.errors[group];
  const values = groupFilters(table, group);
  return (
    <div
      className={`gb-tr${top === null ? "" : " gb-virtual"}`}
      role="row"
      tabIndex={0}
      title="Filter to this group"
      data-testid="group-row"
      data-key={groupKey(table, group)}
      data-count={table.count[group]}
      data-first={isoOrEmpty(first)}
      data-last={isoOrEmpty(last)}
      onClick={pick}
      onKeyDown={onKeyDown}
      style={top === null ? undefined : { height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
    >
      {values.map(({ field, value }, i) => (
        <div key={`${field}-${i}`} className="gb-td gb-value" role="cell">
          <span
            className={value === "" ? "gb-text empty-value" : "gb-text"}
            title={value === "" ? undefined : revealHidden(value)}
          >
            {valueLabel(field, value)}
          </span>
          {ENTITY_FIELDS.has(field) && value !== "" ? (
            <button
              type="button"
              className="gb-entity"
              data-testid="entity-button"
              data-field={field}
              title={`Summary of this ${fieldLabel(field).toLowerCase()}`}
              aria-label={`Summary of ${fieldLabel(field).toLowerCase()} ${revealHidden(value)}`}
              onClick={(event) => {
                event.stopPropagation();
                onEntity(field, value);
              }}
              onKeyDown={(event) => event.stopPropagation()}
            >
              entity
            </button>
          ) : null}
        </div>
      ))}
      <div className="gb-td gb-num gb-count" role="cell">
        {formatCount(table.count[group])}
      </div>
      <div className={`gb-td gb-num gb-errors${errors > 0 ? " has-errors" : ""}`} role="cell">
        {formatCount(errors)}
      </div>
      <div className="gb-td gb-num gb-principals" role="cell">
        {formatCount(table.principals[group])}
      </div>
      <div className="gb-td gb-num gb-ips" role="cell">
        {formatCount(table.ips[group])}
      </div>
      <div className="gb-td gb-num gb-regions" role="cell">
        {formatCount(table.regions[group])}
      </div>
      <div className="gb-td gb-num gb-first" role="cell">
        {Number.isNaN(first) ? (
          <span className="empty-value">no time</span>
        ) : (
          formatTime(first, timeZone)
        )}
      </div>
      <div className="gb-td gb-num gb-last" role="cell">
        {Number.isNaN(last) ? (
          <span className="empty-value">no time</span>
        ) : (
          formatTime(last, timeZone)
        )}
      </div>
    </div>
  );
}
