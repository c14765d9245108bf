import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// What a person sees at a small laptop's window and at a desktop's, with the demo data loaded:
// no visible control drawn over another, no placeholder cut off, and rows of the table in view,
// with the event detail closed and open.

// Generating and loading the demo takes 15–45 s on a busy machine.
const DEMO_TIMEOUT = 180_000;

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1600, height: 1000 },
];

/**
 * Groups of controls that sit side by side: within a group, no two visible boxes may overlap.
 * Each selector is read inside every element its scope matches (one group per scope element).
 */
const GROUPS: { name: string; scope: string; items: string }[] = [
  {
    name: "toolbar",
    scope: ".topbar",
    items: ".brand, button, label.button, input:not([type=file])",
  },
  { name: "filter bar", scope: "[data-testid=filter-bar]", items: "button, input, .zone" },
  { name: "facet headers", scope: ".sidebar", items: ".facet > h3" },
  { name: "facet header", scope: ".facet > h3", items: ":scope > *" },
  { name: "chart controls", scope: ".activity .panel-head", items: ":scope > *" },
  { name: "insights fold", scope: ".fold-head", items: ":scope > *" },
  // The "rate" button beside an Insight's or anomaly's text (its kind, API, times and figures).
  { name: "insight item", scope: ".insights .item-row", items: ".item-main > *, .rate-button" },
  { name: "group-by bar", scope: ".gb-bar", items: ":scope > *" },
  { name: "table header", scope: ".event-table .thead", items: ".th" },
  { name: "detail bar", scope: ".detail-bar", items: ":scope > *" },
];

interface Overlap {
  group: string;
  a: string;
  b: string;
}

/** Pairs of visible boxes that overlap by more than a pixel each way, per group. */
async function overlaps(page: Page): Promise<Overlap[]> {
  return page.evaluate((groups) => {
    const found: { group: string; a: string; b: string }[] = [];
    const describe = (e: Element) =>
      `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? "").trim().slice(0, 40)}" ${JSON.stringify(e.getBoundingClientRect())}`;
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return (
        r.width > 0 && r.height > 0 && style.visibility !== "hidden" && style.display !== "none"
      );
    };
    for (const group of groups) {
      for (const scope of document.querySelectorAll(group.scope)) {
        if (!visible(scope)) continue;
        const items = [...scope.querySelectorAll(group.items)].filter(visible);
        for (let i = 0; i < items.length; i++) {
          for (let j = i + 1; j < items.length; j++) {
            // An item inside another is a part of it, not over it.
            if (items[i].contains(items[j]) || items[j].contains(items[i])) continue;
            const a = items[i].getBoundingClientRect();
            const b = items[j].getBoundingClientRect();
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > 1 && y > 1)
              found.push({ group: group.name, a: describe(items[i]), b: describe(items[j]) });
          }
        }
      }
    }
    return found;
  }, GROUPS);
}

/** Visible inputs whose placeholder is wider than the room inside them (measured in their font). */
async function cutPlaceholders(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d");
    if (context === null) return ["no canvas"];
    const cut: string[] = [];
    for (const input of document.querySelectorAll<HTMLInputElement>("input[placeholder]")) {
      const r = input.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || input.value !== "") continue;
      const style = getComputedStyle(input);
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = context.measureText(input.placeholder).width;
      const room =
        input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (text > room + 0.5)
        cut.push(`"${input.placeholder}": ${text.toFixed(0)} px in ${room.toFixed(0)} px`);
    }
    return cut;
  });
}

/**
 * Table rows a person can see: inside the window, below the table's header, and not under
 * anything else (the topmost element at a point of the row's first cells is in the row).
 */
async function rowsInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const table = document.querySelector("[data-testid=event-table]");
    const head = table?.querySelector(".thead");
    if (!table || !head) return 0;
    const top = head.getBoundingClientRect().bottom;
    const bottom = Math.min(window.innerHeight, table.getBoundingClientRect().bottom);
    let seen = 0;
    for (const row of table.querySelectorAll("[data-testid=event-row]")) {
      const r = row.getBoundingClientRect();
      if (r.top < top - 0.5 || r.bottom > bottom + 0.5) continue;
      const hit = document.elementFromPoint(r.left + 60, r.top + r.height / 2);
      if (hit !== null && row.contains(hit)) seen++;
    }
    return seen;
  });
}

async function checkLayout(page: Page, label: string): Promise<void> {
  expect(await overlaps(page), `${label}: controls drawn over one another`).toEqual([]);
  expect(await cutPlaceholders(page), `${label}: placeholders cut off`).toEqual([]);
  expect(await rowsInView(page), `${label}: table rows in view`).toBeGreaterThanOrEqual(3);
  // The page itself never scrolls sideways: wide content scrolls inside its own pane.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${label}: page wider than the window`).toBeLessThanOrEqual(0);
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} with the demo: nothing overlaps, rows in view, detail closed and open`, async ({
    page,
  }) => {
    test.setTimeout(DEMO_TIMEOUT);
    await page.setViewportSize(size);
    await page.goto("./");
    // Before anything is loaded, the time inputs say what they take.
    await expect(page.getByTestId("time-from")).toHaveAttribute("placeholder", "from (UTC)");
    await page.getByTestId("load-demo").click();
    // Generating the demo comes first: more than waitReady's minute on a busy machine.
    await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "ready", {
      timeout: 150_000,
    });
    await expect(page.getByTestId("event-row").first()).toBeVisible();
    await expect(page.getByTestId("activity-chart")).toBeVisible();
    await expect(page.getByTestId("anomaly").first()).toBeVisible();
    // Loaded, the inputs show where the data begins and ends.
    await expect(page.getByTestId("time-from")).toHaveAttribute(
      "placeholder",
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
    );
    await checkLayout(page, `${size.width} px`);

    // The Insights and anomalies fold away under their header, and the table gains the room.
    const before = (await page.getByTestId("event-table").boundingBox())?.height ?? 0;
    await page.getByTestId("insights-toggle").click();
    await expect(page.getByTestId("anomaly")).toHaveCount(0);
    await expect(page.getByTestId("insights-toggle")).toContainText(/\d+ computed/);
    const after = (await page.getByTestId("event-table").boundingBox())?.height ?? 0;
    expect(after).toBeGreaterThanOrEqual(before);
    await page.getByTestId("insights-toggle").click();
    await expect(page.getByTestId("anomaly").first()).toBeVisible();

    // The facet column hides and comes back.
    await page.getByTestId("facets-toggle").click();
    await expect(page.getByTestId("facet-eventName")).toBeHidden();
    await checkLayout(page, `${size.width} px, facets hidden`);
    await page.getByTestId("facets-toggle").click();
    await expect(page.getByTestId("facet-eventName")).toBeVisible();

    // With an event open, the table keeps rows in view beside or under the detail.
    await page.getByTestId("event-row").nth(1).click();
    await expect(page.getByTestId("event-detail")).toBeVisible();
    await checkLayout(page, `${size.width} px, detail open`);
  });
}
