import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { INVICTUS, count, expect, filesUnder, test, waitReady } from "./fixtures";

async function loadInvictus(page: Page): Promise<void> {
  await page.goto("./");
  await page
    .getByTestId("file-input")
    .setInputFiles(filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz")));
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2900);
}

async function filterDecrypt(page: Page): Promise<void> {
  await page
    .getByTestId("facet-eventName")
    .locator('[data-testid=facet-value][data-value="Decrypt"]')
    .click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "178");
}

/** Exports in `format` through the menu; returns the download's name and bytes. */
async function exportAs(page: Page, format: "json" | "ndjson" | "csv") {
  await page.getByTestId("export-button").click();
  const menu = page.getByTestId("export-menu");
  await expect(menu).toBeVisible();
  const downloading = page.waitForEvent("download");
  await menu.getByTestId(`export-${format}`).click();
  const download = await downloading;
  const path = await download.path();
  await expect(menu.getByTestId("export-result")).toHaveAttribute("data-state", "done");
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

for (const format of ["json", "ndjson"] as const) {
  test(`a filtered ${format.toUpperCase()} export loads again with the same count`, async ({
    page,
  }) => {
    await loadInvictus(page);
    await filterDecrypt(page);
    await page.getByTestId("export-button").click();
    await expect(page.getByTestId("export-count")).toHaveAttribute("data-count", "178");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("export-menu")).toHaveCount(0);

    const { name, bytes } = await exportAs(page, format);
    expect(name).toBe(`trailview-178-events.${format}`);
    if (format === "json") {
      const records = (JSON.parse(bytes.toString("utf8")) as { Records: unknown[] }).Records;
      expect(records).toHaveLength(178);
    } else {
      expect(bytes.toString("utf8").trimEnd().split("\n")).toHaveLength(178);
    }

    await page.getByTestId("clear").click();
    await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "idle");
    await page
      .getByTestId("file-input")
      .setInputFiles({ name, mimeType: "application/json", buffer: bytes });
    await waitReady(page);
    expect(await count(page, "total-events")).toBe(178);
    expect(await count(page, "file-errors")).toBe(0);
    expect(await count(page, "duplicates")).toBe(0);
  });
}

test("a CSV export neutralises formulas planted in the logs", async ({ page }) => {
  const hostile = [
    {
      eventVersion: "1.08",
      eventTime: "2024-03-01T10:00:00Z",
      eventSource: "s3.amazonaws.com",
      eventName: '=HYPERLINK("http://x","y")',
      awsRegion: "eu-west-1",
      sourceIPAddress: "@SUM(1)",
      userAgent: "+cmd|' /C calc'!A0",
      eventID: "00000000-0000-4000-8000-000000000001",
    },
    {
      eventVersion: "1.08",
      eventTime: "2024-03-01T09:00:00Z",
      eventSource: "iam.amazonaws.com",
      eventName: "-2+3",
      awsRegion: "eu-west-1",
      sourceIPAddress: "198.51.100.7",
      userAgent: "=1+1",
      eventID: "00000000-0000-4000-8000-000000000002",
    },
  ];
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles({
    name: "hostile.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ Records: hostile })),
  });
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2);

  const { name, bytes } = await exportAs(page, "csv");
  expect(name).toBe("trailview-2-events.csv");
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const lines = text.split("\r\n");
  expect(lines.pop()).toBe("");
  expect(lines).toHaveLength(3);
  const [header, first, second] = lines;
  expect(header.split(",")[0]).toBe("eventTime");
  expect(header.split(",")).toContain("eventName");
  // No cell, quoted or not, starts with a formula character: each is led by a quote mark.
  expect(first).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  expect(first).toContain(",'@SUM(1),");
  expect(first).toContain(",'+cmd|' /C calc'!A0");
  expect(second).toContain(",'-2+3,");
  expect(second).toContain(",'=1+1");
  for (const line of [first, second]) expect(line).not.toMatch(/(^|,)"?[=+\-@]/);
});
