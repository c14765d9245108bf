import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  INVICTUS,
  SAMPLES,
  count,
  expect,
  facetValues,
  filesUnder,
  test,
  waitReady,
} from "./fixtures";

test("loads the real invictus deliveries through the file input", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "idle");
  const files = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
  expect(files).toHaveLength(55);
  await page.getByTestId("file-input").setInputFiles(files);
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2900);
  expect(await count(page, "shown-events")).toBe(2900);
  expect(await count(page, "file-errors")).toBe(0);

  const eventNames = await facetValues(page, "eventName");
  expect(eventNames.size).toBe(260);
  expect(eventNames.get("Decrypt")).toBe(178);
  expect((await facetValues(page, "eventSource")).size).toBe(29);
  expect([...(await facetValues(page, "awsRegion")).keys()]).toEqual(["us-east-1"]);
  expect((await facetValues(page, "sourceIPAddress")).size).toBe(16);
  await expect(page.getByTestId("event-row").first()).toBeVisible();
});

test("loads a whole folder through the folder input, and a facet click filters", async ({
  page,
}) => {
  await page.goto("./");
  await page.getByTestId("folder-input").setInputFiles(join(INVICTUS, "AWSLogs"));
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2900);

  const decrypt = page
    .getByTestId("facet-eventName")
    .locator('[data-testid=facet-value][data-value="Decrypt"]');
  await decrypt.click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "178");
  // The other panels now count only Decrypt events; its own panel still offers the other names.
  const sources = await facetValues(page, "eventSource");
  expect([...sources.values()].reduce((a, b) => a + b, 0)).toBe(178);
  expect((await facetValues(page, "eventName")).size).toBe(260);
  await decrypt.click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "2900");
});

test("loading more adds to what is loaded, duplicates are skipped, and Clear resets", async ({
  page,
}) => {
  await page.goto("./");
  const files = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
  await page.getByTestId("file-input").setInputFiles(files.slice(0, 20));
  await waitReady(page);
  const first = await count(page, "total-events");
  expect(first).toBeGreaterThan(0);
  // The same twenty again plus the rest: only the rest adds events.
  await page.getByTestId("file-input").setInputFiles(files);
  // The status may still read "ready" from the first load for a moment: wait for the count.
  await expect(page.getByTestId("total-events")).toHaveAttribute("data-count", "2900");
  await waitReady(page);
  expect(await count(page, "duplicates")).toBe(first);
  await page.getByTestId("clear").click();
  await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "idle");
  expect(await count(page, "total-events")).toBe(0);
});

test("a mix with bad files reports each bad file by name and loads every good one", async ({
  page,
}) => {
  await page.goto("./");
  const good = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
  const record = (i: number) => ({
    eventVersion: "1.08",
    eventTime: `2024-01-01T00:00:0${i}Z`,
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    awsRegion: "eu-west-1",
    sourceIPAddress: "198.51.100.7",
    eventID: `00000000-0000-4000-8000-00000000000${i}`,
  });
  const gz = gzipSync(JSON.stringify({ Records: [record(1), record(2)] }));
  await page.getByTestId("file-input").setInputFiles([
    ...good.slice(0, 10).map((path) => ({
      name: basename(path),
      mimeType: "application/gzip",
      buffer: readFileSync(path),
    })),
    { name: "two-records.json.gz", mimeType: "application/gzip", buffer: gz },
    {
      name: "truncated.json.gz",
      mimeType: "application/gzip",
      buffer: gz.subarray(0, gz.length - 12),
    },
    { name: "empty.json.gz", mimeType: "application/gzip", buffer: Buffer.alloc(0) },
    {
      name: "notes.txt.json.gz",
      mimeType: "text/plain",
      buffer: Buffer.from("hello, this is not a log"),
    },
    {
      name: "other.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello":"world"}'),
    },
    {
      name: "ndjson.json",
      mimeType: "application/json",
      buffer: Buffer.from(`${JSON.stringify(record(3))}\n${JSON.stringify(record(4))}\n`),
    },
  ]);
  await waitReady(page);
  const errors = page.getByTestId("file-errors");
  await expect(errors).toHaveAttribute("data-count", "4");
  for (const name of ["truncated.json.gz", "empty.json.gz", "notes.txt.json.gz", "other.json"]) {
    await expect(errors.locator(`[data-testid=file-error][data-name="${name}"]`)).toBeVisible();
  }
  await expect(errors).toContainText("truncated gzip");
  await expect(errors).toContainText("empty file");
  await expect(errors).toContainText("JSON without CloudTrail records");
  // The ten real files' records, counted here from the files, plus two gzipped and two NDJSON records.
  const tenFiles = good
    .slice(0, 10)
    .reduce(
      (sum, path) =>
        sum +
        (JSON.parse(gunzipSync(readFileSync(path)).toString()) as { Records: unknown[] }).Records
          .length,
      0,
    );
  expect(await count(page, "total-events")).toBe(tenFiles + 4);
});

test("the demo data set loads with one click", async ({ page }) => {
  await page.goto("./");
  await page.getByTestId("load-demo").click();
  // The generation takes seconds: the status line says how far it is, and neither demo button
  // starts a second one meanwhile.
  await expect(page.getByTestId("load-status")).toContainText("Generating the demo data");
  await expect(page.getByTestId("load-demo")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Load demo data" })).toBeDisabled();
  await waitReady(page);
  expect(await count(page, "total-events")).toBeGreaterThan(10_000);
  expect(await count(page, "file-errors")).toBe(0);
  expect(await count(page, "insights-count")).toBeGreaterThan(0);
  expect(await count(page, "digests")).toBeGreaterThan(0);
  expect((await facetValues(page, "awsRegion")).size).toBeGreaterThan(1);
});

test("the docs examples: NDJSON with Insights events set aside, digests recognised", async ({
  page,
}) => {
  await page.goto("./");
  const docs = join(SAMPLES, "aws-docs-examples");
  await page
    .getByTestId("file-input")
    .setInputFiles([
      join(docs, "doc_examples_records.ndjson"),
      join(docs, "doc_example_digest_0.json"),
      join(docs, "doc_example_digest_1.json"),
    ]);
  await waitReady(page);
  // Counted here from the file: Insights set aside; records sharing an eventID are one event when
  // identical; when their contents differ each is kept, and those after the first count as
  // conflicting duplicates.
  const records = readFileSync(join(docs, "doc_examples_records.ndjson"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { eventID?: string; eventCategory?: string });
  const insights = records.filter((r) => r.eventCategory === "Insight");
  const byId = new Map<string, Set<string>>();
  let unkeyed = 0;
  for (const r of records) {
    if (r.eventCategory === "Insight") continue;
    if (r.eventID === undefined) unkeyed++;
    else byId.set(r.eventID, (byId.get(r.eventID) ?? new Set()).add(JSON.stringify(r)));
  }
  const versions = [...byId.values()].map((set) => set.size);
  const kept = unkeyed + versions.reduce((a, b) => a + b, 0);
  const conflicting = versions.reduce((a, n) => a + n - 1, 0);
  const duplicates = records.length - insights.length - kept;
  // The user guide reuses examples: three eventIDs appear twice, each time with different content.
  expect([kept, conflicting, duplicates]).toEqual([20, 3, 0]);
  expect(await count(page, "total-events")).toBe(kept);
  expect(await count(page, "duplicates")).toBe(duplicates);
  expect(await count(page, "conflicting-duplicates")).toBe(conflicting);
  expect(await count(page, "insights-count")).toBe(insights.length);
  expect(await count(page, "digests")).toBe(2);
  expect(await count(page, "file-errors")).toBe(0);
});
