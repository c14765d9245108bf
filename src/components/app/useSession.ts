import { useSyncExternalStore } from "react";
import type { Session } from "../../state/session";

/** Re-renders the caller whenever the session changes; returns the session's version. */
export function useSessionVersion(session: Session): number {
  return useSyncExternalStore(session.subscribe, session.getVersion);
}
