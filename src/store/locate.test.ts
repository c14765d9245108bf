import { describe, expect, it } from "vitest";
import { EventStore } from "./eventStore";
import { placesOfRows, rowListAtPlaces, rowsAtPlaces } from "./locate";
import { buildChunk } from "./testing";

/** Four rows over three files, in two chunks. */
function fourRows(): EventStore {
  const store = new EventStore(4);
  store.append(
    buildChunk([
      { eventName: "A", eventID: "a", file: 0, record: 0 },
      { eventName: "B", eventID: "b", file: 0, record: 1 },
      { eventName: "C", eventID: "c", file: 2, record: 0 },
    ]),
  );
  store.append(buildChunk([{ eventName: "D", eventID: "d", file: 1, record: 5 }]));
  return store;
}

describe("rowsAtPlaces", () => {
  it("marks the rows at the given (file, record) places, across files and chunks", () => {
    const store = fourRows();
    const { mask, rows } = rowsAtPlaces(store, Uint32Array.from([0, 1, 1, 5, 2, 0, 2, 0]));
    const names = [...mask].flatMap((m, r) => (m ? [store.value("eventName", r)] : []));
    expect(names.sort()).toEqual(["B", "C", "D"]);
    expect(rows).toBe(3);
  });

  it("ignores places with no row", () => {
    const store = new EventStore();
    store.append(buildChunk([{ eventName: "A", eventID: "a", file: 0, record: 0 }]));
    const { rows } = rowsAtPlaces(store, Uint32Array.from([0, 9, 7, 0]));
    expect(rows).toBe(0);
  });
});

describe("rowListAtPlaces", () => {
  it("lists the rows at the places ascending and once each, skipping places with no row", () => {
    const store = fourRows();
    // Out of order, one place twice, one place in no file and one record that is not there.
    const places = Uint32Array.from([2, 0, 1, 5, 0, 1, 2, 0, 9, 0, 0, 7]);
    const rows = rowListAtPlaces(store, places);
    expect([...rows].map((r) => store.value("eventName", r))).toEqual(["B", "C", "D"]);
    expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    const { mask } = rowsAtPlaces(store, places);
    expect([...rows]).toEqual([...mask].flatMap((m, r) => (m ? [r] : [])));
  });
});

describe("placesOfRows", () => {
  it("gives each file the record indices of the rows in it, ascending and once each", () => {
    const store = fourRows();
    const byName = (name: string) => {
      for (let r = 0; r < store.rows; r++) if (store.value("eventName", r) === name) return r;
      throw new Error(name);
    };
    const [a, b, c, d] = ["A", "B", "C", "D"].map(byName);
    const places = placesOfRows(store, [Uint32Array.of(b, d, a), Uint32Array.of(a, c)]);
    expect([...places.keys()].sort()).toEqual([0, 1, 2]);
    expect([...places.get(0)!]).toEqual([0, 1]);
    expect([...places.get(1)!]).toEqual([5]);
    expect([...places.get(2)!]).toEqual([0]);
    // Back to the same rows.
    const back = [...places].flatMap(([f, records]) => [...records].flatMap((r) => [f, r]));
    expect([...rowListAtPlaces(store, Uint32Array.from(back))]).toEqual([a, b, c, d].sort());
  });
});
