import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { expect, INVICTUS, count, filesUnder, test, waitReady } from "./fixtures";
import { serveDist, type StaticServer } from "./staticServer";

let server: StaticServer;

test.beforeAll(async () => {
  server = await serveDist("/tools/trail/");
});

test.afterAll(async () => {
  await server.close();
});

test("the build works from a sub-path of a plain static server", async ({ page }) => {
  const notFound: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) notFound.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(server.url);
  await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "idle");
  await page
    .getByTestId("file-input")
    .setInputFiles(filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz")));
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2900);
  expect(notFound).toEqual([]);
});

test("once loaded, the page works offline: files, an archive and the demo load with no network", async ({
  page,
  context,
}) => {
  await page.goto(server.url);
  await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "idle");
  await context.setOffline(true);
  try {
    await page
      .getByTestId("file-input")
      .setInputFiles(filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz")));
    await waitReady(page);
    expect(await count(page, "total-events")).toBe(2900);
    await page.getByTestId("clear").click();
    await page.getByTestId("load-demo").click();
    await waitReady(page);
    expect(await count(page, "total-events")).toBeGreaterThan(10_000);
    // An archive is read by a worker the page started while it was online.
    const zip: Zippable = {};
    for (const file of filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz")))
      zip[relative(INVICTUS, file)] = [readFileSync(file), { level: 0 }];
    await page.getByTestId("clear").click();
    await page.getByTestId("file-input").setInputFiles({
      name: "logs.zip",
      mimeType: "application/zip",
      buffer: Buffer.from(zipSync(zip)),
    });
    await waitReady(page);
    expect(await count(page, "total-events")).toBe(2900);
    expect(await count(page, "file-errors")).toBe(0);
  } finally {
    await context.setOffline(false);
  }
});

test("the served page carries the Content-Security-Policy", async ({ page, errors }) => {
  await page.goto(server.url);
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute("content");
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("require-trusted-types-for 'script'");
  // The policy is in force: a script may not fetch from another origin.
  const blocked = await page.evaluate(async () => {
    try {
      // Another origin on this machine (another port): refused by the policy before any request.
      await fetch("http://127.0.0.1:9/collect", { mode: "no-cors" });
      return false;
    } catch {
      return true;
    }
  });
  expect(blocked).toBe(true);
  // The refusal is reported on the console; that one message is expected here.
  const refusals = errors.filter((e) => e.includes("Content Security Policy"));
  expect(refusals.length).toBeGreaterThan(0);
  errors.splice(0, errors.length, ...errors.filter((e) => !refusals.includes(e)));
});
