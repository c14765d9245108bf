// The files panel over a session that loaded a log, a log with bytes after its gzip data, a
// LICENSE and a broken log: one error, one warning, one skipped file, each named, as text.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { REAL_SAMPLES } from "../../lib/testing/samples";
import { INVICTUS, newSession, source } from "../../state/testing";
import { FileErrors } from "./FileErrors";

test("errors, warnings and skipped files are listed apart, and only errors count as errors", async () => {
  const day = join(INVICTUS, "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10");
  const [a, b] = readdirSync(day)
    .toSorted()
    .map((name) => new Uint8Array(readFileSync(join(day, name))));
  const padded = new Uint8Array([...b!, 0, 0, 0, 0]);
  const session = newSession(1);
  await session.load([
    source("a.json.gz", a!),
    source("padded.json.gz", padded),
    source(
      "LICENSE-SUMMARY",
      new Uint8Array(readFileSync(join(REAL_SAMPLES, "aws-docs-examples/LICENSE-SUMMARY"))),
    ),
    source("<b>broken</b>.json", new TextEncoder().encode("{ not json")),
  ]);
  const { tallies } = session;
  expect(tallies.logFiles).toBe(2);
  expect(session.fileErrors().map((f) => f.name)).toEqual(["<b>broken</b>.json"]);
  expect(tallies.skippedFiles.map((f) => f.name)).toEqual(["LICENSE-SUMMARY"]);
  expect(tallies.warnings.map((f) => f.name)).toEqual(["padded.json.gz"]);

  const html = renderToStaticMarkup(
    createElement(FileErrors, {
      files: session.fileErrors(),
      warnings: tallies.warnings,
      skipped: tallies.skippedFiles,
    }),
  );
  expect(html).toContain('data-testid="file-errors" data-count="1"');
  expect(html).toContain('data-testid="file-warnings" data-count="1"');
  expect(html).toContain('data-testid="skipped-files" data-count="1"');
  expect(html).toContain("4 bytes of zero padding after the compressed data ignored");
  expect(html).toContain("not a log file");
  expect(html).toContain("&lt;b&gt;broken&lt;/b&gt;.json");
  expect(html).not.toContain("<b>broken");
});

test("nothing to say: only the empty errors hook", () => {
  const html = renderToStaticMarkup(createElement(FileErrors, { files: [] }));
  expect(html).toBe('<div data-testid="file-errors" data-count="0" hidden=""></div>');
});
