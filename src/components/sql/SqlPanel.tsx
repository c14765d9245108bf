import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { revealHidden } from "../../lib/visible";
import { parseQuery } from "../../query/parse";
import { layoutOf, toSql, type SqlText } from "../../query/sql";
import type { ViewState } from "../../state/viewState";
import type { ExplorerProps } from "../app/types";
import "./sql.css";

interface Form {
  key: "athena" | "lake" | "duckdb";
  title: string;
  hint: string;
  text: SqlText;
}

/** Athena's text: the table, the SELECT, and the UNLOAD form after it. */
function athenaText(athena: SqlText, unload: SqlText): SqlText {
  if (!athena.ok) return athena;
  return unload.ok ? { ok: true, sql: `${athena.sql}\n\n${unload.sql}` } : athena;
}

function SqlForm({ form }: { form: Form }) {
  const [copied, setCopied] = useState("");
  const text = form.text.ok ? form.text.sql : form.text.reason;
  const hidden = form.text.ok && revealHidden(text) !== text;
  const copy = () => {
    if (!navigator.clipboard) {
      setCopied("Clipboard not available");
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setCopied("Copied"),
      () => setCopied("Copy failed"),
    );
  };
  return (
    <section className="sql-form" aria-label={form.title}>
      <div className="sql-form-head">
        <strong>{form.title}</strong>
        <span className="sql-hint">{form.hint}</span>
        {form.text.ok ? (
          <button type="button" data-testid={`sql-copy-${form.key}`} onClick={copy}>
            Copy
          </button>
        ) : null}
        <span className="sql-copied" aria-live="polite">
          {copied}
        </span>
      </div>
      {hidden ? (
        <p className="sql-warning">
          This SQL holds invisible or reordering characters taken from the logs: read it in an
          editor that shows them before running it.
        </p>
      ) : null}
      <pre
        className={form.text.ok ? "sql-text" : "sql-text sql-unsupported"}
        data-testid={`sql-${form.key}`}
        data-state={form.text.ok ? "ok" : "unsupported"}
        dir="ltr"
      >
        {form.text.ok ? text : `Cannot be said in this form: ${text}`}
      </pre>
    </section>
  );
}

/** Every SQL form of a view over files at `paths`, each with its copy button or its reason. */
export function SqlForms({ view, paths }: { view: ViewState; paths: readonly string[] }) {
  const forms = useMemo((): Form[] => {
    const parsed = parseQuery(view.query);
    const all = toSql(
      {
        include: view.include,
        exclude: view.exclude,
        timeFrom: view.timeFrom,
        timeTo: view.timeTo,
        expr: parsed.ok ? parsed.expr : null,
        group: view.group,
        text: view.text,
      },
      layoutOf(paths),
    );
    return [
      {
        key: "athena",
        title: "Athena",
        hint: "Edit <your-trail-bucket> before running it.",
        text: athenaText(all.athena, all.athenaUnload),
      },
      {
        key: "lake",
        title: "CloudTrail Lake",
        hint: "Edit <your-event-data-store-id>.",
        text: all.lake,
      },
      {
        key: "duckdb",
        title: "DuckDB",
        hint: "Run from the folder that holds AWSLogs/.",
        text: all.duckdb,
      },
    ];
  }, [view, paths]);
  return (
    <>
      {forms.map((form) => (
        <SqlForm key={form.key} form={form} />
      ))}
    </>
  );
}

/**
 * "Copy as SQL…": the current view (facets, query, time range, group-by, deduplication) as
 * Athena (with the table over the trail's S3 layout and the UNLOAD way back), CloudTrail Lake
 * and DuckDB SQL. A form that cannot say the view exactly shows the reason instead.
 */
export function SqlPanel({ session, view }: ExplorerProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const panelId = useId();
  // The files only grow during a session: their count says when the paths may have changed.
  const filesVersion = session.files.length;
  const paths = useMemo(
    () => session.files.slice(0, filesVersion).map((file) => file.path),
    [session, filesVersion],
  );

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open && !event.defaultPrevented) {
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
  };

  return (
    <div className="sql" ref={rootRef} onKeyDown={onKeyDown}>
      <button
        type="button"
        ref={buttonRef}
        data-testid="sql-open"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        title="The current view as Athena, CloudTrail Lake and DuckDB SQL"
        onClick={() => setOpen(!open)}
      >
        Copy as SQL…
      </button>
      <div
        className="sql-panel"
        id={panelId}
        role="dialog"
        aria-label="Copy as SQL"
        data-testid="sql-panel"
        hidden={!open}
      >
        {open ? <SqlForms view={view} paths={paths} /> : null}
      </div>
    </div>
  );
}
