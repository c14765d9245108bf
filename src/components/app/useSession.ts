import { useSyncExternalStore } from "react";
import type { Session } from "../../state/session";

/**
 * Re-renders the caller whenever the session changes (while a load runs, at most every 250 ms);
 * returns the session's version. For what shows the load's progress.
 */
export function useSessionVersion(session: Session): number {
  return useSyncExternalStore(session.subscribe, session.getVersion);
}

/**
 * Re-renders the caller when the views over the whole store change: on every change outside a
 * load, and while one runs at most once a second (not at all past a quarter million rows; see
 * Session.viewVersion). For the page around the views, so that the load's progress does not
 * render the whole page four times a second while the workers need the processor.
 */
export function useSessionViews(session: Session): number {
  return useSyncExternalStore(session.subscribe, session.getViewVersion);
}
