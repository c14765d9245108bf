import { useState, useSyncExternalStore } from "react";
import type { IntegrityProblem, IntegrityReport } from "../../ingest/integrity";
import { formatBytes, formatCount } from "../../lib/format";
import { IDLE_MS, type IntegrityCheck, type IntegrityState } from "../../state/integrity";
import "./integrity.css";

interface Props {
  integrity: IntegrityCheck;
}

/** At most this many problems of one kind are listed (the counts are always whole). */
const LIST_LIMIT = 200;

/**
 * Log file integrity against the loaded digest files (what `aws cloudtrail validate-logs` does,
 * offline): the counts, each problem naming its file, and a box to paste the newest digest's
 * signature (S3 object metadata, which a download loses).
 */
export function IntegrityPanel({ integrity }: Props) {
  const state = useSyncExternalStore(integrity.subscribe, integrity.getState, integrity.getState);
  const report = state.status === "done" ? state.report : null;
  const n = (count: number | undefined) => String(count ?? 0);
  return (
    <section
      className="integrity"
      data-testid="integrity"
      data-state={state.status}
      data-logs-valid={n(report?.logs.valid)}
      data-logs-modified={n(report?.logs.modified.length)}
      data-logs-missing={n(report?.logs.missing.length)}
      data-logs-uncovered={n(report?.logs.uncovered.length)}
      data-digests-valid={n(report?.digests.valid)}
      data-digests-invalid={n(report?.digests.invalid.length)}
      data-digests-unverified={n(report?.digests.unverified.length)}
      data-digest-gaps={n(report?.digests.gaps.length)}
      data-conflicting-duplicates={String(state.conflicts.count)}
      aria-label="Log file integrity"
    >
      <div className="integrity-head">
        <h2 className="integrity-title">Integrity</h2>
        <Summary state={state} integrity={integrity} />
      </div>
      {report || state.conflicts.count > 0 ? <Problems report={report} state={state} /> : null}
      {report && report.newest.length > 0 ? (
        <SignatureBox integrity={integrity} report={report} />
      ) : null}
    </section>
  );
}

function Summary({ state, integrity }: { state: IntegrityState; integrity: IntegrityCheck }) {
  const loaded = integrity.digestsLoaded;
  if (state.status === "none" && loaded > 0) {
    return (
      <p className="integrity-note" data-testid="integrity-summary">
        {loaded} digest {loaded === 1 ? "file" : "files"} loaded.{" "}
        {state.scheduled
          ? `The logs are verified against them once the page has been quiet for ${IDLE_MS / 1000} s (the check steps aside while you work).`
          : "The logs are verified against them after the load."}{" "}
        <RunButton integrity={integrity} label="Verify now" />
      </p>
    );
  }
  if (state.status === "none") {
    return (
      <p className="integrity-note" data-testid="integrity-summary">
        No digest files loaded: nothing to check. Load the CloudTrail-Digest folder, and
        <code> aws cloudtrail list-public-keys</code> output, to verify the logs.
      </p>
    );
  }
  if (state.status === "checking") {
    return (
      <p className="integrity-note" data-testid="integrity-summary" role="status">
        Checking: {formatCount(state.filesDone)} / {formatCount(state.filesTotal)} log files hashed
        · {formatBytes(state.bytesDone)}
        {state.paused ? " · paused while you work" : ""}
      </p>
    );
  }
  const report = state.report;
  if (report === null) {
    return (
      <p className="integrity-note integrity-bad" data-testid="integrity-summary" role="alert">
        The check failed: {state.message} <RunButton integrity={integrity} label="Check again" />
      </p>
    );
  }
  const { logs, digests } = report;
  const bad =
    logs.modified.length + logs.missing.length + digests.invalid.length + digests.gaps.length;
  return (
    <p
      className={`integrity-note ${bad > 0 ? "integrity-bad" : "integrity-good"}`}
      data-testid="integrity-summary"
    >
      Logs: {formatCount(logs.valid)} valid, {formatCount(logs.modified.length)} modified,{" "}
      {formatCount(logs.missing.length)} missing, {formatCount(logs.uncovered.length)} not covered
      by a digest. Digests: {formatCount(digests.valid)} valid,{" "}
      {formatCount(digests.invalid.length)} invalid, {formatCount(digests.unverified.length)}{" "}
      unverified, {formatCount(digests.gaps.length)} gaps.{" "}
      {state.scheduled ? "A check of the files loaded since starts when the page is quiet. " : ""}
      <RunButton integrity={integrity} label="Check again" />
    </p>
  );
}

