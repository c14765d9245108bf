import type { DictField } from "../../ingest/chunk";
import type { Derived } from "../../state/derive";
import type { Detections } from "../../state/detections";
import { FACET_FIELDS } from "../../state/facetFields";
import { toggleExclude, toggleInclude } from "../../state/viewState";
import { FacetPanel } from "../facets/FacetPanel";
import { FindingFacet } from "../findings/FindingFacet";
import { ENTITY_FIELDS } from "../groupby/GroupByView";
import type { ExplorerProps } from "./types";

interface Props extends Pick<ExplorerProps, "session" | "view" | "setView"> {
  detections: Detections;
  derived: Derived;
  /** The selection's rows as the deferred render has them (the findings facets count over them). */
  deferredRows: Uint32Array;
  width: number;
  /** Hidden, it stays mounted (a facet's search and "show all" are kept). */
  open: boolean;
  onEntity: (field: DictField, value: string) => void;
}

/** The left column: the findings and first-seen facets, then one panel per field. */
export function FacetColumn({
  detections,
  derived,
  deferredRows,
  session,
  view,
  setView,
  width,
  open,
  onEntity,
}: Props) {
  const onToggle = (field: DictField, value: string, exclude: boolean) =>
    setView(exclude ? toggleExclude(view, field, value) : toggleInclude(view, field, value));
  return (
    <aside className="sidebar" id="facets" aria-label="Facets" style={{ width }} hidden={!open}>
      {(["findings", "first-seen"] as const).map((kind) => (
        <FindingFacet
          key={kind}
          detections={detections}
          rows={deferredRows}
          storeRows={session.store.rows}
          view={view}
          setView={setView}
          kind={kind}
        />
      ))}
      {FACET_FIELDS.map((field) => (
        <FacetPanel
          key={field}
          field={field}
          counts={derived.facets[field]}
          dict={session.store.dict(field)}
          included={view.include[field] ?? []}
          excluded={view.exclude[field] ?? []}
          onToggle={onToggle}
          onEntity={ENTITY_FIELDS.has(field) ? onEntity : undefined}
        />
      ))}
    </aside>
  );
}
