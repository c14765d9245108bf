import {
  useDeferredValue,
  memo,
  useSyncExternalStore,
  useMemo,
  useCallback,
  useEffect,
  useState,
  type DragEvent,
} from "react";
import { LoadBar } from "./components/load/LoadBar";
import { EventTable, TABLE_FIELDS } from "./components/table/EventTable";
import { ColumnChooser } from "./components/table/ColumnChooser";
import { Splitter } from "./components/app/Splitter";
import { EventDetail } from "./components/detail/EventDetail";
import { useEventOpener } from "./components/detail/useEventOpener";
import { useSessionViews } from "./components/app/useSession";
import { LiveFileErrors, LiveStatus } from "./components/app/Live";
import { useViewState } from "./components/app/useViewState";
import type { DictField } from "./ingest/chunk";
import { bothMasks, deriveView } from "./state/derive";
import { prepareSearch } from "./store/queryEval";
import { QueryRunner } from "./state/queryRun";
import { filesFromDrop } from "./state/dropped";
import { DEMO_STARTING, demoProgressText, type DemoProgress } from "./state/demo";
import type { Session, SourceFile } from "./state/session";
import { nextSort } from "./state/viewState";
import type { ExplorerProps } from "./components/app/types";
import { ExportMenu } from "./components/export/ExportMenu";
import { SqlPanel } from "./components/sql/SqlPanel";
import { IntegrityPanel } from "./components/integrity/IntegrityPanel";
import { IntegrityCheck } from "./state/integrity";
import { QueryBox } from "./components/search/QueryBox";
import { FilterBar } from "./components/filters/FilterBar";
import { FullTextBox } from "./components/search/FullTextBox";
import { FullTextSearch } from "./state/fullText";
import { zoneLabel } from "./lib/format";
import { ActivityChart } from "./components/chart/ActivityChart";
import { InsightsFold } from "./components/app/InsightsFold";
import { Welcome } from "./components/app/Welcome";
import { FacetColumn } from "./components/app/FacetColumn";
import { FACET_FIELDS } from "./state/facetFields";
import { GroupByView, type PickFilter } from "./components/groupby/GroupByView";
import { EntityView } from "./components/groupby/EntityView";
import { builtinRulesEnabled, Detections, splitRuleFiles } from "./state/detections";
import { FindingsPanel } from "./components/findings/FindingsPanel";
import { RulesInput } from "./components/findings/RulesInput";
import { CasePanel } from "./components/case/CasePanel";
import { StarButton } from "./components/case/StarButton";
import { useCaseFile } from "./components/case/useCaseFile";
import { useAfterWalk } from "./components/app/useAfterWalk";
import { useNoteInput } from "./components/app/useNoteInput";

// The chart and the Insights lists render from deferred values: after a click, the counts and
// the table update first, and these follow in the next, interruptible render.
const DeferredChart = memo(ActivityChart);
const DeferredInsights = memo(InsightsFold);
// The integrity panel follows its own state, not the view: a query or a click leaves it alone.
const MemoIntegrity = memo(IntegrityPanel);

/**
 * Below this window width the event detail opens over the table rather than beside it, and the
 * facet column starts narrower (styles.css has the same breakpoint).
 */
const NARROW_PX = 1280;

