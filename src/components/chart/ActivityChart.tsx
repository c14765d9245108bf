import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  CartesianGrid,
  ComposedChart,
  DefaultZIndexes,
  Line,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  ZIndexLayer,
  useXAxisScale,
  useYAxisScale,
  type MouseHandlerDataParam,
  type TooltipContentProps,
} from "recharts";
import { formatCount, formatCountOf, zoneLabel } from "../../lib/format";
import {
  bucketTarget,
  dragRange,
  resetZoom,
  STACK_FIELDS,
  zoomView,
  type Activity,
  type StackField,
} from "../../state/activity";
import { seriesLabel } from "../../state/activityColors";
import { useActivity } from "./useActivity";
import {
  axisLabels,
  bucketLabel,
  bucketSpanLabel,
  tickLabel,
  timeTicks,
} from "../../state/timeAxis";
import { anomaliesOf, focusView, insightPairsOf } from "../../state/anomalies";
import { toggleInclude } from "../../state/viewState";
import type { ExplorerProps } from "../app/types";
import { fieldLabel } from "../facets/fields";
import {
  chartBands,
  chartRows,
  countTicks,
  SHARE_TICKS,
  seriesKey,
  stackPaths,
  type Band,
  type ChartRow,
} from "./chartData";
import { NoLine, UnmeasuredLine } from "./lineShapes";
import { seriesColor } from "./palette";

/** Over the bars (300), so a band shows on a busy bucket too; under the error line (400). */
const BAND_Z = 350;
/** The axes' widths (count on the left, error share on the right) and the plot's side margin. */
const COUNT_AXIS_PX = 48;
const SHARE_AXIS_PX = 40;
const MARGIN_PX = 4;
/** Room for one axis label (Recharts drops a label that would touch its neighbour). */
const TICK_PX = 80;
/**
 * Props that stay the same object from render to render: the chart library compares its props by
 * identity, and a new object makes it redo its layout, so only what changed is passed anew.
 */
const CHART_STYLE = { width: "100%", height: "100%" };
const CHART_MARGIN = { top: 6, right: MARGIN_PX, bottom: 0, left: 0 };
const SHARE_DOMAIN: [number, number] = [0, 1];
const shareTick = (value: number): string => `${Math.round(value * 100)}%`;
const countTick = (value: number): string => formatCount(value);
/** The stages of the chart's mount (see `stage`). */
const STAGE_Y_AXES = 1;
const STAGE_GRID = 2;
const STAGE_LINES = 3;
const STAGE_TOOLTIP = 4;
const STAGE_BARS = 5;
const STAGE_BANDS = 6;

/** The width of an element, followed as it changes (0 until it is laid out). */
function useWidth(): [(element: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    if (element === null) return;
    // Whole pixels, so a subpixel change of the layout does not bucket the chart again.
    const update = () => setWidth(Math.round(element.getBoundingClientRect().width));
    update();
    observer.current = new ResizeObserver(update);
    observer.current.observe(element);
    return () => observer.current?.disconnect();
  }, [element]);
  return [setElement, width];
}

/**
 * Events per time bucket over the filtered events, stacked by a field's top values, with the
 * share of errors as a line; loaded Insights and computed anomalies as bands. Drag across the
 * chart to zoom (the range becomes the time filter); click a band to focus on its API.
 */
/** The chart's data before its first bars (see `stage`). */
const NO_ROWS: ReturnType<typeof chartRows> = [];

