import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { INVICTUS, count, expect, facetValues, filesUnder, test, waitReady } from "./fixtures";

const FILES = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
type CloudTrailRecord = Record<string, unknown> & { userIdentity?: Record<string, unknown> };
const RECORDS: CloudTrailRecord[] = FILES.flatMap(
  (f) =>
    (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: CloudTrailRecord[] }).Records,
);

function facetValue(page: import("@playwright/test").Page, field: string, value: string) {
  return page
    .getByTestId(`facet-${field}`)
    .locator(`[data-testid=facet-value][data-value="${value}"]`);
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles(FILES);
  await waitReady(page);
});

test("combined facets count exactly what the files hold", async ({ page }) => {
  const source = "kms.amazonaws.com";
  await facetValue(page, "eventSource", source).click();
  const kms = RECORDS.filter((r) => r.eventSource === source);
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(kms.length));

  // Within KMS, the eventName panel counts per name; pick two names (OR within a field).
  const byName = new Map<string, number>();
  for (const r of kms) byName.set(String(r.eventName), (byName.get(String(r.eventName)) ?? 0) + 1);
  const names = await facetValues(page, "eventName");
  for (const [name, n] of byName) expect(names.get(name), name).toBe(n);
  const [first, second] = [...byName.keys()];
  await facetValue(page, "eventName", first).click();
  await facetValue(page, "eventName", second).click();
  const both = kms.filter((r) => r.eventName === first || r.eventName === second);
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(both.length));

  // The eventSource panel still counts the other sources under the eventName filter.
  const sources = await facetValues(page, "eventSource");
  const otherSource = RECORDS.filter(
    (r) => (r.eventName === first || r.eventName === second) && r.eventSource !== source,
  );
  expect(
    [...sources.entries()].filter(([s]) => s !== source).reduce((sum, [, n]) => sum + n, 0),
  ).toBe(otherSource.length);
  await expect(page.getByTestId("filter-chip")).toHaveCount(3);
});

test("shift-click excludes a value; the chip removes it", async ({ page }) => {
  await facetValue(page, "eventName", "Decrypt").click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(2900 - 178));
  const chip = page.getByTestId("filter-chip");
  await expect(chip).toContainText("≠ Decrypt");
  await chip.click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "2900");
});

test("a typed time range filters, and sorting by a column orders the table", async ({ page }) => {
  const from = Date.parse("2023-07-10T12:10:00Z");
  const to = Date.parse("2023-07-10T12:20:00Z");
  const inRange = RECORDS.filter((r) => {
    const t = Date.parse(String(r.eventTime));
    return t >= from && t < to;
  }).length;
  await page.getByTestId("time-from").fill("2023-07-10 12:10");
  await page.getByTestId("time-to").fill("2023-07-10 12:20");
  await page.getByTestId("time-range").getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(inRange));

  await page.locator("[data-testid=sort-column][data-column=eventName]").click();
  const names = await page.locator("[data-testid=event-row] .td.eventName").allTextContents();
  expect(names.length).toBeGreaterThan(5);
  expect(names).toEqual([...names].sort());
  await page.locator("[data-testid=sort-column][data-column=eventName]").click();
  const reversed = await page.locator("[data-testid=event-row] .td.eventName").allTextContents();
  expect(reversed).toEqual([...reversed].sort().toReversed());
  await expect(page).toHaveURL(/sort=-eventName/);
});

test("columns can be chosen", async ({ page }) => {
  await expect(page.locator("[data-testid=event-row] .td.accessKeyId")).toHaveCount(0);
  await page.getByTestId("choose-columns").click();
  await page.locator("[data-testid=column-toggle][data-field=accessKeyId]").check();
  await page.locator("[data-testid=column-toggle][data-field=userAgent]").uncheck();
  await expect(page.locator("[data-testid=event-row] .td.accessKeyId").first()).toBeVisible();
  await expect(page.locator("[data-testid=event-row] .td.userAgent")).toHaveCount(0);
});

test("the view lives in the URL: back and forward, and a reload with the same files", async ({
  page,
}) => {
  await facetValue(page, "eventName", "Decrypt").click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "178");
  await facetValue(page, "awsRegion", "us-east-1").click();
  await expect(page).toHaveURL(/awsRegion=us-east-1/);
  await page.goBack();
  await expect(page).not.toHaveURL(/awsRegion/);
  await expect(page.getByTestId("filter-chip")).toHaveCount(1);
  await page.goBack();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "2900");
  await page.goForward();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "178");

  await page.reload();
  await page.getByTestId("file-input").setInputFiles(FILES);
  await waitReady(page);
  expect(await count(page, "shown-events")).toBe(178);
  await expect(facetValue(page, "eventName", "Decrypt")).toHaveAttribute("aria-pressed", "true");
});
