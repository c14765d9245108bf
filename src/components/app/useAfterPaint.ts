import { startTransition, useEffect, useState } from "react";
import { nextTask } from "../../lib/nextTask";

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
