import { count, expect, test, waitReady } from "./fixtures";

// 5,000 events from 4,000 addresses: the first 1,000 addresses twice, the rest once.
const ADDRESSES = Array.from({ length: 4000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.7`);
const RECORDS = [...ADDRESSES, ...ADDRESSES.slice(0, 1000)].map((ip, i) => ({
  eventVersion: "1.08",
  eventTime: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace(".000", ""),
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  awsRegion: "us-east-1",
  sourceIPAddress: ip,
  eventID: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  recipientAccountId: "111122223333",
}));

test("a facet of thousands of values lists them all on demand, rendering only the rows in view", async ({
  page,
}) => {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles({
    name: "many-addresses.ndjson",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(RECORDS.map((r) => JSON.stringify(r)).join("\n")),
  });
  await waitReady(page);
  expect(await count(page, "total-events")).toBe(RECORDS.length);

  const facet = page.getByTestId("facet-sourceIPAddress");
  await facet.getByRole("button", { name: /^Show all/ }).click();
  const list = facet.getByTestId("facet-scroll");
  await expect(list).toBeVisible();
  const rendered = await facet.getByTestId("facet-value").count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(100);

  // Scrolled from top to bottom, the list shows every address once, with its count.
  const pairs = await list.evaluate(async (el) => {
    const found: [string, number][] = [];
    const frame = () => new Promise((done) => requestAnimationFrame(() => done(null)));
    for (let step = 0; step < 2000; step++) {
      for (const value of el.querySelectorAll<HTMLElement>("[data-testid=facet-value]"))
        found.push([value.dataset.value ?? "", Number(value.dataset.count)]);
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) break;
      el.scrollTop += el.clientHeight;
      await frame();
      await frame();
    }
    return found;
  });
  const seen = new Map(pairs);
  expect(seen.size).toBe(ADDRESSES.length);
  expect(ADDRESSES.every((ip, i) => seen.get(ip) === (i < 1000 ? 2 : 1))).toBe(true);

  // A value at the bottom of the list filters like any other.
  const last = facet.getByTestId("facet-value").last();
  const value = (await last.getAttribute("data-value")) ?? "";
  await last.click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute(
    "data-count",
    String(RECORDS.filter((r) => r.sourceIPAddress === value).length),
  );
});
