// End to end in Node: a generated delivery with signed digests and its list-public-keys file,
// loaded through the worker protocol (in-process workers), checked, then tampered with.
import { gunzipSync, gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type GeneratedFile,
  generateDeliveries,
  type GeneratorOptions,
  PUBLIC_KEYS_PATH,
  signedDeliveries,
} from "../generator";
import { INPUT_QUIET_MS, IntegrityCheck, type IntegrityState } from "./integrity";
import type { SourceFile } from "./session";
import { invictus, newSession } from "./testing";

const OPTIONS: GeneratorOptions = {
  seed: 5,
  events: 3_000,
  start: "2026-05-04T00:00:00Z",
  days: 1,
  accounts: 1,
  regions: ["us-east-1", "eu-west-1"],
  deliveryMinutes: 15,
  duplicateRate: 0,
  bursts: false,
  insights: false,
  digests: true,
};

let files: GeneratedFile[];

beforeAll(async () => {
  files = [];
  for await (const file of signedDeliveries(generateDeliveries(OPTIONS))) files.push(file);
});

function asSource(file: { path: string; bytes: Uint8Array }): SourceFile {
  const name = file.path.slice(file.path.lastIndexOf("/") + 1);
  return { blob: new Blob([file.bytes as Uint8Array<ArrayBuffer>]), name, path: file.path };
}

/** Loads, checks, and answers the finished state. */
async function check(
  sources: SourceFile[],
  signatures = "",
): Promise<{ state: IntegrityState; hashJobs: number }> {
  const session = newSession(2);
  // The automatic start, after a short quiet time.
  const integrity = new IntegrityCheck(session, 20);
  let hashJobs = 0;
  const hashFiles = session.reads.hashFiles.bind(session.reads);
  session.reads.hashFiles = (indices) => {
    hashJobs++;
    return hashFiles(indices);
  };
  integrity.setSignatures(signatures);
  const detach = integrity.attach();
  await session.load(sources);
  const state = await new Promise<IntegrityState>((resolve) => {
    const done = () => {
      const s = integrity.state;
      const idle = s.status === "none" && !s.scheduled && session.progress.state === "ready";
      if (s.status === "done" || idle) {
        off();
        resolve(s);
      }
    };
    const off = integrity.subscribe(done);
    done();
  });
  detach();
  return { state, hashJobs };
}

function counts(state: IntegrityState) {
  const r = state.report;
  if (r === null) throw new Error(`no report: ${state.message}`);
  return {
    logsValid: r.logs.valid,
    modified: r.logs.modified.length,
    missing: r.logs.missing.length,
    uncovered: r.logs.uncovered.length,
    digestsValid: r.digests.valid,
    invalid: r.digests.invalid.length,
    unverified: r.digests.unverified.length,
    gaps: r.digests.gaps.length,
  };
}

/** The file's decompressed text changed by `edit`, gzipped again. */
function edited(file: GeneratedFile, edit: (text: string) => string): GeneratedFile {
  const text = gunzipSync(file.bytes).toString("utf8");
  const changed = edit(text);
  expect(changed).not.toBe(text);
  return { ...file, bytes: gzipSync(changed) };
}

describe("integrity of a generated delivery", () => {
  it("writes the keys file and signs every digest", () => {
    expect(files.filter((f) => f.path === PUBLIC_KEYS_PATH)).toHaveLength(1);
    const digests = files.filter((f) => f.kind === "digest");
    expect(digests.length).toBeGreaterThan(40);
    for (const digest of digests) expect(digest.signature).toMatch(/^[0-9a-f]{512}$/);
  });

  it("verifies end to end: every log valid, every digest but the newest of each chain", async () => {
    const logs = files.filter((f) => f.kind === "log").length;
    const digests = files.filter((f) => f.kind === "digest").length;
    const { state, hashJobs } = await check(files.map(asSource));
    expect(hashJobs).toBeGreaterThan(0);
    expect(state.filesDone).toBe(logs);
    expect(counts(state)).toEqual({
      logsValid: logs,
      modified: 0,
      missing: 0,
      uncovered: 0,
      digestsValid: digests - 2,
      invalid: 0,
      unverified: 2,
      gaps: 0,
    });
    expect(state.report?.newest).toHaveLength(2);
  });

  it("the newest digests verify once their signatures are pasted", async () => {
    const newest = new Map<string, GeneratedFile>();
    for (const f of files)
      if (f.kind === "digest")
        newest.set(f.path.split("/CloudTrail-Digest/")[1]?.split("/")[0] ?? "", f);
    const pasted = [...newest.values()].map((f) => f.signature ?? "").join("\n");
    const { state } = await check(files.map(asSource), pasted);
    expect(counts(state)).toMatchObject({ unverified: 0, invalid: 0 });
    expect(counts(state).digestsValid).toBe(files.filter((f) => f.kind === "digest").length);
  });

  it("finds a tampered log, a deleted log and an altered digest, by name", async () => {
    const logs = files.filter((f) => f.kind === "log");
    const digests = files.filter((f) => f.kind === "digest");
    const tampered = logs[3]!;
    const deleted = logs[10]!;
    const altered = digests[7]!;
    const sources = files
      .filter((f) => f !== deleted)
      .map((f) => {
        if (f === tampered)
          return edited(f, (t) => t.replace(/"eventName":"[A-Za-z]+"/, '"eventName":"Nothing"'));
        if (f === altered)
          return edited(f, (t) =>
            t.replace(/"digestStartTime":"[^"]+"/, '"digestStartTime":"2026-05-03T00:00:00Z"'),
          );
        return f;
      })
      .map(asSource);
    const { state } = await check(sources);
    const report = state.report!;
    const name = (f: GeneratedFile) => f.path.slice(f.path.lastIndexOf("/") + 1);
    expect(report.logs.modified.map((p) => p.file)).toEqual([name(tampered)]);
    expect(report.logs.missing.map((p) => p.file)).toEqual([name(deleted)]);
    expect(report.digests.invalid.map((p) => p.file)).toEqual([name(altered)]);
    expect(counts(state)).toMatchObject({ logsValid: logs.length - 2, uncovered: 0, gaps: 0 });
  });

  it("a missing digest is a gap; without the keys file signatures are unverified", async () => {
    const digests = files.filter((f) => f.kind === "digest");
    const gone = digests[9]!;
    const sources = files.filter((f) => f !== gone && f.path !== PUBLIC_KEYS_PATH).map(asSource);
    const { state } = await check(sources);
    expect(state.report?.digests.gaps.map((p) => p.path)).toEqual([gone.path]);
    expect(counts(state)).toMatchObject({ digestsValid: 0, invalid: 0 });
    expect(counts(state).unverified).toBe(digests.length - 1);
  });

  it("a load without digests reads nothing again", async () => {
    const { state, hashJobs } = await check(invictus().slice(0, 5));
    expect(state.status).toBe("none");
    expect(hashJobs).toBe(0);
  });
});

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Resolves when `integrity` publishes a state that passes `test`. */
function until(integrity: IntegrityCheck, test: (state: IntegrityState) => boolean) {
  return new Promise<IntegrityState>((resolve) => {
    const look = () => {
      if (!test(integrity.state)) return;
      off();
      resolve(integrity.state);
    };
    const off = integrity.subscribe(look);
    look();
  });
}

