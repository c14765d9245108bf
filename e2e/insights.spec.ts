import { join } from "node:path";
import { SAMPLES, count, expect, test, waitReady } from "./fixtures";

// Generating and loading the demo takes 15–45 s on a busy machine: room to spare over 60 s.
const DEMO_TIMEOUT = 150_000;

const DOCS_EXAMPLES = join(SAMPLES, "aws-docs-examples", "doc_examples_records.ndjson");

test("demo data: Insights and anomalies listed and drawn; an anomaly filters to its API and window", async ({
  page,
}) => {
  test.setTimeout(DEMO_TIMEOUT);
  await page.goto("./");
  await page.getByTestId("load-demo").click();
  await waitReady(page);
  const total = await count(page, "total-events");
  expect(total).toBeGreaterThan(10_000);

  // The demo plants five bursts and writes an Insights pair for each.
  const insights = page.getByTestId("insight");
  await expect(insights).toHaveCount(5);
  for (const item of await insights.all()) {
    await expect(item).toHaveAttribute("data-insight-type", /^Api(CallRate|ErrorRate)Insight$/);
    await expect(item).toHaveAttribute("data-event-source", /\.amazonaws\.com$/);
    expect(Number(await item.getAttribute("data-insight-average"))).toBeGreaterThan(
      Number(await item.getAttribute("data-baseline-average")),
    );
  }
  const chart = page.getByTestId("activity-chart");
  await expect(chart.locator(".recharts-reference-area.band-insight")).toHaveCount(5);
  await expect
    .poll(() => chart.locator(".recharts-reference-area.band-anomaly").count())
    .toBeGreaterThan(0);

  const anomalies = page.getByTestId("anomaly");
  await expect(anomalies.first()).toBeVisible();
  const anomalyCount = await anomalies.count();
  expect(anomalyCount).toBeGreaterThanOrEqual(5);
  for (const item of await anomalies.all()) {
    const start = (await item.getAttribute("data-start")) ?? "";
    expect(new Date(start).toISOString()).toBe(start);
    expect(Number(await item.getAttribute("data-score"))).toBeGreaterThan(0);
  }
  // Every loaded Insight has a computed anomaly of the same API starting within a few minutes.
  const computed = await Promise.all(
    (await anomalies.all()).map(async (item) => ({
      name: await item.getAttribute("data-event-name"),
      start: Date.parse((await item.getAttribute("data-start")) ?? ""),
    })),
  );
  for (const item of await insights.all()) {
    const name = await item.getAttribute("data-event-name");
    const start = Date.parse((await item.getAttribute("data-start")) ?? "");
    const near = computed.filter((a) => a.name === name && Math.abs(a.start - start) <= 5 * 60_000);
    expect(near, `${name}`).toHaveLength(1);
  }

  // Clicking the top anomaly filters the table to that API and a window around it.
  const top = anomalies.first();
  const name = (await top.getAttribute("data-event-name")) ?? "";
  const start = Date.parse((await top.getAttribute("data-start")) ?? "");
  await top.locator(".item-main").click();
  await expect.poll(() => count(page, "shown-events")).toBeLessThan(total);
  const shown = await count(page, "shown-events");
  expect(shown).toBeGreaterThan(0);
  const included = page
    .getByTestId("facet-eventName")
    .locator('[data-testid=facet-value][aria-pressed="true"]');
  await expect(included).toHaveCount(1);
  await expect(included).toHaveAttribute("data-value", name);
  const params = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  const from = Date.parse(params.get("from") ?? "");
  const to = Date.parse(params.get("to") ?? "");
  expect(from).toBeLessThan(start);
  expect(to).toBeGreaterThan(start);
  expect(to - from).toBeLessThan(6 * 3_600_000);
  await expect(page.getByTestId("event-row").first()).toContainText(name);
  await expect(top).toHaveClass(/active/);

  // Its per-minute rate, with the baseline beneath, on demand.
  await top.getByRole("button", { name: "rate", exact: true }).click();
  await expect(page.getByTestId("rate-chart")).toContainText(name);

  // Reset zoom drops the time range and keeps the API filter.
  await page.getByTestId("reset-zoom").click();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain("from=");
  await expect(page.getByTestId("facet-eventName").locator('[aria-pressed="true"]')).toHaveCount(1);

  // A band on the chart focuses on its API and window, from the view of the moment.
  const band = chart.locator(".recharts-reference-area.band-insight").first();
  await band.locator("path, rect").first().dispatchEvent("click");
  await expect.poll(() => page.evaluate(() => location.hash)).toContain("from=");
  await expect(page.getByTestId("facet-eventName").locator('[aria-pressed="true"]')).toHaveCount(1);
  expect(await count(page, "shown-events")).toBeGreaterThan(0);
});

test("dragging across the chart zooms: the range becomes the time filter", async ({ page }) => {
  test.setTimeout(DEMO_TIMEOUT);
  await page.goto("./");
  await page.getByTestId("load-demo").click();
  await waitReady(page);
  const total = await count(page, "total-events");
  // The chart's bars (and the labels a drag reads) are drawn a few tasks after it appears.
  await expect(page.getByTestId("activity-chart")).toHaveAttribute("aria-busy", "false");
  const plot = page.getByTestId("activity-chart").locator(".recharts-surface").first();
  const box = await plot.boundingBox();
  if (!box) throw new Error("no chart");
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5, { steps: 10 });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain("from=");
  const params = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  expect(Date.parse(params.get("to") ?? "")).toBeGreaterThan(Date.parse(params.get("from") ?? ""));
  const zoomed = await count(page, "shown-events");
  expect(zoomed).toBeGreaterThan(0);
  expect(zoomed).toBeLessThan(total);
  await page.getByTestId("reset-zoom").click();
  await expect(page.getByTestId("shown-events")).toHaveAttribute("data-count", String(total));
});

test("the AWS documentation examples: one ended Insight and one ongoing", async ({ page }) => {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles(DOCS_EXAMPLES);
  await waitReady(page);
  const insights = page.getByTestId("insight");
  await expect(insights).toHaveCount(2);

  const ssm = insights.and(page.locator('[data-event-name="UpdateInstanceInformation"]'));
  await expect(ssm).toHaveAttribute("data-event-source", "ssm.amazonaws.com");
  await expect(ssm).toHaveAttribute("data-insight-type", "ApiCallRateInsight");
  await expect(ssm).toHaveAttribute("data-baseline-average", "85.4202380952");
  await expect(ssm).toHaveAttribute("data-insight-average", "664");
  await expect(ssm).toHaveAttribute("data-status", "ended");
  await expect(ssm).toContainText("1 min");

  const autoscaling = insights.and(page.locator('[data-event-name="CompleteLifecycleAction"]'));
  await expect(autoscaling).toHaveAttribute("data-event-source", "autoscaling.amazonaws.com");
  await expect(autoscaling).toHaveAttribute("data-insight-type", "ApiCallRateInsight");
  await expect(autoscaling).toHaveAttribute("data-baseline-average", "0.0000882145");
  await expect(autoscaling).toHaveAttribute("data-insight-average", "0.6");
  await expect(autoscaling).toHaveAttribute("data-status", "ongoing");
  await expect(autoscaling).toContainText("ongoing");
  // The attributions' top contributors: the role ARNs and the user agent.
  await expect(autoscaling).toContainText("arn:aws:sts::012345678901:assumed-role/CodeDeployRole1");
  await expect(autoscaling).toContainText("codedeploy.amazonaws.com");
});
