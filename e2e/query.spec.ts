// The query box over the real samples. Every expected number is computed here from the files
// (gunzip + JSON.parse) with small plain filters written for each case, never taken from the app
// nor from its code.
import { join } from "node:path";
import type { Page } from "@playwright/test";
import {
  INDEXED_PATHS,
  INVICTUS,
  SAMPLES,
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
const DOCS = join(SAMPLES, "aws-docs-examples", "doc_examples_records.ndjson");
const DOC_RECORDS = readRecords([DOCS]);

// ───────────────────────── the test's own reading of the query language ─────────────────────────

/** Every value at a dotted path, looking into arrays on the way and at the end. */
function valuesAt(record: unknown, path: string): unknown[] {
  let current: unknown[] = [record];
  for (const key of path.split(".")) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === "object" && item !== null && !Array.isArray(item)) {
          const child = (item as Record<string, unknown>)[key];
          if (child !== undefined) next.push(child);
        }
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) ? (value as unknown[]) : [value]));
}

function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** `*` any run of characters, `?` one character, the rest literal; whole value, any case. */
function wildcard(pattern: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += ".*";
    else if (ch === "?") source += ".";
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "is");
}

/** `path:pattern` with wildcards, case-insensitive, any element of an array. */
function has(record: TrailRecord, path: string, pattern: string): boolean {
  const re = wildcard(pattern);
  return valuesAt(record, path).some((value) => {
    const text = scalarText(value);
    return text !== null && re.test(text);
  });
}

/** `path:*`: the field is there and neither null nor empty. */
function exists(record: TrailRecord, path: string): boolean {
  return valuesAt(record, path).some((value) => value !== null && value !== "");
}

/** The texts of the indexed fields of a record (what a bare word looks at). */
function indexedTexts(record: TrailRecord): string[] {
  const out: string[] = [];
  for (const path of INDEXED_PATHS) {
    const text = scalarText(valuesAt(record, path)[0]);
    if (text !== null && text !== "") out.push(text);
  }
  const principal = principalOf(record);
  if (principal !== undefined && principal !== "") out.push(principal);
  return out;
}

function ipv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function ipv6(text: string): bigint | null {
  if (!/^[0-9a-f:]+$/i.test(text) || !text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => "0")];
  groups.push(...tail);
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.reduce((n, g) => (n << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
}

/** Whether `address` (text) lies in `cidr` (`a.b.c.d/n` or an IPv6 network). */
function inCidr(address: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  const net4 = ipv4(base);
  if (net4 !== null) {
    const a = ipv4(address);
    if (a === null) return false;
    const size = 2 ** (32 - bits);
    return Math.floor(a / size) === Math.floor(net4 / size);
  }
  const net6 = ipv6(base);
  const a6 = ipv6(address);
  if (net6 === null || a6 === null) return false;
  const shift = BigInt(128 - bits);
  return a6 >> shift === net6 >> shift;
}

function countOf(records: TrailRecord[], keep: (r: TrailRecord) => boolean): number {
  return records.filter(keep).length;
}

// ───────────────────────────────────────── helpers ─────────────────────────────────────────

async function load(page: Page, files: string[]): Promise<void> {
  await page.goto("./");
  await page.getByTestId("file-input").setInputFiles(files);
  await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "ready", {
    timeout: 60_000,
  });
}

async function expectShown(page: Page, expected: number, what: string): Promise<void> {
  await expect(page.getByTestId("shown-events"), what).toHaveAttribute(
    "data-count",
    String(expected),
  );
}

/** Starts recording every `data-state` the query status takes (a MutationObserver in the page). */
async function recordStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const status = document.querySelector("[data-testid=query-status]");
    const seen: string[] = [status?.getAttribute("data-state") ?? "none"];
    const observer = new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const target = mutation.target as Element;
        if (target.getAttribute("data-testid") !== "query-status") continue;
        seen.push(`${mutation.oldValue ?? "none"}>${target.getAttribute("data-state") ?? "none"}`);
      }
    });
    observer.observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ["data-state"],
      attributeOldValue: true,
    });
    (window as unknown as { trailviewQueryStates: string[] }).trailviewQueryStates = seen;
  });
}

/** Every state seen since recordStates: the old value of each change, and the values after. */
async function statesSeen(page: Page): Promise<string[]> {
  const log = await page.evaluate(
    () => (window as unknown as { trailviewQueryStates: string[] }).trailviewQueryStates,
  );
  return log.flatMap((entry) => entry.split(">"));
}

