import { useSyncExternalStore, useState } from "react";
import { formatBytes, formatCount, formatCountOf } from "../../lib/format";
import type { FullTextSearch } from "../../state/fullText";
import type { ExplorerProps } from "../app/types";

interface Props extends Pick<ExplorerProps, "view" | "setView"> {
  search: FullTextSearch;
  /** A load is running: the files are still being read. */
  busy: boolean;
}

/**
 * Full-text search over whole records (an instance id inside requestParameters, an access key
 * anywhere): the workers read the files again, with progress; it can be cancelled.
 */
export function FullTextBox({ view, setView, search, busy }: Props) {
  const result = useSyncExternalStore(search.subscribe, search.getResult);
  const [text, setText] = useState(view.text);
  const running = result?.status === "running";
  const current = result && result.needle === view.text ? result : null;
  return (
    <form
      className="full-text"
      data-testid="full-text"
      onSubmit={(event) => {
        event.preventDefault();
        const needle = text.trim();
        setView({ ...view, text: needle });
        if (needle) void search.start(needle);
        else search.clear();
      }}
    >
      <input
        type="search"
        className="search-box"
        data-testid="full-text-input"
        placeholder="Search whole records…"
        title="Search the text of whole records, e.g. an instance id"
        aria-label="Search the text of whole records"
        value={text}
        onChange={(event) => setText(event.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
      <button type="submit" disabled={busy || running} data-testid="full-text-run">
        Search records
      </button>
      {running && current ? (
        <>
          <span className="full-text-progress" data-testid="full-text-progress" role="status">
            {formatCount(current.filesDone)} / {formatCountOf(current.filesTotal, "file")} ·{" "}
            {formatBytes(current.bytesDone)}
          </span>
          <button type="button" data-testid="full-text-cancel" onClick={() => search.cancel()}>
            Cancel
          </button>
        </>
      ) : null}
      {current?.status === "done" ? (
        <span
          className="full-text-progress"
          data-testid="full-text-matches"
          data-count={current.matches}
        >
          {formatCountOf(current.matches, "record")}{" "}
          {current.matches === 1 ? "contains" : "contain"} it
        </span>
      ) : null}
      {current?.status === "cancelled" ? (
        <span className="notice">search cancelled: not applied</span>
      ) : null}
      {current?.status === "error" ? (
        <span className="notice">search failed: {current.message}</span>
      ) : null}
    </form>
  );
}
