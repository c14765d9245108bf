import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { formatCount, formatCountOf } from "../../lib/format";
import {
  exportEvents,
  exportFileName,
  ExportStaleError,
  type ExportFormat,
  type ExportProgress,
} from "../../state/export";
import type { ExplorerProps } from "../app/types";
import type { DictField } from "../../ingest/chunk";
import { downloadBlob } from "./download";

const FORMATS: { format: ExportFormat; label: string; title: string }[] = [
  {
    format: "json",
    label: "JSON",
    title: 'Whole records as CloudTrail delivers them ({"Records":[…]}); loads again here',
  },
  { format: "ndjson", label: "NDJSON", title: "Whole records, one JSON object a line" },
  {
    format: "csv",
    label: "CSV",
    title: "Time (UTC) and the table's columns, safe to open in a spreadsheet",
  },
];

interface Running extends ExportProgress {
  format: ExportFormat;
}

interface Outcome {
  kind: "done" | "cancelled" | "error";
  text: string;
}

/**
 * "Export…": the events shown, in the table's order, as JSON, NDJSON or CSV. The CSV columns are
 * the table's columns as the user chose them.
 */
export function ExportMenu({
  explorer,
  columns,
}: {
  explorer: ExplorerProps;
  /** The table's columns, in order: what a CSV export writes. */
  columns: readonly DictField[];
}) {
  const { session, derived } = explorer;
  const [open, setOpen] = useState(false);
  const [running, setRunning] = useState<Running | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [alignLeft, setAlignLeft] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const menuRef = useRef<HTMLDivElement | null>(null);
  const menuId = useId();
  const count = derived.shown;

  // The toolbar wraps on narrow windows, so the button is not always at the right edge: the menu
  // opens towards whichever side has room for it.
  useLayoutEffect(() => {
    if (!open) return;
    const button = buttonRef.current?.getBoundingClientRect();
    const menu = menuRef.current?.getBoundingClientRect();
    if (button && menu) setAlignLeft(button.right - menu.width < 0);
  }, [open]);

  // An export outlives the menu being closed, but not the component.
  useEffect(() => () => controller.current?.abort(), []);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
    const outside = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      close();
    }
  };

  const start = (format: ExportFormat) => {
    const ctl = new AbortController();
    controller.current = ctl;
    // The selection as it is now: a later filter change does not change a running export.
    const rows = derived.rows;
    setOutcome(null);
    setRunning({ format, done: 0, total: rows.length, missing: 0 });
    exportEvents(
      session,
      rows,
      format,
      columns,
      (progress) => setRunning({ format, ...progress }),
      ctl.signal,
    )
      .then(({ blob, exported, missing }) => {
        const name = exportFileName(format, exported);
        downloadBlob(blob, name);
        setOutcome({
          kind: "done",
          text:
            `Saved ${name}: ${formatCountOf(exported, "event")}.` +
            (missing > 0
              ? ` ${formatCountOf(missing, "event")} could not be read again from their files and ${missing === 1 ? "is" : "are"} not in it.`
              : ""),
        });
      })
      .catch((error: unknown) => {
        if (ctl.signal.aborted) setOutcome({ kind: "cancelled", text: "Export cancelled." });
        else if (error instanceof ExportStaleError)
          setOutcome({ kind: "error", text: "Export stopped: the loaded events were cleared." });
        else
          setOutcome({
            kind: "error",
            text: `Export failed: ${error instanceof Error ? error.message : String(error)}`,
          });
      })
      .finally(() => {
        if (controller.current === ctl) controller.current = null;
        setRunning(null);
      });
  };

  const share = running && running.total > 0 ? running.done / running.total : 0;

  return (
    <div className="export" ref={rootRef} onKeyDown={onKeyDown}>
      <button
        type="button"
        ref={buttonRef}
        data-testid="export-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={!running && session.store.rows === 0}
        onClick={() => setOpen(!open)}
      >
        {running ? `Exporting ${Math.floor(share * 100)}%…` : "Export…"}
      </button>
      {open ? (
        <div
          className={`export-menu${alignLeft ? " align-left" : ""}`}
          id={menuId}
          ref={menuRef}
          role="dialog"
          aria-label="Export events"
          data-testid="export-menu"
        >
          <p className="export-count" data-testid="export-count" data-count={count}>
            Export the <strong>{formatCount(count)}</strong> events shown, in the table's order, as
          </p>
          <div className="export-formats" role="group" aria-label="Format">
            {FORMATS.map(({ format, label, title }) => (
              <button
                key={format}
                type="button"
                data-testid={`export-${format}`}
                title={title}
                disabled={running !== null || count === 0}
                onClick={() => start(format)}
              >
                {label}
              </button>
            ))}
          </div>
          <p className="export-hint">CSV: time in UTC, then the table's columns.</p>
          {running ? (
            <div
              className="export-progress"
              data-testid="export-progress"
              data-done={running.done}
              data-total={running.total}
            >
              <progress
                value={running.done}
                max={Math.max(1, running.total)}
                aria-label={`Exporting ${running.format.toUpperCase()}`}
              />
              <span>
                {formatCount(running.done)} / {formatCount(running.total)}
              </span>
              <button
                type="button"
                data-testid="export-cancel"
                onClick={() => controller.current?.abort()}
              >
                Cancel
              </button>
            </div>
          ) : null}
          {outcome ? (
            <p
              className={`export-outcome ${outcome.kind}`}
              role="status"
              data-testid="export-result"
              data-state={outcome.kind}
            >
              {outcome.text}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