describe("the automatic check yields to the user", () => {
  const sources = () => files.map(asSource);

  it("starts after the load once the user's worker requests have been quiet, not before", async () => {
    const session = newSession(2);
    const integrity = new IntegrityCheck(session, 150);
    const detach = integrity.attach();
    await session.load(sources());
    expect(integrity.state).toMatchObject({ status: "none", scheduled: true });
    // The user opens records meanwhile: the quiet time starts again when they are answered.
    let answer = () => {};
    void session.userWork.track(new Promise<void>((done) => (answer = done)));
    await sleep(300);
    expect(integrity.state.status).toBe("none");
    answer();
    await sleep(50);
    expect(integrity.state.status).toBe("none");
    const done = await until(integrity, (state) => state.status === "done");
    expect(done.scheduled).toBe(false);
    expect(done.report?.logs.modified).toEqual([]);
    detach();
  });

  it("runs one batch at a time and pauses while a request of the user's is in flight", async () => {
    const session = newSession(2);
    const integrity = new IntegrityCheck(session, 0);
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    let answer = () => {};
    const hashFiles = session.reads.hashFiles.bind(session.reads);
    session.reads.hashFiles = async (indices) => {
      calls++;
      inFlight++;
      most = Math.max(most, inFlight);
      // During the first batch the user asks for something that takes a while.
      if (calls === 1) void session.userWork.track(new Promise<void>((done) => (answer = done)));
      try {
        return await hashFiles(indices);
      } finally {
        inFlight--;
      }
    };
    const detach = integrity.attach();
    await session.load(sources());
    const paused = await until(integrity, (state) => state.paused);
    expect(paused.status).toBe("checking");
    await sleep(200);
    // Nothing more was asked of the workers while the user waited.
    expect(calls).toBe(1);
    expect(integrity.state.paused).toBe(true);
    answer();
    const done = await until(integrity, (state) => state.status === "done");
    expect(calls).toBeGreaterThan(1);
    expect(most).toBe(1);
    expect(done.report?.logs.modified).toEqual([]);
    // "Check again" reads every listed log again, at once.
    const before = calls;
    integrity.start();
    await until(integrity, (state) => state.status === "checking");
    await until(integrity, (state) => state.status === "done");
    expect(calls - before).toBe(before);
    detach();
  });

  it("pauses while the user clicks or types, and goes on once the input is quiet", async () => {
    const session = newSession(2);
    const integrity = new IntegrityCheck(session, 0);
    let calls = 0;
    let inputAt = 0;
    const hashFiles = session.reads.hashFiles.bind(session.reads);
    session.reads.hashFiles = async (indices) => {
      calls++;
      // During the first batch the user presses a key.
      if (calls === 1) {
        session.userWork.noteInput();
        inputAt = performance.now();
      }
      return hashFiles(indices);
    };
    const detach = integrity.attach();
    await session.load(sources());
    const paused = await until(integrity, (state) => state.paused);
    expect(paused.status).toBe("checking");
    await sleep(INPUT_QUIET_MS / 2);
    expect(calls).toBe(1);
    expect(integrity.state.paused).toBe(true);
    const done = await until(integrity, (state) => state.status === "done");
    expect(performance.now() - inputAt).toBeGreaterThanOrEqual(INPUT_QUIET_MS - 5);
    expect(calls).toBeGreaterThan(1);
    expect(done.report?.logs.modified).toEqual([]);
    detach();
  });
});
