import { Curve, type CurveProps, type LineDrawShapeProps } from "recharts";

// Shapes for the chart's lines. Recharts measures a line's path (getTotalLength, a layout of the
// path) at every render, for an entrance animation this chart never plays; a shape that keeps
// the path to itself is never measured.

/** What Recharts hands a line's shape beyond the curve's own props. */
const NOT_CURVE = new Set([
  "pathRef",
  "animationElapsedTime",
  "isAnimating",
  "isEntrance",
  "visibleLength",
]);

/** A line drawn as Recharts draws it, without its path handed back to be measured. */
export function UnmeasuredLine(props: LineDrawShapeProps) {
  const curve = Object.fromEntries(
    Object.entries(props).filter(([key]) => !NOT_CURVE.has(key)),
  ) as CurveProps;
  return <Curve {...curve} />;
}

/** No path at all: a line that only gives an axis its extent and the tooltip a row. */
export function NoLine() {
  return <g />;
}
