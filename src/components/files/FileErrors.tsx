import type { FileEntry } from "../../state/session";
import { formatBytes, formatCount } from "../../lib/format";

const NOTE_STYLE = { background: "none" } as const;
const NOTE_HEADING_STYLE = { color: "var(--warn)" } as const;

function files(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "file" : "files"}`;
}

function Entry({ file, testId, text }: { file: FileEntry; testId: string; text: string }) {
  return (
    <li data-testid={testId} data-name={file.name}>
      <span className="file-name">{file.path}</span> (
      {formatBytes(file.outcome?.compressedBytes ?? 0)}): <span className="reason">{text}</span>
    </li>
  );
}

/**
 * The files that could not be read, each with its name and the reason; below them, as notes and
 * not errors, the files that loaded with a warning (what was ignored in them) and the files
 * skipped as plainly not logs (a `LICENSE` in a dropped folder).
 */
export function FileErrors({
  files: errors,
  warnings = [],
  skipped = [],
}: {
  files: FileEntry[];
  warnings?: FileEntry[];
  skipped?: FileEntry[];
}) {
  return (
    <>
      {errors.length === 0 ? (
        <div data-testid="file-errors" data-count={0} hidden />
      ) : (
        <section
          className="files"
          data-testid="file-errors"
          data-count={errors.length}
          aria-live="polite"
        >
          <h3>{files(errors.length)} could not be read; every other file was loaded</h3>
          <ul>
            {errors.map((file) => (
              <Entry
                key={file.index}
                file={file}
                testId="file-error"
                text={file.outcome?.error ?? ""}
              />
            ))}
          </ul>
        </section>
      )}
      {warnings.length > 0 ? (
        <section
          className="files"
          style={NOTE_STYLE}
          data-testid="file-warnings"
          data-count={warnings.length}
        >
          <h3 style={NOTE_HEADING_STYLE}>
            {files(warnings.length)} loaded with a warning: their data is loaded, what follows was
            ignored
          </h3>
          <ul>
            {warnings.map((file) => (
              <Entry
                key={file.index}
                file={file}
                testId="file-warning"
                text={file.outcome?.warning ?? ""}
              />
            ))}
          </ul>
        </section>
      ) : null}
      {skipped.length > 0 ? (
        <section
          className="files"
          style={NOTE_STYLE}
          data-testid="skipped-files"
          data-count={skipped.length}
        >
          <h3 style={NOTE_HEADING_STYLE}>{files(skipped.length)} skipped: not logs</h3>
          <ul>
            {skipped.map((file) => (
              <Entry
                key={file.index}
                file={file}
                testId="skipped-file"
                text={file.outcome?.error ?? ""}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
