import { startTransition, useEffect, useState } from "react";
import { nextTask } from "../../lib/nextTask";
import type { Activity, StackField } from "../../state/activity";
import { activityJob, shownActivity } from "../../state/activityJob";
import type { Derived } from "../../state/derive";
import type { Session } from "../../state/session";
import type { ViewState } from "../../state/viewState";

/**
 * Milliseconds of counting done in the render that asks for a chart: a selection of up to some
 * hundred thousand rows is drawn in that render, a larger one goes on in tasks of its own.
 */
const RENDER_BUDGET_MS = 8;
/** Each later task's share: between them the page answers input. */
const TASK_BUDGET_MS = 8;

/**
 * The chart's data for the selection, and whether it is still being counted: then the chart as it
 * was stays on screen (or the loaded range with no bars yet) while the rest of the counting runs in
 * tasks of its own, and the new chart follows in a render when it is done. A newer selection
 * stops the older one's tasks (its job is kept as far as it got, found again if the selection
 * comes back).
 */
export function useActivity(
  session: Session,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target: number,
): { activity: Activity | null; counting: boolean } {
  const job = activityJob(session, view, derived, field, target);
  if (!job.done) job.run(RENDER_BUDGET_MS);
  const [, setFinished] = useState(0);
  useEffect(() => {
    if (job.done) return;
    let live = true;
    const slice = () => {
      if (!live) return;
      if (job.run(TASK_BUDGET_MS)) startTransition(() => setFinished((n) => n + 1));
      else nextTask(slice);
    };
    nextTask(slice);
    return () => {
      live = false;
    };
  }, [job]);
  return { activity: shownActivity(job, session, view, target), counting: !job.done };
}
