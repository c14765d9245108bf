import { useVirtualizer } from "@tanstack/react-virtual";
import {
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type MouseEvent,
  type ReactNode,
} from "react";
import type { DictField } from "../../ingest/chunk";
import { formatCount, formatCountOf } from "../../lib/format";
import { topValues } from "../../store/topValues";
import type { Dictionary } from "../../store/dictionary";
import { fieldLabel, valueLabel } from "./fields";

interface Props {
  field: DictField;
  counts: Uint32Array;
  dict: Dictionary;
  included: readonly string[];
  excluded: readonly string[];
  onToggle: (field: DictField, value: string, exclude: boolean) => void;
  /** For principals, addresses and keys: opens the value's summary (the entity view). */
  onEntity?: (field: DictField, value: string) => void;
}

const TOP = 10;
/**
 * Past this many values a shown-in-full list renders only the rows in its scroll box: a source
 * IP facet can hold 100k values, far too many elements to lay out at once.
 */
const VIRTUAL_FROM = 1000;
const ROW_HEIGHT = 21;

/**
 * One facet: the field's values with how many events have each under the other panels' filters.
 * Click includes a value, shift-click (or the − button) excludes it; a second click removes it.
 */
export function FacetPanel({ field, counts, dict, included, excluded, onToggle, onEntity }: Props) {
  const [showAll, setShowAll] = useState(false);
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  // The whole sorted list only when it is asked for: a source IP facet can hold 100k values.
  const everything = showAll || needle !== "";
  const values = useMemo(
    () => topValues(counts, dict, everything ? Number.POSITIVE_INFINITY : TOP),
    [counts, dict, everything],
  );
  const distinct = useMemo(() => countNonZero(counts), [counts]);
  const matching = needle ? values.filter((v) => v.value.toLowerCase().includes(needle)) : values;
  const top = showAll ? matching : matching.slice(0, TOP);
  // Chosen values stay visible even when they fall out of the top.
  const chosen = [...included, ...excluded].filter((value) => !top.some((v) => v.value === value));
  const shown = top.concat(
    chosen.map((value) => {
      const id = dict.idOf(value);
      return { value, id, count: id >= 0 && id < counts.length ? counts[id] : 0 };
    }),
  );
  const max = top.length > 0 ? top[0].count : 0;
  const more = needle ? matching.length : distinct;
  const click = (event: MouseEvent, value: string) => onToggle(field, value, event.shiftKey);
  const virtual = shown.length > VIRTUAL_FROM;

  // A short list's rows are keyed by their place: when a filter elsewhere changes which values
  // lead, the rows are updated in place rather than moved or made anew.
  const renderValue = (
    { value, count }: { value: string; count: number },
    style?: CSSProperties,
    place?: number,
  ) => (
    <li
      key={place ?? value}
      className={onEntity && value ? "with-entity" : undefined}
      style={style}
    >
      <button
        type="button"
        className={`facet-value${excluded.includes(value) ? " excluded" : ""}`}
        data-testid="facet-value"
        data-value={value}
        data-count={count}
        aria-pressed={included.includes(value)}
        title={`${valueLabel(field, value)}: ${formatCountOf(count, "event")}. Click to filter, shift-click to exclude.`}
        onClick={(event) => click(event, value)}
      >
        <span className="bar" style={{ width: `${max > 0 ? (count / max) * 100 : 0}%` }} />
        <span className={`label${value ? "" : " empty-value"}`}>{valueLabel(field, value)}</span>
        <span className="count">{formatCount(count)}</span>
      </button>
      {onEntity && value ? (
        <button
          type="button"
          className="facet-entity"
          data-testid="facet-entity"
          title={`Summary of ${valueLabel(field, value)}: APIs, regions, addresses, keys, first and last seen`}
          aria-label={`Summary of ${valueLabel(field, value)}`}
          onClick={() => onEntity(field, value)}
        >
          ⓘ
        </button>
      ) : null}
    </li>
  );

  return (
    <section className="facet" data-testid={`facet-${field}`} aria-label={fieldLabel(field)}>
      <h3>
        <span>{fieldLabel(field)}</span>
        <span>{formatCount(distinct)}</span>
      </h3>
      {distinct > TOP ? (
        <input
          type="search"
          className="facet-search"
          placeholder={`Search ${formatCount(distinct)} values…`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          aria-label={`Search ${fieldLabel(field)} values`}
        />
      ) : null}
      {virtual ? (
        <VirtualValues values={shown} render={renderValue} />
      ) : (
        <ul>{shown.map((entry, place) => renderValue(entry, undefined, place))}</ul>
      )}
      {more > TOP ? (
        <button type="button" className="link-button" onClick={() => setShowAll(!showAll)}>
          {showAll ? "Show top 10" : `Show all ${formatCount(more)}`}
        </button>
      ) : null}
    </section>
  );
}

function countNonZero(counts: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) n++;
  return n;
}

/**
 * A list of more values than can be laid out at once, in a scroll box: only the rows in view
 * (and a few beyond) are rendered. Its own component, so that the short lists pay nothing for it.
 */
function VirtualValues<T>({
  values,
  render,
}: {
  values: readonly T[];
  render: (value: T, style: CSSProperties) => ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: values.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <div className="facet-scroll" ref={scrollRef} data-testid="facet-scroll">
      <ul className="facet-virtual" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) =>
          render(values[item.index]!, {
            height: ROW_HEIGHT,
            transform: `translateY(${item.start}px)`,
          }),
        )}
      </ul>
    </div>
  );
}
