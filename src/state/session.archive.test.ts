// Loads of archives (zip, tar, tar.gz) of the real invictus deliveries: the same events as the
// loose files, counted independently (gunzip + JSON.parse here), with archive members named
// after their archive, damaged archives losing only what they must.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { zipSync, type Zippable } from "fflate";
import { packTar, type TarEntry } from "modern-tar";
import { describe, expect, it } from "vitest";
import { caseSources, hashFiles } from "./caseExportHash";
import { MEMORY_WARNING } from "./session";
import { INVICTUS, filesUnder, newSession, parseCountingSession, source } from "./testing";

const LOGS = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
/** Each delivery's path under the sample folder (`AWSLogs/…/x.json.gz`) and bytes. */
const DELIVERIES = LOGS.map((f) => ({ path: relative(INVICTUS, f), bytes: readFileSync(f) }));

/** Events per delivery, and in all, by gunzip and JSON.parse here (not the app's parser). */
function independentCounts(): { total: number; eventNames: Map<string, number> } {
  let total = 0;
  const eventNames = new Map<string, number>();
  for (const { bytes } of DELIVERIES) {
    const records = (JSON.parse(gunzipSync(bytes).toString("utf8")) as { Records: unknown[] })
      .Records as { eventName: string; eventType?: string }[];
    for (const record of records) {
      if (record.eventType === "AwsCloudTrailInsight") continue;
      total++;
      eventNames.set(record.eventName, (eventNames.get(record.eventName) ?? 0) + 1);
    }
  }
  return { total, eventNames };
}

