import { useMemo } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import { formatTime } from "../../lib/format";
import { tickLabel, timeTicks } from "../../state/timeAxis";
import { formatShare, type FocusRate } from "../../state/anomalies";
import { apiLabel, kindLabel } from "../chart/chartData";
import { formatRate } from "./format";

interface RatePoint {
  t: number;
  count: number;
  baseline: number | null;
  /** Share of the baseline window's hours in which the account and region had events. */
  coverage: number;
  /** Whether that window meets the rule (a burst here could be raised). */
  judged: boolean;
}

/**
 * One API per minute in one account and region around a focus, with its trailing 7-day baseline
 * beneath and how much of that baseline had data. Over every loaded event, like the anomalies.
 */
export function RateChart({
  rate: focusRate,
  timeZone,
  onClose,
}: {
  rate: FocusRate;
  timeZone: "utc" | "local";
  onClose: () => void;
}) {
  const { focus, rate, counted } = focusRate;
  const points = useMemo(() => {
    const out: RatePoint[] = [];
    for (let i = 0; i < rate.minutes.length; i++) {
      const baseline = rate.baseline[i];
      out.push({
        t: rate.minutes[i],
        count: rate.counts[i],
        baseline: Number.isNaN(baseline) ? null : baseline,
        coverage: rate.coverage[i],
        judged: rate.judged[i] === 1,
      });
    }
    return out;
  }, [rate]);
  if (points.length === 0) return null;
  const from = points[0].t;
  const to = points[points.length - 1].t + 60_000;
  const { ticks, step } = timeTicks(from, to, timeZone, 7);
  const atFocus = points.find((p) => p.t >= focus.start) ?? points[points.length - 1];
  return (
    <figure className="rate-chart" data-testid="rate-chart">
      <figcaption>
        <strong>{apiLabel(focus)}</strong> {kindLabel(focus.kind)} per minute ({counted}), with its
        7-day baseline beneath; at the start, the account and region had events in{" "}
        <span data-testid="rate-coverage">{formatShare(atFocus.coverage)}</span> of the
        baseline&apos;s hours{atFocus.judged ? "" : " (too little to raise anything)"}. All loaded
        events, not the filters.
        <button type="button" className="link-button" onClick={onClose} aria-label="Close rate">
          close
        </button>
      </figcaption>
      <ComposedChart
        responsive
        style={{ width: "100%", height: 120 }}
        data={points}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[from, to]}
          ticks={ticks}
          tickFormatter={(value: number, index: number) =>
            tickLabel(value, step, timeZone, index === 0)
          }
        />
        <YAxis width={40} allowDecimals={false} tickCount={3} />
        <ReferenceArea
          x1={focus.start}
          x2={focus.end ?? focus.start + 60_000}
          className="band band-focus"
          ifOverflow="hidden"
        />
        <Area
          dataKey="baseline"
          name="baseline"
          type="stepAfter"
          stroke="#9aa3ad"
          fill="#9aa3ad"
          fillOpacity={0.35}
          isAnimationActive={false}
          connectNulls={false}
        />
        <Line
          dataKey="count"
          name="per minute"
          type="stepAfter"
          stroke="#4e79a7"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
        <Tooltip content={<RateTooltip timeZone={timeZone} />} isAnimationActive={false} />
      </ComposedChart>
    </figure>
  );
}

function RateTooltip({
  active,
  payload,
  timeZone,
}: Partial<TooltipContentProps> & { timeZone: "utc" | "local" }) {
  const point = payload?.[0]?.payload as RatePoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <div className="mono">{formatTime(point.t, timeZone)}</div>
      <div>
        <strong>{point.count}</strong> this minute · baseline{" "}
        {point.baseline === null ? "none yet" : `${formatRate(point.baseline)}/min`}
      </div>
      <div className="muted">
        baseline data in {formatShare(point.coverage)} of its hours
        {point.judged ? "" : " (too little to raise anything)"}
      </div>
    </div>
  );
}
