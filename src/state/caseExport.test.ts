import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  caseExportName,
  caseJson,
  caseMarkdown,
  caseSources,
  hashFiles,
  mdText,
  type CaseSource,
  type HashedFile,
} from "./caseExport";
import { emptyCase, type CaseData, type StarredEvent } from "./caseFileData";
import { newSession, source } from "./testing";

const HOSTILE = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "a | b | c",
  "`code` and ``more``",
  "line one\nline two\r\n# not a heading",
  "# heading",
  '=HYPERLINK("http://x")',
  "+1+1",
  "-2",
  "@SUM(A1)",
  "1. list",
  "evil\u202Egnp.exe",
  "&lt;b&gt;",
];

function star(eventID: string, eventTime: string, value: string): StarredEvent {
  return {
    eventID,
    eventTime,
    eventName: value,
    eventSource: value,
    principal: value,
    sourceIPAddress: value,
    awsRegion: value,
    errorCode: value,
    account: value,
    starredAt: 0,
  };
}

function hostileCase(): CaseData {
  const data = emptyCase("f".repeat(64), [], Date.UTC(2024, 0, 1));
  return {
    ...data,
    query: "eventName:<b>|x",
    stars: HOSTILE.map((value, i) =>
      star(`${value}-${i}`, `2024-03-0${(HOSTILE.length - i) % 9 || 9}T00:00:00.000Z`, value),
    ),
    notes: [
      {
        target: { kind: "event", eventID: `${HOSTILE[0]}-0` },
        text: "Seen from <b>Tor</b>\n# also\n=cmd",
        created: 1,
        updated: 2,
        event: null,
      },
      {
        target: { kind: "finding", ruleId: "r|1" },
        text: "[x](javascript:alert(1))",
        created: 1,
        updated: 1,
        event: null,
      },
    ],
    findings: HOSTILE.map((value, i) => ({
      ruleId: `r|${i}`,
      title: value,
      level: i === 3 ? "critical" : "low",
      tactics: [value],
      techniques: ["T1078"],
      count: i,
      first: Date.UTC(2024, 2, 1),
      last: null,
      source: value,
    })),
  };
}

const FILES: HashedFile[] = [
  {
    path: "AWSLogs/<x>|[y].json.gz",
    bytes: 10,
    kind: "events",
    events: 3,
    sha256: "a".repeat(64),
    error: "",
  },
];

const OUR_HEADINGS = /^#{1,3} (Trailview case report|Findings|Notes on|Timeline|Files)/;

/** Pipes that separate cells (not escaped by a backslash). */
function cellPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "|") count++;
  }
  return count;
}

