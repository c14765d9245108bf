import { IDBFactory } from "fake-indexeddb";
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { CaseFile, caseFilesOf, caseFingerprint } from "./caseFile";
import { emptyCase, parseCase, type CaseData, type CaseFinding } from "./caseFileData";
import { indexedDbStorage, memoryStorage, type CaseStorage } from "./caseFileStorage";
import { rowOfEvent } from "./selection";
import type { Session, SourceFile } from "./session";
import { newSession, source } from "./testing";

const SECRET = "requestParameters-secret-value";

function records(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    eventVersion: "1.08",
    eventTime: `2024-03-0${1 + (i % 9)}T10:00:0${i % 10}Z`,
    eventSource: "iam.amazonaws.com",
    eventName: i === 0 ? "CreateAccessKey" : "ListUsers",
    awsRegion: "us-east-1",
    sourceIPAddress: `198.51.100.${i + 1}`,
    userIdentity: { type: "IAMUser", userName: `user-${prefix}`, accountId: "111122223333" },
    recipientAccountId: "111122223333",
    errorCode: i === 1 ? "AccessDenied" : undefined,
    requestParameters: { note: SECRET },
    eventID: `${prefix}-${i}`,
  }));
}

function file(name: string, prefix: string, n = 3): SourceFile {
  return source(name, new TextEncoder().encode(JSON.stringify({ Records: records(prefix, n) })));
}

async function loaded(files: SourceFile[]): Promise<Session> {
  const session = newSession(1);
  await session.load(files);
  expect(session.progress.state).toBe("ready");
  return session;
}

const FINDINGS: CaseFinding[] = [
  {
    ruleId: "rule-1",
    title: "Access key created",
    level: "high",
    tactics: ["persistence"],
    techniques: ["T1098.001"],
    count: 1,
    first: Date.UTC(2024, 2, 1, 10),
    last: Date.UTC(2024, 2, 1, 10),
    source: "built-in",
  },
];

/** A storage that counts writes. */
function counting(inner: CaseStorage): CaseStorage & { puts: number } {
  const storage = {
    puts: 0,
    get: (key: string) => inner.get(key),
    put: (key: string, value: CaseData) => {
      storage.puts++;
      return inner.put(key, value);
    },
    delete: (key: string) => inner.delete(key),
  };
  return storage;
}

