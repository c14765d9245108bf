import {
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
} from "@tanstack/react-table";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { DictField } from "../../ingest/chunk";
import type { OrderedRows } from "../../store/orderedRows";
import { formatTime } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import type { SortColumn, ViewState } from "../../state/viewState";
import { isConflicting } from "../../store/conflicts";
import type { EventStore } from "../../store/eventStore";
import { emptyLabel, fieldLabel } from "../facets/fields";
import { ConflictBadge } from "../integrity/ConflictBadge";
import { useRowWindow } from "./useRowWindow";

/** One visible row, read from the columns only when it scrolls into view. */
interface EventRow {
  /** Row id in the store. */
  row: number;
  /** Position in the current selection. */
  position: number;
  time: number;
  values: Record<DictField, string>;
  /** A conflicting duplicate: another row has its eventID with other content. */
  conflict: boolean;
}

/** The columns shown until the user chooses others. */
export const TABLE_FIELDS: DictField[] = [
  "eventName",
  "eventSource",
  "principal",
  "sourceIPAddress",
  "awsRegion",
  "errorCode",
  "account",
  "userAgent",
];

const ROW_HEIGHT = 24;
const features = tableFeatures({
  columnSizingFeature,
  columnResizingFeature,
  columnVisibilityFeature,
});

const WIDTHS: Partial<Record<DictField, number>> = {
  userArn: 300,
  accessKeyId: 170,
  userType: 120,
  readOnly: 90,
  eventType: 140,
  eventCategory: 110,
  eventName: 220,
  eventSource: 200,
  principal: 220,
  sourceIPAddress: 150,
  awsRegion: 110,
  errorCode: 150,
  account: 120,
  userAgent: 260,
};

interface Props {
  store: EventStore;
  /** The selection in order: the table reads the rows on screen, not the whole list. */
  rows: OrderedRows;
  timeZone: "utc" | "local";
  /** The fields shown as columns, in order (time always comes first). */
  fields: readonly DictField[];
  sort: ViewState["sort"];
  onSort: (column: SortColumn) => void;
  /** Store row of the open event (highlighted), -1 for none. */
  openRow: number;
  /** Opens the event at a store row. */
  onOpen: (row: number) => void;
  /** A narrow first cell per row (the case file's star), when given. */
  renderLead?: (row: number) => ReactNode;
}

const LEAD_WIDTH = 28;

/** Keys that move the keyboard cursor, as a step from where it is (in rows; ±Infinity: ends). */
const CURSOR_STEPS: Record<string, number> = {
  ArrowDown: 1,
  ArrowUp: -1,
  PageDown: 20,
  PageUp: -20,
  Home: -Infinity,
  End: Infinity,
};

/**
 * The events of the selection. Only the rows in view exist as objects: useRowWindow says which
 * positions are visible (arithmetic on a fixed row height, nothing kept per row), those are read from the columns, and TanStack Table lays out the columns
 * (sizes, resizing, visibility). Sorting is done by the store over the whole selection.
 */
