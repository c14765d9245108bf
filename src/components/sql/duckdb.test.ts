// Lives beside the panel rather than in query/sql because it needs the store and the generator,
// which the pure query layer may not import.
//
// Every DuckDB query these views give is run with DuckDB over the delivered files, and its row
// count compared with the app's (evaluateQuery + computeView over an EventStore) and with a plain
// count (gunzip + JSON.parse + the reference filter, a record repeated with the same eventID and
// content counted once, one with other content kept).
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DICT_FIELDS, type DictField } from "../../ingest/chunk";
import { parseBatch, searchRecords } from "../../ingest/parse";
import { generateDeliveries, preset } from "../../generator";
import { Random } from "../../lib/random";
import { INVICTUS, filesUnder } from "../../lib/testing/samples";
import { EventStore } from "../../store/eventStore";
import { rowsAtPlaces } from "../../store/locate";
import { computeView } from "../../store/view";
import { evaluateQuery, scanTerms } from "../../store/queryEval";
import { exprKey, type Expr } from "../../query/ast";
import { parseQuery } from "../../query/parse";
import { matchFiles } from "../../query/scan";
import { randomQueries } from "../../query/testing/reference";
import { duckdbSql } from "../../query/sql/duckdb";
import { layoutOf } from "../../query/sql/layout";
import { referenceView, type LoadedRecord } from "../../query/sql/testing";
import type { SqlView } from "../../query/sql/types";

type JsonRecord = Record<string, unknown>;

interface Loaded {
  root: string;
  paths: string[];
  store: EventStore;
  inputs: { fileIndex: number; name: string; bytes: Uint8Array }[];
  records: LoadedRecord[];
}

function load(root: string): Loaded {
  const full = filesUnder(join(root, "AWSLogs")).filter((f) => f.endsWith(".json.gz"));
  const paths = full.map((f) => relative(root, f));
  const inputs = full.map((f, i) => ({
    fileIndex: i,
    name: paths[i]!,
    bytes: new Uint8Array(readFileSync(f)),
  }));
  const store = new EventStore();
  for (let i = 0; i < inputs.length; i += 16)
    store.append(parseBatch(inputs.slice(i, i + 16)).chunk);
  const records: LoadedRecord[] = [];
  full.forEach((f, file) => {
    if (!paths[file]!.includes("/CloudTrail/")) return;
    const json = JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records?: unknown[] };
    (json.Records ?? []).forEach((record, index) => records.push({ file, index, record }));
  });
  return { root, paths, store, inputs, records };
}

/** The app's count: the query's row mask (scans answered as the workers answer them), then the view. */
function appCount(loaded: Loaded, view: SqlView): { shown: number; groups: number } {
  const { store, inputs } = loaded;
  let rowMask: Uint8Array | null = null;
  if (view.expr !== null) {
    const terms = scanTerms(view.expr);
    const { places } = matchFiles(inputs, terms);
    const masks = new Map(
      terms.map((term, k) => [exprKey(term), rowsAtPlaces(store, places[k]!).mask]),
    );
    rowMask = evaluateQuery(store, view.expr, (term) => masks.get(exprKey(term)) ?? null);
  }
  if (view.text) {
    const text = rowsAtPlaces(store, searchRecords(inputs, view.text)).mask;
    rowMask = rowMask === null ? text : rowMask.map((bit, r) => bit & text[r]!);
  }
  const result = computeView(
    store,
    {
      include: view.include as Partial<Record<DictField, string[]>>,
      exclude: view.exclude as Partial<Record<DictField, string[]>>,
      timeFrom: view.timeFrom,
      timeTo: view.timeTo,
      rowMask,
    },
    [],
  );
  const keys = new Set<string>();
  for (const row of result.rows)
    keys.add(view.group.map((field) => store.column(field)[row]).join("\t"));
  return { shown: result.shown, groups: view.group.length > 0 ? keys.size : 0 };
}

