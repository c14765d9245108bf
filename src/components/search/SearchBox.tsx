import { useEffect, useRef } from "react";
import type { ExplorerProps } from "../app/types";

/**
 * Quick search over the indexed fields, filtering as you type. `/` focuses it from anywhere,
 * Esc empties it.
 */
export function SearchBox({ view, setView }: Pick<ExplorerProps, "view" | "setView">) {
  const input = useRef<HTMLInputElement | null>(null);
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
  return (
    <input
      ref={input}
      type="search"
      className="search-box"
      data-testid="search-box"
      placeholder="Search names, principals, IPs, keys, agents…  ( / )"
      aria-label="Search the indexed fields"
      value={view.search}
      onChange={(event) => setView({ ...view, search: event.target.value }, { replace: true })}
      onKeyDown={(event) => {
        if (event.key === "Escape" && view.search) {
          event.stopPropagation();
          setView({ ...view, search: "" });
        }
      }}
      spellCheck={false}
      autoComplete="off"
    />
  );
}
