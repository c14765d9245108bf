// The columnar evaluator (indexed terms on typed arrays, other paths by a scan of the records)
// against the straightforward reference evaluator over JSON.parse'd records, on random queries
// over the real samples.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseBatch } from "../ingest/parse";
import { INVICTUS, filesUnder } from "../lib/testing/samples";
import { exprKey } from "../query/ast";
import { parseQuery } from "../query/parse";
import { matchFiles } from "../query/scan";
import { randomQueries, referenceMatch } from "../query/testing/reference";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { EventStore } from "./eventStore";
import { rowsAtPlaces } from "./locate";
import { evaluateQuery, scanTerms } from "./queryEval";

const paths = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
const inputs = paths.map((f, i) => ({
  fileIndex: i,
  name: basename(f),
  bytes: new Uint8Array(readFileSync(f)),
}));
/** Per file, its records as the test reads them (gunzip + JSON.parse). */
const recordsByFile = paths.map(
  (f) =>
    (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: Record<string, unknown>[] })
      .Records,
);
const allRecords = recordsByFile.flat();

describe("evaluateQuery against the reference on the invictus records", () => {
  const store = new EventStore();
  for (let i = 0; i < inputs.length; i += 16)
    store.append(parseBatch(inputs.slice(i, i + 16)).chunk);

  it("agrees on every record for random queries", () => {
    expect(store.rows).toBe(allRecords.length);
    const queries = randomQueries(20261202, allRecords, 120);
    let nonEmpty = 0;
    for (const query of queries) {
      const parsed = parseQuery(query);
      expect({ query, ok: parsed.ok }).toEqual({ query, ok: true });
      if (!parsed.ok) continue;
      const terms = scanTerms(parsed.expr);
      const { places } = matchFiles(inputs, terms);
      const masks = new Map(
        terms.map((term, k) => [exprKey(term), rowsAtPlaces(store, places[k]).mask]),
      );
      const mask = evaluateQuery(store, parsed.expr, (term) => masks.get(exprKey(term)) ?? null);
      const got: string[] = [];
      for (let r = 0; r < store.rows; r++)
        if (mask[r] === 1) got.push(`${store.file[r]}:${store.record[r]}`);
      const expected: string[] = [];
      recordsByFile.forEach((records, f) =>
        records.forEach((record, i) => {
          if (referenceMatch(parsed.expr, record)) expected.push(`${f}:${i}`);
        }),
      );
      expect({ query, rows: got.sort() }).toEqual({ query, rows: expected.sort() });
      if (expected.length > 0) nonEmpty++;
    }
    // The random queries are not all trivially empty.
    expect(nonEmpty).toBeGreaterThan(queries.length / 4);
  });
});