async function duckCount(
  connection: DuckDBConnection,
  root: string,
  text: string,
  grouped: boolean,
): Promise<{ shown: number; groups: number }> {
  // As if run from the folder that holds AWSLogs/: relative paths resolve there.
  await connection.run(`SET file_search_path = '${root.replace(/'/g, "''")}'`);
  const body = text.replace(/;\s*$/, "");
  const outer = grouped
    ? `SELECT count(*) AS groups, coalesce(sum(event_count), 0) AS shown FROM (${body}) AS q`
    : `SELECT count(*) AS shown, 0 AS groups FROM (${body}) AS q`;
  const reader = await connection.runAndReadAll(outer);
  const row = reader.getRowObjectsJson()[0]!;
  return { shown: Number(row.shown), groups: Number(row.groups) };
}

function parseOk(query: string): Expr {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(`${query}: ${parsed.message}`);
  return parsed.expr;
}

/** Random views over the data: facets from the store's values, a time range, a query, group-by. */
function randomViews(loaded: Loaded, seed: number, count: number): SqlView[] {
  const rng = new Random(seed);
  const plain = loaded.records
    .map((r) => r.record)
    .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null);
  const queries = randomQueries(seed, plain, count);
  const times = loaded.store.time.filter((t) => !Number.isNaN(t)).sort();
  return queries.map((query) => {
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error(`${query}: ${parsed.message}`);
    const view: SqlView = {
      include: {},
      exclude: {},
      timeFrom: null,
      timeTo: null,
      expr: parsed.expr,
      group: [],
    };
    if (rng.chance(0.35)) {
      const field = rng.pick(DICT_FIELDS);
      const values = loaded.store.dict(field).values();
      view.include = { [field]: [rng.pick(values), rng.pick(values)] };
    }
    if (rng.chance(0.3)) {
      const field = rng.pick(DICT_FIELDS);
      view.exclude = { [field]: [rng.pick(loaded.store.dict(field).values())] };
    }
    if (rng.chance(0.3) && times.length > 0) {
      const a = times[rng.int(times.length)]!;
      const b = times[rng.int(times.length)]!;
      view.timeFrom = rng.chance(0.8) ? Math.min(a, b) : null;
      view.timeTo = Math.max(a, b) + 1;
    }
    if (rng.chance(0.3))
      view.group = rng.chance(0.7) ? [rng.pick(DICT_FIELDS)] : ["eventSource", "principal"];
    return view;
  });
}

/** More random views, and another seed, for a longer run by hand (TRAILVIEW_SQL_VIEWS=200 TRAILVIEW_SQL_SEED=7). */
const EXTRA = Number(process.env.TRAILVIEW_SQL_VIEWS ?? 0);
const SEED = Number(process.env.TRAILVIEW_SQL_SEED ?? 20261202);

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  connection = await instance.connect();
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function check(loaded: Loaded, views: SqlView[]): Promise<{ ok: number; refused: string[] }> {
  const layout = layoutOf(loaded.paths);
  let ok = 0;
  const refused: string[] = [];
  for (const view of views) {
    const text = duckdbSql(view, layout);
    if (!text.ok) {
      refused.push(text.reason);
      continue;
    }
    const grouped = view.group.length > 0;
    // DuckDB runs in its own threads while the app and the plain count run here.
    const running = duckCount(connection, loaded.root, text.sql, grouped);
    const app = appCount(loaded, view);
    const reference = referenceView(loaded.records, view);
    const duck = await running;
    const label = JSON.stringify({ ...view, expr: view.expr === null ? null : exprKey(view.expr) });
    expect({ label, ...reference }).toEqual({ label, ...app });
    expect({ label, ...duck }).toEqual({ label, ...app });
    ok++;
  }
  return { ok, refused };
}

