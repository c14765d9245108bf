// What follows a load as it runs, at the session's every change (see useSessionVersion), while
// the rest of the page follows the views (useSessionViews): the headline figures, the progress,
// and the files that could not be loaded.
import type { ReactNode } from "react";
import type { Session } from "../../state/session";
import { FileErrors } from "../files/FileErrors";
import { Progress } from "../load/Progress";
import { Summary } from "../summary/Summary";
import { useSessionVersion } from "./useSession";

export function LiveStatus({
  session,
  shown,
  idle,
}: {
  session: Session;
  /** Events the view shows: it follows the views, not every change. */
  shown: number;
  idle?: string;
}) {
  useSessionVersion(session);
  return (
    <div className="status-row">
      <Summary session={session} shown={shown} />
      <Progress progress={session.progress} events={session.store.rows} idle={idle} />
    </div>
  );
}

export function LiveFileErrors({ session }: { session: Session }): ReactNode {
  useSessionVersion(session);
  return (
    <FileErrors
      files={session.fileErrors()}
      warnings={session.tallies.warnings}
      skipped={session.tallies.skippedFiles}
    />
  );
}
