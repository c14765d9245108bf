import { useCallback, useEffect, useState, type DragEvent } from "react";
import { FacetPanel } from "./components/facets/FacetPanel";
import { FileErrors } from "./components/files/FileErrors";
import { LoadBar } from "./components/load/LoadBar";
import { Progress } from "./components/load/Progress";
import { Summary } from "./components/summary/Summary";
import { EventTable } from "./components/table/EventTable";
import { useSessionVersion } from "./components/app/useSession";
import { useViewState } from "./components/app/useViewState";
import type { DictField } from "./ingest/chunk";
import { deriveView } from "./state/derive";
import { generateDemoFiles } from "./state/demo";
import { filesFromDrop } from "./state/dropped";
import type { Session, SourceFile } from "./state/session";
import { toggleExclude, toggleInclude } from "./state/viewState";
import type { ExplorerProps } from "./components/app/types";

export const FACET_FIELDS: readonly DictField[] = [
  "eventName",
  "eventSource",
  "sourceIPAddress",
  "awsRegion",
];

export function App({ session }: { session: Session }) {
  useSessionVersion(session);
  const [view, setView] = useViewState();
  const [dragging, setDragging] = useState(false);
  const [demoBusy, setDemoBusy] = useState(false);
  const [demoError, setDemoError] = useState("");

  const load = useCallback(
    (files: SourceFile[]) => {
      void session.load(files);
    },
    [session],
  );

  const loadDemo = useCallback(() => {
    setDemoBusy(true);
    setDemoError("");
    generateDemoFiles()
      .then((files) => session.load(files))
      .catch((error: unknown) =>
        setDemoError(error instanceof Error ? error.message : String(error)),
      )
      .finally(() => setDemoBusy(false));
  }, [session]);

  // A drop anywhere on the page loads what was dropped, folders included.
  useEffect(() => {
    const over = (event: globalThis.DragEvent) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: globalThis.DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: globalThis.DragEvent) => {
      event.preventDefault();
      setDragging(false);
      if (event.dataTransfer) void filesFromDrop(event.dataTransfer).then(load);
    };
    window.addEventListener("dragover", over);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragover", over);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [load]);

  const derived = deriveView(session, view, FACET_FIELDS);
  const onToggle = (field: DictField, value: string, exclude: boolean) =>
    setView(exclude ? toggleExclude(view, field, value) : toggleInclude(view, field, value));
  const hasData = session.files.length > 0;
  const explorer: ExplorerProps = { session, view, setView, derived };

  return (
    <div className="app" onDragOver={(event: DragEvent) => event.preventDefault()}>
      <header className="topbar">
        <div className="brand">
          Trailview<small>CloudTrail explorer · nothing leaves this page</small>
        </div>
        <LoadBar session={session} onLoad={load} onDemo={loadDemo} demoBusy={demoBusy} />
        <div className="spacer" />
        {/* slot: toolbar (search, export, time zone) */}
      </header>
      <Progress progress={session.progress} events={session.store.rows} />
      {demoError ? (
        <div className="notice">Demo data could not be generated: {demoError}</div>
      ) : null}
      <Summary session={session} shown={derived.shown} />
      <div className="workspace">
        <aside className="sidebar" aria-label="Facets">
          {FACET_FIELDS.map((field) => (
            <FacetPanel
              key={field}
              field={field}
              counts={derived.facets[field]}
              dict={session.store.dict(field)}
              included={view.include[field] ?? []}
              excluded={view.exclude[field] ?? []}
              onToggle={onToggle}
            />
          ))}
        </aside>
        <main className="center">
          {/* slot: filter chips */}
          {/* slot: activity chart */}
          {/* slot: Insights and anomalies */}
          {hasData ? (
            <EventTable store={session.store} rows={derived.rows} timeZone={view.timeZone} />
          ) : (
            <div className="welcome">
              <h2>Drop CloudTrail logs anywhere on this page</h2>
              <p>
                Files or whole folders (<code>AWSLogs/…</code>): <code>.json.gz</code> as delivered
                to S3, plain JSON, NDJSON, <code>lookup-events</code> output or EventBridge events.
                They are read here, in your browser; nothing is uploaded.
              </p>
              <p>
                No logs at hand?{" "}
                <button type="button" onClick={loadDemo}>
                  Load demo data
                </button>
              </p>
            </div>
          )}
          <FileErrors files={session.fileErrors()} />
        </main>
        {/* slot: event detail */}
      </div>
      {dragging ? (
        <div className="drop-overlay">Drop to load: files stay on this machine</div>
      ) : null}
    </div>
  );
}
