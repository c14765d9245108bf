import { useEffect, useRef, useState } from "react";
import { formatBytes, formatCount, formatCountOf } from "../../lib/format";
import {
  caseExportName,
  caseJson,
  caseMarkdown,
  caseSources,
  CASE_EXPORT_TYPES,
  hashFiles,
  type CaseExportFormat,
  type HashProgress,
} from "../../state/caseExport";
import type { CaseFile } from "../../state/caseFile";
import type { Session } from "../../state/session";
import { downloadBlob } from "../export/download";
import "./case.css";

interface Running extends HashProgress {
  format: CaseExportFormat;
}

interface Outcome {
  kind: "done" | "cancelled" | "error";
  text: string;
}

const FORMATS: { format: CaseExportFormat; label: string; title: string }[] = [
  {
    format: "md",
    label: "Export case (Markdown)",
    title: "A report to read or paste into a ticket: findings, timeline, notes, files and hashes",
  },
  {
    format: "json",
    label: "Export case (JSON)",
    title: "The same report as JSON, for tools",
  },
];

/**
 * The case's export buttons: the files are hashed first (SHA-256 of each file's bytes, on this
 * page, with progress and Cancel), then the report is written and downloaded.
 */
export function CaseExport({ caseFile, session }: { caseFile: CaseFile; session: Session }) {
  const [running, setRunning] = useState<Running | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const controller = useRef<AbortController | null>(null);

  // An export outlives the panel being closed only as long as the component lives.
  useEffect(() => () => controller.current?.abort(), []);

  const start = (format: CaseExportFormat) => {
    const data = caseFile.data;
    if (!data || controller.current) return;
    const ctl = new AbortController();
    controller.current = ctl;
    const sources = caseSources(session);
    setOutcome(null);
    setRunning({ format, done: 0, total: sources.length, bytesDone: 0, bytesTotal: 0 });
    hashFiles(sources, (progress) => setRunning({ format, ...progress }), ctl.signal)
      .then((files) => {
        // Notes written while the files were hashed belong in the report.
        const latest = caseFile.data?.fingerprint === data.fingerprint ? caseFile.data : data;
        const at = new Date();
        const text =
          format === "md" ? caseMarkdown(latest, files, at) : caseJson(latest, files, at);
        const name = caseExportName(format, at);
        downloadBlob(new Blob([text], { type: CASE_EXPORT_TYPES[format] }), name);
        const unreadable = files.filter((f) => f.sha256 === null).length;
        setOutcome({
          kind: "done",
          text:
            `Saved ${name}.` +
            (unreadable > 0
              ? ` ${formatCountOf(unreadable, "file")} could not be read again and ${unreadable === 1 ? "has" : "have"} no hash in it.`
              : ""),
        });
      })
      .catch((error: unknown) => {
        if (ctl.signal.aborted) setOutcome({ kind: "cancelled", text: "Export cancelled." });
        else
          setOutcome({
            kind: "error",
            text: `Export failed: ${error instanceof Error ? error.message : String(error)}`,
          });
      })
      .finally(() => {
        if (controller.current === ctl) controller.current = null;
        setRunning(null);
      });
  };

  const open = caseFile.isOpen;
  return (
    <div className="case-export">
      <div className="case-export-buttons">
        {FORMATS.map(({ format, label, title }) => (
          <button
            key={format}
            type="button"
            data-testid={`case-export-${format}`}
            title={title}
            disabled={!open || running !== null}
            onClick={() => start(format)}
          >
            {label}
          </button>
        ))}
      </div>
      {running ? (
        <div
          className="case-export-progress"
          data-testid="case-export-progress"
          data-done={running.done}
          data-total={running.total}
        >
          <progress
            value={running.bytesTotal > 0 ? running.bytesDone : running.done}
            max={Math.max(1, running.bytesTotal > 0 ? running.bytesTotal : running.total)}
            aria-label="Hashing the files"
          />
          <span>
            Hashing {formatCount(running.done)} / {formatCountOf(running.total, "file")}
            {running.bytesTotal > 0 ? ` (${formatBytes(running.bytesDone)})` : ""}
          </span>
          <button
            type="button"
            data-testid="case-export-cancel"
            onClick={() => controller.current?.abort()}
          >
            Cancel
          </button>
        </div>
      ) : null}
      {outcome ? (
        <p
          className={`case-export-outcome ${outcome.kind}`}
          role="status"
          data-testid="case-export-result"
          data-state={outcome.kind}
        >
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
