import { describe, expect, it } from "vitest";
import type { DictField } from "../ingest/chunk";
import { parseBatch } from "../ingest";
import { sortRows } from "../store/sort";
import { computeView, emptyFilter, type Filter } from "../store/view";
import {
  CSV_TIME_HEADER,
  ExportStaleError,
  exportEvents,
  exportFileName,
  type ExportFormat,
  type ExportProgress,
} from "./export";
import type { Session } from "./session";
import { invictus, newSession, source } from "./testing";

const jsonFile = (name: string, records: unknown[]) =>
  source(name, new TextEncoder().encode(JSON.stringify({ Records: records })));

async function loadedInvictus(): Promise<Session> {
  const session = newSession();
  await session.load(invictus());
  return session;
}

const decryptOnly = (): Filter => ({ ...emptyFilter(), include: { eventName: ["Decrypt"] } });

function selection(session: Session, filter: Filter): Uint32Array {
  return computeView(session.store, filter, []).rows;
}

/** The 128-bit eventID keys of these store rows, as strings, in order. */
function storeKeys(session: Session, rows: Uint32Array): string[] {
  const keys = session.store.eventKey;
  return [...rows].map((r) => [...keys.subarray(4 * r, 4 * r + 4)].join("."));
}

/** Loads exported bytes again the way the app does, and returns the keys of its rows in order. */
async function reimport(blob: Blob, name: string): Promise<{ rows: number; keys: string[] }> {
  const result = parseBatch([
    { fileIndex: 0, name, bytes: new Uint8Array(await blob.arrayBuffer()) },
  ]);
  expect(result.outcomes[0].error).toBe("");
  const keys: string[] = [];
  for (let i = 0; i < result.chunk.rows; i++) {
    keys.push([...result.chunk.eventKey.subarray(4 * i, 4 * i + 4)].join("."));
  }
  return { rows: result.chunk.rows, keys };
}

async function run(
  session: Session,
  rows: Uint32Array,
  format: ExportFormat,
  columns: readonly DictField[] = [],
  pieceRows?: number,
) {
  const progress: ExportProgress[] = [];
  const result = await exportEvents(
    session,
    rows,
    format,
    columns,
    (p) => progress.push(p),
    new AbortController().signal,
    { pieceRows },
  );
  return { ...result, progress };
}

