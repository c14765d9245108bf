import { describe, expect, it } from "vitest";
import type { DictField } from "../ingest/chunk";
import { untilNextTask } from "../lib/nextTask";
import { pairCountsOf } from "../store/pairCounts";
import { computeView } from "../store/view";
import { deriveView, filterOf } from "./derive";
import { FACET_FIELDS } from "./facetFields";
import { invictus, newSession } from "./testing";
import { emptyView, type ViewState } from "./viewState";

const FIELDS: readonly DictField[] = ["eventName", "eventSource", "sourceIPAddress", "awsRegion"];
/** Facet fields led by one whose pairs a load does not count. */
const LATER: readonly DictField[] = ["awsRegion", "eventName", "eventSource", "sourceIPAddress"];

describe("deriveView", () => {
  it("counts a clicked field's pairs in the background, and the next click's counts agree", async () => {
    const session = newSession();
    await session.load(invictus());
    const store = session.store;
    const names = [...store.dict("eventSource").values()].slice(0, 3);
    expect(names.length).toBe(3);
    // Two fields filtered, or a time bound: no pairs asked for.
    deriveView(
      session,
      { ...emptyView(), include: { eventSource: [names[0]], awsRegion: ["us-east-1"] } },
      FIELDS,
    );
    deriveView(
      session,
      { ...emptyView(), include: { eventSource: [names[0]] }, timeFrom: 0 },
      FIELDS,
    );
    for (let i = 0; i < 20; i++) await untilNextTask();
    expect(pairCountsOf(store, "eventSource", FIELDS)).toBeNull();

    deriveView(session, { ...emptyView(), include: { eventSource: [names[0]] } }, FIELDS);
    let tasks = 0;
    while (pairCountsOf(store, "eventSource", FIELDS) === null && tasks < 1000) {
      await untilNextTask();
      tasks++;
    }
    expect(pairCountsOf(store, "eventSource", FIELDS)).not.toBeNull();
    for (const value of names) {
      const view: ViewState = { ...emptyView(), exclude: { eventSource: [value] } };
      const derived = deriveView(session, view, FIELDS);
      // The same view counted row by row: a filter the pairs do not cover (an all-kept row mask).
      const byRows = computeView(store, filterOf(view, new Uint8Array(store.rows).fill(1)), [
        ...FIELDS,
      ]);
      expect(derived.shown).toBe(byRows.shown);
      for (const f of FIELDS)
        expect(Array.from(derived.facets[f])).toEqual(Array.from(byRows.facets[f]));
    }
  });

  it("counts the first facet field's pairs after the unfiltered view when the load did not, and no other field's", async () => {
    const session = newSession();
    await session.load(invictus());
    const store = session.store;
    // A first field the load did not count (it counts the app's own first facet field).
    expect(pairCountsOf(store, LATER[0], LATER)).toBeNull();
    deriveView(session, emptyView(), LATER);
    let tasks = 0;
    while (pairCountsOf(store, LATER[0], LATER) === null && tasks < 1000) {
      await untilNextTask();
      tasks++;
    }
    expect(pairCountsOf(store, LATER[0], LATER)).not.toBeNull();
    for (let i = 0; i < 20; i++) await untilNextTask();
    // None of a field clicked by no one (the load's own first field aside).
    const others = LATER.slice(1).filter((other) => other !== FACET_FIELDS[0]);
    expect(others.map((other) => pairCountsOf(store, other, LATER))).toEqual(
      others.map(() => null),
    );
    // The first click on one of its values is answered from them, as a row by row count says.
    const value = [...store.dict(LATER[0]).values()][1];
    const view: ViewState = { ...emptyView(), include: { [LATER[0]]: [value] } };
    const derived = deriveView(session, view, LATER);
    const byRows = computeView(store, filterOf(view, new Uint8Array(store.rows).fill(1)), [
      ...LATER,
    ]);
    expect(derived.shown).toBe(byRows.shown);
    expect(derived.shown).toBeGreaterThan(0);
    for (const f of LATER)
      expect(Array.from(derived.facets[f])).toEqual(Array.from(byRows.facets[f]));
  });
  it("has the app's first facet field's pairs counted by the end of a load", async () => {
    const session = newSession();
    await session.load(invictus());
    const store = session.store;
    const field = FACET_FIELDS[0];
    expect(pairCountsOf(store, field, FACET_FIELDS)).not.toBeNull();
    // So a click on any of its values, at once, has the counts of a row by row count.
    // (Id 0 is the empty value, held by no row here.)
    for (const value of [...store.dict(field).values()].slice(1, 5)) {
      const view: ViewState = { ...emptyView(), include: { [field]: [value] } };
      const derived = deriveView(session, view, FACET_FIELDS);
      const byRows = computeView(store, filterOf(view, new Uint8Array(store.rows).fill(1)), [
        ...FACET_FIELDS,
      ]);
      expect(derived.shown).toBe(byRows.shown);
      expect(derived.shown).toBeGreaterThan(0);
      for (const f of FACET_FIELDS)
        expect(Array.from(derived.facets[f])).toEqual(Array.from(byRows.facets[f]));
    }
  });
});
