import { useCallback, useEffect, useMemo, useState, type RefObject } from "react";
import { rowWindow, scrollTopFor, type Align, type RowWindow } from "./rowWindow";

export interface RowWindowState extends RowWindow {
  /** Scrolls the container so that row `index` is in view. */
  scrollToIndex: (index: number, align: Align) => void;
}

/**
 * The rows of a fixed-height list in view of the scroll container `scrollRef` (rowWindow): its
 * scrollTop and height followed as they change, nothing kept per row, so a selection of millions
 * costs what one of hundreds does.
 */
export function useRowWindow(
  scrollRef: RefObject<HTMLDivElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindowState {
  const [box, setBox] = useState({ scrollTop: 0, viewport: 0 });
  useEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const read = () =>
      setBox((last) =>
        last.scrollTop === element.scrollTop && last.viewport === element.clientHeight
          ? last
          : { scrollTop: element.scrollTop, viewport: element.clientHeight },
      );
    // The observer's first answer, after the page's own layout, gives the height: reading it here
    // would lay out the whole page inside this effect, in the task that first renders the table.
    element.addEventListener("scroll", read, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => {
      element.removeEventListener("scroll", read);
      observer.disconnect();
    };
  }, [scrollRef]);
  const shown = useMemo(
    () =>
      rowWindow({ count, rowHeight, scrollTop: box.scrollTop, viewport: box.viewport, overscan }),
    [count, rowHeight, box, overscan],
  );
  const scrollToIndex = useCallback(
    (index: number, align: Align) => {
      const element = scrollRef.current;
      if (element === null) return;
      const { scrollTop, clientHeight: viewport } = element;
      const top = scrollTopFor(index, align, { count, rowHeight, scrollTop, viewport });
      if (top !== scrollTop) element.scrollTop = top;
    },
    [scrollRef, count, rowHeight],
  );
  return { ...shown, scrollToIndex };
}
