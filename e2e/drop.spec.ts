import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { INVICTUS, count, expect, filesUnder, test, waitReady } from "./fixtures";

test("files dropped anywhere on the page load like picked ones", async ({ page }) => {
  await page.goto("./");
  const files = filesUnder(INVICTUS)
    .filter((f) => f.endsWith(".json.gz"))
    .map((f) => ({ name: basename(f), base64: readFileSync(f).toString("base64") }));
  // A DataTransfer holding the real files, dragged over and dropped on the table area.
  const transfer = await page.evaluateHandle((items) => {
    const data = new DataTransfer();
    for (const { name, base64 } of items) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], name, { type: "application/gzip" }));
    }
    return data;
  }, files);
  const target = page.locator(".welcome");
  await target.dispatchEvent("dragover", { dataTransfer: transfer });
  await expect(page.locator(".drop-overlay")).toBeVisible();
  await target.dispatchEvent("drop", { dataTransfer: transfer });
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2900);
  await expect(page.locator(".drop-overlay")).toHaveCount(0);
});
