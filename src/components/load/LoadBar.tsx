import { useRef, type ChangeEvent } from "react";
import { demoPercent, type DemoProgress } from "../../state/demo";
import { filesFromInput } from "../../state/dropped";
import type { Session, SourceFile } from "../../state/session";

interface Props {
  session: Session;
  onLoad: (files: SourceFile[]) => void;
  onDemo: () => void;
  /** How far the demo data's generation is; null when none runs. */
  demo: DemoProgress | null;
}

/** The load controls: pick files, pick a folder, the demo data set, cancel and clear. */
export function LoadBar({ session, onLoad, onDemo, demo }: Props) {
  const loading = session.progress.state === "loading";
  const hasData = session.files.length > 0;
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files ? Array.from(event.target.files) : [];
    // Picking the same files again must load them again.
    event.target.value = "";
    // The browser builds the file list in the task that fires `change` (seconds for tens of
    // thousands of files): start the load in a task of its own.
    setTimeout(() => onLoad(filesFromInput(picked)), 0);
  };
  const folderInput = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <label
        className="button"
        title="Load CloudTrail files (.json.gz, .json, NDJSON), or one archive of them (.zip, .tar, .tar.gz)"
      >
        Open files…
        <input
          type="file"
          multiple
          className="visually-hidden"
          data-testid="file-input"
          onChange={pick}
        />
      </label>
      <label
        className="button"
        title="Load every file under a folder, e.g. AWSLogs/ (archives in it are read too)"
      >
        Open folder…
        <input
          type="file"
          multiple
          className="visually-hidden"
          data-testid="folder-input"
          ref={(element) => {
            folderInput.current = element;
            // Not in React's attribute list; set it on the element.
            element?.setAttribute("webkitdirectory", "");
          }}
          onChange={pick}
        />
      </label>
      <button
        type="button"
        onClick={onDemo}
        disabled={demo !== null || loading}
        data-testid="load-demo"
      >
        {demo !== null ? `Generating demo… ${demoPercent(demo)}%` : "Load demo data"}
      </button>
      {loading ? (
        <button type="button" onClick={() => session.cancel()} data-testid="cancel-load">
          Cancel
        </button>
      ) : null}
      <button
        type="button"
        onClick={() => session.clear()}
        disabled={!hasData && !loading}
        data-testid="clear"
      >
        Clear
      </button>
    </>
  );
}
