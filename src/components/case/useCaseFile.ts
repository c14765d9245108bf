import { useEffect, useState, useSyncExternalStore } from "react";
import { CaseFile, type CaseFileOptions } from "../../state/caseFile";
import type { CaseFinding } from "../../state/caseFileData";
import type { Session } from "../../state/session";

/** Re-renders the caller whenever the case file changes; returns its version. */
export function useCaseVersion(caseFile: CaseFile): number {
  return useSyncExternalStore(caseFile.subscribe, caseFile.getVersion, caseFile.getVersion);
}

/**
 * The case file of the session's loaded files, kept in step with the session: opened once a
 * load is ready (or stopped with what it had), closed when the files are cleared, given the
 * view's query and the findings as they change, and written out when the page is hidden.
 * `findings` must keep its identity while unchanged (memoize it); null: none computed yet.
 */
export function useCaseFile(
  session: Session,
  query: string,
  findings: readonly CaseFinding[] | null = null,
  options?: CaseFileOptions,
): CaseFile {
  const [caseFile] = useState(() => new CaseFile(options));

  useEffect(() => {
    const follow = () => {
      const state = session.progress.state;
      if (session.files.length === 0) void caseFile.close();
      else if (state === "ready" || state === "error") void caseFile.open(session);
    };
    follow();
    const unsubscribe = session.subscribe(follow);
    return () => {
      unsubscribe();
    };
  }, [session, caseFile]);

  useEffect(() => caseFile.setQuery(query), [caseFile, query]);

  useEffect(() => {
    if (findings) caseFile.setFindings(findings);
  }, [caseFile, findings]);

  // A debounced write must not be lost when the tab is closed or reloaded.
  useEffect(() => {
    const flush = () => void caseFile.flush();
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
    };
    // Chromium drops an IndexedDB write started in pagehide on a reload, but keeps one started in
    // beforeunload (no prompt: nothing calls preventDefault).
    window.addEventListener("beforeunload", flush);
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("beforeunload", flush);
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
      flush();
    };
  }, [caseFile]);

  return caseFile;
}
