import type { Derived } from "../../state/derive";
import type { Session } from "../../state/session";
import type { ViewState } from "../../state/viewState";
import type { SetView } from "./useViewState";

/** What every explorer view gets: the data, the view state and its setter, the derived view. */
export interface ExplorerProps {
  session: Session;
  view: ViewState;
  setView: SetView;
  derived: Derived;
}
