import type { Page } from "@playwright/test";
import { INVICTUS, count, expect, facetValues, filesUnder, test, waitReady } from "./fixtures";

const invictus = () => filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));

async function loadInvictus(page: Page): Promise<void> {
  await page.getByTestId("file-input").setInputFiles(invictus());
  await waitReady(page);
}

/** The open event's reference, as the URL hash carries it. */
async function openEvent(page: Page): Promise<string | null> {
  return page.evaluate(() => new URLSearchParams(window.location.hash.slice(1)).get("event"));
}

test("a click opens the record, a field filters, Esc closes", async ({ page }) => {
  await page.goto("./");
  await loadInvictus(page);
  const detail = page.getByTestId("event-detail");
  await expect(detail).toHaveCount(0);

  const first = page.getByTestId("event-row").first();
  await first.click();
  await expect(detail).toBeVisible();
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect.poll(() => openEvent(page)).not.toBeNull();
  const eventID = (await openEvent(page))!;
  // The whole record, re-read from its file, shows its own eventID and where it came from.
  await expect(detail.locator(".json-tree")).toContainText(`"eventID": "${eventID}"`);
  await expect(detail.locator(".detail-file")).toHaveText(
    /_CloudTrail_.*\.json\.gz · record index \d+$/,
  );

  const filter = detail.locator('[data-testid=filter-to][data-field="eventName"]');
  const eventName = (await filter.getAttribute("data-value"))!;
  const expected = (await facetValues(page, "eventName")).get(eventName) ?? 0;
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(2900);
  await filter.click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(expected));
  await expect(filter).toHaveAttribute("aria-pressed", "true");

  await detail.locator('[data-testid=exclude-this][data-field="eventName"]').click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute(
    "data-count",
    String(2900 - expected),
  );

  await page.keyboard.press("Escape");
  await expect(detail).toHaveCount(0);
  expect(await openEvent(page)).toBeNull();
  expect(await count(page, "shown-events")).toBe(2900 - expected);
});

test("arrow keys move through the table and Enter opens", async ({ page }) => {
  await page.goto("./");
  await loadInvictus(page);
  const rows = page.getByTestId("event-row");
  await rows.first().click();
  await expect(page.getByTestId("event-detail")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("event-detail")).toHaveCount(0);

  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("event-detail")).toBeVisible();
  await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(rows.first()).toHaveAttribute("aria-selected", "false");
  const second = (await rows.nth(1).getAttribute("data-row"))!;
  expect(await openEvent(page)).not.toBeNull();

  // Far down the list the virtualizer has to scroll the cursor into view.
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await expect(page.locator('[data-testid=event-row][aria-selected="true"]')).toBeVisible();
  await expect(page.locator('[data-testid=event-row][aria-selected="true"]')).not.toHaveAttribute(
    "data-row",
    second,
  );
});

test("a reload with the same files opens the same event by itself", async ({ page }) => {
  await page.goto("./");
  await loadInvictus(page);
  await page.getByTestId("event-row").nth(3).click();
  await expect.poll(() => openEvent(page)).not.toBeNull();
  const eventID = (await openEvent(page))!;
  await expect(page.getByTestId("event-detail")).toContainText(`"eventID": "${eventID}"`);

  await page.reload();
  expect(await openEvent(page)).toBe(eventID);
  await loadInvictus(page);
  const detail = page.getByTestId("event-detail");
  await expect(detail.locator(".json-tree")).toContainText(`"eventID": "${eventID}"`);
  await expect(page.locator('[data-testid=event-row][aria-selected="true"]')).toHaveCount(1);
});

test("events of the same request are listed as related and open on click", async ({ page }) => {
  const principal = {
    type: "IAMUser",
    arn: "arn:aws:iam::111122223333:user/alice",
    userName: "alice",
  };
  const records = [
    {
      eventID: "11111111-1111-4111-8111-111111111111",
      eventTime: "2024-05-01T12:00:00Z",
      eventSource: "sts.amazonaws.com",
      eventName: "AssumeRole",
      requestID: "req-shared",
      userIdentity: principal,
    },
    {
      eventID: "22222222-2222-4222-8222-222222222222",
      eventTime: "2024-05-01T12:00:02Z",
      eventSource: "kms.amazonaws.com",
      eventName: "Decrypt",
      requestID: "req-shared",
      userIdentity: { type: "AWSService", invokedBy: "sts.amazonaws.com" },
    },
    {
      eventID: "33333333-3333-4333-8333-333333333333",
      eventTime: "2024-05-01T13:00:00Z",
      eventSource: "s3.amazonaws.com",
      eventName: "<img src=x onerror=alert(1)>",
      requestID: "req-other",
      userIdentity: principal,
    },
  ];
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles([
    {
      name: "related.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ Records: records })),
    },
  ]);
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(3);

  const row = (name: string) => page.getByTestId("event-row").filter({ hasText: name });
  await row("AssumeRole").click();
  const related = page.getByTestId("related-events").getByTestId("related-event");
  await expect(related).toHaveCount(1);
  await expect(related).toContainText("Decrypt");
  await related.click();
  await expect.poll(() => openEvent(page)).toBe(records[1].eventID);
  await expect(page.getByTestId("event-detail").locator(".json-tree")).toContainText(
    '"eventName": "Decrypt"',
  );

  // An unrelated event has nothing to show, and its markup-like name stays text.
  await row("<img").click();
  await expect(page.getByTestId("related-events")).toContainText("No related events");
  await expect(page.getByTestId("event-detail").locator("img")).toHaveCount(0);
  await expect(page.getByTestId("event-detail").locator(".detail-name")).toHaveText(
    records[2].eventName,
  );
});
