import { describe, expect, it } from "vitest";
import type { DictField } from "../ingest/chunk";
import { untilNextTask } from "../lib/nextTask";
import { pairCountsOf } from "../store/pairCounts";
import { computeView } from "../store/view";
import { deriveView, filterOf } from "./derive";
import { invictus, newSession } from "./testing";
import { emptyView, type ViewState } from "./viewState";

const FIELDS: readonly DictField[] = ["eventName", "eventSource", "sourceIPAddress", "awsRegion"];

describe("deriveView", () => {
  it("counts a clicked field's pairs in the background, and the next click's counts agree", async () => {
    const session = newSession();
    await session.load(invictus());
    const store = session.store;
    const names = [...store.dict("eventName").values()].slice(0, 3);
    expect(names.length).toBe(3);
    // Two fields filtered, or a time bound: no pairs asked for.
    deriveView(
      session,
      { ...emptyView(), include: { eventName: [names[0]], awsRegion: ["us-east-1"] } },
      FIELDS,
    );
    deriveView(
      session,
      { ...emptyView(), include: { eventName: [names[0]] }, timeFrom: 0 },
      FIELDS,
    );
    for (let i = 0; i < 20; i++) await untilNextTask();
    expect(pairCountsOf(store, "eventName", FIELDS)).toBeNull();

    deriveView(session, { ...emptyView(), include: { eventName: [names[0]] } }, FIELDS);
    let tasks = 0;
    while (pairCountsOf(store, "eventName", FIELDS) === null && tasks < 1000) {
      await untilNextTask();
      tasks++;
    }
    expect(pairCountsOf(store, "eventName", FIELDS)).not.toBeNull();
    for (const value of names) {
      const view: ViewState = { ...emptyView(), exclude: { eventName: [value] } };
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

  it("counts the first facet field's pairs after the unfiltered view, and no other field's", async () => {
    const session = newSession();
    await session.load(invictus());
    const store = session.store;
    deriveView(session, emptyView(), FIELDS);
    let tasks = 0;
    while (pairCountsOf(store, FIELDS[0], FIELDS) === null && tasks < 1000) {
      await untilNextTask();
      tasks++;
    }
    expect(pairCountsOf(store, FIELDS[0], FIELDS)).not.toBeNull();
    for (let i = 0; i < 20; i++) await untilNextTask();
    for (const other of FIELDS.slice(1)) expect(pairCountsOf(store, other, FIELDS)).toBeNull();
    // The first click on one of its values is answered from them, as a row by row count says.
    const value = [...store.dict(FIELDS[0]).values()][1];
    const view: ViewState = { ...emptyView(), include: { [FIELDS[0]]: [value] } };
    const derived = deriveView(session, view, FIELDS);
    const byRows = computeView(store, filterOf(view, new Uint8Array(store.rows).fill(1)), [
      ...FIELDS,
    ]);
    expect(derived.shown).toBe(byRows.shown);
    expect(derived.shown).toBeGreaterThan(0);
    for (const f of FIELDS)
      expect(Array.from(derived.facets[f])).toEqual(Array.from(byRows.facets[f]));
  });
});
