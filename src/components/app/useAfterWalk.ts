import { startTransition, useEffect, useState } from "react";
import { nextTask } from "../../lib/nextTask";
import type { OrderedRows } from "../../store/orderedRows";

/**
 * The value as the page last painted it: a new value reaches the caller in a transition that
 * starts once the next frame is painted. Views derived from it (the deferred half of the page:
 * chart, panels, facet lists of findings) then never hold back the frame that shows what a click
 * changed at once; `useDeferredValue` alone may render them before that frame.
 */
export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let live = true;
    // A frame callback runs before its paint; a task posted from it runs after the paint.
    const frame = requestAnimationFrame(() =>
      nextTask(() => {
        if (live) startTransition(() => setShown(value));
      }),
    );
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, [value, shown]);
  return shown;
}

/** Places of the time order walked per task: a few milliseconds each, even at ten million rows. */
const WALK_SLICE = 1 << 21;
/**
 * The first task's share, right after the paint: a fraction of a millisecond, so that input that
 * comes just after the frame is answered at once.
 */
const FIRST_SLICE = 1 << 16;

/**
 * Lists the rest of a selection's rows in tasks of their own once the frame that shows it is
 * painted: the table read only its screen, and the deferred half of the page (chart, panels) will
 * read them all. Declared before useAfterPaint, this runs first. A newer selection stops it.
 */
export function useListAfterPaint(ordered: OrderedRows): void {
  useEffect(() => {
    if (ordered.complete) return;
    let live = true;
    let places = FIRST_SLICE;
    const slice = () => {
      if (!live || ordered.step(places)) return;
      places = WALK_SLICE;
      nextTask(slice);
    };
    const frame = requestAnimationFrame(() => nextTask(slice));
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, [ordered]);
}
