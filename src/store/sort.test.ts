import { describe, expect, it } from "vitest";
import { EventStore } from "./eventStore";
import { sortRows } from "./sort";
import { buildChunk } from "./testing";
import { computeView, emptyFilter } from "./view";
import { T0, randomStore } from "./viewRandom";

describe("sortRows", () => {
  it("sorts by a dictionary field, stably, with missing values last in both directions", () => {
    const store = randomStore(5);
    const rows = computeView(store, emptyFilter(), []).rows;
    const inputPosition = new Map(Array.from(rows, (r, i) => [r, i]));
    const dict = store.dict("eventName");
    const names = store.column("eventName");
    for (const direction of ["asc", "desc"] as const) {
      const sorted = sortRows(store, rows, "eventName", direction);
      expect(sorted.length).toBe(rows.length);
      expect(new Set(sorted).size).toBe(rows.length);
      const problems: string[] = [];
      for (let i = 1; i < sorted.length; i++) {
        const a = dict.get(names[sorted[i - 1]]);
        const b = dict.get(names[sorted[i]]);
        if (a === b) {
          if (inputPosition.get(sorted[i - 1])! > inputPosition.get(sorted[i])!)
            problems.push(`unstable at ${i}`);
        } else if (a === "") problems.push(`missing value before ${b} at ${i}`);
        else if (b !== "" && (direction === "asc" ? a > b : a < b))
          problems.push(`${a} before ${b} at ${i}`);
      }
      expect(problems).toEqual([]);
      expect(dict.get(names[sorted[sorted.length - 1]])).toBe("");
    }
  });

  it("keeps the time order among equal values (the input order of a view)", () => {
    const store = new EventStore();
    store.append(
      buildChunk([
        { eventName: "B", eventTime: T0 + 1, eventID: "1" },
        { eventName: "A", eventTime: T0 + 2, eventID: "2" },
        { eventName: "B", eventTime: T0 + 3, eventID: "3" },
        { eventName: "A", eventTime: T0 + 4, eventID: "4" },
        { eventTime: T0 + 5, eventID: "5" },
      ]),
    );
    const rows = computeView(store, emptyFilter(), []).rows;
    expect(Array.from(rows)).toEqual([4, 3, 2, 1, 0]);
    expect(Array.from(sortRows(store, rows, "eventName", "asc"))).toEqual([3, 1, 2, 0, 4]);
    expect(Array.from(sortRows(store, rows, "eventName", "desc"))).toEqual([2, 0, 3, 1, 4]);
  });

  it("sorts by time in both directions, rows with no time last", () => {
    const store = randomStore(21);
    const time = store.time;
    // Problems in the order, as words: an empty list is a sorted list.
    const problemsOf = (sorted: Uint32Array, direction: "asc" | "desc"): string[] => {
      const problems: string[] = [];
      for (let i = 1; i < sorted.length; i++) {
        const previous = time[sorted[i - 1]];
        const t = time[sorted[i]];
        if (Number.isNaN(previous)) {
          if (!Number.isNaN(t)) problems.push(`timed row after a row with no time at ${i}`);
        } else if (!Number.isNaN(t) && (direction === "asc" ? previous > t : previous < t)) {
          problems.push(`${previous} before ${t} at ${i}`);
        }
      }
      return problems;
    };
    const all = computeView(store, emptyFilter(), []).rows;
    const byName = sortRows(store, all, "eventName", "asc");
    // A large subset goes through marks along the time order, a small one through a radix sort.
    for (const rows of [byName, byName.filter((_, i) => i % 20 === 0)]) {
      for (const direction of ["asc", "desc"] as const) {
        const sorted = sortRows(store, rows, "time", direction);
        expect(new Set(sorted)).toEqual(new Set(rows));
        expect(problemsOf(sorted, direction)).toEqual([]);
      }
    }
    expect(Array.from(sortRows(store, byName, "time", "desc"))).toEqual(Array.from(all));
  });
});
