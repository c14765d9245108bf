import { useCallback, useEffect, useRef } from "react";
import { openRowOf, refOfRow } from "../../state/selection";
import type { Session } from "../../state/session";
import type { ViewState } from "../../state/viewState";

export interface EventOpener {
  /** The store row of the open event, -1 when none is open or it is not loaded. */
  openRow: number;
  /** Opens the event at a store row. */
  open: (row: number) => void;
  /** Closes the open event (and forgets a click still waiting for its eventID). */
  close: () => void;
}

/** Opening an event by row: its URL reference needs its eventID, read from the record. */
export function useEventOpener(
  session: Session,
  view: ViewState,
  setView: (next: ViewState) => void,
): EventOpener {
  // The eventID arrives a few ms after the click: the view may have moved on meanwhile, and only
  // the last click counts.
  const latest = useRef(view);
  const clicks = useRef(0);
  useEffect(() => {
    latest.current = view;
  }, [view]);
  const open = useCallback(
    (row: number) => {
      const click = ++clicks.current;
      void refOfRow(session, row).then((ref) => {
        if (click !== clicks.current || latest.current.event === ref) return;
        setView({ ...latest.current, event: ref });
      });
    },
    [session, setView],
  );
  const close = useCallback(() => {
    clicks.current++;
    if (latest.current.event !== null) setView({ ...latest.current, event: null });
  }, [setView]);
  return { openRow: openRowOf(session, view.event), open, close };
}
