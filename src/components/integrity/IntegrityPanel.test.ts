import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { IntegrityReport } from "../../ingest/integrity";
import { IntegrityCheck } from "../../state/integrity";
import { newSession } from "../../state/testing";
import { IntegrityPanel } from "./IntegrityPanel";

const problem = (file: string, reason: string) => ({
  file,
  path: `AWSLogs/1/${file}`,
  fileIndex: 1,
  reason,
});

function render(integrity: IntegrityCheck): string {
  return renderToStaticMarkup(createElement(IntegrityPanel, { integrity }));
}

describe("IntegrityPanel", () => {
  it("is there with data-state none when no digest is loaded", () => {
    const html = render(new IntegrityCheck(newSession(1)));
    expect(html).toContain('data-testid="integrity"');
    expect(html).toContain('data-state="none"');
    expect(html).toContain('data-logs-valid="0"');
    expect(html).toContain('data-conflicting-duplicates="0"');
    expect(html).toContain("No digest files loaded");
  });

  it("shows the counts and names each problem's file, as text", () => {
    const integrity = new IntegrityCheck(newSession(1));
    const report: IntegrityReport = {
      logs: {
        valid: 7,
        modified: [problem("<b>a.json.gz</b>", "its SHA-256 is not the one d.json.gz lists")],
        missing: [problem("m.json.gz", "listed by d.json.gz, not loaded")],
        uncovered: [],
      },
      digests: {
        valid: 3,
        invalid: [],
        unverified: [problem("new.json.gz", "the newest digest of its chain")],
        gaps: [problem("gap.json.gz", "missing")],
      },
      newest: [problem("new.json.gz", "newest of its chain")],
      unusedSignatures: [],
      conflictingDuplicates: 0,
    };
    integrity.state = {
      status: "done",
      filesDone: 9,
      filesTotal: 9,
      bytesDone: 100,
      report,
      message: "",
      conflicts: { count: 0, versions: [] },
      scheduled: false,
      paused: false,
    };
    const html = render(integrity);
    for (const [name, value] of [
      ["state", "done"],
      ["logs-valid", "7"],
      ["logs-modified", "1"],
      ["logs-missing", "1"],
      ["logs-uncovered", "0"],
      ["digests-valid", "3"],
      ["digests-invalid", "0"],
      ["digests-unverified", "1"],
      ["conflicting-duplicates", "0"],
    ])
      expect(html).toContain(`data-${name}="${value}"`);
    expect(html).toContain("&lt;b&gt;a.json.gz&lt;/b&gt;");
    expect(html).toContain("m.json.gz");
    expect(html).toContain("gap.json.gz");
    expect(html).toContain('data-testid="integrity-signature"');
  });

  it("counts and lists conflicting duplicates with their files, digests or not", () => {
    const integrity = new IntegrityCheck(newSession(1));
    integrity.state = {
      ...integrity.state,
      conflicts: {
        count: 1,
        versions: [
          problem(
            "a.json.gz",
            "record 3: same eventID as <i>b.json.gz</i> record 0, other content",
          ),
          problem(
            "<i>b.json.gz</i>",
            "record 0: same eventID as a.json.gz record 3, other content",
          ),
        ],
      },
    };
    const html = render(integrity);
    expect(html).toContain('data-state="none"');
    expect(html).toContain('data-conflicting-duplicates="1"');
    expect(html).toContain('data-testid="integrity-conflicting-duplicates"');
    expect(html).toContain("&lt;i&gt;b.json.gz&lt;/i&gt;");
    expect(html.match(/data-testid="integrity-problem"/g)).toHaveLength(2);
  });
});