export function App({ session }: { session: Session }) {
  useSessionViews(session);
  const [view, setView] = useViewState();
  const [dragging, setDragging] = useState(false);
  const [demo, setDemo] = useState<DemoProgress | null>(null);
  const demoBusy = demo !== null;
  const [demoError, setDemoError] = useState("");
  const [columns, setColumns] = useState<DictField[]>(TABLE_FIELDS);
  const [sidebarWidth, setSidebarWidth] = useState(() =>
    window.innerWidth < NARROW_PX ? 232 : 300,
  );
  const [facetsOpen, setFacetsOpen] = useState(true);
  const [insightsOpen, setInsightsOpen] = useState(true);
  const [detailWidth, setDetailWidth] = useState(460);
  const [entity, setEntity] = useState<{ field: DictField; value: string } | null>(null);

  const detections = useMemo(() => new Detections(session, builtinRulesEnabled()), [session]);
  // Only the findings: the progress of a rule scan is the findings panel's to show, and a render
  // of the whole page for each step of it would hold the page while the rules run.
  const findings = useSyncExternalStore(detections.subscribe, () => detections.getState().findings);
  // Sigma rule files among the dropped or picked ones are rules, not logs.
  const load = useCallback(
    (files: SourceFile[]) => {
      const { rules, logs } = splitRuleFiles(files);
      if (rules.length > 0) {
        void Promise.all(
          rules.map(async (f) => ({ name: f.path, text: await f.blob.text() })),
        ).then((texts) => detections.addSigma(texts));
      }
      if (logs.length > 0) void session.load(logs);
    },
    [session, detections],
  );

  const loadDemo = useCallback(() => {
    setDemo(DEMO_STARTING);
    setDemoError("");
    session
      .demoFiles(setDemo)
      .then((files) => {
        setDemo(null);
        return session.load(files);
      })
      .catch((error: unknown) =>
        setDemoError(error instanceof Error ? error.message : String(error)),
      )
      .finally(() => setDemo(null));
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

  const fullText = useMemo(() => new FullTextSearch(session), [session]);
  useSyncExternalStore(fullText.subscribe, fullText.getResult);
  // A full-text search in the URL runs again once its files are loaded, or after more came.
  const loadState = session.progress.state;
  useEffect(() => {
    if (view.text && loadState === "ready" && fullText.isStale(view.text))
      void fullText.start(view.text);
  }, [fullText, view.text, loadState]);
  // Once the files are read, get the quick search ready while the page is idle.
  useEffect(() => {
    if (loadState !== "ready") return;
    const handle = setTimeout(() => prepareSearch(session.store), 500);
    return () => clearTimeout(handle);
  }, [session, loadState]);
  const caseFindings = useMemo(
    () =>
      findings.map((f) => ({
        ruleId: f.ruleId,
        title: f.title,
        level: f.level,
        tactics: f.tactics,
        techniques: f.techniques,
        count: f.rows.length,
        first: f.first,
        last: f.last,
        source: f.source,
      })),
    [findings],
  );
  const caseFile = useCaseFile(session, view.query, caseFindings);
  const integrity = useMemo(() => new IntegrityCheck(session), [session]);
  useEffect(() => integrity.attach(), [integrity]);
  useNoteInput(session.userWork);
  const queryRunner = useMemo(() => {
    const runner = new QueryRunner(session);
    runner.findings = {
      get version() {
        return detections.version;
      },
      rows: detections.rowsOf,
    };
    return runner;
  }, [session, detections]);
  useSyncExternalStore(queryRunner.subscribe, queryRunner.getState);
  const queryState = queryRunner.update(view.query);
  const derived = deriveView(
    session,
    view,
    FACET_FIELDS,
    bothMasks(queryState.mask, fullText.maskFor(view.text)),
  );
  // A group or an entity's value picked: filter to it and show its events.
  const onPick = (filters: PickFilter[]) => {
    const include = { ...view.include };
    for (const { field, value } of filters) include[field] = [value];
    setView({ ...view, include, group: [] });
  };
  const onEntity = (field: DictField, value: string) => setEntity({ field, value });
  const hasData = session.files.length > 0;
  const explorer: ExplorerProps = { session, view, setView, derived };
  // The deferred half of the page follows once what a change shows at once is painted; the view
  // and what is derived from it travel together.
  const shownPair = useMemo(() => ({ view, derived }), [view, derived]);
  const deferredPair = useDeferredValue(useAfterWalk(shownPair, derived.ordered));
  const deferredView = deferredPair.view;
  // Drawing the chart over a growing store every second would hold the page during a large load;
  // it is drawn once the load is done, in a render of its own.
  const chartState = useDeferredValue(loadState);
  const deferredDerived = deferredPair.derived;
  const deferred: ExplorerProps = {
    session,
    view: deferredView,
    setView,
    derived: deferredDerived,
  };
  const opener = useEventOpener(session, view, setView);

  return (
    <div className="app" onDragOver={(event: DragEvent) => event.preventDefault()}>
      <header className="topbar">
        <div className="brand">
          Trailview<small>CloudTrail explorer · nothing leaves this page</small>
        </div>
        <LoadBar session={session} onLoad={load} onDemo={loadDemo} demo={demo} />
        <RulesInput detections={detections} />
        <QueryBox
          session={session}
          view={view}
          setView={setView}
          runner={queryRunner}
          state={queryState}
        />
        <div className="toolbar-end">
          <button
            type="button"
            data-testid="time-zone"
            title="Show times in UTC or in this computer's time zone"
            onClick={() =>
              setView({ ...view, timeZone: view.timeZone === "utc" ? "local" : "utc" })
            }
          >
            {view.timeZone === "utc" ? "UTC" : `Local (${zoneLabel("local")})`}
          </button>
          <CasePanel
            caseFile={caseFile}
            session={session}
            onOpen={(id) => setView({ ...view, event: id })}
            onQuery={(query) => setView({ ...view, query })}
          />
          <ColumnChooser fields={columns} onChange={setColumns} />
          <ExportMenu explorer={explorer} columns={columns} />
          <SqlPanel {...explorer} />
        </div>
      </header>
      <LiveStatus
        session={session}
        shown={derived.shown}
        idle={demo ? demoProgressText(demo) : undefined}
      />
      {demoError ? (
        <div className="notice">Demo data could not be generated: {demoError}</div>
      ) : null}
      <div
        className={`workspace${facetsOpen ? "" : " facets-closed"}${view.event ? " detail-open" : ""}`}
      >
        <FacetColumn
          detections={detections}
          derived={derived}
          deferredRows={deferredDerived.rows}
          session={session}
          view={view}
          setView={setView}
          width={sidebarWidth}
          open={facetsOpen}
          onEntity={onEntity}
        />
        {facetsOpen ? (
          <Splitter
            label="Resize the facets"
            width={sidebarWidth}
            min={200}
            max={640}
            side={1}
            onResize={setSidebarWidth}
          />
        ) : null}
        <main className="center">
          <FilterBar
            view={view}
            setView={setView}
            timeRange={session.store.timeRange()}
            start={
              <button
                type="button"
                className="facets-toggle"
                data-testid="facets-toggle"
                aria-controls="facets"
                aria-expanded={facetsOpen}
                title={facetsOpen ? "Hide the facet column" : "Show the facet column"}
                onClick={() => setFacetsOpen(!facetsOpen)}
              >
                <span aria-hidden="true">{facetsOpen ? "◂" : "▸"}</span> Facets
              </button>
            }
          >
            <FullTextBox
              view={view}
              setView={setView}
              search={fullText}
              busy={loadState === "loading"}
            />
          </FilterBar>
          {hasData ? (
            // The panels above the table scroll among themselves: the table keeps its share.
            <div className="center-panels" data-testid="center-panels">
              {chartState === "loading" ? (
                <section className="activity activity-pending" aria-label="Activity over time">
                  The chart follows when the files are read.
                </section>
              ) : (
                <DeferredChart {...deferred} />
              )}
              <DeferredInsights {...deferred} open={insightsOpen} onToggle={setInsightsOpen} />
              {entity !== null ? (
                <div className="entity-slot">
                  <EntityView
                    session={session}
                    field={entity.field}
                    value={entity.value}
                    rows={null}
                    timeZone={view.timeZone}
                    onClose={() => setEntity(null)}
                    onPick={onPick}
                  />
                </div>
              ) : null}
              <MemoIntegrity integrity={integrity} />
              <FindingsPanel detections={detections} view={view} setView={setView} />
            </div>
          ) : null}
          {hasData ? <GroupByView {...explorer} onPick={onPick} onEntity={onEntity} /> : null}
          {hasData ? (
            view.group.length > 0 ? null : (
              <EventTable
                store={session.store}
                rows={derived.ordered}
                timeZone={view.timeZone}
                fields={columns}
                sort={view.sort}
                onSort={(column) => setView({ ...view, sort: nextSort(view.sort, column) })}
                openRow={opener.openRow}
                onOpen={opener.open}
                renderLead={(row) => <StarButton caseFile={caseFile} session={session} row={row} />}
              />
            )
          ) : (
            <Welcome onDemo={loadDemo} demoBusy={demoBusy} />
          )}
          <LiveFileErrors session={session} />
        </main>
        {view.event ? (
          <Splitter
            className="detail-splitter"
            label="Resize the event detail"
            width={detailWidth}
            min={320}
            max={1000}
            side={-1}
            onResize={setDetailWidth}
          />
        ) : null}
        <EventDetail
          detections={detections}
          caseFile={caseFile}
          onEntity={onEntity}
          width={detailWidth}
          {...explorer}
          openRow={opener.openRow}
          onOpen={opener.open}
          onClose={opener.close}
        />
      </div>
      {dragging ? (
        <div className="drop-overlay">Drop to load: files stay on this machine</div>
      ) : null}
    </div>
  );
}
