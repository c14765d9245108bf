import { startTransition, useEffect, useState } from "react";
import type { Session } from "../../state/session";

/**
 * Follows one of the session's versions. While a load runs, a change renders as a transition:
 * React renders it in slices between the load's own tasks (the first view of a load mounts the
 * table and the facets, a long task in one piece) and a click or a key goes first. Outside a load
 * a change renders at once. Updates are applied in order, so the last version always wins.
 */
function useFollow(session: Session, read: () => number): number {
  const [version, setVersion] = useState(read);
  useEffect(() => {
    const follow = () => {
      const next = read();
      if (session.progress.state === "loading") startTransition(() => setVersion(next));
      else setVersion(next);
    };
    // A change between the render and this effect is not missed.
    follow();
    return session.subscribe(follow);
  }, [session, read]);
  return version;
}

/**
 * Re-renders the caller whenever the session changes (while a load runs, at most every 250 ms);
 * returns the session's version. For what shows the load's progress.
 */
export function useSessionVersion(session: Session): number {
  return useFollow(session, session.getVersion);
}

/**
 * Re-renders the caller when the views over the whole store change: on every change outside a
 * load, and while one runs 1, 3, 6, 10 … seconds in (not at all past a quarter million rows; see
 * Session.viewVersion). For the page around the views, so that the load's progress does not
 * render the whole page four times a second while the workers need the processor.
 */
export function useSessionViews(session: Session): number {
  return useFollow(session, session.getViewVersion);
}