describe("case fingerprint", () => {
  it("is the same for the same files in any order, and differs for others", async () => {
    const a = await loaded([file("a.json", "a"), file("b.json", "b")]);
    const b = await loaded([file("b.json", "b"), file("a.json", "a")]);
    const c = await loaded([file("a.json", "a"), file("c.json", "c")]);
    const key = (s: Session) => caseFingerprint(caseFilesOf(s.files));
    expect(await key(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(await key(b)).toBe(await key(a));
    expect(await key(c)).not.toBe(await key(a));
    expect(caseFilesOf(a.files).map((f) => f.path)).toEqual(["a.json", "b.json"]);
  });

  it("is the SHA-256 of the sorted paths and sizes, with Web Crypto or without it", async () => {
    const session = await loaded([file("b.json", "bb"), file("a.json", "a")]);
    const refs = caseFilesOf(session.files);
    expect(refs.map((r) => r.path)).toEqual(["a.json", "b.json"]);
    const text = JSON.stringify(refs.map((r) => [r.path, r.bytes]));
    const expected = createHash("sha256").update(text).digest("hex");
    expect(await caseFingerprint(refs)).toBe(expected);
    vi.stubGlobal("crypto", undefined);
    try {
      expect(await caseFingerprint(refs)).toBe(expected);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("case fingerprint of many files", () => {
  const refsOf = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      path: `logs.tar › AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/0${i % 9}/f-${i}.json.gz`,
      bytes: 500 + i,
    }));
  const expectedOf = (refs: { path: string; bytes: number }[]) =>
    createHash("sha256")
      .update(JSON.stringify(refs.map((r) => [r.path, r.bytes])))
      .digest("hex");

  it("is the key of the whole list's text, made in slices with a pause between them", async () => {
    for (const n of [0, 1, 4095, 4096, 4097, 10_000]) {
      const refs = refsOf(n);
      let pauses = 0;
      const key = await caseFingerprint(refs, () => {
        pauses++;
        return Promise.resolve();
      });
      expect(key).toBe(expectedOf(refs));
      expect(pauses).toBe(Math.max(0, Math.ceil(n / 4096) - 1));
    }
  });
});

describe("CaseFile", () => {
  it("keeps stars, notes, query and findings in IndexedDB across a reload", async () => {
    const factory = new IDBFactory();
    const first = await loaded([file("a.json", "a"), file("b.json", "b")]);
    const caseFile = new CaseFile({ storage: indexedDbStorage(factory), writeDelayMs: 5 });
    caseFile.setQuery("eventName:CreateAccessKey");
    await caseFile.open(first);
    expect(caseFile.status).toBe("open");
    expect(caseFile.data?.query).toBe("eventName:CreateAccessKey");

    const row = rowOfEvent(first, "a-1");
    expect(await caseFile.toggleRow(first, row)).toBe(true);
    expect(caseFile.isStarred("a-1")).toBe(true);
    expect(caseFile.starredRef(first, row)).toBe("a-1");
    caseFile.star(first, rowOfEvent(first, "b-0"), "b-0");
    caseFile.setNote({ kind: "event", eventID: "a-1" }, "Denied: first probe\nfrom a new IP");
    caseFile.setNote({ kind: "finding", ruleId: "rule-1" }, "Key created by user-a");
    caseFile.setFindings(FINDINGS);
    const saved = structuredClone(caseFile.data);
    await caseFile.flush();
    expect(caseFile.saveState).toBe("saved");

    const star = saved?.stars.find((s) => s.eventID === "a-1");
    expect(star).toMatchObject({
      eventName: "ListUsers",
      eventSource: "iam.amazonaws.com",
      sourceIPAddress: "198.51.100.2",
      awsRegion: "us-east-1",
      errorCode: "AccessDenied",
      account: "111122223333",
      eventTime: "2024-03-02T10:00:01.000Z",
    });
    expect(star?.principal).toContain("user-a");

    // A reload: a new page, a new session with the same files in another order.
    const again = await loaded([file("b.json", "b"), file("a.json", "a")]);
    const reloaded = new CaseFile({ storage: indexedDbStorage(factory) });
    await reloaded.open(again);
    expect(reloaded.data).toEqual(saved);
    expect(reloaded.starredRef(again, rowOfEvent(again, "a-1"))).toBe("a-1");
    expect(reloaded.starredRef(again, rowOfEvent(again, "a-0"))).toBeNull();
    expect(reloaded.noteOf({ kind: "finding", ruleId: "rule-1" })?.text).toBe(
      "Key created by user-a",
    );

    // Nothing of the records beyond the key fields was stored.
    const stored = await indexedDbStorage(factory).get(saved?.fingerprint ?? "");
    expect(JSON.stringify(stored)).not.toContain(SECRET);

    // Unstarring by row goes through the same lookup.
    expect(await reloaded.toggleRow(again, rowOfEvent(again, "a-1"))).toBe(false);
    expect(reloaded.isStarred("a-1")).toBe(false);
  });

  it("opens a different, empty case for a different set of files", async () => {
    const factory = new IDBFactory();
    const caseFile = new CaseFile({ storage: indexedDbStorage(factory), writeDelayMs: 5 });
    const one = await loaded([file("a.json", "a")]);
    await caseFile.open(one);
    caseFile.star(one, rowOfEvent(one, "a-0"), "a-0");
    const firstKey = caseFile.data?.fingerprint;
    await caseFile.close();
    expect(caseFile.status).toBe("closed");
    expect(caseFile.data).toBeNull();

    const other = await loaded([file("c.json", "c")]);
    const fresh = new CaseFile({ storage: indexedDbStorage(factory) });
    await fresh.open(other);
    expect(fresh.data?.fingerprint).not.toBe(firstKey);
    expect(fresh.stars).toEqual([]);
    expect(fresh.notes).toEqual([]);

    // The first case is still there for its files.
    await fresh.open(await loaded([file("a.json", "a")]));
    expect(fresh.stars.map((s) => s.eventID)).toEqual(["a-0"]);
  });

  it("writes a burst of changes once, and nothing for a case left empty", async () => {
    const storage = counting(memoryStorage());
    const caseFile = new CaseFile({ storage, writeDelayMs: 20 });
    const session = await loaded([file("a.json", "a", 5)]);
    await caseFile.open(session);
    caseFile.setFindings(FINDINGS);
    await caseFile.flush();
    expect(storage.puts).toBe(0);
    for (let i = 0; i < 5; i++) caseFile.star(session, rowOfEvent(session, `a-${i}`), `a-${i}`);
    caseFile.setNote({ kind: "event", eventID: "a-2" }, "x");
    expect(caseFile.saveState).toBe("pending");
    await new Promise((resolve) => setTimeout(resolve, 60));
    await caseFile.flush();
    expect(storage.puts).toBe(1);
    expect(caseFile.saveState).toBe("saved");
    // A change followed by close is written by close.
    caseFile.unstar("a-0");
    await caseFile.close();
    expect(storage.puts).toBe(2);
  });

  it("carries a case over when files are added to those loaded", async () => {
    const caseFile = new CaseFile({ storage: memoryStorage(), writeDelayMs: 5 });
    const session = newSession(1);
    await session.load([file("a.json", "a")]);
    await caseFile.open(session);
    caseFile.star(session, rowOfEvent(session, "a-0"), "a-0");
    const before = caseFile.data?.fingerprint;
    await session.load([file("b.json", "b")]);
    await caseFile.open(session);
    expect(caseFile.data?.fingerprint).not.toBe(before);
    expect(caseFile.data?.files.map((f) => f.path)).toEqual(["a.json", "b.json"]);
    expect(caseFile.stars.map((s) => s.eventID)).toEqual(["a-0"]);
  });

  it("edits and deletes notes, keeping the event's key fields", async () => {
    let clock = 1000;
    const caseFile = new CaseFile({ storage: memoryStorage(), now: () => clock });
    const session = await loaded([file("a.json", "a")]);
    await caseFile.open(session);
    const target = { kind: "event", eventID: "a-0" } as const;
    caseFile.setNote(target, "first", { session, row: rowOfEvent(session, "a-0") });
    clock = 2000;
    caseFile.setNote(target, "second");
    const note = caseFile.noteOf(target);
    expect(note).toMatchObject({ text: "second", created: 1000, updated: 2000 });
    expect(note?.event?.eventName).toBe("CreateAccessKey");
    caseFile.setNote(target, "   ");
    expect(caseFile.noteOf(target)).toBeNull();
    caseFile.dispose();
  });

  it("keeps a case it could not read in the page only, never overwriting the stored one", async () => {
    const inner = counting(memoryStorage());
    const storage: CaseStorage = {
      ...inner,
      get: () => Promise.reject(new Error("QuotaExceededError")),
      put: (key, value) => inner.put(key, value),
    };
    const caseFile = new CaseFile({ storage, writeDelayMs: 1 });
    const session = await loaded([file("a.json", "a")]);
    await caseFile.open(session);
    expect(caseFile.status).toBe("open");
    expect(caseFile.saveState).toBe("error");
    expect(caseFile.saveError).toContain("QuotaExceededError");
    caseFile.star(session, rowOfEvent(session, "a-0"), "a-0");
    await caseFile.flush();
    expect(caseFile.isStarred("a-0")).toBe(true);
    expect(inner.puts).toBe(0);
    expect(caseFile.saveState).toBe("error");
  });

  it("ignores changes while closed, and a stored value that is not a case", async () => {
    const caseFile = new CaseFile({ storage: memoryStorage() });
    const session = await loaded([file("a.json", "a")]);
    caseFile.star(session, 0, "a-0");
    expect(caseFile.stars).toEqual([]);
    expect(parseCase({ format: "other" }, "k")).toBeNull();
    const data = emptyCase("k", [], 1);
    const hostile = {
      ...data,
      stars: [{ eventID: "x", eventName: 5 }, { nope: true }, "junk"],
      notes: [{ target: { kind: "event", eventID: "x" }, text: "" }],
    };
    const parsed = parseCase(hostile, "k");
    expect(parsed?.stars).toHaveLength(1);
    expect(parsed?.stars[0]?.eventName).toBe("");
    expect(parsed?.notes).toEqual([]);
    expect(parseCase(data, "other-key")).toBeNull();
  });
});
