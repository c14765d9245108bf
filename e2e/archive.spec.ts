import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { zipSync, type Zippable } from "fflate";
import { packTar } from "modern-tar";
import { INVICTUS, count, expect, facetValues, filesUnder, test, waitReady } from "./fixtures";

const LOGS = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
const DELIVERIES = LOGS.map((f) => ({ path: relative(INVICTUS, f), bytes: readFileSync(f) }));

/** Events per eventName, by gunzip and JSON.parse here. */
function expectedEventNames(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { bytes } of DELIVERIES) {
    const { Records } = JSON.parse(gunzipSync(bytes).toString("utf8")) as {
      Records: { eventName: string; eventType?: string }[];
    };
    for (const record of Records) {
      if (record.eventType === "AwsCloudTrailInsight") continue;
      counts.set(record.eventName, (counts.get(record.eventName) ?? 0) + 1);
    }
  }
  return counts;
}

function zipOf(level: 0 | 6): Buffer {
  const files: Zippable = { "AWSLogs/README.txt": [Buffer.from("CloudTrail logs\n"), {}] };
  for (const { path, bytes } of DELIVERIES) files[path] = [bytes, { level }];
  return Buffer.from(zipSync(files));
}

async function tarGzOf(): Promise<Buffer> {
  const tar = await packTar(
    DELIVERIES.map(({ path, bytes }) => ({
      header: { name: path, size: bytes.length },
      body: bytes,
    })),
  );
  return gzipSync(tar);
}

async function expectInvictus(page: Page): Promise<void> {
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2900);
  expect(await count(page, "file-errors")).toBe(0);
  const eventNames = await facetValues(page, "eventName");
  expect(eventNames).toEqual(expectedEventNames());
  expect((await facetValues(page, "eventSource")).size).toBe(29);
  expect((await facetValues(page, "sourceIPAddress")).size).toBe(16);
  // A record re-read from its member, with the archive in the file's path.
  await page.getByTestId("event-row").first().click();
  const detail = page.getByTestId("event-detail");
  await expect(detail.locator(".json-tree")).toContainText('"eventID": "');
  await expect(detail.locator(".detail-file")).toHaveText(
    /_CloudTrail_.*\.json\.gz · record index/,
  );
}

test("a .zip of the real deliveries (deflated members) loads as the loose files do", async ({
  page,
}) => {
  await page.goto("./");
  await page
    .getByTestId("file-input")
    .setInputFiles({ name: "logs.zip", mimeType: "application/zip", buffer: zipOf(6) });
  await expectInvictus(page);
  expect(await count(page, "skipped-entries")).toBe(1);
});

test("a .tar.gz of the real deliveries loads as the loose files do", async ({ page }) => {
  await page.goto("./");
  await page
    .getByTestId("file-input")
    .setInputFiles({ name: "logs.tar.gz", mimeType: "application/gzip", buffer: await tarGzOf() });
  await expectInvictus(page);
});

test("a dropped .zip (stored members) loads as the loose files do", async ({ page }) => {
  await page.goto("./");
  const base64 = zipOf(0).toString("base64");
  const transfer = await page.evaluateHandle((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const items = new DataTransfer();
    items.items.add(new File([bytes], "logs.zip", { type: "application/zip" }));
    return items;
  }, base64);
  await page.locator(".welcome").dispatchEvent("drop", { dataTransfer: transfer });
  await expectInvictus(page);
});

test("a folder holding a zip and a cut tar.gz: every event once, the cut archive named", async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), "trailview-archives-"));
  try {
    const tgz = await tarGzOf();
    writeFileSync(join(dir, "logs.zip"), zipOf(6));
    writeFileSync(join(dir, "cut.tar.gz"), tgz.subarray(0, Math.floor(tgz.length / 2)));
    await page.goto("./");
    await page.getByTestId("folder-input").setInputFiles(dir);
    await waitReady(page);
    expect(await count(page, "total-events")).toBe(2900);
    const cut = page.locator('[data-testid=file-error][data-name="cut.tar.gz"]');
    await expect(cut).toContainText("damaged or cut short");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