describe("exportEvents", () => {
  it("writes JSON in the delivered shape that loads again with the same events", async () => {
    const session = await loadedInvictus();
    const rows = selection(session, decryptOnly());
    expect(rows.length).toBe(178);
    const { blob, exported, missing, progress } = await run(session, rows, "json", [], 50);
    expect([exported, missing]).toEqual([178, 0]);
    expect(blob.type).toBe("application/json");

    const parsed = JSON.parse(await blob.text()) as { Records: { eventName: string }[] };
    expect(Object.keys(parsed)).toEqual(["Records"]);
    expect(parsed.Records).toHaveLength(178);
    expect(new Set(parsed.Records.map((r) => r.eventName))).toEqual(new Set(["Decrypt"]));

    const again = await reimport(blob, "export.json");
    expect(again.rows).toBe(178);
    expect(again.keys).toEqual(storeKeys(session, rows));
    // One report per piece of 50 rows, the last at the total.
    expect(progress.map((p) => p.done)).toEqual([50, 100, 150, 178]);
    expect(progress.every((p) => p.total === 178)).toBe(true);
  });

  it("keeps the view's order across pieces and files, whatever the sort", async () => {
    const session = await loadedInvictus();
    const all = selection(session, emptyFilter());
    const byName = sortRows(session.store, all, "eventName", "asc");
    const { blob, exported } = await run(session, byName, "ndjson", [], 333);
    expect(exported).toBe(2900);
    const again = await reimport(blob, "export.ndjson");
    expect(again.rows).toBe(2900);
    expect(again.keys).toEqual(storeKeys(session, byName));
  });

  it("writes NDJSON, one record per line, that loads again with the same events", async () => {
    const session = await loadedInvictus();
    const rows = selection(session, decryptOnly());
    const { blob, exported } = await run(session, rows, "ndjson");
    expect(exported).toBe(178);
    const lines = (await blob.text()).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(178);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("eventName", "Decrypt");
    const again = await reimport(blob, "export.ndjson");
    expect(again.keys).toEqual(storeKeys(session, rows));
  });

  it("writes an empty selection as an empty delivery", async () => {
    const session = await loadedInvictus();
    const { blob, exported } = await run(session, new Uint32Array(0), "json");
    expect(exported).toBe(0);
    expect(JSON.parse(await blob.text())).toEqual({ Records: [] });
  });

  it("counts records that can no longer be read instead of dropping them silently", async () => {
    const session = newSession();
    const records = [0, 1, 2].map((i) => ({
      eventName: `E${i}`,
      eventID: `id-${i}`,
      eventTime: `2024-01-0${i + 1}T00:00:00Z`,
    }));
    await session.load([jsonFile("three.json", records), jsonFile("other.json", [])]);
    // The file changed under the session: it now holds one record where there were three.
    session.files[0].blob = new Blob([JSON.stringify({ Records: [records[0]] })]);
    const rows = selection(session, emptyFilter());
    const { blob, exported, missing, progress } = await run(session, rows, "json");
    expect([exported, missing]).toEqual([1, 2]);
    expect(progress.at(-1)).toEqual({ done: 3, total: 3, missing: 2 });
    expect(JSON.parse(await blob.text())).toEqual({ Records: [records[0]] });
  });

  it("writes CSV of the columns with formula injection neutralised", async () => {
    const session = newSession();
    const hostile = [
      {
        eventID: "h-1",
        eventTime: "2024-05-01T10:00:00Z",
        eventName: '=HYPERLINK("http://x","y")',
        eventSource: "s3.amazonaws.com",
        userAgent: "+cmd|' /C calc'!A0",
        sourceIPAddress: "@SUM(1)",
      },
      {
        eventID: "h-2",
        eventTime: "2024-05-01T11:00:00Z",
        eventName: "-2+3",
        eventSource: "iam.amazonaws.com, really",
        userAgent: 'agent "quoted"',
        sourceIPAddress: "10.0.0.1",
      },
    ];
    await session.load([jsonFile("hostile.json", hostile)]);
    const columns: DictField[] = ["eventName", "eventSource", "userAgent", "sourceIPAddress"];
    const rows = selection(session, emptyFilter());
    const { blob, exported, progress } = await run(session, rows, "csv", columns);
    expect(exported).toBe(2);
    expect(blob.type).toBe("text/csv;charset=utf-8");
    expect(progress.at(-1)).toEqual({ done: 2, total: 2, missing: 0 });
    // Blob.text() decodes UTF-8 and drops the byte order mark; the bytes still start with it.
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (await blob.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines.pop()).toBe("");
    expect(lines).toEqual([
      `${CSV_TIME_HEADER},eventName,eventSource,userAgent,sourceIPAddress`,
      // Newest first: the view's time order.
      `2024-05-01T11:00:00.000Z,'-2+3,"iam.amazonaws.com, really","agent ""quoted""",10.0.0.1`,
      `2024-05-01T10:00:00.000Z,"'=HYPERLINK(""http://x"",""y"")",s3.amazonaws.com,'+cmd|' /C calc'!A0,'@SUM(1)`,
    ]);
  });

  it("neutralises formulas behind leading blanks and full-width formula characters in CSV", async () => {
    const session = newSession();
    await session.load([
      jsonFile("blanks.json", [
        {
          eventID: "b-1",
          eventTime: "2024-05-01T10:00:00Z",
          eventName: " =1+1",
          eventSource: "\u00a0＠SUM(1)",
          userAgent: "\t\v-2",
          sourceIPAddress: "＋1",
        },
      ]),
    ]);
    const columns: DictField[] = ["eventName", "eventSource", "userAgent", "sourceIPAddress"];
    const { blob } = await run(session, selection(session, emptyFilter()), "csv", columns);
    const lines = (await blob.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[1]).toBe(`2024-05-01T10:00:00.000Z,' =1+1,'\u00a0＠SUM(1),"'\t\v-2",'＋1`);
  });

  it("writes one CSV line per row of a large selection", async () => {
    const session = await loadedInvictus();
    const rows = selection(session, emptyFilter());
    const { blob } = await run(session, rows, "csv", ["eventName"], 1000);
    const lines = (await blob.text()).split("\r\n");
    expect(lines).toHaveLength(1 + 2900 + 1);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
  });

  it("stops when aborted, between pieces", async () => {
    const session = await loadedInvictus();
    const rows = selection(session, emptyFilter());
    for (const format of ["json", "csv"] as const) {
      const controller = new AbortController();
      let reports = 0;
      const exporting = exportEvents(
        session,
        rows,
        format,
        ["eventName"],
        () => {
          reports++;
          controller.abort();
        },
        controller.signal,
        { pieceRows: 100 },
      );
      await expect(exporting).rejects.toMatchObject({ name: "AbortError" });
      expect(reports).toBe(1);
    }
  });

  it("does not start when the signal is already aborted", async () => {
    const session = await loadedInvictus();
    const controller = new AbortController();
    controller.abort();
    await expect(
      exportEvents(session, new Uint32Array([0]), "json", [], () => {}, controller.signal),
    ).rejects.toMatchObject({ name: "AbortError" });
  });

  it("fails rather than export other events when the session is cleared meanwhile", async () => {
    const session = await loadedInvictus();
    const rows = selection(session, emptyFilter());
    const exporting = exportEvents(
      session,
      rows,
      "json",
      [],
      () => session.clear(),
      new AbortController().signal,
      { pieceRows: 100 },
    );
    await expect(exporting).rejects.toBeInstanceOf(ExportStaleError);
  });
});

describe("exportFileName", () => {
  it("names the file by count and format only", () => {
    expect(exportFileName("json", 178)).toBe("trailview-178-events.json");
    expect(exportFileName("ndjson", 0)).toBe("trailview-0-events.ndjson");
    expect(exportFileName("csv", 1_000_000)).toBe("trailview-1000000-events.csv");
  });
});
