import { MEMORY_WARNING, type LoadProgress } from "../../state/session";
import { formatBytes, formatCount, formatDuration, formatCountOf } from "../../lib/format";

/**
 * Files done/total, MB read, events, MB/s and time left while a load runs; the result after.
 * `idle`: what to say before any file is loaded (default: that none is), e.g. how far the demo
 * data's generation is.
 */
export function Progress({
  progress,
  events,
  idle,
}: {
  progress: LoadProgress;
  events: number;
  idle?: string;
}) {
  const { state, filesDone, filesTotal, bytesDone, startedAt, updatedAt, finishedAt } = progress;
  const elapsed = ((state === "loading" ? updatedAt : finishedAt) - startedAt) / 1000;
  const rate = elapsed > 0 ? bytesDone / elapsed : 0;
  // Sizes are learnt as files are read (asking for them all up front would block the page), so
  // the time left comes from the rate of files.
  const filesPerSecond = elapsed > 0 ? filesDone / elapsed : 0;
  const left =
    filesPerSecond > 0 && filesDone > 0 ? (filesTotal - filesDone) / filesPerSecond : NaN;
  const share = filesTotal > 0 ? filesDone / filesTotal : 0;
  return (
    <div className="progress" data-testid="load-status" data-state={state} role="status">
      {state === "idle" ? (
        <span>{idle ?? "No files loaded."}</span>
      ) : (
        <>
          {state === "loading" ? (
            <div className="progress-bar" aria-hidden="true">
              <div style={{ transform: `scaleX(${share.toFixed(3)})` }} />
            </div>
          ) : null}
          <span>
            {formatCount(filesDone)} / {formatCountOf(filesTotal, "file")}
          </span>
          <span>{formatBytes(bytesDone)} read</span>
          <span>{formatCountOf(events, "event")}</span>
          <span>{formatBytes(rate)}/s</span>
          {state === "loading" ? (
            <span>{Number.isFinite(left) ? `${formatDuration(left)} left` : "estimating…"}</span>
          ) : (
            <span>done in {formatDuration(elapsed)}</span>
          )}
          {progress.cancelledFiles > 0 ? (
            <span className="notice">
              cancelled: {formatCountOf(progress.cancelledFiles, "file")} not loaded
            </span>
          ) : null}
          {progress.memory >= MEMORY_WARNING && state !== "error" ? (
            <span className="notice" data-testid="memory-warning">
              the loaded events take {Math.round(progress.memory * 100)}% of the memory this tab can
              hold
            </span>
          ) : null}
          {state === "error" || progress.message !== "" ? (
            <span className="notice">{progress.message}</span>
          ) : null}
        </>
      )}
    </div>
  );
}
