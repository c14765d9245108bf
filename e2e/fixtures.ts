import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { test as base, expect, type Page } from "@playwright/test";
import { INVICTUS, REAL_SAMPLES } from "../src/lib/testing/samples";

/** The shared real samples, read in place. */
export const SAMPLES = REAL_SAMPLES;
export { INVICTUS };

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
  "userIdentity.sessionContext.sessionIssuer.type",
  "responseElements.credentials.accessKeyId",
  "responseElements.accessKey.accessKeyId",
  "responseElements.ConsoleLogin",
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

/** A CloudTrail record as parsed from a file, read in the test (never through the app's code). */
export type TrailRecord = Record<string, unknown>;

/**
 * The events the app keeps from these files, read here: `{"Records":[…]}` (gzip or not) or NDJSON,
 * CloudTrail Insights events left out, and a record whose `eventID` was already seen with the same
 * content skipped (one with other content is another version, and kept; records without an
 * `eventID` are all kept).
 */
export function readRecords(files: string[]): TrailRecord[] {
  const out: TrailRecord[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const bytes = readFileSync(file);
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString();
    const parsed: TrailRecord[] = /^\s*\{\s*"Records"/.test(text)
      ? (JSON.parse(text) as { Records: TrailRecord[] }).Records
      : text
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => JSON.parse(line) as TrailRecord);
    for (const record of parsed) {
      if (record.eventType === "AwsCloudTrailInsight") continue;
      const id = record.eventID;
      if (typeof id === "string" && id !== "") {
        // The same eventID with the same content is one event; with other content, another version.
        const version = `${id}\n${JSON.stringify(record)}`;
        if (seen.has(version)) continue;
        seen.add(version);
      }
      out.push(record);
    }
  }
  return out;
}

/**
 * The principal of a record as the README describes it, derived here for the identity types the
 * samples hold: an assumed role's `<role>/<session>` (from its ARN), an IAM user's userName, a
 * service's `invokedBy` (also for the cross-account calls that come without a type). Undefined
 * for any other shape, so that a test never silently guesses.
 */
export function principalOf(record: TrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (typeof identity !== "object" || identity === null) return undefined;
  const id = identity as Record<string, unknown>;
  const arn = typeof id.arn === "string" ? id.arn : "";
  switch (id.type) {
    case "AssumedRole": {
      const match = /:assumed-role\/([^/]+\/.+)$/.exec(arn);
      return match?.[1];
    }
    case "IAMUser":
      return typeof id.userName === "string" ? id.userName : undefined;
    case "AWSService":
    case undefined:
      return typeof id.invokedBy === "string" ? id.invokedBy : undefined;
    default:
      return undefined;
  }
}

/**
 * Types `text` into the query box and presses Enter, then waits until the status says that this
 * text is applied and answered (`data-query` is the text, `data-state` ready).
 */
export async function runQuery(page: Page, text: string): Promise<void> {
  const box = page.getByTestId("query");
  await box.fill(text);
  await box.press("Enter");
  const status = page.getByTestId("query-status");
  await expect(status).toHaveAttribute("data-query", text);
  await expect(status).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
}