// ───────────────────────────────────────── the invictus set ─────────────────────────────────────────

test.describe("the invictus set", () => {
  test.beforeEach(async ({ page }) => {
    await load(page, FILES);
    await expect(page.getByTestId("total-events")).toHaveAttribute(
      "data-count",
      String(RECORDS.length),
    );
  });

  test("destructive calls: Delete*, Terminate*, Stop*", async ({ page }) => {
    const query = "eventName:Delete* OR eventName:Terminate* OR eventName:Stop*";
    const expected = countOf(
      RECORDS,
      (r) =>
        has(r, "eventName", "Delete*") ||
        has(r, "eventName", "Terminate*") ||
        has(r, "eventName", "Stop*"),
    );
    // Independent of the wildcard helper: a prefix test on the raw names.
    expect(
      countOf(RECORDS, (r) => /^(delete|terminate|stop)/i.test(String(r.eventName ?? ""))),
    ).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    await runQuery(page, query);
    await expectShown(page, expected, query);
    // A wildcard in the middle and a ? wildcard, on the same field.
    for (const q of ["eventName:*Bucket*", "eventName:Get?ucket*"]) {
      const pattern = q.slice("eventName:".length);
      await runQuery(page, q);
      await expectShown(
        page,
        countOf(RECORDS, (r) => has(r, "eventName", pattern)),
        q,
      );
    }
  });

  test("console logins without MFA, and root use without errors (few or none here)", async ({
    page,
  }) => {
    const mfa = "eventName:ConsoleLogin AND additionalEventData.MFAUsed:No";
    const noMfa = countOf(
      RECORDS,
      (r) => r.eventName === "ConsoleLogin" && has(r, "additionalEventData.MFAUsed", "No"),
    );
    await runQuery(page, mfa);
    await expectShown(page, noMfa, mfa);
    // Terms side by side must all match: the same without AND, and with the `mfa` short name.
    await runQuery(page, "eventName:consolelogin mfa:NO");
    await expectShown(page, noMfa, "implicit AND, alias, any case");

    const root = "userIdentity.type:Root AND NOT errorCode:*";
    const rootOk = countOf(
      RECORDS,
      (r) => has(r, "userIdentity.type", "Root") && !exists(r, "errorCode"),
    );
    await runQuery(page, root);
    await expectShown(page, rootOk, root);
    // The succeeded calls overall: `NOT errorCode:*` and `-errorCode:*`.
    const succeeded = countOf(RECORDS, (r) => !exists(r, "errorCode"));
    expect(succeeded).toBeGreaterThan(0);
    await runQuery(page, "NOT errorCode:*");
    await expectShown(page, succeeded, "NOT errorCode:*");
    await runQuery(page, "-errorCode:*");
    await expectShown(page, succeeded, "-errorCode:*");
  });

  test("who was denied: errorCode:AccessDenied", async ({ page }) => {
    const expected = countOf(RECORDS, (r) => has(r, "errorCode", "AccessDenied"));
    expect(expected).toBeGreaterThan(0);
    await runQuery(page, "errorCode:AccessDenied");
    await expectShown(page, expected, "errorCode:AccessDenied");
    // The same through the short names, case-insensitively, with a parenthesised OR.
    const user = RECORDS.filter((r) => has(r, "errorCode", "AccessDenied"))
      .map((r) => principalOf(r))
      .find((p) => p !== undefined && !p.includes("/"));
    expect(user, "an IAM user among the denied").toBeDefined();
    const q = `error:accessdenied AND (principal:${user} OR type:AssumedRole)`;
    await runQuery(page, q);
    await expectShown(
      page,
      countOf(
        RECORDS,
        (r) =>
          has(r, "errorCode", "AccessDenied") &&
          (principalOf(r) === user || has(r, "userIdentity.type", "AssumedRole")),
      ),
      q,
    );
  });

  test("a bare IP address is that address exactly; a bare prefix is a substring", async ({
    page,
  }) => {
    const addresses = new Map<string, number>();
    for (const r of RECORDS) {
      const ip = String(r.sourceIPAddress ?? "");
      if (ipv4(ip) !== null) addresses.set(ip, (addresses.get(ip) ?? 0) + 1);
    }
    // An address whose text begins another address of the data, if the data has such a pair;
    // else the most frequent address.
    const sorted = [...addresses.keys()].sort((a, b) => addresses.get(b)! - addresses.get(a)!);
    const pair = sorted.find((a) => sorted.some((b) => b !== a && b.startsWith(a)));
    const address = pair ?? sorted[0];
    expect(address).toBeDefined();

    const exact = (ip: string) =>
      countOf(RECORDS, (r) => indexedTexts(r).some((t) => t.toLowerCase() === ip.toLowerCase()));
    const substring = (word: string) =>
      countOf(RECORDS, (r) => indexedTexts(r).some((t) => t.toLowerCase().includes(word)));

    const exactCount = exact(address);
    expect(exactCount).toBe(addresses.get(address));
    await runQuery(page, address);
    await expectShown(page, exactCount, `bare ${address}`);
    if (pair !== undefined) expect(substring(address)).toBeGreaterThan(exactCount);

    // The address less its last digit is an address too, and another one: exact, not a prefix.
    const shorter = address.slice(0, -1);
    expect(ipv4(shorter)).not.toBeNull();
    expect(substring(shorter)).toBeGreaterThan(exact(shorter));
    await runQuery(page, shorter);
    await expectShown(page, exact(shorter), `bare ${shorter} (an address: exact)`);

    // Its first three octets are no address: a substring of the indexed fields.
    const prefix = address.split(".").slice(0, 3).join(".");
    const prefixCount = substring(prefix);
    expect(prefixCount).toBeGreaterThanOrEqual(exactCount);
    await runQuery(page, prefix);
    await expectShown(page, prefixCount, `bare ${prefix} (a substring)`);

    // On the field, `ip:` is an alias of sourceIPAddress; a value there is exact too.
    await runQuery(page, `ip:${address}`);
    await expectShown(page, addresses.get(address)!, `ip:${address}`);
    await runQuery(page, `sourceIPAddress:${shorter}`);
    await expectShown(
      page,
      countOf(RECORDS, (r) => r.sourceIPAddress === shorter),
      `sourceIPAddress:${shorter}`,
    );
  });

  test("CIDR networks on the address field, counted by the test's own containment", async ({
    page,
  }) => {
    const tally = new Map<string, number>();
    for (const r of RECORDS) {
      const ip = String(r.sourceIPAddress ?? "");
      if (ipv4(ip) !== null) tally.set(ip, (tally.get(ip) ?? 0) + 1);
    }
    const frequent = [...tally.keys()].sort((a, b) => tally.get(b)! - tally.get(a)!);
    const [a, b, c] = frequent[0].split(".");
    const second = frequent.find((ip) => !ip.startsWith(`${a}.${b}.`)) ?? frequent[1];
    const [d, e] = second.split(".");
    const networks = [
      `sourceIPAddress:${a}.${b}.${c}.0/24`,
      `ip:${d}.${e}.0.0/16`,
      "ip:10.0.0.0/8",
      "sourceIPAddress:0.0.0.0/0",
      "sourceIPAddress:2001:db8::/32",
    ];
    for (const query of networks) {
      const cidr = query.slice(query.indexOf(":") + 1);
      const expected = countOf(RECORDS, (r) => inCidr(String(r.sourceIPAddress ?? ""), cidr));
      await runQuery(page, query);
      await expectShown(page, expected, query);
    }
    // Every IPv4 address is in 0.0.0.0/0, the service names ("AWS Internal", …) are not.
    expect(countOf(RECORDS, (r) => inCidr(String(r.sourceIPAddress ?? ""), "0.0.0.0/0"))).toBe(
      [...tally.values()].reduce((s, n) => s + n, 0),
    );
    // A network and NOT an address in it.
    const without = frequent.find((ip) => ip.startsWith("10."))!;
    const q = `ip:10.0.0.0/8 AND NOT ip:${without}`;
    await runQuery(page, q);
    await expectShown(
      page,
      countOf(
        RECORDS,
        (r) =>
          inCidr(String(r.sourceIPAddress ?? ""), "10.0.0.0/8") && r.sourceIPAddress !== without,
      ),
      q,
    );
  });

  test("a nested path that is no column is scanned in the workers; a refinement reads nothing again", async ({
    page,
  }) => {
    const status = page.getByTestId("query-status");
    // requestParameters.instanceType: a path of a few RunInstances calls.
    const instanceType = "requestParameters.instanceType:*";
    const withType = countOf(RECORDS, (r) => exists(r, "requestParameters.instanceType"));
    expect(withType).toBeGreaterThan(0);
    await recordStates(page);
    await runQuery(page, instanceType);
    await expectShown(page, withType, instanceType);
    expect(await statesSeen(page)).toContain("running");

    // resources is an array: any element's ARN.
    const arn = "resources.ARN:*bucket*";
    const withBucket = countOf(RECORDS, (r) => has(r, "resources.ARN", "*bucket*"));
    expect(withBucket).toBeGreaterThan(0);
    await recordStates(page);
    await runQuery(page, arn);
    await expectShown(page, withBucket, arn);
    expect(await statesSeen(page)).toContain("running");
    await expect(status).toContainText("(whole records read)");

    // Refined by an indexed term: answered from the kept results, with no new scan.
    const names = new Map<string, number>();
    for (const r of RECORDS)
      if (has(r, "resources.ARN", "*bucket*"))
        names.set(String(r.eventName), (names.get(String(r.eventName)) ?? 0) + 1);
    const name = [...names.keys()].sort((x, y) => names.get(y)! - names.get(x)!)[0];
    const refined = `${arn} AND eventName:${name}`;
    await recordStates(page);
    await runQuery(page, refined);
    await expectShown(page, names.get(name)!, refined);
    expect(await statesSeen(page), "no scan for a refinement").not.toContain("running");

    // Both scanned terms together, and a NOT of a scanned term, again without reading.
    const both = `${arn} OR ${instanceType}`;
    await recordStates(page);
    await runQuery(page, both);
    await expectShown(
      page,
      countOf(
        RECORDS,
        (r) => has(r, "resources.ARN", "*bucket*") || exists(r, "requestParameters.instanceType"),
      ),
      both,
    );
    const not = `eventName:${name} AND NOT ${arn}`;
    await runQuery(page, not);
    await expectShown(
      page,
      countOf(RECORDS, (r) => r.eventName === name && !has(r, "resources.ARN", "*bucket*")),
      not,
    );
    expect(await statesSeen(page), "no scan for known terms").not.toContain("running");
  });

  test("an invalid query says where; the last valid view stays, in the URL and after a reload", async ({
    page,
  }) => {
    const valid = "eventName:Decrypt OR eventName:Encrypt";
    const expected = countOf(
      RECORDS,
      (r) => r.eventName === "Decrypt" || r.eventName === "Encrypt",
    );
    await runQuery(page, valid);
    await expectShown(page, expected, valid);
    const hashQuery = async () => new URLSearchParams(new URL(page.url()).hash.slice(1)).get("q");
    await expect.poll(hashQuery).toBe(valid);

    const status = page.getByTestId("query-status");
    const box = page.getByTestId("query");
    for (const invalid of ["eventName:(x", "a AND )"]) {
      await box.fill(invalid);
      await box.press("Enter");
      await expect(status).toHaveAttribute("data-state", "error");
      const error = page.getByTestId("query-error");
      await expect(error).toBeVisible();
      const message = (await error.textContent()) ?? "";
      const at = /\bat (\d+)\b/.exec(message);
      expect(at, `a position in "${message}"`).not.toBeNull();
      expect(Number(at?.[1])).toBeGreaterThanOrEqual(0);
      expect(Number(at?.[1])).toBeLessThanOrEqual(invalid.length);
      if (invalid === "a AND )") {
        // The ")" is at index 6: the message points there (0- or 1-based).
        expect([6, 7]).toContain(Number(at?.[1]));
      }
      await expectShown(page, expected, `after ${invalid}`);
      await expect(box).toHaveValue(invalid);
      expect(await hashQuery()).toBe(valid);
    }

    await page.reload();
    await page.getByTestId("file-input").setInputFiles(FILES);
    await expect(page.getByTestId("load-status")).toHaveAttribute("data-state", "ready", {
      timeout: 60_000,
    });
    await expect(status).toHaveAttribute("data-query", valid);
    await expect(status).toHaveAttribute("data-state", "ready");
    await expect(page.getByTestId("query")).toHaveValue(valid);
    await expectShown(page, expected, "after a reload");
  });

  test("autocomplete: field names and paths, values with counts; Tab accepts", async ({ page }) => {
    const box = page.getByTestId("query");
    const list = page.getByRole("listbox");
    await box.click();
    await box.pressSequentially("userIdentity.ty");
    await expect(list).toBeVisible();
    const labels = list.getByRole("option").locator(".query-suggestion-label");
    await expect(labels.filter({ hasText: /^userIdentity\.type$/ })).toHaveCount(1);
    const fieldLabels = await labels.allTextContents();
    for (let i = 0; i < fieldLabels.indexOf("userIdentity.type"); i++) await box.press("ArrowDown");
    await box.press("Tab");
    await expect(box).toHaveValue(/^userIdentity\.type:?$/);

    await box.fill("");
    await box.pressSequentially("eventName:Dele");
    await expect(list).toBeVisible();
    const counts = new Map<string, number>();
    for (const r of RECORDS) {
      const name = String(r.eventName ?? "");
      if (name.toLowerCase().startsWith("dele")) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const top = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!)[0];
    await expect(labels.filter({ hasText: new RegExp(`^${top}$`) })).toHaveCount(1);
    const options = await list.getByRole("option").all();
    expect(options.length).toBeGreaterThan(0);
    const shown: string[] = [];
    for (const option of options) {
      const label = (await option.locator(".query-suggestion-label").textContent()) ?? "";
      const countText = (await option.locator(".query-suggestion-count").textContent()) ?? "";
      expect(label.toLowerCase().startsWith("dele"), label).toBe(true);
      expect(Number(countText.replace(/[^\d]/g, "")), `count of ${label}`).toBe(counts.get(label));
      shown.push(label);
    }
    // The first is accepted by Tab, and Enter applies it.
    await box.press("Tab");
    await expect(box).toHaveValue(new RegExp(`^eventName:"?${shown[0]}"?\\s*$`));
    const accepted = await box.inputValue();
    await box.press("Enter");
    const status = page.getByTestId("query-status");
    await expect(status).toHaveAttribute("data-query", accepted);
    await expect(status).toHaveAttribute("data-state", "ready");
    await expectShown(page, counts.get(shown[0])!, `eventName:${shown[0]}`);
  });

  test("autocomplete: a selection made right after Tab stays, so the next key replaces it", async ({
    page,
  }) => {
    const box = page.getByTestId("query");
    const list = page.getByRole("listbox");
    await box.click();
    await box.pressSequentially("userIdentity.ty");
    await expect(list).toBeVisible();
    // Tab, then select the whole text in the same task once the page has taken the Tab (its
    // render is flushed in a microtask): no frame runs between them, as none need to for a
    // quick Ctrl+A or a test's fill.
    const accepted = await box.evaluate(async (element) => {
      const input = element as HTMLInputElement;
      input.dispatchEvent(
        new KeyboardEvent("keydown", { key: "Tab", bubbles: true, cancelable: true }),
      );
      await new Promise<void>((done) => queueMicrotask(done));
      input.select();
      return input.value;
    });
    expect(accepted).toMatch(/^userIdentity\.type:?$/);
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const selection = await box.evaluate((element) => {
      const input = element as HTMLInputElement;
      return [input.selectionStart, input.selectionEnd];
    });
    expect(selection).toEqual([0, accepted.length]);
    await box.press("Delete");
    await expect(box).toHaveValue("");
  });

  test("autocomplete: keys typed right after Tab keep their own suggestions", async ({ page }) => {
    const box = page.getByTestId("query");
    const list = page.getByRole("listbox");
    await box.click();
    await box.pressSequentially("userIdentity.ty");
    await expect(list).toBeVisible();
    // Tab, then new text, in one task: no frame runs between them.
    await box.evaluate((element) => {
      const input = element as HTMLInputElement;
      input.dispatchEvent(
        new KeyboardEvent("keydown", { key: "Tab", bubbles: true, cancelable: true }),
      );
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
      setValue?.call(input, "eventName:Dele");
      input.setSelectionRange(14, 14);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    // Two frames: nothing the accepted suggestion left for later may undo the new text.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await expect(box).toHaveValue("eventName:Dele");
    await expect(list).toBeVisible();
    const labels = await list
      .getByRole("option")
      .locator(".query-suggestion-label")
      .allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label.toLowerCase().startsWith("dele"), label).toBe(true);
  });

  test("short names, quoted values and a left-out term", async ({ page }) => {
    const account = String(RECORDS[0].recipientAccountId);
    const region = String(RECORDS[0].awsRegion);
    const agent = RECORDS.map((r) => String(r.userAgent ?? "")).find(
      (a) => a.includes(" ") && !/["\\]/.test(a),
    )!;
    const cases: [string, (r: TrailRecord) => boolean][] = [
      [`account:${account}`, (r) => r.recipientAccountId === account],
      [`region:${region.toUpperCase()}`, (r) => String(r.awsRegion).toLowerCase() === region],
      [
        `userAgent:"${agent}"`,
        (r) => String(r.userAgent ?? "").toLowerCase() === agent.toLowerCase(),
      ],
      [
        "principal:stratus* -userAgent:*aws-sdk-go*",
        (r) =>
          (principalOf(r) ?? "").toLowerCase().startsWith("stratus") &&
          !has(r, "userAgent", "*aws-sdk-go*"),
      ],
      [
        "eventSource:kms* NOT eventName:Decrypt",
        (r) => has(r, "eventSource", "kms*") && r.eventName !== "Decrypt",
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = countOf(RECORDS, keep);
      expect(expected, query).toBeGreaterThan(0);
      await runQuery(page, query);
      await expectShown(page, expected, query);
    }
  });
});

test.describe("the invictus set, more", () => {
  test.beforeEach(async ({ page }) => {
    await load(page, FILES);
  });

  test("a bare ARN or access key id is that value exactly; quoted values hold colons", async ({
    page,
  }) => {
    const exact = (word: string) =>
      countOf(RECORDS, (r) => indexedTexts(r).some((t) => t.toLowerCase() === word.toLowerCase()));
    const substring = (word: string) =>
      countOf(RECORDS, (r) =>
        indexedTexts(r).some((t) => t.toLowerCase().includes(word.toLowerCase())),
      );
    const arns = new Map<string, number>();
    const keys = new Map<string, number>();
    for (const r of RECORDS) {
      const arn = valuesAt(r, "userIdentity.arn")[0];
      if (typeof arn === "string") arns.set(arn, (arns.get(arn) ?? 0) + 1);
      const key = valuesAt(r, "userIdentity.accessKeyId")[0];
      if (typeof key === "string" && key !== "") keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    // An ARN that is the beginning of another ARN's text, if any; else the most frequent.
    const arnList = [...arns.keys()].sort((a, b) => arns.get(b)! - arns.get(a)!);
    const arn = arnList.find((a) => arnList.some((b) => b !== a && b.startsWith(a))) ?? arnList[0];
    await runQuery(page, arn);
    await expectShown(page, exact(arn), `bare ${arn}`);
    expect(exact(arn)).toBeGreaterThan(0);
    // Its text less the last character is no value: exact, so nothing (a substring would match).
    const cut = arn.slice(0, -1);
    expect(substring(cut)).toBeGreaterThan(0);
    await runQuery(page, cut);
    await expectShown(page, exact(cut), `bare ${cut}`);
    // On the field, quoted (the ARN holds colons).
    await runQuery(page, `userIdentity.arn:"${arn}"`);
    await expectShown(page, arns.get(arn)!, `userIdentity.arn:"${arn}"`);

    const key = [...keys.keys()].sort((a, b) => keys.get(b)! - keys.get(a)!)[0];
    await runQuery(page, key);
    await expectShown(page, exact(key), `bare ${key}`);
    await runQuery(page, `key:${key.toLowerCase()}`);
    await expectShown(page, keys.get(key)!, `key:${key.toLowerCase()}`);
    // Ten characters are no access key id (those have 16 or more): a substring.
    const keyStart = key.slice(0, 10);
    expect(substring(keyStart)).toBeGreaterThan(keys.get(key)!);
    await runQuery(page, keyStart);
    await expectShown(page, substring(keyStart), `bare ${keyStart} (a substring)`);
  });

  test("numbers compare on record paths", async ({ page }) => {
    const numbersAt = (r: TrailRecord, path: string) =>
      valuesAt(r, path)
        .filter(
          (v) => typeof v === "number" || (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)),
        )
        .map(Number);
    const cases: [string, string, (n: number) => boolean][] = [
      [
        "additionalEventData.bytesTransferredOut:>1000",
        "additionalEventData.bytesTransferredOut",
        (n) => n > 1000,
      ],
      ["requestParameters.maxResults:<=50", "requestParameters.maxResults", (n) => n <= 50],
      [
        "requestParameters.durationSeconds:>=3600",
        "requestParameters.durationSeconds",
        (n) => n >= 3600,
      ],
    ];
    for (const [query, path, keep] of cases) {
      const expected = countOf(RECORDS, (r) => numbersAt(r, path).some(keep));
      expect(expected, query).toBeGreaterThan(0);
      await runQuery(page, query);
      await expectShown(page, expected, query);
    }
  });
});

test("a scanned term follows later loads: new files are read, duplicates not counted twice", async ({
  page,
}) => {
  const half = Math.floor(FILES.length / 2);
  const firstHalf = FILES.slice(0, half);
  const query = "resources.ARN:*BUCKET*";
  const matching = (records: TrailRecord[]) =>
    countOf(records, (r) => has(r, "resources.ARN", "*BUCKET*"));
  const firstCount = matching(readRecords(firstHalf));
  expect(firstCount).toBeGreaterThan(0);
  expect(firstCount).toBeLessThan(matching(RECORDS));

  await load(page, firstHalf);
  await runQuery(page, query);
  await expectShown(page, firstCount, `${query} over the first half`);

  const status = page.getByTestId("query-status");
  const loadStatus = page.getByTestId("load-status");
  await page.getByTestId("file-input").setInputFiles(FILES.slice(half));
  await expect(loadStatus).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
  await expect(page.getByTestId("total-events")).toHaveAttribute(
    "data-count",
    String(RECORDS.length),
  );
  await expect(status).toHaveAttribute("data-query", query);
  await expect(status).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
  await expectShown(page, matching(RECORDS), `${query} after the second half`);

  // The same files again: every event is a duplicate, the count stays.
  await page.getByTestId("file-input").setInputFiles(FILES);
  await expect(loadStatus).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
  await expect(page.getByTestId("duplicates")).toHaveAttribute(
    "data-count",
    String(RECORDS.length),
  );
  await expect(status).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
  await expectShown(page, matching(RECORDS), `${query} after loading everything twice`);
  // And a refinement still reads nothing.
  await recordStates(page);
  await runQuery(page, `${query} AND NOT eventName:GetBucketAcl`);
  await expectShown(
    page,
    countOf(RECORDS, (r) => has(r, "resources.ARN", "*BUCKET*") && r.eventName !== "GetBucketAcl"),
    "refined",
  );
  expect(await statesSeen(page)).not.toContain("running");
});

// ───────────────────────────────────── the AWS docs examples ─────────────────────────────────────

test.describe("the AWS docs examples (console sign-ins, root)", () => {
  test.beforeEach(async ({ page }) => {
    await load(page, [DOCS]);
    await expect(page.getByTestId("total-events")).toHaveAttribute(
      "data-count",
      String(DOC_RECORDS.length),
    );
  });

  test("console logins without MFA", async ({ page }) => {
    const query = "eventName:ConsoleLogin AND additionalEventData.MFAUsed:No";
    const expected = countOf(
      DOC_RECORDS,
      (r) => has(r, "eventName", "ConsoleLogin") && has(r, "additionalEventData.MFAUsed", "No"),
    );
    expect(expected).toBeGreaterThan(0);
    await runQuery(page, query);
    await expectShown(page, expected, query);
    // And those with MFA: "Yes" and "YES" alike.
    const withMfa = "eventName:ConsoleLogin additionalEventData.MFAUsed:yes";
    await runQuery(page, withMfa);
    await expectShown(
      page,
      countOf(
        DOC_RECORDS,
        (r) => r.eventName === "ConsoleLogin" && has(r, "additionalEventData.MFAUsed", "yes"),
      ),
      withMfa,
    );
  });

  test("root use that succeeded", async ({ page }) => {
    const query = "userIdentity.type:Root AND NOT errorCode:*";
    const expected = countOf(
      DOC_RECORDS,
      (r) => has(r, "userIdentity.type", "Root") && !exists(r, "errorCode"),
    );
    expect(expected).toBeGreaterThan(0);
    await runQuery(page, query);
    await expectShown(page, expected, query);
    const failed = "NOT userIdentity.type:Root AND errorCode:*";
    await runQuery(page, failed);
    await expectShown(
      page,
      countOf(DOC_RECORDS, (r) => !has(r, "userIdentity.type", "Root") && exists(r, "errorCode")),
      failed,
    );
  });
});