export function EventTable({
  store,
  rows,
  timeZone,
  fields,
  sort,
  onSort,
  openRow,
  onOpen,
  renderLead,
}: Props) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const { items, spacer, scrollToIndex } = useRowWindow(scrollRef, rows.length, ROW_HEIGHT, 4);

  // The keyboard cursor is a store row, so it stays on its event when the selection changes; a
  // click or an open moves it there.
  const [cursor, setCursor] = useState(-1);
  const [followed, setFollowed] = useState(openRow);
  if (followed !== openRow) {
    setFollowed(openRow);
    if (openRow >= 0) setCursor(openRow);
  }
  const cursorPosition = useMemo(() => (cursor < 0 ? -1 : rows.indexOf(cursor)), [rows, cursor]);
  // A new selection that holds the open event (a time window around it, a related filter)
  // brings it into view, marked.
  useEffect(() => {
    if (openRow < 0) return;
    const at = rows.indexOf(openRow);
    if (at >= 0) scrollToIndex(at, "center");
    // Only a new selection moves the view; the open event moving is the table's own doing.
    // oxlint-disable-next-line react/exhaustive-deps
  }, [rows]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || rows.length === 0) return;
    if (event.key === "Enter") {
      if (cursorPosition >= 0) {
        event.preventDefault();
        onOpen(cursor);
      }
      return;
    }
    const step = CURSOR_STEPS[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const from = cursorPosition < 0 ? (step > 0 ? -1 : rows.length) : cursorPosition;
    const to = Math.min(rows.length - 1, Math.max(0, from + step));
    setCursor(rows.rowAt(to));
    scrollToIndex(to, "auto");
  };

  // Read again when the range in view or the selection changes, not on every scroll.
  const from = items.length > 0 ? items[0].index : 0;
  const to = from + items.length;
  const data = useMemo(() => {
    const out: EventRow[] = [];
    const listed = rows.upTo(to);
    for (let position = from; position < listed.length; position++)
      out.push(readRow(store, fields, listed[position], position));
    return out;
  }, [store, fields, rows, from, to]);

  const columns = useMemo<ColumnDef<typeof features, EventRow>[]>(
    () => [
      {
        id: "time",
        header: `Time (${timeZone === "utc" ? "UTC" : "local"})`,
        // A whole time with seconds, and room for the conflicting-duplicate mark before it.
        size: 172,
        accessorFn: (row) => formatTime(row.time, timeZone),
      },
      ...fields.map((field): ColumnDef<typeof features, EventRow> => ({
        id: field,
        header: fieldLabel(field),
        size: WIDTHS[field] ?? 150,
        accessorFn: (row) => row.values[field],
      })),
    ],
    [timeZone, fields],
  );

  const table = useTable({ features, columns, data, columnResizeMode: "onChange" });
  const lead = renderLead === undefined ? 0 : LEAD_WIDTH;
  const width = table.getTotalSize() + lead;

  return (
    <div
      className="table-wrap"
      ref={scrollRef}
      data-testid="event-table"
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-label="Events: arrow keys move, Enter opens"
    >
      <div className="event-table" role="table" aria-rowcount={rows.length} style={{ width }}>
        <div className="thead" role="row">
          {lead > 0 ? (
            <div
              className="th lead"
              role="columnheader"
              style={{ width: lead }}
              aria-label="Starred"
            />
          ) : null}
          {table.getFlatHeaders().map((header) => {
            const column = header.id as SortColumn;
            const sorted = sort.column === column ? sort.direction : null;
            return (
              <div
                key={header.id}
                className="th"
                role="columnheader"
                aria-sort={
                  sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"
                }
                style={{ width: header.getSize() }}
              >
                <button
                  type="button"
                  className="sort-button"
                  data-testid="sort-column"
                  data-column={column}
                  title="Sort by this column (click again to reverse)"
                  onClick={() => onSort(column)}
                >
                  {String(header.column.columnDef.header ?? header.id)}
                  {sorted ? <span aria-hidden="true">{sorted === "asc" ? " ▲" : " ▼"}</span> : null}
                </button>
                <div
                  className="resize-handle"
                  role="separator"
                  aria-orientation="vertical"
                  aria-label={`Resize ${String(header.column.columnDef.header ?? header.id)}`}
                  onMouseDown={header.getResizeHandler()}
                  onTouchStart={header.getResizeHandler()}
                  onDoubleClick={() => header.column.resetSize()}
                />
              </div>
            );
          })}
        </div>
        <div style={{ height: spacer, position: "relative" }}>
          {table.getRowModel().rows.map((row, i) => {
            const item = items[i];
            if (!item) return null;
            const event = row.original;
            // Keyed by its place in the window, not by the event: after a click or a scroll the
            // same elements show other events (their text and attributes change), rather than
            // every row and cell being removed and made anew. The lead too (a star's state names
            // its row).
            return (
              <div
                key={i}
                className={`tr${event.values.errorCode ? " error" : ""}${event.row === cursor ? " cursor" : ""}`}
                role="row"
                data-testid="event-row"
                data-row={event.row}
                data-conflict={event.conflict ? "true" : undefined}
                aria-selected={event.row === openRow}
                onClick={() => {
                  setCursor(event.row);
                  onOpen(event.row);
                }}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {renderLead !== undefined ? (
                  <div className="td lead" role="cell" style={{ width: lead }}>
                    {renderLead(event.row)}
                  </div>
                ) : null}
                {row.getVisibleCells().map((cell) => {
                  const text = String(cell.getValue() ?? "");
                  const field = cell.column.id;
                  return (
                    <div
                      key={field}
                      className={`td ${field}`}
                      role="cell"
                      style={{ width: cell.column.getSize() }}
                      title={text}
                    >
                      {field === "time" && event.conflict ? <ConflictBadge /> : null}
                      {text ||
                        (field === "time" ? (
                          ""
                        ) : (
                          <span className="empty-value">{emptyLabel(field as DictField)}</span>
                        ))}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function readRow(
  store: EventStore,
  fields: readonly DictField[],
  row: number,
  position: number,
): EventRow {
  const values = {} as Record<DictField, string>;
  for (const field of fields) values[field] = revealHidden(store.value(field, row));
  return { row, position, time: store.time[row], values, conflict: isConflicting(store, row) };
}