function eventNameCounts(session: ReturnType<typeof newSession>): Map<string, number> {
  const { store } = session;
  const counts = new Map<string, number>();
  for (let row = 0; row < store.rows; row++) {
    const name = store.value("eventName", row);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function zipOf(level: 0 | 6, extra: Zippable = {}): Uint8Array {
  const files: Zippable = { ...extra };
  for (const { path, bytes } of DELIVERIES) files[path] = [bytes, { level }];
  return zipSync(files);
}

async function tarOf(extra: TarEntry[] = []): Promise<Uint8Array> {
  const entries: TarEntry[] = DELIVERIES.map(({ path, bytes }) => ({
    header: { name: path, size: bytes.length },
    body: bytes,
  }));
  return packTar([...entries, ...extra]);
}

describe("Session loads of archives", () => {
  const expected = independentCounts();

  it("a zip of the deliveries (stored) loads the same events as the loose files", async () => {
    const session = newSession();
    await session.load([source("logs.zip", zipOf(0))]);
    expect(session.progress.state).toBe("ready");
    expect(session.fileErrors()).toEqual([]);
    expect(session.files).toHaveLength(DELIVERIES.length);
    expect(session.store.rows).toBe(expected.total);
    expect(eventNameCounts(session)).toEqual(expected.eventNames);
    expect(session.files[0].path).toMatch(/^logs\.zip › AWSLogs\//);
    expect(session.files[0].name).toMatch(/\.json\.gz$/);
  });

  it("a zip of deflated members, with a README, loads the same events; the README is skipped", async () => {
    const readme = new TextEncoder().encode("CloudTrail logs of the lab account\n");
    const session = newSession();
    await session.load([
      source("logs.zip", zipOf(6, { "README.md": [readme, {}], "notes/x.txt": [readme, {}] })),
    ]);
    expect(session.fileErrors()).toEqual([]);
    expect(session.store.rows).toBe(expected.total);
    expect(session.tallies.skipped).toBe(2);
    // The detail view reads a record out of a deflated member.
    const text = await session.reads.recordText(session.store.file[0], session.store.record[0]);
    expect(JSON.parse(text)).toHaveProperty("eventID");
  });

  it("members go to the workers in batches, not one message each", async () => {
    const { session, parses } = parseCountingSession({ batchFiles: 8 });
    await session.load([source("logs.zip", zipOf(0))]);
    expect(session.store.rows).toBe(expected.total);
    expect(parses).toEqual([8, 8, 8, 8, 8, 8, 7]);
  });

  it("by default, members go by their bytes: up to 256 to a message, or 1 MB", async () => {
    const { session, parses } = parseCountingSession();
    // Each delivery five times over, under other names: more members than one message takes.
    const many = Array.from({ length: 5 }, (_, copy) =>
      DELIVERIES.map(({ path, bytes }) => ({ path: `${copy}/${path}`, bytes })),
    ).flat();
    const files: Zippable = {};
    for (const { path, bytes } of many) files[path] = [bytes, { level: 0 }];
    await session.load([source("logs.zip", zipSync(files))]);
    expect(session.fileErrors()).toEqual([]);
    // Batches of at most 256 members, cut within each batch the archive reader hands over (its
    // own are at most 256 members too): a few messages, where batches of 64 would take more.
    expect(parses.reduce((sum, n) => sum + n, 0)).toBe(many.length);
    expect(Math.max(...parses)).toBeLessThanOrEqual(256);
    expect(parses.length).toBeLessThanOrEqual(2 * Math.ceil(many.length / 256));
    expect(parses.length).toBeLessThan(Math.ceil(many.length / 64));
  });

  it("a tar and a tar.gz load the same events; an archive recognised by its bytes too", async () => {
    const tar = await tarOf();
    for (const file of [
      source("logs.tar", tar),
      source("logs.tgz", gzipSync(tar)),
      source("download", gzipSync(tar)),
    ]) {
      const session = newSession();
      await session.load([file]);
      expect(session.progress.state).toBe("ready");
      expect(session.fileErrors()).toEqual([]);
      expect(session.store.rows).toBe(expected.total);
      expect(eventNameCounts(session)).toEqual(expected.eventNames);
    }
  });

  it("a load of archives tells the store the rows it is heading for; one of picked files does not", async () => {
    const tar = await tarOf();
    const heard = (session: ReturnType<typeof newSession>) => {
      const told: { rows: number; expected: number }[] = [];
      const expectRows = session.store.expectRows.bind(session.store);
      session.store.expectRows = (rows, room) => {
        told.push({ rows: session.store.rows, expected: rows });
        expectRows(rows, room);
      };
      return told;
    };
    const archive = newSession(2, { batchFiles: 1 });
    const told = heard(archive);
    await archive.load([source("logs.tar", tar)]);
    expect(archive.store.rows).toBe(expected.total);
    const forecasts = told.filter((t) => t.expected > 0);
    expect(forecasts.length).toBeGreaterThan(DELIVERIES.length / 2);
    for (const { rows, expected: rowsExpected } of forecasts)
      expect(rowsExpected).toBeGreaterThan(rows);
    expect(told[told.length - 1]!.expected).toBe(0);

    const loose = newSession(2, { batchFiles: 1 });
    const toldLoose = heard(loose);
    await loose.load(DELIVERIES.map(({ path, bytes }) => source(path, bytes)));
    expect(loose.store.rows).toBe(expected.total);
    expect(toldLoose.length).toBeGreaterThan(DELIVERIES.length / 2);
    expect(toldLoose.filter((t) => t.expected > 0)).toEqual([]);
  });

  it("a tar's members go with the bytes its reader read (a zip's are read by the workers); past the limit of waiting bytes, as spans", async () => {
    const tar = await tarOf();
    const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
    for (const [file, heldBytes, expectHeld, batchFiles] of [
      [source("logs.tar", tar), undefined, DELIVERIES.length, undefined],
      [source("logs.tgz", gzipSync(tar)), undefined, DELIVERIES.length, undefined],
      // Batches of 8 members, each with its part of the bytes.
      [source("logs.tar", tar), undefined, DELIVERIES.length, 8],
      [source("logs.zip", zipOf(0)), undefined, 0, undefined],
      [source("logs.tar", tar), 0, 0, undefined],
    ] as const) {
      const { session, parses, withBytes } = parseCountingSession({ heldBytes, batchFiles });
      await session.load([file]);
      expect(session.fileErrors()).toEqual([]);
      expect(session.store.rows).toBe(expected.total);
      expect(eventNameCounts(session)).toEqual(expected.eventNames);
      expect(sum(parses)).toBe(DELIVERIES.length);
      expect(Math.max(...parses)).toBeLessThanOrEqual(batchFiles ?? 256);
      expect(sum(withBytes)).toBe(expectHeld);
      // A record is read again from the member's span of the archive, as the detail view does.
      const { store } = session;
      const last = store.rows - 1;
      const [json] = await session.reads.recordTexts(store.file[last], [store.record[last]]);
      const record = JSON.parse(json ?? "null") as { eventName?: string };
      expect(record.eventName).toBe(store.value("eventName", last));
    }
  });

  it("an archive inside a tar loads too; one inside a zip is named with what to do", async () => {
    const inner = gzipSync(
      await packTar(
        DELIVERIES.slice(30).map(({ path, bytes }) => ({
          header: { name: path, size: bytes.length },
          body: bytes,
        })),
      ),
    );
    const outer = await packTar([
      ...DELIVERIES.slice(0, 30).map(({ path, bytes }) => ({
        header: { name: path, size: bytes.length },
        body: bytes,
      })),
      { header: { name: "older/inner.tar.gz", size: inner.length }, body: inner },
    ]);
    const session = newSession();
    await session.load([source("outer.tar", outer)]);
    expect(session.progress.state).toBe("ready");
    expect(session.fileErrors()).toEqual([]);
    expect(session.store.rows).toBe(expected.total);

    const zipped = newSession();
    await zipped.load([source("outer.zip", zipSync({ "inner.tar.gz": [inner, { level: 0 }] }))]);
    expect(zipped.fileErrors().map((e) => [e.path, e.outcome?.error])).toEqual([
      ["outer.zip › inner.tar.gz", "an archive inside a zip (unzip the outer archive first)"],
    ]);
  });

  it("a cut tar.gz keeps the members before the cut and names the archive", async () => {
    const tgz = gzipSync(await tarOf());
    const session = newSession();
    await session.load([source("cut.tar.gz", tgz.subarray(0, Math.floor(tgz.length / 2)))]);
    expect(session.progress.state).toBe("ready");
    const errors = session.fileErrors();
    expect(errors.some((e) => e.path === "cut.tar.gz" && /cut short/.test(e.outcome!.error))).toBe(
      true,
    );
    expect(session.store.rows).toBeGreaterThan(0);
    expect(session.store.rows).toBeLessThan(expected.total);
  });

  it("a member that is not a log file is named with its archive and reason", async () => {
    const bad = gzipSync("not json at all");
    const session = newSession();
    await session.load([
      source("logs.zip", zipOf(0, { "AWSLogs/bad.json.gz": [bad, { level: 0 }] })),
    ]);
    expect(session.store.rows).toBe(expected.total);
    expect(session.fileErrors().map((e) => e.path)).toEqual(["logs.zip › AWSLogs/bad.json.gz"]);
  });

  it("the case report hashes each member's own bytes, deflated ones too", async () => {
    const session = newSession();
    await session.load([source("logs.zip", zipOf(6))]);
    const files = await hashFiles(caseSources(session), () => {}, new AbortController().signal);
    const hashes = new Map(
      DELIVERIES.map((d) => [
        `logs.zip › ${d.path}`,
        createHash("sha256").update(d.bytes).digest("hex"),
      ]),
    );
    expect(files).toHaveLength(DELIVERIES.length);
    for (const file of files) expect(file.sha256).toBe(hashes.get(file.path));
  });

  it("past 80% of the memory budget the progress says so, and loads still finish", async () => {
    const session = newSession(1, { memoryBudget: 1_000_000 });
    await session.load([source("a.zip", zipOf(0))]);
    const share = session.store.approximateBytes() / 1_000_000;
    expect(session.progress.memory).toBeCloseTo(share, 5);
    const near = newSession(1, { memoryBudget: Math.ceil(session.store.approximateBytes() / 0.9) });
    await near.load([source("a.zip", zipOf(0))]);
    expect(near.progress.state).toBe("ready");
    expect(near.progress.memory).toBeGreaterThanOrEqual(MEMORY_WARNING);
    expect(near.progress.memory).toBeLessThan(1);
  });

  it("a load the memory budget cannot take is refused up front, keeping what is loaded", async () => {
    // The archive's events take about 0.4 MB: more than half of the budget.
    const session = newSession(1, { memoryBudget: 600_000 });
    await session.load([source("a.zip", zipOf(0))]);
    const rows = session.store.rows;
    expect(rows).toBe(expected.total);
    expect(session.memoryShare()).toBeGreaterThan(0.5);
    // A second archive of the same size would need about as much again: refused before reading.
    await session.load([source("b.zip", zipOf(6))]);
    expect(session.progress.state).toBe("error");
    expect(session.progress.message).toMatch(/^Not loaded: this browser tab cannot hold more/);
    expect(session.store.rows).toBe(rows);
    expect(session.files.every((f) => f.outcome !== null)).toBe(true);
  });
});
