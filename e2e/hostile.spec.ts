import { expect, INVICTUS, count, facetValues, filesUnder, test, waitReady } from "./fixtures";

// Log fields are attacker-controlled. These records carry markup, script URLs, and characters
// that hide or reorder text; loading and exploring them must run nothing and show them as text.
const PAYLOADS = {
  eventName: '<img src=x onerror="window.pwned=1">',
  eventSource: "<script>window.pwned=2</script>.amazonaws.com",
  userAgent: '"><svg onload="window.pwned=3">',
  sourceIPAddress: "javascript:window.pwned=4",
  awsRegion: "us-east-1\u202Egnp.exe",
  userName: "ad\u200Bmin",
  errorCode: '<iframe srcdoc="<script>parent.pwned=5</script>">',
};

function hostileRecords(): string {
  const records = Array.from({ length: 5 }, (_, i) => ({
    eventVersion: "1.08",
    eventTime: `2024-03-0${i + 1}T10:00:00Z`,
    eventSource: PAYLOADS.eventSource,
    eventName: PAYLOADS.eventName,
    awsRegion: PAYLOADS.awsRegion,
    sourceIPAddress: PAYLOADS.sourceIPAddress,
    userAgent: PAYLOADS.userAgent,
    errorCode: PAYLOADS.errorCode,
    errorMessage: "<b>bold</b>",
    userIdentity: {
      type: "IAMUser",
      userName: PAYLOADS.userName,
      arn: `arn:aws:iam::1:user/${PAYLOADS.userName}`,
    },
    requestParameters: { policy: '<a href="javascript:window.pwned=6">click</a>' },
    eventID: `11111111-2222-4333-8444-55555555555${i}`,
    recipientAccountId: "123456789012",
  }));
  return JSON.stringify({ Records: records });
}

test("hostile log text is shown as text everywhere and runs nothing", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto("./");
  const title = await page.title();
  await page
    .getByTestId("file-input")
    .setInputFiles([
      { name: "hostile.json", mimeType: "application/json", buffer: Buffer.from(hostileRecords()) },
    ]);
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(5);

  // Facets hold the raw values and show them as literal text.
  const names = await facetValues(page, "eventName");
  expect(names.get(PAYLOADS.eventName)).toBe(5);
  await expect(page.getByTestId("facet-eventName").getByTestId("facet-value")).toContainText(
    '<img src=x onerror="window.pwned=1">',
  );
  await expect(page.getByTestId("facet-eventSource").getByTestId("facet-value")).toContainText(
    "<script>window.pwned=2</script>",
  );
  // Hidden and reordering characters are visible for what they are.
  await expect(page.getByTestId("facet-awsRegion").getByTestId("facet-value")).toContainText(
    "us-east-1⟦U+202E⟧gnp.exe",
  );
  await expect(page.getByTestId("facet-principal").getByTestId("facet-value")).toContainText(
    "ad⟦U+200B⟧min",
  );

  // Filter by a hostile value, search for one, open the detail of a hostile record.
  await page.getByTestId("facet-eventName").locator("[data-testid=facet-value]").first().click();
  await expect(page.getByTestId("filter-chip").first()).toContainText("<img src=x");
  await page.getByTestId("query").fill("<svg onload");
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", "5");
  await page.getByTestId("event-row").first().click();
  const detail = page.getByTestId("event-detail");
  await expect(detail).toBeVisible();
  await expect(detail).toContainText("javascript:window.pwned=6");
  // Hover the chart, once drawn, so its tooltip renders the values too.
  await expect(page.getByTestId("activity-chart")).toHaveAttribute("aria-busy", "false");
  await page.locator(".recharts-surface").first().hover();

  await page.waitForTimeout(300);
  expect(
    await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
  ).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.title()).toBe(title);
  // No element that log text could have created exists in the document.
  expect(
    await page.locator("img[src=x], iframe, svg[onload], a[href^='javascript:']").count(),
  ).toBe(0);
});