describe("caseMarkdown", () => {
  const md = caseMarkdown(hostileCase(), FILES, new Date(Date.UTC(2024, 5, 1, 12)));
  const lines = md.split("\n");

  it("writes the report's sections and content", () => {
    expect(lines[0]).toBe("# Trailview case report");
    expect(md).toContain("**Exported:** 2024-06-01 12:00:00 UTC");
    expect(md).toContain(`## Timeline of starred events (${HOSTILE.length})`);
    expect(md).toContain(`## Findings (${HOSTILE.length})`);
    expect(md).toContain("### Notes on findings");
    expect(md).toContain("### Notes on events");
    expect(md).toContain(`\`${"a".repeat(64)}\``);
    expect(md).toContain("T1078");
    // The critical finding comes first.
    const findingRows = lines.filter((l) => l.startsWith("| critical") || l.startsWith("| low"));
    expect(findingRows[0]).toMatch(/^\| critical \| a \\\| b \\\| c/);
  });

  it("orders the timeline by event time", () => {
    const times = lines
      .filter((l) => /^\| \d+ \| 2024/.test(l))
      .map((l) => l.split(" | ")[1] ?? "");
    expect(times.length).toBe(HOSTILE.length);
    expect([...times].sort()).toEqual(times);
  });

  it("never lets a log value become HTML, a link, code, a cell, a heading or a formula", () => {
    expect(md).not.toMatch(/<[a-z/!]/i);
    expect(md).not.toMatch(/[^\\]\]\(/);
    expect(md).not.toMatch(/[^\\]\[/);
    // The only code spans are the hashes.
    expect(md.replace(/`[0-9a-f]{64}`/g, "")).not.toMatch(/(^|[^\\])`/m);
    expect(md).not.toContain("\u202E");
    expect(md).toContain("⟦U+202E⟧");
    expect(md).toContain("&amp;lt;b&amp;gt;");
    const headings = lines.filter((line) => line.startsWith("#"));
    expect(headings.length).toBeGreaterThan(4);
    for (const line of headings) expect(line).toMatch(OUR_HEADINGS);
    for (const line of lines) expect(line).not.toMatch(/^\s*[=+@]/);
    // Every row of a table has as many cells as its header.
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]?.startsWith("| ") || !lines[i + 1]?.startsWith("| ---")) continue;
      const width = cellPipes(lines[i] ?? "");
      for (let j = i + 1; lines[j]?.startsWith("|"); j++) {
        expect(cellPipes(lines[j] ?? "")).toBe(width);
      }
    }
    // Note lines are quoted and escaped.
    expect(md).toContain("> Seen from &lt;b&gt;Tor&lt;/b&gt;");
    expect(md).toContain("> \\# also");
    expect(md).toContain("> \\=cmd");
  });

  it("escapes each dangerous character of a value", () => {
    expect(mdText("a|b")).toBe("a\\|b");
    expect(mdText("`x`")).toBe("\\`x\\`");
    expect(mdText("[a]")).toBe("\\[a\\]");
    expect(mdText("<a>")).toBe("&lt;a&gt;");
    expect(mdText("a\nb")).toBe("a ↵ b");
    for (const lead of ["#", "=", "+", "-", "@"]) expect(mdText(`${lead}x`)).toBe(`\\${lead}x`);
    expect(mdText("ConsoleLogin")).toBe("ConsoleLogin");
    expect(mdText("10.0.0.1")).toBe("10.0.0.1");
    expect(mdText("1. list")).toBe("1\\. list");
  });
});

describe("caseJson", () => {
  it("carries the values as they are, with no raw < > &", () => {
    const data = hostileCase();
    const text = caseJson(data, FILES, new Date(Date.UTC(2024, 5, 1)));
    expect(text).not.toMatch(/[<>&]/);
    const report = JSON.parse(text);
    expect(report.exportedAt).toBe("2024-06-01T00:00:00.000Z");
    expect(report.query).toBe("eventName:<b>|x");
    expect(report.files).toEqual([
      {
        path: "AWSLogs/<x>|[y].json.gz",
        bytes: 10,
        sha256: "a".repeat(64),
        kind: "events",
        events: 3,
        error: null,
      },
    ]);
    expect(report.timeline).toHaveLength(HOSTILE.length);
    const first = report.timeline.find((e: { eventID: string }) => e.eventID === `${HOSTILE[0]}-0`);
    expect(first.eventName).toBe(HOSTILE[0]);
    expect(first.note.text).toBe("Seen from <b>Tor</b>\n# also\n=cmd");
    expect(report.findings[0].level).toBe("critical");
    expect(report.findings[0].first).toBe("2024-03-01T00:00:00.000Z");
    expect(report.findings[0].last).toBeNull();
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === "r|1").note.text).toBe(
      "[x](javascript:alert(1))",
    );
  });

  it("names the download by the time only", () => {
    expect(caseExportName("md", new Date(Date.UTC(2024, 5, 1, 8, 9, 10)))).toBe(
      "trailview-case-20240601-080910.md",
    );
  });
});

describe("hashFiles", () => {
  const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

  it("hashes the loaded files' bytes as node:crypto does", async () => {
    const records = (id: string) =>
      JSON.stringify({ Records: [{ eventName: "GetCallerIdentity", eventID: id }] });
    const plain = new TextEncoder().encode(records("p-1"));
    const gz = gzipSync(records("g-1"));
    const big = new Uint8Array(200_003).map((_, i) => (i * 7919) & 255);
    const session = newSession(1);
    await session.load([source("b.json.gz", gz), source("a.json", plain), source("c.bin", big)]);
    const progress: number[] = [];
    const files = await hashFiles(
      caseSources(session),
      (p) => progress.push(p.done),
      new AbortController().signal,
    );
    expect(files.map((f) => [f.path, f.sha256, f.bytes])).toEqual([
      ["a.json", sha(plain), plain.length],
      ["b.json.gz", sha(gz), gz.length],
      ["c.bin", sha(big), big.length],
    ]);
    // A file with neither a log's name nor a log's content is listed as skipped, and hashed all the same.
    expect(files[2]?.kind).toBe("skipped");
    expect(progress.at(-1)).toBe(3);
    expect(caseMarkdown(emptyCase("0".repeat(64), [], 0), files)).toContain(`\`${sha(gz)}\``);
  });

  it("stops when cancelled, and lists a file it cannot read", async () => {
    const blob = new Blob([new Uint8Array([1, 2, 3])]);
    const ok: CaseSource = { path: "x", blob, kind: "events", events: 1, bytes: 3, error: "" };
    const controller = new AbortController();
    controller.abort();
    await expect(hashFiles([ok], () => {}, controller.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
    const broken = {
      ...ok,
      path: "gone",
      blob: { arrayBuffer: () => Promise.reject(new Error("NotReadableError")) } as unknown as Blob,
    };
    const files = await hashFiles([broken, ok], () => {}, new AbortController().signal);
    expect(files[0]).toMatchObject({ path: "gone", sha256: null, error: "NotReadableError" });
    expect(files[1]?.sha256).toBe(sha(new Uint8Array([1, 2, 3])));
  });
});
