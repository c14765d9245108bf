import { useCallback, useEffect, useRef, useState } from "react";
import { hashToView, viewToHash, type ViewState } from "../../state/viewState";

/**
 * The view state, kept in the URL hash: every change is a history entry, so back and forward
 * step through the analyst's filters, and a copied link reproduces the view.
 */
export type SetView = (next: ViewState, options?: { replace?: boolean }) => void;

export function useViewState(): [ViewState, SetView] {
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
  // `replace` is for changes that come keystroke by keystroke (search): one history entry, not
  // one per letter.
  const update = useCallback<SetView>((next, options) => {
    const hash = viewToHash(next);
    written.current = hash;
    if (hash !== window.location.hash) {
      if (options?.replace) window.history.replaceState(window.history.state, "", hash);
      else window.location.hash = hash;
    }
    setView(next);
  }, []);
  return [view, update];
}