test("nothing leaves the page: every request stays on the app's origin", async ({
  page,
  context,
}) => {
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  await page.goto("./");
  const origin = new URL(page.url()).origin;
  await page
    .getByTestId("file-input")
    .setInputFiles(filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz")));
  await waitReady(page);
  await page
    .getByTestId("facet-eventName")
    .locator('[data-testid=facet-value][data-value="Decrypt"]')
    .click();
  await page.getByTestId("query").fill("kms");
  await page.getByTestId("event-row").first().click();
  await expect(page.getByTestId("event-detail")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByTestId("clear").click();
  await page.getByTestId("load-demo").click();
  await waitReady(page);
  expect(requests.length).toBeGreaterThan(0);
  const elsewhere = requests.filter(
    (url) => !url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== origin,
  );
  expect(elsewhere).toEqual([]);
});

test("a field of 10,000 combining marks or a lone surrogate is flagged and stays in its box", async ({
  page,
}) => {
  const marks = "\u0301".repeat(10_000);
  const record = {
    eventVersion: "1.08",
    eventTime: "2024-03-01T10:00:00Z",
    eventSource: "s3.amazonaws.com",
    eventName: `Get${marks}Object`,
    awsRegion: "us-east-1",
    sourceIPAddress: "10.0.0.1",
    userAgent: `agent${marks}`,
    userIdentity: { type: "IAMUser", userName: "lone\uD800half", arn: "arn:aws:iam::1:user/x" },
    requestParameters: { note: `z${marks}` },
    eventID: "11111111-2222-4333-8444-666666666666",
    recipientAccountId: "123456789012",
  };
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles([
    {
      name: "marks.json",
      mimeType: "application/json",
      // JSON.stringify writes the lone surrogate as the escape \ud800, which reads back as it.
      buffer: Buffer.from(JSON.stringify({ Records: [record] })),
    },
  ]);
  await waitReady(page);
  await page.getByTestId("event-row").first().click();
  const detail = page.getByTestId("event-detail");
  // The indexed fields keep the first few thousand characters of a value; the record has them all.
  await expect(detail.locator(".detail-name")).toHaveText(/^Get⟦[\d,]+ combining marks⟧/);
  await expect(detail.locator(".detail-fields")).toContainText(/agent⟦[\d,]+ combining marks⟧/);
  await expect(detail.locator(".detail-fields")).toContainText("lone⟦U+D800⟧half");
  await expect(detail.locator(".json-tree")).toContainText('"z⟦10,000 combining marks⟧"');
  await expect(detail.locator(".json-tree")).toContainText('"lone\\ud800half"');
  // Nothing a value draws reaches the bar above the detail: each value is clipped to its box.
  const bar = await detail.locator(".detail-bar").boundingBox();
  const name = await detail.locator(".detail-name").boundingBox();
  expect(bar).not.toBeNull();
  expect(name).not.toBeNull();
  expect(name!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height);
  for (const selector of [".detail-name", ".detail-fields td", ".json-line"]) {
    expect(
      await detail
        .locator(selector)
        .first()
        .evaluate((element) => getComputedStyle(element).overflow),
    ).toBe("clip");
  }
});

test("a record nested 10,000 deep shows its tree to a bounded depth and its text, and never blames its file", async ({
  page,
}) => {
  const deep = `{"eventVersion":"1.08","eventTime":"2024-03-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"DeepCall","eventID":"deep-1","nested":${"[".repeat(10_000)}1${"]".repeat(10_000)}}`;
  const plain = `{"eventVersion":"1.08","eventTime":"2024-03-01T09:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PlainCall","eventID":"plain-1"}`;
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles([
    {
      name: "deep.json",
      mimeType: "application/json",
      buffer: Buffer.from(`{"Records":[${plain},${deep}]}`),
    },
  ]);
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(2);
  await page.getByTestId("event-row").filter({ hasText: "DeepCall" }).click();
  const detail = page.getByTestId("event-detail");
  await expect(detail.locator(".detail-name")).toHaveText("DeepCall");
  const record = detail.getByTestId("detail-record");
  await expect(record.getByTestId("deep-record")).toHaveAttribute("data-depth", "10001");
  // Expanded, the tree stops at a bounded depth and says so.
  await record.getByRole("button", { name: "Expand all" }).click();
  await expect(record.getByTestId("json-deeper")).toHaveText("…deeper levels not shown");
  await expect(record.getByTestId("record-raw-text")).toContainText('"eventName":"DeepCall"');
  await expect(record.getByTestId("record-raw-text")).toContainText('"nested":[[[[');
  await expect(record.getByTestId("copy-json")).toHaveText("Copy text");
  await expect(record).not.toContainText("moved");
  await expect(record.locator("[role=alert]")).toHaveCount(0);
});
