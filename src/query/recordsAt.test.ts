// Records of real deliveries cut out of their file's text and parsed alone, compared with
// JSON.parse of the whole file (node:zlib); and the texts it must refuse.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { invictusLogs } from "../lib/testing/samples";
import { recordsAt } from "./recordsAt";

const texts = invictusLogs()
  .slice(0, 40)
  .map((path) => gunzipSync(readFileSync(path)).toString("utf8"));
const recordsIn = (text: string) => (JSON.parse(text) as { Records: unknown[] }).Records;

describe("recordsAt", () => {
  it("cuts every record of real deliveries out of their text, each equal to the whole parse", () => {
    let checked = 0;
    for (const text of texts) {
      const all = recordsIn(text);
      const every = all.map((_, i) => i);
      expect(recordsAt(text, every, all.length)).toEqual(all);
      checked += all.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("some records only: the first, the last, one between", () => {
    const text = texts.find((t) => recordsIn(t).length >= 3)!;
    const all = recordsIn(text);
    const wanted = [0, Math.floor(all.length / 2), all.length - 1];
    expect(recordsAt(text, wanted, all.length)).toEqual(wanted.map((i) => all[i]));
  });

  it("refuses a text it cannot cut with certainty", () => {
    const text = texts.find((t) => recordsIn(t).length >= 2)!;
    const all = recordsIn(text) as Record<string, unknown>[];
    const n = all.length;
    // The count must be the file's own.
    expect(recordsAt(text, [0], n + 1)).toBeNull();
    expect(recordsAt(text, [0], n - 1)).toBeNull();
    // An object nested in a record that begins as a record does.
    const nested = all.map((r, i) =>
      i === 0 ? { ...r, requestParameters: { items: [{ eventVersion: "1.08" }] } } : r,
    );
    expect(recordsAt(JSON.stringify({ Records: nested }), [n - 1], n)).toBeNull();
    // Records whose first member is not eventVersion, and a file printed with spaces.
    const reordered = all.map(({ eventVersion, ...rest }) => ({ ...rest, eventVersion }));
    expect(recordsAt(JSON.stringify({ Records: reordered }), [0], n)).toBeNull();
    expect(recordsAt(JSON.stringify({ Records: all }, null, 2), [0], n)).toBeNull();
    // Another shape: a bare list of records, or more than the list in the file.
    expect(recordsAt(JSON.stringify(all), [0], n)).toBeNull();
    expect(recordsAt(JSON.stringify({ Other: 1, Records: all }), [0], n)).toBeNull();
    // A cut file: its last record does not close.
    expect(recordsAt(text.slice(0, text.length - 40), [n - 1], n)).toBeNull();
  });

  it("a string holding the mark is not a record's start", () => {
    const text = texts[0];
    const all = recordsIn(text) as Record<string, unknown>[];
    const withText = all.map((r) => ({ ...r, errorMessage: '{"eventVersion":"9"}' }));
    const json = JSON.stringify({ Records: withText });
    expect(recordsAt(json, [all.length - 1], all.length)).toEqual([withText[all.length - 1]]);
  });
});
