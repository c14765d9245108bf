import { useMemo, useState } from "react";
import type { DictField } from "../../ingest/chunk";
import { formatCount, formatTime, formatCountOf } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import type { Session } from "../../state/session";
import {
  entitySummary,
  type ApiTally,
  type DailyCounts,
  type ValueTally,
} from "../../store/groupBy";
import { emptyLabel, fieldLabel, valueLabel } from "../facets/fields";
import type { PickFilter } from "./GroupByView";
import "./groupby.css";

export interface EntityViewProps {
  session: Session;
  /** The entity: a value of this field (usually principal, sourceIPAddress or accessKeyId). */
  field: DictField;
  value: string;
  /** The rows summarised: the current view's (`derived.rows`), or null for every loaded event. */
  rows: Uint32Array | null;
  /** How first and last seen are written; default UTC. The daily strip is in UTC days. */
  timeZone?: "utc" | "local";
  onClose: () => void;
  /** A click on a value: the caller applies these as includes (the entity, then the value). */
  onPick: (filters: PickFilter[]) => void;
}

/** Entries of a list shown before "show all". */
const LIST_SHOWN = 8;
/** Entries shown at most after "show all" (an IP list can run to many thousands). */
const LIST_MAX = 1000;
const STRIP_HEIGHT = 28;
const DAY_MS = 86_400_000;

interface ListSpec {
  field: DictField;
  title: string;
  items: ValueTally[];
}

/**
 * Everything about one principal, IP or access key over the rows given: its APIs with successes
 * and failures, regions, IPs, access keys, user agents and principals, first and last seen, and
 * events per UTC day.
 */
