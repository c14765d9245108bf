// Group by over the real invictus samples: the groups' keys, counts and first/last times are
// computed here from the files (gunzip + JSON.parse), never taken from the app nor its code.
import type { Page } from "@playwright/test";
import {
  INVICTUS,
  expect,
  filesUnder,
  principalOf,
  readRecords,
  runQuery,
  test,
  type TrailRecord,
} from "./fixtures";

const FILES = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
const RECORDS = readRecords(FILES);

interface Group {
  key: string;
  count: number;
  first: string;
  last: string;
}

/** The test's own grouping: one group per key, with its count and first and last eventTime. */
function groupsOf(records: TrailRecord[], keyOf: (r: TrailRecord) => string): Group[] {
  const groups = new Map<string, { count: number; first: number; last: number }>();
  for (const r of records) {
    const key = keyOf(r);
    const time = Date.parse(String(r.eventTime));
    const group = groups.get(key) ?? { count: 0, first: Infinity, last: -Infinity };
    group.count++;
    group.first = Math.min(group.first, time);
    group.last = Math.max(group.last, time);
    groups.set(key, group);
  }
  return [...groups]
    .map(([key, g]) => ({
      key,
      count: g.count,
      first: new Date(g.first).toISOString(),
      last: new Date(g.last).toISOString(),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The group rows on screen, sorted by key. */
async function groupRows(page: Page): Promise<Group[]> {
  const rows = await page.getByTestId("group-row").evaluateAll((items) =>
    items.map((item) => ({
      key: item.getAttribute("data-key") ?? "(no data-key)",
      count: Number(item.getAttribute("data-count")),
      first: item.getAttribute("data-first") ?? "",
      last: item.getAttribute("data-last") ?? "",
    })),
  );
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const text = (value: unknown): string =>
  value === undefined || value === null ? "" : String(value);

test.beforeEach(async ({ page }) => {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles(FILES);
  await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "ready", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("total-events")).toHaveAttribute(
    "data-count",
    String(RECORDS.length),
  );
});

test("AccessDenied grouped by principal: who, how often, first and last seen", async ({ page }) => {
  const denied = RECORDS.filter((r) => String(r.errorCode ?? "").toLowerCase() === "accessdenied");
  expect(denied.length).toBeGreaterThan(0);
  // The identity types here are the ones the test derives a principal for.
  for (const r of denied) expect(principalOf(r), JSON.stringify(r.userIdentity)).toBeDefined();
  const expected = groupsOf(denied, (r) => principalOf(r) ?? "");
  expect(expected.length).toBeGreaterThan(1);

  await runQuery(page, "errorCode:AccessDenied");
  await expect(page.getByTestId("shown-events")).toHaveAttribute(
    "data-count",
    String(denied.length),
  );
  await page.getByTestId("group-by").selectOption("principal");
  await expect(page.getByTestId("group-row")).toHaveCount(expected.length);
  expect(await groupRows(page)).toEqual(expected);
  const summary = page.getByTestId("group-count");
  await expect(summary).toHaveAttribute("data-count", String(expected.length));
  await expect(summary).toHaveAttribute("data-events", String(denied.length));
});

test("group by source IP: one row per address; a click filters to it", async ({ page }) => {
  const expected = groupsOf(RECORDS, (r) => text(r.sourceIPAddress));
  await page.getByTestId("group-by").selectOption("sourceIPAddress");
  await expect(page).toHaveURL(/group=sourceIPAddress/);
  await expect(page.getByTestId("group-row")).toHaveCount(expected.length);
  expect(await groupRows(page)).toEqual(expected);
  await expect(page.getByTestId("group-count")).toHaveAttribute(
    "data-events",
    String(RECORDS.length),
  );

  // A click on a row (not the largest) filters the view to that address.
  const bySize = expected.toSorted((a, b) => b.count - a.count);
  const pick = bySize[1];
  const row = page.getByTestId("group-row").filter({ hasText: pick.key }).first();
  await expect(row).toHaveAttribute("data-key", pick.key);
  await row.locator(".gb-count").click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(pick.count));
  // The grouping gives way to the events, under a filter on that address.
  await expect(page.getByTestId("group-by")).toHaveValue("");
  await expect(page.getByTestId("filter-chip")).toHaveCount(1);
  await expect(page.getByTestId("filter-chip")).toContainText(pick.key);
  await expect(page.getByTestId("event-row").first()).toBeVisible();
  // Grouping again shows that one address only.
  await page.getByTestId("group-by").selectOption("sourceIPAddress");
  await expect(page.getByTestId("group-row")).toHaveCount(1);
  expect(await groupRows(page)).toEqual([pick]);
});

test("two fields: address then error code, keys joined by a TAB", async ({ page }) => {
  const expected = groupsOf(RECORDS, (r) => `${text(r.sourceIPAddress)}\t${text(r.errorCode)}`);
  await page.getByTestId("group-by").selectOption("sourceIPAddress");
  await page.getByTestId("group-by-2").selectOption("errorCode");
  await expect(page.getByTestId("group-row")).toHaveCount(expected.length);
  const rows = await groupRows(page);
  for (const row of rows) expect(row.key.split("\t"), row.key).toHaveLength(2);
  expect(rows).toEqual(expected);

  // Under a query, the groups are the query's events only.
  const query = "eventName:Delete* OR eventName:Terminate* OR eventName:Stop*";
  const destructive = RECORDS.filter((r) => /^(delete|terminate|stop)/i.test(text(r.eventName)));
  await runQuery(page, query);
  const under = groupsOf(destructive, (r) => `${text(r.sourceIPAddress)}\t${text(r.errorCode)}`);
  await expect(page.getByTestId("group-row")).toHaveCount(under.length);
  expect(await groupRows(page)).toEqual(under);
});
