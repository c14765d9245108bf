import { startTransition, useEffect, useState } from "react";
import { nextTask } from "../../lib/nextTask";
import type { OrderedRows } from "../../store/orderedRows";

/** Places of the time order walked per task: a few milliseconds each, even at ten million rows. */
const WALK_SLICE = 1 << 21;
/**
 * The first task's share, right after the paint: a fraction of a millisecond, so that input that
 * comes just after the frame is answered at once.
 */
const FIRST_SLICE = 1 << 16;

/**
 * The value as the page last painted it, once the selection's rows are all listed: a new value
 * reaches the caller in a transition that starts after the next frame is painted and after the
 * rest of `ordered` (the table read only its screen) is walked out in tasks of their own, the
 * first a short one so that input just after the frame is answered at once. Views derived from
 * it (the deferred half of the page: chart, panels, facet lists of findings) then never hold back
 * the frame that shows what a click changed, nor walk the list in a render of their own;
 * `useDeferredValue` alone may render them before that frame. A newer value stops the walk.
 */
export function useAfterWalk<T>(value: T, ordered: OrderedRows): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let live = true;
    let places = FIRST_SLICE;
    const slice = () => {
      if (!live) return;
      if (ordered.step(places)) {
        startTransition(() => setShown(value));
        return;
      }
      places = WALK_SLICE;
      nextTask(slice);
    };
    // A frame callback runs before its paint; a task posted from it runs after the paint.
    const frame = requestAnimationFrame(() => nextTask(slice));
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, [value, shown, ordered]);
  return shown;
}
