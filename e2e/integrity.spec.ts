// The Integrity panel over generated deliveries with signed digests: the expected counts are read
// here from the digest files themselves (gunzip + JSON.parse of `logFiles`), never from the app.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";
import {
  INVICTUS,
  expect,
  filesUnder,
  readRecords,
  test,
  waitReady,
  type TrailRecord,
} from "./fixtures";

const ROOT = resolve(import.meta.dirname, "..");

interface DigestFile {
  logFiles: { s3Object: string }[];
}

let workDir = "";
let generated = "";

/** The S3 keys of the log files the digests under `dir` list (each once). */
function listedLogs(dir: string): string[] {
  const keys = new Set<string>();
  for (const file of filesUnder(dir).filter((f) => f.includes("CloudTrail-Digest"))) {
    const digest = JSON.parse(gunzipSync(readFileSync(file)).toString()) as DigestFile;
    for (const log of digest.logFiles) keys.add(log.s3Object);
  }
  return [...keys].sort();
}

async function loadFolder(page: Page, dir: string): Promise<void> {
  await page.goto("./");
  await page.getByTestId("folder-input").setInputFiles(dir);
  await waitReady(page);
}

test.beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "trailview-integrity-"));
  generated = join(workDir, "generated");
  // A small demo delivery (about 680 files, a second or two): digests signed, keys at the root.
  execFileSync(
    "npx",
    [
      "tsx",
      "scripts/generate.ts",
      "--out",
      generated,
      "--preset",
      "demo",
      "--events",
      "1500",
      "--days",
      "1",
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
});

test.afterAll(() => {
  if (workDir !== "") rmSync(workDir, { recursive: true, force: true });
});

test("a whole generated delivery with its digests and keys checks clean", async ({ page }) => {
  const listed = listedLogs(generated);
  expect(listed.length).toBeGreaterThan(10);
  expect(filesUnder(generated).some((f) => basename(f) === "trail-public-keys.json")).toBe(true);
  await loadFolder(page, generated);
  // The check starts by itself once the page has been quiet after the load.
  const panel = page.getByTestId("integrity");
  await expect(panel).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-logs-valid", String(listed.length));
  await expect(panel).toHaveAttribute("data-logs-modified", "0");
  await expect(panel).toHaveAttribute("data-logs-missing", "0");
  await expect(panel).toHaveAttribute("data-digests-invalid", "0");
  // "Check again" reads every listed log again and comes to the same report.
  await panel.getByTestId("integrity-run").click();
  await expect(panel).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-logs-valid", String(listed.length));
});

test("a log file changed and another deleted are counted and named", async ({ page }) => {
  const copy = join(workDir, "tampered");
  cpSync(generated, copy, { recursive: true });
  const listed = listedLogs(copy);
  const [changedKey, deletedKey] = [listed[0], listed[listed.length - 1]];
  // The S3 key is the path under the delivery root.
  const changed = join(copy, changedKey);
  const deleted = join(copy, deletedKey);
  const text = gunzipSync(readFileSync(changed)).toString();
  const tampered = text.replace(/"eventName":"([^"]*)"/, '"eventName":"$1Tampered"');
  expect(tampered).not.toBe(text);
  writeFileSync(changed, gzipSync(tampered));
  rmSync(deleted);

  await loadFolder(page, copy);
  const panel = page.getByTestId("integrity");
  // Asked for at once ("Verify now"), before the automatic start; or already under way.
  const run = panel.getByTestId("integrity-run");
  if ((await panel.getAttribute("data-state")) === "none") await run.click();
  await expect(panel).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-logs-modified", "1");
  await expect(panel).toHaveAttribute("data-logs-missing", "1");
  await expect(panel).toHaveAttribute("data-logs-valid", String(listed.length - 2));
  await expect(panel.getByTestId("integrity-logs-modified")).toContainText(basename(changedKey));
  await expect(panel.getByTestId("integrity-logs-missing")).toContainText(basename(deletedKey));
});

test("a load without digests has nothing to check", async ({ page }) => {
  await loadFolder(page, INVICTUS);
  const panel = page.getByTestId("integrity");
  await expect(panel).toHaveAttribute("data-state", "none");
  await expect(panel).toHaveAttribute("data-conflicting-duplicates", "0");
  await expect(panel.getByTestId("integrity-run")).toHaveCount(0);
});

