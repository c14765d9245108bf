import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { INVICTUS, count, expect, filesUnder, test, waitReady } from "./fixtures";

const FILES = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));

/** The invictus records, read here in the test to count what the app should find. */
function records(): Record<string, unknown>[] {
  return FILES.flatMap(
    (f) =>
      (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: Record<string, unknown>[] })
        .Records,
  );
}

test("quick search filters the indexed fields as you type; / focuses it", async ({ page }) => {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles(FILES);
  await waitReady(page);
  const expected = records().filter((r) =>
    String(r.eventName).toLowerCase().includes("bucket"),
  ).length;
  await page.locator(".brand").click();
  await page.keyboard.press("/");
  await expect(page.getByTestId("search-box")).toBeFocused();
  await page.keyboard.type("Bucket");
  // Only eventName holds "bucket" among the indexed fields of this data set? Count them all.
  const indexed = records().filter((r) =>
    [r.eventName, r.eventSource, r.sourceIPAddress, r.userAgent, r.errorCode, r.awsRegion]
      .concat([(r.userIdentity as Record<string, unknown> | undefined)?.arn])
      .some((v) => typeof v === "string" && v.toLowerCase().includes("bucket")),
  ).length;
  expect(indexed).toBeGreaterThanOrEqual(expected);
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(indexed));
  await expect(page).toHaveURL(/q=Bucket/);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "2900");
});

test("full-text search finds text inside whole records, in the workers", async ({ page }) => {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles(FILES);
  await waitReady(page);
  // A bucket name that appears only inside requestParameters and resources.
  const needle = "stratus-red-team-olc-bucket-xhfgzaowxc";
  const expected = records().filter((r) => JSON.stringify(r).toLowerCase().includes(needle)).length;
  expect(expected).toBeGreaterThan(0);
  await page.getByTestId("full-text-input").fill(needle);
  await page.getByTestId("full-text-run").click();
  await expect(page.getByTestId("full-text-matches")).toHaveAttribute(
    "data-count",
    String(expected),
  );
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(expected));
  await expect(page).toHaveURL(/text=stratus/);
  // It combines with the facets: counts follow.
  const facetTotal = await page
    .getByTestId("facet-eventSource")
    .getByTestId("facet-value")
    .evaluateAll((items) =>
      items.reduce((sum, item) => sum + Number(item.getAttribute("data-count")), 0),
    );
  expect(facetTotal).toBe(expected);
  // Removing its chip shows everything again.
  await page.getByTestId("filter-chip").filter({ hasText: "Records containing" }).click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "2900");
  expect(await count(page, "total-events")).toBe(2900);
});
