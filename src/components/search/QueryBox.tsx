import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { formatBytes, formatCount, formatCountOf } from "../../lib/format";
import { revealHidden } from "../../lib/visible";
import { completeAt, type Completion } from "../../query/complete";
import type { QueryRunner, QueryState } from "../../state/queryRun";
import { completionSource } from "../../state/querySuggest";
import { scanTerms } from "../../store/queryEval";
import type { ExplorerProps } from "../app/types";
import { QueryHelp } from "./QueryHelp";
import "./query.css";

interface Props extends Pick<ExplorerProps, "session" | "view" | "setView"> {
  runner: QueryRunner;
  state: QueryState;
}

/**
 * The query box: `field:value` terms, AND / OR / NOT, wildcards, CIDRs and bare words, with
 * autocomplete. A query on indexed fields applies as you type; Enter applies any query (one on
 * other paths reads the records again, with progress). `/` focuses it, Esc empties it.
 */
export function QueryBox({ session, view, setView, runner, state }: Props) {
  const input = useRef<HTMLInputElement | null>(null);
  const [draft, setDraft] = useState(view.query);
  const [applied, setApplied] = useState(view.query);
  const [error, setError] = useState<{ message: string; at: number } | null>(null);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const source = useMemo(() => completionSource(session), [session]);

  // A query set elsewhere (a link, a finding, "related events") replaces the draft.
  if (applied !== view.query) {
    setApplied(view.query);
    setDraft(view.query);
    setError(null);
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))
        return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const apply = (text: string, replace: boolean) => {
    const parsed = runner.parse(text);
    if (!parsed.ok) {
      setError({ message: parsed.message, at: parsed.at });
      return;
    }
    setError(null);
    setApplied(text);
    if (text !== view.query) setView({ ...view, query: text }, { replace });
  };

  const suggest = (text: string, cursor: number) => {
    const next = completeAt(text, cursor, source);
    setCompletion(next !== null && next.items.length > 0 ? next : null);
    setActive(0);
  };

  // Where the caret goes once an accepted suggestion's text is in the box: placed in the commit
  // that puts the text there, so no key or selection made after the Tab meets a caret moved later.
  const caret = useRef<{ text: string; at: number } | null>(null);
  useLayoutEffect(() => {
    const wanted = caret.current;
    if (wanted === null) return;
    caret.current = null;
    const box = input.current;
    if (box === null || box.value !== wanted.text) return;
    box.setSelectionRange(wanted.at, wanted.at);
  });

  const accept = (index: number) => {
    if (completion === null) return;
    const item = completion.items[index];
    if (item === undefined) return;
    const text = draft.slice(0, completion.from) + item.insert + draft.slice(completion.to);
    const at = completion.from + item.insert.length;
    caret.current = { text, at };
    setDraft(text);
    suggest(text, at);
  };

  const onChange = (text: string, cursor: number) => {
    setDraft(text);
    suggest(text, cursor);
    // Indexed-only queries are as fast as a facet click: they follow the typing.
    const parsed = runner.parse(text);
    if (parsed.ok) {
      setError(null);
      if (scanTerms(parsed.expr).length === 0) apply(text, true);
    }
  };

  const shownError = error ?? (state.state === "error" ? state : null);
  return (
    <div className="query" role="search">
      <div className="query-field">
        <input
          ref={input}
          type="search"
          className="search-box query-input"
          data-testid="query"
          placeholder='Query: eventName:Delete* AND NOT errorCode:*, ip:10.0.0.0/8, "root"…  ( / )'
          aria-label="Query the events"
          aria-invalid={error !== null}
          aria-autocomplete="list"
          aria-controls="query-suggestions"
          aria-expanded={completion !== null}
          value={draft}
          onChange={(event) =>
            onChange(event.target.value, event.target.selectionStart ?? event.target.value.length)
          }
          onBlur={() => setCompletion(null)}
          onKeyDown={(event) => {
            if (completion !== null) {
              if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                const n = completion.items.length;
                setActive((active + (event.key === "ArrowDown" ? 1 : n - 1)) % n);
                return;
              }
              if (event.key === "Tab") {
                event.preventDefault();
                accept(active);
                return;
              }
              if (event.key === "Escape") {
                event.stopPropagation();
                setCompletion(null);
                return;
              }
            }
            if (event.key === "Enter") {
              event.preventDefault();
              setCompletion(null);
              apply(draft, false);
            } else if (event.key === "Escape" && draft) {
              event.stopPropagation();
              setDraft("");
              apply("", false);
            }
          }}
          spellCheck={false}
          autoComplete="off"
        />
        {completion !== null ? (
          <ul className="query-suggestions" id="query-suggestions" role="listbox">
            {completion.items.map((item, index) => (
              <li
                key={`${item.label}\u0000${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? "active" : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  accept(index);
                }}
              >
                <span className="query-suggestion-label">{revealHidden(item.label)}</span>
                {item.detail ? (
                  <span className="query-suggestion-detail">{item.detail}</span>
                ) : null}
                {item.count !== undefined ? (
                  <span className="query-suggestion-count">{formatCount(item.count)}</span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <QueryHelp />
      <QueryStatus state={state} error={shownError} onCancel={() => runner.cancel()} />
    </div>
  );
}

function QueryStatus({
  state,
  error,
  onCancel,
}: {
  state: QueryState;
  error: { message: string } | null;
  onCancel: () => void;
}) {
  const status = error !== null ? "error" : state.state;
  return (
    <span
      className={`query-status query-status-${status}`}
      data-testid="query-status"
      data-state={status}
      data-query={state.text}
      role="status"
    >
      {error !== null ? (
        <span className="query-error" data-testid="query-error">
          {error.message}
        </span>
      ) : state.state === "running" ? (
        <>
          {state.filesTotal > 0
            ? `reading records: ${formatCount(state.filesDone)} / ${formatCountOf(state.filesTotal, "file")} · ${formatBytes(state.bytesDone)}`
            : state.message || "reading records…"}{" "}
          <button type="button" data-testid="query-cancel" onClick={onCancel}>
            Cancel
          </button>
        </>
      ) : state.mask !== null ? (
        `${formatCountOf(state.matches, "match", "matches")}${state.scans ? " (whole records read)" : ""}`
      ) : null}
    </span>
  );
}