test("the automatic check waits while the user opens events, then runs", async ({ page }) => {
  await page.goto("./");
  // From the moment the load is ready the user opens one event after another (each asks a
  // worker for its record), faster than the quiet time: the check does not start meanwhile. The
  // clicks run in the page, so that no round trip of the test's own delays them.
  const watching = page.evaluate(async () => {
    const seen: string[] = [];
    const state = (id: string) =>
      document.querySelector(`[data-testid=${id}]`)?.getAttribute("data-state") ?? "";
    const rows = () => document.querySelectorAll<HTMLElement>("[data-testid=event-row]");
    while (state("load-status") !== "ready" || rows().length < 6)
      await new Promise((done) => setTimeout(done, 20));
    for (let i = 0; i < 12; i++) {
      rows()[i % 6]?.click();
      await new Promise((done) => setTimeout(done, 300));
      seen.push(state("integrity"));
    }
    return seen;
  });
  await page.getByTestId("folder-input").setInputFiles(generated);
  await waitReady(page);
  const states = await watching;
  expect(states).toEqual(states.map(() => "none"));
  const panel = page.getByTestId("integrity");
  await expect(panel).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-logs-modified", "0");
});

test("an altered copy of a delivered record is kept beside it, marked, counted, listed and raised", async ({
  page,
}) => {
  const delivered = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
  const records = readRecords(delivered);
  const original = records[100];
  const altered: TrailRecord = { ...original, sourceIPAddress: "203.0.113.66" };
  expect(altered.sourceIPAddress).not.toBe(original.sourceIPAddress);
  // The altered record, and another delivered record repeated unchanged (a plain duplicate).
  const copy = join(workDir, "altered.json.gz");
  writeFileSync(copy, gzipSync(JSON.stringify({ Records: [altered, records[5]] })));
  const originalFile = delivered.find((f) =>
    gunzipSync(readFileSync(f)).toString().includes(String(original.eventID)),
  );
  expect(originalFile).toBeDefined();

  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles([...delivered, copy]);
  await waitReady(page);
  await expect(page.getByTestId("total-events")).toHaveAttribute(
    "data-count",
    String(records.length + 1),
  );
  await expect(page.getByTestId("duplicates")).toHaveAttribute("data-count", "1");
  await expect(page.getByTestId("conflicting-duplicates")).toHaveAttribute("data-count", "1");
  // No digests: the panel still says how many conflicting duplicates there are, and where.
  const panel = page.getByTestId("integrity");
  await expect(panel).toHaveAttribute("data-state", "none");
  await expect(panel).toHaveAttribute("data-conflicting-duplicates", "1");
  const listed = panel.getByTestId("integrity-conflicting-duplicates");
  await expect(listed.getByTestId("integrity-problem")).toHaveCount(2);
  await expect(listed).toContainText("altered.json.gz");
  await expect(listed).toContainText(basename(originalFile ?? ""));

  // The finding points at both versions; a click shows exactly them, marked.
  const total = page.getByTestId("findings-count");
  await expect.poll(async () => Number(await total.getAttribute("data-count"))).toBeGreaterThan(0);
  const more = page.getByTestId("findings").getByRole("button", { name: /^Show all/ });
  if (await more.count()) await more.click();
  const finding = page.locator("[data-testid=finding][data-rule-id=conflicting-duplicate]");
  await expect(finding).toHaveAttribute("data-count", "2");
  await expect(finding).toHaveAttribute("data-source", "conflict");
  await finding.click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "2");
  const rows = page.locator("[data-testid=event-row][data-conflict=true]");
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId("conflict-badge")).toHaveAttribute(
    "title",
    /Conflicting duplicate/,
  );
  await rows.first().click();
  const note = page.getByTestId("event-conflict");
  await expect(note).toHaveAttribute("data-versions", "2");
  await note.getByTestId("conflict-version").click();
  await expect(page.getByTestId("event-conflict")).toHaveAttribute("data-versions", "2");
  // The two versions are there side by side: the delivered address and the altered one.
  const texts = await rows.allTextContents();
  expect(texts.some((text) => text.includes("203.0.113.66"))).toBe(true);
  expect(texts.some((text) => text.includes(String(original.sourceIPAddress)))).toBe(true);
});
