import { useState, type ReactNode } from "react";
import { revealHidden } from "../../lib/visible";
import { DICT_FIELDS } from "../../ingest/chunk";
import { formatTime, zoneLabel } from "../../lib/format";
import { parseTypedTime } from "../../lib/timeInput";
import { emptyView, toggleExclude, toggleInclude } from "../../state/viewState";
import type { ExplorerProps } from "../app/types";
import { fieldLabel, valueLabel } from "../facets/fields";

/** The loaded events' first and last times (the time inputs show them while empty). */
export interface DataRange {
  min: number;
  max: number;
}

/**
 * The active filters as removable chips, and the time range, which can be typed. `start` comes
 * first in the bar (the facet column's toggle), `children` after the time range.
 */
export function FilterBar({
  view,
  setView,
  timeRange,
  start,
  children,
}: Pick<ExplorerProps, "view" | "setView"> & {
  timeRange?: DataRange | null;
  start?: ReactNode;
  children?: ReactNode;
}) {
  const chips: {
    key: string;
    label: string;
    title: string;
    remove: () => void;
    excluded: boolean;
  }[] = [];
  for (const field of DICT_FIELDS) {
    for (const value of view.include[field] ?? []) {
      chips.push({
        key: `+${field}:${value}`,
        label: `${fieldLabel(field)}: ${valueLabel(field, value)}`,
        title: `Only events whose ${field} is ${value || "missing"}. Click to remove.`,
        remove: () => setView(toggleInclude(view, field, value)),
        excluded: false,
      });
    }
    for (const value of view.exclude[field] ?? []) {
      chips.push({
        key: `-${field}:${value}`,
        label: `${fieldLabel(field)} ≠ ${valueLabel(field, value)}`,
        title: `Events whose ${field} is ${value || "missing"} are hidden. Click to remove.`,
        remove: () => setView(toggleExclude(view, field, value)),
        excluded: true,
      });
    }
  }
  if (view.query) {
    chips.push({
      key: "query",
      label: `Query: ${revealHidden(view.query)}`,
      title: "Click to clear the query",
      remove: () => setView({ ...view, query: "" }),
      excluded: false,
    });
  }
  if (view.text) {
    chips.push({
      key: "text",
      label: `Records containing: ${revealHidden(view.text)}`,
      title: "Full-text search over whole records. Click to remove.",
      remove: () => setView({ ...view, text: "" }),
      excluded: false,
    });
  }
  const active = chips.length > 0 || view.timeFrom !== null || view.timeTo !== null;
  return (
    <div className="filter-bar" data-testid="filter-bar">
      {start}
      <TimeRange view={view} setView={setView} loaded={timeRange ?? null} />
      {children}
      <ul className="chips" aria-label="Active filters">
        {chips.map((chip) => (
          <li key={chip.key}>
            <button
              type="button"
              className={`chip${chip.excluded ? " excluded" : ""}`}
              data-testid="filter-chip"
              title={chip.title}
              onClick={chip.remove}
            >
              <span className="chip-label">{chip.label}</span>
              <span aria-hidden="true"> ×</span>
            </button>
          </li>
        ))}
      </ul>
      {active ? (
        <button
          type="button"
          className="link-button"
          data-testid="clear-filters"
          onClick={() =>
            setView({ ...emptyView(), sort: view.sort, timeZone: view.timeZone, event: view.event })
          }
        >
          Clear all filters
        </button>
      ) : null}
    </div>
  );
}

function TimeRange({
  view,
  setView,
  loaded,
}: Pick<ExplorerProps, "view" | "setView"> & { loaded: DataRange | null }) {
  const show = (ms: number | null) => (ms === null ? "" : formatTime(ms, view.timeZone));
  // The inputs are keyed by the range they show, so that a range set elsewhere (the chart)
  // replaces what was typed.
  const key = `${view.timeFrom}-${view.timeTo}-${view.timeZone}`;
  return (
    <form
      key={key}
      className="time-range"
      data-testid="time-range"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const from = parseTypedTime(String(data.get("from") ?? ""), view.timeZone);
        const to = parseTypedTime(String(data.get("to") ?? ""), view.timeZone);
        setView({ ...view, timeFrom: from, timeTo: to });
      }}
    >
      <TimeField
        name="from"
        label="From"
        initial={show(view.timeFrom)}
        timeZone={view.timeZone}
        open={loaded === null ? null : loaded.min}
      />
      <span aria-hidden="true">–</span>
      <TimeField
        name="to"
        label="To"
        initial={show(view.timeTo)}
        timeZone={view.timeZone}
        open={loaded === null ? null : loaded.max}
      />
      <span className="zone">{zoneLabel(view.timeZone)}</span>
      <button type="submit">Apply</button>
      {view.timeFrom !== null || view.timeTo !== null ? (
        <button
          type="button"
          className="link-button"
          data-testid="clear-time"
          onClick={() => setView({ ...view, timeFrom: null, timeTo: null })}
        >
          All time
        </button>
      ) : null}
    </form>
  );
}

/**
 * A bound of the time range. Empty, it is open: the placeholder then shows where the loaded data
 * begins or ends (`open`), in the format to type; before anything is loaded, "from (UTC)".
 */
function TimeField(props: {
  name: "from" | "to";
  label: string;
  initial: string;
  timeZone: "utc" | "local";
  /** The loaded data's first (from) or last (to) time; null when nothing has a time. */
  open: number | null;
}) {
  const [text, setText] = useState(props.initial);
  const valid = text.trim() === "" || parseTypedTime(text, props.timeZone) !== null;
  const zone = zoneLabel(props.timeZone);
  const edge = props.name === "from" ? "the first loaded event" : "the last loaded event";
  return (
    <input
      name={props.name}
      aria-label={`${props.label} (${zone})`}
      title={`${props.label} (${zone}), e.g. 2024-05-01 or 2024-05-01 13:30; empty: ${edge}`}
      data-testid={`time-${props.name}`}
      className={`time-input${valid ? "" : " invalid"}`}
      placeholder={
        props.open === null ? `${props.name} (${zone})` : formatTime(props.open, props.timeZone)
      }
      value={text}
      aria-invalid={!valid}
      onChange={(event) => setText(event.target.value)}
    />
  );
}
