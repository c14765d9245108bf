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
    // Back and forward between entries this hook pushed fire popstate; a hash typed or linked
    // fires hashchange.
    window.addEventListener("hashchange", onHashChange);
    window.addEventListener("popstate", onHashChange);
    return () => {
      window.removeEventListener("hashchange", onHashChange);
      window.removeEventListener("popstate", onHashChange);
    };
  }, []);
  // `replace` is for changes that come keystroke by keystroke (search): one history entry, not
  // one per letter.
  const update = useCallback<SetView>((next, options) => {
    const hash = viewToHash(next);
    written.current = hash;
    if (hash !== window.location.hash) {
      if (options?.replace) window.history.replaceState(window.history.state, "", hash);
      // pushState, not `location.hash =`: the same history entry without a same-document
      // navigation and its hashchange, which cost a click several milliseconds.
      else window.history.pushState(window.history.state, "", hash);
    }
    setView(next);
  }, []);
  return [view, update];
}
