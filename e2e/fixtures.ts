import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

/** The shared real samples, read in place. */
export const SAMPLES = resolve(import.meta.dirname, "..", "..", "shared", "samples", "real");
export const INVICTUS = join(SAMPLES, "invictus-aws-dataset");

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

/** Every test fails on a console error or an uncaught page error. */
export const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
      await use(errors);
      expect(errors, "console or page errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "ready", {
    timeout: 60_000,
  });
}

export async function count(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute("data-count"));
}

/** The values a facet panel lists (all of them, after "show all"), with their counts. */
export async function facetValues(page: Page, field: string): Promise<Map<string, number>> {
  const panel = page.getByTestId(`facet-${field}`);
  const more = panel.getByRole("button", { name: /^Show all/ });
  if (await more.count()) await more.click();
  const values = new Map<string, number>();
  for (const item of await panel.getByTestId("facet-value").all()) {
    values.set(
      (await item.getAttribute("data-value")) ?? "",
      Number(await item.getAttribute("data-count")),
    );
  }
  return values;
}

/** The record paths the app indexes as columns (besides the principal it derives). */
export const INDEXED_PATHS = [
  "eventName",
  "eventSource",
  "sourceIPAddress",
  "awsRegion",
  "userIdentity.type",
  "userIdentity.arn",
  "userIdentity.accessKeyId",
  "errorCode",
  "recipientAccountId",
  "eventType",
  "eventCategory",
  "userAgent",
  "additionalEventData.MFAUsed",
  "requestParameters.userName",
  "requestParameters.roleArn",
  "requestParameters.bucketName",
  "userIdentity.sessionContext.sessionIssuer.arn",
  "responseElements.credentials.accessKeyId",
  "responseElements.accessKey.accessKeyId",
];

/** The value at a dotted path of a parsed record (no arrays on the way), or undefined. */
export function valueAt(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