export function EntityView({
  session,
  field,
  value,
  rows,
  timeZone = "utc",
  onClose,
  onPick,
}: EntityViewProps) {
  const store = session.store;
  // With `rows` null the summary covers the whole store, so it follows the store's view version.
  const version = session.viewVersion;
  const { summary } = useMemo(
    () => ({
      version,
      summary: entitySummary(store, rows, field, store.dict(field).idOf(value)),
    }),
    [store, version, rows, field, value],
  );

  const pickWith = (other: DictField, otherValue: string) =>
    onPick(
      other === field
        ? [{ field, value }]
        : [
            { field, value },
            { field: other, value: otherValue },
          ],
    );

  const lists: ListSpec[] = [
    { field: "awsRegion", title: "Regions", items: summary.regions },
    { field: "sourceIPAddress", title: "Source IPs", items: summary.ips },
    { field: "accessKeyId", title: "Access keys", items: summary.accessKeys },
    { field: "userAgent", title: "User agents", items: summary.userAgents },
    { field: "principal", title: "Principals", items: summary.principals },
  ];

  return (
    <section
      className="entity-view"
      data-testid="entity-view"
      data-field={field}
      data-value={value}
      data-events={summary.events}
      aria-label={`Summary of ${fieldLabel(field).toLowerCase()}`}
    >
      <header className="entity-head">
        <div className="entity-title">
          <div className="entity-kind">{fieldLabel(field)}</div>
          <div
            className={`entity-value mono${value === "" ? " empty-value" : ""}`}
            title={revealHidden(value)}
          >
            {valueLabel(field, value)}
          </div>
        </div>
        <button
          type="button"
          data-testid="entity-filter"
          title="Filter the events to this value"
          onClick={() => onPick([{ field, value }])}
        >
          Filter to this
        </button>
        <button
          type="button"
          className="entity-close"
          data-testid="entity-close"
          aria-label="Close the summary"
          title="Close"
          onClick={onClose}
        >
          ×
        </button>
      </header>

      {summary.events === 0 ? (
        <p className="entity-none">
          No events of this {fieldLabel(field).toLowerCase()} in{" "}
          {rows === null ? "the loaded files" : "the current view"}.
        </p>
      ) : (
        <>
          <dl className="entity-figures">
            <div>
              <dt>Events</dt>
              <dd data-testid="entity-events">{formatCount(summary.events)}</dd>
            </div>
            <div>
              <dt>Errors</dt>
              <dd className={summary.errors > 0 ? "has-errors" : undefined}>
                {formatCount(summary.errors)}
                {summary.errors > 0 ? (
                  <span className="muted"> ({percent(summary.errors, summary.events)})</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>First seen ({timeZone === "utc" ? "UTC" : "local"})</dt>
              <dd data-testid="entity-first">{timeText(summary.first, timeZone)}</dd>
            </div>
            <div>
              <dt>Last seen ({timeZone === "utc" ? "UTC" : "local"})</dt>
              <dd data-testid="entity-last">{timeText(summary.last, timeZone)}</dd>
            </div>
            {summary.noTime > 0 ? (
              <div>
                <dt>No time</dt>
                <dd>{formatCount(summary.noTime)}</dd>
              </div>
            ) : null}
          </dl>
          {summary.daily ? <DailyStrip daily={summary.daily} /> : null}
          <ApiList
            apis={summary.apis}
            onPick={(name) => pickWith("eventName", name)}
            total={summary.events}
          />
          <div className="entity-lists">
            {lists
              .filter((list) => list.field !== field)
              .map((list) => (
                <ValueList
                  key={list.field}
                  spec={list}
                  total={summary.events}
                  onPick={(item) => pickWith(list.field, item)}
                />
              ))}
          </div>
        </>
      )}
    </section>
  );
}

function percent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  const share = (100 * part) / whole;
  return `${share < 1 && share > 0 ? share.toFixed(1) : Math.round(share)}%`;
}

function timeText(ms: number, timeZone: "utc" | "local"): string {
  return Number.isNaN(ms) ? "no time" : formatTime(ms, timeZone);
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Events per UTC day from the first to the last, as bars in an inline SVG. */
function DailyStrip({ daily }: { daily: DailyCounts }) {
  const { counts, start, bucketDays } = daily;
  const n = counts.length;
  let max = 0;
  for (let i = 0; i < n; i++) if (counts[i] > max) max = counts[i];
  const end = start + (n * bucketDays - 1) * DAY_MS;
  const unit = bucketDays === 1 ? "day" : `${bucketDays} days`;
  const gap = n <= 120 ? 0.15 : 0;
  return (
    <div className="entity-daily">
      <div className="entity-section-title">
        Events per {unit} (UTC) <span className="muted">{formatCount(n)} bars</span>
      </div>
      <svg
        className="entity-strip"
        data-testid="entity-daily"
        data-days={n}
        viewBox={`0 0 ${n} ${STRIP_HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Events per ${unit}, ${utcDay(start)} to ${utcDay(end)}, at most ${max} a ${unit}`}
      >
        {Array.from(counts, (count, i) => {
          if (count === 0) return null;
          const height = Math.max(1.5, (STRIP_HEIGHT * count) / Math.max(1, max));
          const from = start + i * bucketDays * DAY_MS;
          const when = bucketDays === 1 ? utcDay(from) : `${utcDay(from)} +${bucketDays} days`;
          return (
            <rect key={i} x={i + gap} width={1 - 2 * gap} y={STRIP_HEIGHT - height} height={height}>
              <title>{`${when}: ${formatCountOf(count, "event")}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="entity-strip-axis">
        <span>{utcDay(start)}</span>
        <span>{utcDay(end)}</span>
      </div>
    </div>
  );
}

function ApiList({
  apis,
  total,
  onPick,
}: {
  apis: ApiTally[];
  total: number;
  onPick: (eventName: string) => void;
}) {
  const [all, setAll] = useState(false);
  const shown = apis.slice(0, all ? LIST_MAX : LIST_SHOWN);
  return (
    <div className="entity-apis" data-testid="entity-apis">
      <div className="entity-section-title">
        APIs <span className="muted">{formatCount(apis.length)}</span>
      </div>
      <table className="entity-table">
        <thead>
          <tr>
            <th scope="col">Event name</th>
            <th scope="col" className="num">
              Events
            </th>
            <th scope="col" className="num">
              OK
            </th>
            <th scope="col" className="num">
              Failed
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((api) => (
            <tr
              key={api.id}
              data-testid="entity-api"
              data-value={api.value}
              data-success={api.success}
              data-failure={api.failure}
            >
              <td className="entity-name">
                <button
                  type="button"
                  className="entity-link"
                  title={`Filter to this API (${percent(api.count, total)} of the events)`}
                  onClick={() => onPick(api.value)}
                >
                  <span className={api.value === "" ? "empty-value" : undefined}>
                    {valueLabel("eventName", api.value)}
                  </span>
                </button>
              </td>
              <td className="num">{formatCount(api.count)}</td>
              <td className="num">{formatCount(api.success)}</td>
              <td className={`num${api.failure > 0 ? " has-errors" : ""}`}>
                {formatCount(api.failure)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowAll count={apis.length} all={all} onToggle={() => setAll(!all)} />
    </div>
  );
}

function ValueList({
  spec,
  total,
  onPick,
}: {
  spec: ListSpec;
  total: number;
  onPick: (value: string) => void;
}) {
  const [all, setAll] = useState(false);
  const { field, title, items } = spec;
  const shown = items.slice(0, all ? LIST_MAX : LIST_SHOWN);
  return (
    <div className="entity-list" data-testid="entity-list" data-field={field}>
      <div className="entity-section-title">
        {title} <span className="muted">{formatCount(items.length)}</span>
      </div>
      <ul>
        {shown.map((item) => (
          <li key={item.id} data-value={item.value} data-count={item.count}>
            <button
              type="button"
              className="entity-link"
              title={
                item.value === ""
                  ? `Events with no ${fieldLabel(field).toLowerCase()}`
                  : revealHidden(item.value)
              }
              onClick={() => onPick(item.value)}
            >
              <span
                className="entity-bar"
                style={{ width: `${(100 * item.count) / Math.max(1, total)}%` }}
              />
              <span className={`entity-item-text${item.value === "" ? " empty-value" : ""}`}>
                {item.value === "" ? emptyLabel(field) : valueLabel(field, item.value)}
              </span>
              <span className="entity-item-count">{formatCount(item.count)}</span>
            </button>
          </li>
        ))}
      </ul>
      <ShowAll count={items.length} all={all} onToggle={() => setAll(!all)} />
    </div>
  );
}

function ShowAll({ count, all, onToggle }: { count: number; all: boolean; onToggle: () => void }) {
  if (count <= LIST_SHOWN) return null;
  return (
    <div className="entity-more">
      <button type="button" className="link-button" onClick={onToggle}>
        {all
          ? "Show fewer"
          : count > LIST_MAX
            ? `Show ${formatCount(LIST_MAX)}`
            : `Show all ${formatCount(count)}`}
      </button>
      {all && count > LIST_MAX ? (
        <span className="muted">
          the first {formatCount(LIST_MAX)} of {formatCount(count)}
        </span>
      ) : null}
    </div>
  );
}
