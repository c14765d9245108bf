// Takes the README's screenshot: the built app with the demo data set, in headless Chromium.
// Usage: npx vite build && npx tsx scripts/screenshot.ts [--dark] [--out docs/screenshot.png]
//          [--size 1600x1000] [--click=<selector>]…
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium } from "@playwright/test";
import { preview } from "vite";
import { CHROMIUM_LAUNCH } from "../e2e/chromium";

const args = process.argv.slice(2);
const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : "docs/screenshot.png";
const dark = args.includes("--dark");
const size = args.includes("--size") ? args[args.indexOf("--size") + 1] : "1440x900";
const [width, height] = (size ?? "").split("x").map(Number);
if (!width || !height) throw new Error(`--size wants WIDTHxHEIGHT, not ${size}`);

const server = await preview({ preview: { host: "127.0.0.1", port: 0 }, logLevel: "silent" });
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error("vite preview did not start");
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const page = await browser.newPage({
    viewport: { width, height },
    colorScheme: dark ? "dark" : "light",
  });
  await page.goto(url);
  await page.getByTestId("load-demo").click();
  await page.waitForSelector("[data-testid=load-status][data-state=ready]", { timeout: 120_000 });
  // The findings are computed after the load, in slices.
  await page.waitForSelector("[data-testid=findings][data-state=ready]", { timeout: 60_000 });
  for (const step of args.filter((a) => a.startsWith("--click="))) {
    await page.locator(step.slice("--click=".length)).first().click();
  }
  await page.waitForTimeout(500);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
