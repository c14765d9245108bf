import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  INDEXED_PATHS,
  INVICTUS,
  count,
  expect,
  filesUnder,
  test,
  valueAt,
  waitReady,
} from "./fixtures";

const FILES = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));

/** The invictus records, read here in the test to count what the app should find. */
function records(): Record<string, unknown>[] {
  return FILES.flatMap(
    (f) =>
      (JSON.parse(gunzipSync(readFileSync(f)).toString()) as { Records: Record<string, unknown>[] })
        .Records,
  );
}

test("a bare word in the query box filters the indexed fields as you type; / focuses it", async ({
  page,
}) => {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles(FILES);
  await waitReady(page);
  const expected = records().filter((r) =>
    String(r.eventName).toLowerCase().includes("bucket"),
  ).length;
  await page.locator(".brand").click();
  await page.keyboard.press("/");
  await expect(page.getByTestId("query")).toBeFocused();
  await page.keyboard.type("Bucket");
  // Every indexed field, read from the records here: "bucket" is also in bucket names.
  const indexed = records().filter((r) =>
    INDEXED_PATHS.some((path) => {
      const v = valueAt(r, path);
      return typeof v === "string" && v.toLowerCase().includes("bucket");
    }),
  ).length;
  expect(indexed).toBeGreaterThanOrEqual(expected);
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(indexed));
  await expect(page).toHaveURL(/q=Bucket/);
  // The first Esc closes the suggestions when they are open, the next empties the box.
  await page.keyboard.press("Escape");
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
