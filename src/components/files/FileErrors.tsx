import type { FileEntry } from "../../state/session";
import { formatBytes, formatCount } from "../../lib/format";

/** The files that could not be read, each with its name and the reason. */
export function FileErrors({ files }: { files: FileEntry[] }) {
  if (files.length === 0) return <div data-testid="file-errors" data-count={0} hidden />;
  return (
    <section
      className="files"
      data-testid="file-errors"
      data-count={files.length}
      aria-live="polite"
    >
      <h3>
        {formatCount(files.length)} {files.length === 1 ? "file" : "files"} could not be read; every
        other file was loaded
      </h3>
      <ul>
        {files.map((file) => (
          <li key={file.index} data-testid="file-error" data-name={file.name}>
            <span className="file-name">{file.path}</span> (
            {formatBytes(file.outcome?.compressedBytes ?? 0)}):{" "}
            <span className="reason">{file.outcome?.error}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
