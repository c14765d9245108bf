import { useCallback, useEffect, useRef, useState } from "react";
import { hashToView, viewToHash, type ViewState } from "../../state/viewState";

/**
 * The view state, kept in the URL hash: every change is a history entry, so back and forward
 * step through the analyst's filters, and a copied link reproduces the view.
 */
export function useViewState(): [ViewState, (next: ViewState) => void] {
  const [view, setView] = useState(() => hashToView(window.location.hash));
  // The hash this hook wrote last: its own hashchange must not replace the view object
  // (views are memoized on identity).
  const written = useRef(window.location.hash);
  useEffect(() => {
    const onHashChange = () => {
      if (window.location.hash === written.current) return;
      written.current = window.location.hash;
      setView(hashToView(window.location.hash));
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  const update = useCallback((next: ViewState) => {
    const hash = viewToHash(next);
    written.current = hash;
    if (hash !== window.location.hash) window.location.hash = hash;
    setView(next);
  }, []);
  return [view, update];
}