describe("DuckDB queries return the events the view shows", () => {
  it(
    "on the invictus sample",
    async () => {
      const loaded = load(INVICTUS);
      const empty: SqlView = {
        include: {},
        exclude: {},
        timeFrom: null,
        timeTo: null,
        expr: null,
        group: [],
      };
      // Hostile values stay inside their literals; full-text search and two group-by fields.
      const hostile: SqlView[] = [
        {
          ...empty,
          include: { eventName: ["x' OR '1'='1", "ListBuckets"] },
          expr: parseOk(`userAgent:"a'b\\\\"`),
        },
        { ...empty, text: "s3.amazonaws.com", group: ["eventName", "principal"] },
        {
          ...empty,
          expr: parseOk("NOT principal:* OR ip:10.0.0.0/8 OR eventID:*a*"),
          exclude: { readOnly: ["true"] },
        },
      ];
      const { ok, refused } = await check(loaded, [
        empty,
        ...hostile,
        ...randomViews(loaded, SEED, 16 + EXTRA),
      ]);
      // Views the SQL cannot say give a reason; most random views over real records can be said.
      expect(refused.every((reason) => reason.length > 10)).toBe(true);
      expect(ok).toBeGreaterThanOrEqual(15);
      expect(refused.length + ok).toBe(20 + EXTRA);
    },
    180_000 + EXTRA * 3000,
  );

  describe("on a generated organization delivery with duplicates across files", () => {
    let root = "";
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), "trailview-sql-"));
      for (const file of generateDeliveries(
        preset("demo", { events: 2500, duplicateRate: 0.05, days: 2, deliveryMinutes: 120 }),
      )) {
        const target = join(root, file.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.bytes);
      }
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it(
      "counts identical copies once and agrees on random views",
      async () => {
        const loaded = load(root);
        expect(loaded.store.duplicates).toBeGreaterThan(0);
        const empty: SqlView = {
          include: {},
          exclude: {},
          timeFrom: null,
          timeTo: null,
          expr: null,
          group: [],
        };
        const { ok, refused } = await check(loaded, [
          empty,
          ...randomViews(loaded, SEED + 1, 9 + EXTRA),
        ]);
        expect(refused.every((reason) => reason.length > 10)).toBe(true);
        expect(ok).toBeGreaterThanOrEqual(7);
      },
      180_000 + EXTRA * 3000,
    );
  });

  describe("on the invictus sample with altered copies of delivered records", () => {
    let root = "";
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), "trailview-sql-conflict-"));
      cpSync(join(INVICTUS, "AWSLogs"), join(root, "AWSLogs"), { recursive: true });
      const delivered = filesUnder(join(root, "AWSLogs")).filter((f) => f.endsWith(".json.gz"));
      const records = delivered.flatMap(
        (f) =>
          (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: JsonRecord[] }).Records,
      );
      const ip = { ...records[100]!, sourceIPAddress: "203.0.113.66" };
      const error = { ...records[900]!, errorCode: "AccessDenied" };
      const params = {
        ...records[2000]!,
        requestParameters: { ...(records[2000]!.requestParameters as object), bucketName: "exfil" },
      };
      // Beside the delivered files, in the same layout: three altered records, one of them twice,
      // and a delivered record repeated unchanged.
      const target = join(
        dirname(delivered[0]!),
        "218007301253_CloudTrail_us-east-1_20230710T1259Z_zzAltered00000000.json.gz",
      );
      writeFileSync(
        target,
        gzipSync(JSON.stringify({ Records: [ip, error, params, ip, records[5]] })),
      );
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it("keeps both versions of each altered event, as the app does", async () => {
      const loaded = load(root);
      expect(loaded.store.conflicting).toBe(3);
      expect(loaded.store.duplicates).toBe(2);
      const empty: SqlView = {
        include: {},
        exclude: {},
        timeFrom: null,
        timeTo: null,
        expr: null,
        group: [],
      };
      const views: SqlView[] = [
        empty,
        { ...empty, include: { sourceIPAddress: ["203.0.113.66"] } },
        { ...empty, expr: parseOk("errorCode:AccessDenied") },
        { ...empty, group: ["eventName"] },
      ];
      const { ok, refused } = await check(loaded, views);
      expect(refused).toEqual([]);
      expect(ok).toBe(views.length);
      // The whole load: every delivered record once, plus the three altered versions.
      const layout = layoutOf(loaded.paths);
      const all = duckdbSql(empty, layout);
      expect(all.ok).toBe(true);
      const text = all.ok ? all.sql : "";
      expect((await duckCount(connection, root, text, false)).shown).toBe(
        loaded.records.length - 2,
      );
    }, 180_000);
  });
});
