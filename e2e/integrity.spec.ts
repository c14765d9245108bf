// The Integrity panel over generated deliveries with signed digests: the expected counts are read
// here from the digest files themselves (gunzip + JSON.parse of `logFiles`), never from the app.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { INVICTUS, expect, filesUnder, test, waitReady } from "./fixtures";

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
  const panel = page.getByTestId("integrity");
  await panel.getByTestId("integrity-run").click();
  await expect(panel).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-logs-valid", String(listed.length));
  await expect(panel).toHaveAttribute("data-logs-modified", "0");
  await expect(panel).toHaveAttribute("data-logs-missing", "0");
  await expect(panel).toHaveAttribute("data-digests-invalid", "0");
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
  await panel.getByTestId("integrity-run").click();
  await expect(panel).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-logs-modified", "1");
  await expect(panel).toHaveAttribute("data-logs-missing", "1");
  await expect(panel).toHaveAttribute("data-logs-valid", String(listed.length - 2));
  await expect(panel.getByTestId("integrity-logs-modified")).toContainText(basename(changedKey));
  await expect(panel.getByTestId("integrity-logs-missing")).toContainText(basename(deletedKey));
});

test("a load without digests has nothing to check", async ({ page }) => {
  await loadFolder(page, INVICTUS);
  await expect(page.getByTestId("integrity")).toHaveAttribute("data-state", "none");
});