/** Runs the check now (also while an automatic one waits for a quiet moment). */
function RunButton({ integrity, label }: { integrity: IntegrityCheck; label: string }) {
  return (
    <button
      type="button"
      data-testid="integrity-run"
      title="Read every listed log file again and check it against the digests, now"
      onClick={() => integrity.start()}
    >
      {label}
    </button>
  );
}

function Problems({ report, state }: { report: IntegrityReport | null; state: IntegrityState }) {
  const { conflicts } = state;
  const groups: { key: string; title: string; items: IntegrityProblem[]; bad: boolean }[] = [
    {
      key: "conflicting-duplicates",
      title: `Conflicting duplicates: ${formatCount(conflicts.count)} ${conflicts.count === 1 ? "record has" : "records have"} the eventID of another with different content; every version`,
      items: conflicts.versions,
      bad: true,
    },
  ];
  if (report === null) return <ProblemGroups groups={groups} />;
  groups.push(
    { key: "logs-modified", title: "Modified log files", items: report.logs.modified, bad: true },
    {
      key: "logs-missing",
      title: "Missing log files (listed by a digest, not loaded)",
      items: report.logs.missing,
      bad: true,
    },
    { key: "digests-invalid", title: "Invalid digests", items: report.digests.invalid, bad: true },
    {
      key: "digest-gaps",
      title: "Gaps in a digest chain",
      items: report.digests.gaps,
      bad: true,
    },
    {
      key: "digests-unverified",
      title: "Unverified digests",
      items: report.digests.unverified,
      bad: false,
    },
    {
      key: "logs-uncovered",
      title: "Log files no loaded digest covers",
      items: report.logs.uncovered,
      bad: false,
    },
  );
  return <ProblemGroups groups={groups} />;
}

function ProblemGroups({
  groups,
}: {
  groups: { key: string; title: string; items: IntegrityProblem[]; bad: boolean }[];
}) {
  return (
    <>
      {groups
        .filter((group) => group.items.length > 0)
        .map((group) => (
          <details
            key={group.key}
            className="integrity-group"
            data-testid={`integrity-${group.key}`}
            open={group.bad}
          >
            <summary className={group.bad ? "integrity-bad" : undefined}>
              {group.title} ({formatCount(group.items.length)})
            </summary>
            <ul className="integrity-list">
              {group.items.slice(0, LIST_LIMIT).map((item, i) => (
                <li key={`${item.path}-${i}`} data-testid="integrity-problem">
                  <span className="integrity-file" title={item.path}>
                    {item.file}
                  </span>{" "}
                  <span className="integrity-reason">{item.reason}</span>
                </li>
              ))}
              {group.items.length > LIST_LIMIT ? (
                <li className="integrity-reason">
                  … and {formatCount(group.items.length - LIST_LIMIT)} more
                </li>
              ) : null}
            </ul>
          </details>
        ))}
    </>
  );
}

function SignatureBox({
  integrity,
  report,
}: {
  integrity: IntegrityCheck;
  report: IntegrityReport;
}) {
  const [text, setText] = useState(() => integrity.signatures.join("\n"));
  const verified = report.newest.filter(
    (newest) => !report.digests.unverified.some((u) => u.fileIndex === newest.fileIndex),
  ).length;
  return (
    <form
      className="integrity-signature"
      onSubmit={(event) => {
        event.preventDefault();
        integrity.setSignatures(text);
      }}
    >
      <label htmlFor="integrity-signature-input">
        The newest digest of each chain ({report.newest.map((p) => p.file).join(", ")}) is signed
        only in its S3 metadata. Paste its signature (
        <code>
          aws s3api head-object --bucket … --key … --query Metadata.signature --output text
        </code>
        ), one per line:
      </label>
      <textarea
        id="integrity-signature-input"
        data-testid="integrity-signature"
        rows={2}
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" data-testid="integrity-signature-check">
        Verify
      </button>
      <span className="integrity-note" role="status">
        {formatCount(verified)} of {formatCount(report.newest.length)} newest verified
        {report.unusedSignatures.length > 0
          ? ` · ${formatCount(report.unusedSignatures.length)} pasted signature(s) verify no newest digest`
          : ""}
      </span>
    </form>
  );
}
