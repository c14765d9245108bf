import { describe, expect, it } from "vitest";
import { EventStore } from "./eventStore";
import { allValues, topValues } from "./topValues";
import { buildChunk, type TestEvent } from "./testing";
import { computeView, emptyFilter } from "./view";
import { randomStore } from "./viewRandom";

describe("topValues and allValues", () => {
  it("orders by count, then by value, and skips zeros", () => {
    const store = new EventStore();
    const events: TestEvent[] = [];
    const add = (name: string, n: number) => {
      for (let i = 0; i < n; i++) events.push({ eventName: name });
    };
    add("Decrypt", 3);
    add("AssumeRole", 5);
    add("GetObject", 3);
    add("ListBuckets", 1);
    add("PutObject", 2);
    store.append(buildChunk(events));
    const dict = store.dict("eventName");
    const counts = computeView(store, emptyFilter(), ["eventName"]).facets.eventName;
    expect(topValues(counts, dict, 3)).toEqual([
      { value: "AssumeRole", id: dict.idOf("AssumeRole"), count: 5 },
      { value: "Decrypt", id: dict.idOf("Decrypt"), count: 3 },
      { value: "GetObject", id: dict.idOf("GetObject"), count: 3 },
    ]);
    expect(allValues(counts, dict).map((v) => v.value)).toEqual([
      "AssumeRole",
      "Decrypt",
      "GetObject",
      "PutObject",
      "ListBuckets",
    ]);
    expect(topValues(counts, dict, 100)).toEqual(allValues(counts, dict));
    expect(topValues(counts, dict, 0)).toEqual([]);
  });

  it("agrees with a full sort on random counts", () => {
    const store = randomStore(11);
    const view = computeView(store, emptyFilter(), ["sourceIPAddress", "eventName"]);
    for (const f of ["sourceIPAddress", "eventName"] as const) {
      const all = allValues(view.facets[f], store.dict(f));
      for (const limit of [1, 2, 3, 5, 50]) {
        expect(topValues(view.facets[f], store.dict(f), limit)).toEqual(all.slice(0, limit));
      }
    }
  });
});