export function ActivityChart({ session, view, setView, derived }: ExplorerProps) {
  const [field, setField] = useState<StackField>("eventSource");
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const [plotRef, plotWidth] = useWidth();
  // As many bars as the plot has room for, each a few pixels wide at least.
  const bars = plotWidth - COUNT_AXIS_PX - SHARE_AXIS_PX - MARGIN_PX;
  const { activity, counting } = useActivity(session, view, derived, field, bucketTarget(bars));
  const pairs = insightPairsOf(session);
  const anomalies = anomaliesOf(session);
  const rows = useMemo(() => (activity ? chartRows(activity) : []), [activity]);
  // The bands depend on the chart's range, not on its counts: a click that keeps the range keeps
  // them, and the chart library is not told of them again.
  const rangeFrom = activity?.from ?? 0;
  const rangeTo = activity?.to ?? 0;
  const bucketMs = activity?.bucketMs ?? 0;
  const hasActivity = activity !== null;
  const bands = useMemo(
    () =>
      hasActivity
        ? chartBands({ from: rangeFrom, to: rangeTo, bucketMs }, pairs, anomalies?.anomalies ?? [])
        : [],
    [hasActivity, rangeFrom, rangeTo, bucketMs, pairs, anomalies],
  );
  const xDomain = useMemo((): [number, number] => [rangeFrom, rangeTo], [rangeFrom, rangeTo]);
  // The count axis from the tallest bucket: its own ticks, no search for nice ones in the library.
  const tallest = useMemo(() => {
    let most = 0;
    if (activity) for (const total of activity.totals) most = Math.max(most, total);
    return most;
  }, [activity]);
  const countAxis = useMemo(() => {
    const ticks = countTicks(tallest);
    return { ticks, domain: [0, ticks[ticks.length - 1]] as [number, number] };
  }, [tallest]);
  // The chart mounts in stages, a task each: the time axis, the count and share axes, the grid,
  // the lines, the tooltip, the data and its bars, the bands. Each part registers with the
  // library's store, and each registration is a synchronous re-render of the chart: mounted at
  // once when a load ended, they were a task of 60–120 ms.
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= STAGE_BANDS) return;
    const handle = setTimeout(() => setStage(stage + 1), 0);
    return () => clearTimeout(handle);
  }, [stage]);
  const drawn = stage >= STAGE_BARS;
  // Clicks on a band read the view of the latest render: the handler stays the same function.
  const latest = useRef({ view, setView });
  useEffect(() => {
    latest.current = { view, setView };
  }, [view, setView]);
  const onFocus = useCallback((focus: Band["focus"]) => {
    const { view: now, setView: set } = latest.current;
    set(focusView(now, focus));
  }, []);
  const axis = useMemo(() => {
    if (activity === null) return null;
    const { from, to } = activity;
    // About one tick per TICK_PX of plot: a narrow chart keeps its labels apart.
    const most = bars > 0 ? Math.max(2, Math.min(8, Math.floor(bars / TICK_PX))) : 8;
    const { ticks, step } = timeTicks(from, to, view.timeZone, most);
    const labels = axisLabels(ticks, step, view.timeZone, from, to);
    return { ticks, step, labels: new Map(ticks.map((t, i) => [t, labels[i]])) };
  }, [activity, view.timeZone, bars]);
  const timeZone = view.timeZone;
  const timeTick = useCallback(
    (value: number, index: number) =>
      axis?.labels.get(value) ?? tickLabel(value, axis?.step ?? 1, timeZone, index === 0),
    [axis, timeZone],
  );
  if (activity === null || axis === null) return null;

  const zone = zoneLabel(view.timeZone, activity.from);
  // The hovered bar's start, within the chart (the point Recharts reports is a bar's middle).
  const bucketOf = (state: MouseHandlerDataParam): number | null => {
    const label = state.activeLabel;
    if (typeof label !== "number") return null;
    const start = label - activity.bucketMs / 2;
    const last = activity.buckets[activity.buckets.length - 1] ?? activity.from;
    return Math.min(Math.max(start, activity.from), last);
  };
  const endDrag = () => {
    if (drag && drag.a !== drag.b) {
      setView(zoomView(view, drag.a, drag.b, activity.bucketMs, activity));
    }
    setDrag(null);
  };
  const dragged = drag && drag.a !== drag.b ? dragRange(drag.a, drag.b, activity) : null;

  return (
    <section
      className="activity"
      aria-label="Activity over time"
      aria-busy={counting || !drawn}
      data-testid="activity-chart"
    >
      <header className="panel-head">
        <h2>Activity</h2>
        <span className="muted">
          {formatCountOf(derived.shown, "event")} · {bucketLabel(activity.bucketMs)} buckets ·{" "}
          {zone} · {counting ? "counting…" : "drag to zoom"}
        </span>
        <label className="stack-picker">
          Stack by{" "}
          <select
            value={field}
            onChange={(event) => {
              const next = STACK_FIELDS.find((f) => f === event.target.value);
              if (next) setField(next);
            }}
            data-testid="stack-field"
          >
            {STACK_FIELDS.map((f) => (
              <option key={f} value={f}>
                {fieldLabel(f)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => setView(resetZoom(view))}
          disabled={!activity.zoomed}
          data-testid="reset-zoom"
          title="Show the whole loaded time range"
        >
          Reset zoom
        </button>
        <span className="spacer" />
        <span className="band-key">
          <span className="key-item">
            <span className="swatch band-insight" /> loaded Insight
          </span>
          <span className="key-item">
            <span className="swatch band-anomaly" /> computed anomaly
          </span>
          <span
            className="muted key-item"
            data-testid="bands-scope"
            title="The bars follow the filters; the Insight and anomaly bands are over every loaded event."
          >
            (bands: all loaded events)
          </span>
          <span className="key-item">
            <span className="swatch share-line" /> error share
          </span>
        </span>
      </header>
      <div className="activity-plot" ref={plotRef}>
        <ComposedChart
          responsive
          style={CHART_STYLE}
          data={drawn ? rows : NO_ROWS}
          margin={CHART_MARGIN}
          barCategoryGap={0}
          barGap={0}
          onMouseDown={(state) => {
            const at = bucketOf(state);
            if (at !== null) setDrag({ a: at, b: at });
          }}
          onMouseMove={(state) => {
            const at = bucketOf(state);
            if (drag && at !== null && at !== drag.b) setDrag({ ...drag, b: at });
          }}
          onMouseUp={endDrag}
          onMouseLeave={() => setDrag(null)}
        >
          {stage >= STAGE_GRID ? <CartesianGrid vertical={false} /> : null}
          <XAxis
            dataKey="t"
            type="number"
            domain={xDomain}
            allowDataOverflow
            ticks={axis.ticks}
            niceTicks="none"
            tickFormatter={timeTick}
            minTickGap={8}
          />
          {stage >= STAGE_Y_AXES ? (
            <>
              <YAxis
                yAxisId="count"
                allowDecimals={false}
                domain={countAxis.domain}
                ticks={countAxis.ticks}
                niceTicks="none"
                width={COUNT_AXIS_PX}
                tickFormatter={countTick}
              />
              <YAxis
                yAxisId="share"
                orientation="right"
                domain={SHARE_DOMAIN}
                ticks={SHARE_TICKS as number[]}
                niceTicks="none"
                width={SHARE_AXIS_PX}
                tickFormatter={shareTick}
              />
            </>
          ) : null}
          {stage >= STAGE_TOOLTIP ? (
            <Tooltip
              content={
                <ActivityTooltip activity={activity} bands={bands} timeZone={view.timeZone} />
              }
              isAnimationActive={false}
            />
          ) : null}
          {/* The count axis's extent and the tooltip's row: a line drawn in no colour. */}
          {stage >= STAGE_LINES ? (
            <Line
              yAxisId="count"
              dataKey="total"
              name="events"
              stroke="none"
              dot={false}
              activeDot={false}
              legendType="none"
              isAnimationActive={false}
              shape={NoLine}
            />
          ) : null}
          {drawn ? <StackedBars activity={activity} /> : null}
          {stage >= STAGE_LINES ? (
            <Line
              yAxisId="share"
              dataKey="share"
              name="error share"
              className="share-line"
              stroke="#d64541"
              strokeWidth={1.5}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
              shape={UnmeasuredLine}
            />
          ) : null}
          {stage >= STAGE_BANDS ? <BandAreas bands={bands} onFocus={onFocus} /> : null}
          {dragged ? (
            <ReferenceArea
              yAxisId="share"
              x1={dragged.from}
              x2={dragged.to}
              className="drag-selection"
              zIndex={BAND_Z}
            />
          ) : null}
        </ComposedChart>
      </div>
      <ul className="stack-legend" aria-label={`Stacked by ${fieldLabel(field)}`}>
        {activity.series.map((series) => (
          <li key={series.value ?? "\u0000other"}>
            <button
              type="button"
              className="link-button"
              disabled={series.value === null}
              onClick={() =>
                series.value !== null && setView(toggleInclude(view, field, series.value))
              }
              title={
                series.value === null
                  ? "Every other value"
                  : `Filter to ${fieldLabel(field)} ${seriesLabel(field, series.value)}`
              }
            >
              <span className="swatch" style={{ background: seriesColor(series.color) }} />
              {seriesLabel(field, series.value)}
              <span className="muted"> {formatCount(series.total)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The Insight and anomaly bands. A component of its own, kept from rendering again while its bands
 * and handler are the same: each area registers with the chart whenever it renders, and redoing
 * that for every band on every click would make the chart lay itself out again. Bands span the
 * plot's height on the error share's axis, whose scale never changes: a click that changes the
 * counts leaves them as they are.
 */
const BandAreas = memo(function BandAreas({
  bands,
  onFocus,
}: {
  bands: readonly Band[];
  onFocus: (focus: Band["focus"]) => void;
}) {
  return bands.map((band) => (
    <ReferenceArea
      key={band.key}
      yAxisId="share"
      x1={band.x1}
      x2={band.x2}
      className={`band band-${band.kind}`}
      zIndex={BAND_Z}
      ifOverflow="hidden"
      onClick={() => onFocus(band.focus)}
    />
  ));
});

/**
 * The stacked bars, one path per series over every bucket (chartData stackPaths) on the chart's
 * own scales: a handful of elements for the page to lay out and paint, and for the chart library
 * to track, whatever the number of buckets.
 */
function StackedBars({ activity }: { activity: Activity }) {
  const x = useXAxisScale();
  const y = useYAxisScale("count");
  const paths = useMemo(
    () =>
      x && y
        ? stackPaths(
            activity,
            (t) => x(t),
            (count) => y(count),
          )
        : [],
    [activity, x, y],
  );
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.bar}>
      <g className="stacked-bars">
        {paths.map((d, k) =>
          d ? (
            <path
              key={activity.series[k].value ?? "\u0000other"}
              d={d}
              fill={seriesColor(activity.series[k].color)}
            />
          ) : null,
        )}
      </g>
    </ZIndexLayer>
  );
}

/** Recharts clones the element with the hovered point (active, payload). */
type TooltipProps = Partial<TooltipContentProps> & {
  activity: Activity;
  bands: readonly Band[];
  timeZone: "utc" | "local";
};

/** The hovered bucket: its time span, counts per series, errors, and the bands over it. */
function ActivityTooltip({ active, payload, activity, bands, timeZone }: TooltipProps) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  const start = row.start ?? 0;
  const end = Math.min(start + activity.bucketMs, activity.to);
  const total = row.total ?? 0;
  const errors = row.errors ?? 0;
  const over = bands.filter((band) => band.x1 < end && band.x2 > start);
  return (
    <div className="chart-tooltip">
      <div className="mono">{bucketSpanLabel(start, end, timeZone)}</div>
      <div>
        <strong>{formatCount(total)}</strong> {total === 1 ? "event" : "events"}
        {total > 0
          ? `, ${formatCountOf(errors, "error")} (${Math.round((errors / total) * 100)}%)`
          : ""}
      </div>
      <ul>
        {activity.series.map((series, k) =>
          (row[seriesKey(k)] ?? 0) > 0 ? (
            <li key={series.value ?? "\u0000other"}>
              <span className="swatch" style={{ background: seriesColor(series.color) }} />
              <span>
                {seriesLabel(activity.field, series.value)}: {formatCount(row[seriesKey(k)] ?? 0)}
              </span>
            </li>
          ) : null,
        )}
      </ul>
      {over.map((band) => (
        <div key={band.key} className={`tooltip-band tooltip-${band.kind}`}>
          {band.label}
        </div>
      ))}
    </div>
  );
}
