// "Copy as SQL" over the invictus deliveries: a query the SQL can say is carried into each form
// (its value in the text), and a query it cannot say (findings are the app's own) gives a reason.
import { join } from "node:path";
import { INVICTUS, expect, filesUnder, readRecords, runQuery, test, waitReady } from "./fixtures";

const FILES = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
const RECORDS = readRecords(FILES);

/** The most frequent eventName of the files, read here. */
function commonEventName(): string {
  const counts = new Map<string, number>();
  for (const record of RECORDS) {
    const name = record.eventName;
    if (typeof name === "string") counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const [name] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return name;
}

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  // Through the folder input, so that the files keep their S3 layout (the file input loses it, and
  // DuckDB's form then rightly has no folder to read).
  await page.getByTestId("folder-input").setInputFiles(join(INVICTUS, "AWSLogs"));
  await waitReady(page);
  await expect(page.getByTestId("total-events")).toHaveAttribute(
    "data-count",
    String(RECORDS.length),
  );
});

test("a field query becomes Athena, Lake and DuckDB SQL holding its value", async ({ page }) => {
  const name = commonEventName();
  await runQuery(page, `eventName:${name}`);
  await page.getByTestId("sql-open").click();
  const duckdb = page.getByTestId("sql-duckdb");
  const athena = page.getByTestId("sql-athena");
  const lake = page.getByTestId("sql-lake");
  for (const form of [duckdb, athena, lake]) await expect(form).toHaveAttribute("data-state", "ok");
  await expect(duckdb).toContainText("read_json");
  await expect(duckdb).toContainText(name, { ignoreCase: true });
  await expect(athena).toContainText("CREATE EXTERNAL TABLE");
  await expect(athena).toContainText("projection");
  await expect(athena).toContainText(name, { ignoreCase: true });
  await expect(lake).toContainText("SELECT");
  await expect(lake).toContainText(name, { ignoreCase: true });
});

test("a finding query cannot be said in SQL: each form gives its reason", async ({ page }) => {
  await runQuery(page, "finding:*");
  await page.getByTestId("sql-open").click();
  for (const key of ["athena", "lake", "duckdb"]) {
    const form = page.getByTestId(`sql-${key}`);
    await expect(form).toHaveAttribute("data-state", "unsupported");
    await expect(form).toContainText("Cannot be said in this form");
    // The reason names what it cannot say.
    await expect(form).toContainText("finding");
    expect(((await form.textContent()) ?? "").trim().length, key).toBeGreaterThan(
      "Cannot be said in this form: ".length,
    );
  }
});
