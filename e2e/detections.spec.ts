// Findings, Sigma rules and the case file over the real invictus run. Every expected number is
// computed here from the files (gunzip + JSON.parse) with a plain filter written for each rule
// from what its YAML says, never taken from the app nor from its code.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { SIGMA_RULES } from "../src/lib/testing/samples";
import {
  INVICTUS,
  count,
  expect,
  facetValues,
  filesUnder,
  readRecords,
  test,
  waitReady,
  type TrailRecord,
} from "./fixtures";

const FILES = filesUnder(INVICTUS).filter((f) => f.endsWith(".json.gz"));
const RECORDS = readRecords(FILES);
const SIGMA = SIGMA_RULES;
const SIGMA_FILES = readdirSync(SIGMA)
  .filter((name) => name.endsWith(".yml"))
  .sort()
  .map((name) => join(SIGMA, name));

// ───────────────────────── the test's own reading of a record, as Sigma does ─────────────────────────

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

/** Texts at a path (scalars only). */
function textsAt(record: TrailRecord, path: string): string[] {
  return valuesAt(record, path)
    .map(scalarText)
    .filter((t): t is string => t !== null);
}

/** `path: value` (or a list of values): any value at the path equals one of them, any case. */
function eq(record: TrailRecord, path: string, ...values: string[]): boolean {
  const wanted = values.map((v) => v.toLowerCase());
  return textsAt(record, path).some((t) => wanted.includes(t.toLowerCase()));
}

/** `path|exists: true`: some value at the path that is not null. */
function exists(record: TrailRecord, path: string): boolean {
  return valuesAt(record, path).some((value) => value !== null);
}

/** `path: null`: the field is absent or null. */
function isNull(record: TrailRecord, path: string): boolean {
  return valuesAt(record, path).every((value) => value === null);
}

function endsWith(record: TrailRecord, path: string, suffix: string): boolean {
  return textsAt(record, path).some((t) => t.toLowerCase().endsWith(suffix.toLowerCase()));
}

function contains(record: TrailRecord, path: string, part: string): boolean {
  return textsAt(record, path).some((t) => t.toLowerCase().includes(part.toLowerCase()));
}

const countOf = (keep: (r: TrailRecord) => boolean): number => RECORDS.filter(keep).length;

/** The one record a filter finds (the test fails if there is not exactly one). */
function theRecord(keep: (r: TrailRecord) => boolean): TrailRecord {
  const found = RECORDS.filter(keep);
  expect(found, "exactly one record").toHaveLength(1);
  return found[0];
}

/** The `id:` line of a Sigma YAML file (read as text). */
function sigmaId(file: string): string {
  const match = /^id:\s*([0-9a-f-]{36})\s*$/m.exec(readFileSync(file, "utf8"));
  if (match === null) throw new Error(`no id in ${file}`);
  return match[1];
}

// ───────────────────────────────────────── the rules checked ─────────────────────────────────────────

interface Expected {
  id: string;
  title: string;
  level: string;
  tactics: string[];
  techniques: string[];
  /** The rule's detection, written out by hand from its YAML. */
  keep: (r: TrailRecord) => boolean;
}

const EC2 = "ec2.amazonaws.com";
const IAM = "iam.amazonaws.com";

/** Single-event rules of the built-in pack (src/query/rules/*.ts), read from their YAML. */
const BUILTIN: Expected[] = [
  {
    id: "5c7e4bb8-6741-49fd-8760-91aba8ec4edf",
    title: "CloudTrail logging stopped or trail deleted",
    level: "high",
    tactics: ["defense-impairment"],
    techniques: ["T1685.002"],
    keep: (r) =>
      eq(r, "eventSource", "cloudtrail.amazonaws.com") &&
      eq(
        r,
        "eventName",
        "StopLogging",
        "DeleteTrail",
        "DeleteEventDataStore",
        "StopEventDataStoreIngestion",
      ),
  },
  {
    id: "19e32e3e-93ae-43a6-b38b-31726b358535",
    title: "AMI shared with another account or made public",
    level: "high",
    tactics: ["exfiltration"],
    techniques: ["T1537"],
    keep: (r) =>
      eq(r, "eventSource", EC2) &&
      eq(r, "eventName", "ModifyImageAttribute") &&
      (exists(r, "requestParameters.launchPermission.add.items.userId") ||
        eq(r, "requestParameters.launchPermission.add.items.group", "all") ||
        exists(r, "requestParameters.launchPermission.add.items.organizationArn") ||
        exists(r, "requestParameters.launchPermission.add.items.organizationalUnitArn")),
  },
  {
    id: "3ee99319-f80c-4c53-b59f-3d02d206c8c2",
    title: "EBS snapshot shared with another account or made public",
    level: "high",
    tactics: ["exfiltration"],
    techniques: ["T1537"],
    keep: (r) =>
      eq(r, "eventSource", EC2) &&
      eq(r, "eventName", "ModifySnapshotAttribute") &&
      (exists(r, "requestParameters.createVolumePermission.add.items.userId") ||
        eq(r, "requestParameters.createVolumePermission.add.items.group", "all")),
  },
  {
    id: "9499756b-f608-44eb-b2ce-0d7fa3548969",
    title: "AdministratorAccess policy attached",
    level: "high",
    tactics: ["privilege-escalation", "persistence"],
    techniques: ["T1098.003"],
    keep: (r) =>
      eq(r, "eventSource", IAM) &&
      eq(r, "eventName", "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy") &&
      endsWith(r, "requestParameters.policyArn", ":policy/AdministratorAccess"),
  },
  {
    id: "14ebb6b6-7633-4de9-a1e3-3287cb85f9ae",
    title: "Console sign-in without MFA",
    level: "medium",
    tactics: ["initial-access"],
    techniques: ["T1078.004"],
    keep: (r) =>
      eq(r, "eventSource", "signin.amazonaws.com") &&
      eq(r, "eventName", "ConsoleLogin") &&
      eq(r, "additionalEventData.MFAUsed", "No") &&
      eq(r, "responseElements.ConsoleLogin", "Success") &&
      eq(r, "userIdentity.type", "IAMUser", "Root"),
  },
  {
    id: "54470811-b4fe-41eb-aae6-eadbf552ac17",
    title: "EC2 Windows password data requested",
    level: "medium",
    tactics: ["credential-access"],
    techniques: ["T1552"],
    keep: (r) => eq(r, "eventSource", EC2) && eq(r, "eventName", "GetPasswordData"),
  },
  {
    id: "d70f5462-171a-4135-9897-03f4222b36e3",
    title: "IAM user created",
    level: "medium",
    tactics: ["persistence"],
    techniques: ["T1136.003"],
    keep: (r) => eq(r, "eventSource", IAM) && eq(r, "eventName", "CreateUser"),
  },
  {
    id: "9a302089-6549-404e-908e-3974dcc93ea2",
    title: "VPC flow logs deleted",
    level: "medium",
    tactics: ["defense-impairment"],
    techniques: ["T1685.002"],
    keep: (r) => eq(r, "eventSource", EC2) && eq(r, "eventName", "DeleteFlowLogs"),
  },
  {
    id: "f920f79c-8fd5-4bc1-984c-06c190432f78",
    title: "EC2 instance user data read",
    level: "low",
    tactics: ["credential-access"],
    techniques: ["T1552"],
    keep: (r) =>
      eq(r, "eventSource", EC2) &&
      eq(r, "eventName", "DescribeInstanceAttribute") &&
      eq(r, "requestParameters.attribute", "userData"),
  },
];

/** SigmaHQ rules from the shared samples (sigma/rules), each read from its YAML. */
const SIGMA_EXPECTED: (Omit<Expected, "id"> & { file: string })[] = [
  {
    file: "aws_cloudtrail_console_login_success_without_mfa.yml",
    title: "AWS Successful Console Login Without MFA",
    level: "medium",
    tactics: ["initial-access", "persistence", "privilege-escalation", "stealth"],
    techniques: ["T1078.004"],
    // MFAUsed: 'NO' matches "No": Sigma values match in any case.
    keep: (r) =>
      eq(r, "eventName", "ConsoleLogin") &&
      eq(r, "additionalEventData.MFAUsed", "NO") &&
      eq(r, "responseElements.ConsoleLogin", "Success"),
  },
  {
    file: "aws_cloudtrail_disable_logging.yml",
    title: "AWS CloudTrail Important Change",
    level: "medium",
    tactics: ["defense-impairment"],
    techniques: ["T1685.002"],
    keep: (r) =>
      eq(r, "eventSource", "cloudtrail.amazonaws.com") &&
      eq(r, "eventName", "StopLogging", "UpdateTrail", "DeleteTrail"),
  },
  {
    file: "aws_cloudtrail_vpc_flow_logs_deleted.yml",
    title: "AWS VPC Flow Logs Deleted",
    level: "high",
    tactics: ["stealth"],
    techniques: [],
    // selection_event_name and 1 of selection_status_*: errorCode 'Success' or errorCode null.
    keep: (r) =>
      eq(r, "eventName", "DeleteFlowLogs") &&
      (eq(r, "errorCode", "Success") || isNull(r, "errorCode")),
  },
  {
    file: "aws_enum_buckets.yml",
    title: "Potential Bucket Enumeration on AWS",
    level: "low",
    tactics: ["discovery"],
    techniques: ["T1580", "T1619"],
    keep: (r) =>
      eq(r, "eventSource", "s3.amazonaws.com") &&
      eq(r, "eventName", "ListBuckets") &&
      !eq(r, "userIdentity.type", "AssumedRole"),
  },
  {
    file: "aws_iam_backdoor_users_keys.yml",
    title: "AWS IAM Backdoor Users Keys",
    level: "medium",
    tactics: ["persistence", "privilege-escalation"],
    techniques: ["T1098"],
    // `userIdentity.arn|contains: responseElements.accessKey.userName` has no fieldref
    // modifier: the value is that literal text, which no ARN contains.
    keep: (r) =>
      eq(r, "eventSource", IAM) &&
      eq(r, "eventName", "CreateAccessKey") &&
      !contains(r, "userIdentity.arn", "responseElements.accessKey.userName"),
  },
  {
    file: "aws_sts_assumerole_misuse.yml",
    title: "AWS STS AssumeRole Misuse",
    level: "low",
    tactics: ["lateral-movement", "privilege-escalation"],
    techniques: ["T1548", "T1550", "T1550.001"],
    keep: (r) =>
      eq(r, "userIdentity.type", "AssumedRole") &&
      eq(r, "userIdentity.sessionContext.sessionIssuer.type", "Role"),
  },
];

// ───────────────────────────────────────── helpers ─────────────────────────────────────────

async function loadInvictus(page: Page): Promise<void> {
  await page.getByTestId("file-input").setInputFiles(FILES);
  await waitReady(page);
  await expect(page.getByTestId("total-events")).toHaveAttribute(
    "data-count",
    String(RECORDS.length),
  );
}

const findingOf = (page: Page, ruleId: string): Locator =>
  page.locator(`[data-testid=finding][data-rule-id="${ruleId}"]`);

/** Waits for the findings of the load, then lists them all ("Show all N"). */
async function showAllFindings(page: Page): Promise<void> {
  const total = page.getByTestId("findings-count");
  await expect.poll(async () => Number(await total.getAttribute("data-count"))).toBeGreaterThan(0);
  const more = page.getByTestId("findings").getByRole("button", { name: /^Show all/ });
  // The list and its count change together; "Show all" comes back when the list grows.
  await expect
    .poll(async () => {
      if (await more.count()) await more.click();
      const listed = await page.getByTestId("finding").count();
      return listed === Number(await total.getAttribute("data-count"));
    })
    .toBe(true);
}

async function hashParam(page: Page, name: string): Promise<string | null> {
  return page.evaluate((key) => new URLSearchParams(window.location.hash.slice(1)).get(key), name);
}

const findingQuery = (ruleId: string): string => `finding:"${ruleId}"`;

/** Clicks a finding and checks that the table shows exactly `expected` events under its query. */
async function pickFinding(page: Page, ruleId: string, expected: number): Promise<void> {
  const finding = findingOf(page, ruleId);
  await finding.click();
  await expect(finding).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("shown-events"), ruleId).toHaveAttribute(
    "data-count",
    String(expected),
  );
  await expect.poll(() => hashParam(page, "q")).toBe(findingQuery(ruleId));
}

/** A comma-separated attribute as a sorted list. */
function listAttr(value: string | null): string[] {
  return (value ?? "").split(",").filter(Boolean).toSorted();
}

/** The eventName tally of some records. */
function namesOf(records: TrailRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) {
    const name = String(r.eventName ?? "");
    out.set(name, (out.get(name) ?? 0) + 1);
  }
  return out;
}

/** Writes rule files into a new temp dir; returns their paths. */
function writeRules(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "trailview-rules-"));
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

function ruleYaml(fields: {
  title: string;
  id: string;
  detection: string;
  level?: string;
}): string {
  return [
    `title: '${fields.title.replace(/'/g, "''")}'`,
    `id: ${fields.id}`,
    "status: experimental",
    "description: written by detections.spec.ts",
    "author: the e2e test",
    "logsource:",
    "    product: aws",
    "    service: cloudtrail",
    "detection:",
    fields.detection,
    `level: ${fields.level ?? "medium"}`,
    "",
  ].join("\n");
}

/** Waits until rules added after the load have run and their findings are published. */
async function waitRules(page: Page, ruleIds: string[]): Promise<void> {
  // The rules are read and compiled before their run over the loaded files shows its progress:
  // wait for the run to be over and its findings listed, not just for no progress.
  const more = page.getByTestId("findings").getByRole("button", { name: /^Show all/ });
  await expect
    .poll(
      async () => {
        if (await more.count()) await more.click();
        if (await page.getByTestId("rules-progress").count()) return false;
        for (const id of ruleIds) if ((await findingOf(page, id).count()) === 0) return false;
        return true;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await showAllFindings(page);
  for (const id of ruleIds) await expect(findingOf(page, id), id).toHaveCount(1);
}

// ───────────────────────────────────────── the tests ─────────────────────────────────────────

test.beforeEach(async ({ page }) => {
  await page.goto("./");
});

test("built-in findings on the invictus run: counts, level, ATT&CK, and a click shows exactly their events", async ({
  page,
}) => {
  await loadInvictus(page);
  await showAllFindings(page);
  const builtin = page.locator("[data-testid=finding][data-source=builtin]");
  expect(await builtin.count()).toBeGreaterThan(0);

  // Before any filter, the finding facet counts what each finding points at.
  const facet = await facetValues(page, "finding");
  expect(facet.size).toBeGreaterThan(0);
  for (const [ruleId, n] of facet) {
    expect(n, `facet ${ruleId}`).toBe(
      Number(await findingOf(page, ruleId).getAttribute("data-count")),
    );
  }

  for (const rule of BUILTIN) {
    const records = RECORDS.filter(rule.keep);
    expect(records.length, rule.title).toBeGreaterThan(0);
    const finding = findingOf(page, rule.id);
    await expect(finding, rule.title).toHaveCount(1);
    await expect(finding).toHaveAttribute("data-source", "builtin");
    await expect(finding).toHaveAttribute("data-title", rule.title);
    await expect(finding).toHaveAttribute("data-level", rule.level);
    await expect(finding).toHaveAttribute("data-count", String(records.length));
    const tactics = listAttr(await finding.getAttribute("data-tactics"));
    const techniques = listAttr(await finding.getAttribute("data-techniques"));
    expect(tactics.length, `${rule.title}: tactics`).toBeGreaterThan(0);
    expect(techniques.length, `${rule.title}: techniques`).toBeGreaterThan(0);
    expect(tactics, rule.title).toEqual(rule.tactics.toSorted());
    expect(techniques, rule.title).toEqual(rule.techniques.toSorted());

    await pickFinding(page, rule.id, records.length);
    // Exactly its events: the eventName facet of the view is the tally of the filter's records.
    expect(await facetValues(page, "eventName"), rule.title).toEqual(namesOf(records));
    // And the finding facet, in this view, gives the finding all of them.
    const inView = await facetValues(page, "finding");
    expect(inView.get(rule.id), `facet-finding ${rule.title}`).toBe(records.length);
  }
});

test("SigmaHQ rules loaded after the logs: each compiles, runs over the loaded files and counts right", async ({
  page,
}) => {
  expect(SIGMA_FILES).toHaveLength(57);
  const ids = new Map(SIGMA_FILES.map((file) => [basename(file), sigmaId(file)]));
  await loadInvictus(page);
  await showAllFindings(page);
  const before = await count(page, "findings-count");

  // Record whether the progress of the rules over the loaded files was shown.
  await page.evaluate(() => {
    const state = { seen: false };
    (window as unknown as { rulesProgress: { seen: boolean } }).rulesProgress = state;
    new MutationObserver(() => {
      if (document.querySelector("[data-testid=rules-progress]")) state.seen = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await page.getByTestId("rules-input").setInputFiles(SIGMA_FILES);
  const expectedIds = SIGMA_EXPECTED.map((rule) => ids.get(rule.file) ?? "");
  await waitRules(page, expectedIds);
  expect(
    await page.evaluate(
      () => (window as unknown as { rulesProgress: { seen: boolean } }).rulesProgress.seen,
    ),
    "rules-progress shown while the new rules ran",
  ).toBe(true);

  // None of the 57 is refused; if some are, say which and why.
  const errors = await page.getByTestId("rule-error").allTextContents();
  expect(errors, "rules that could not be compiled").toEqual([]);
  await expect(page.getByTestId("rule-errors")).toHaveCount(0);

  const sigma = page.locator("[data-testid=finding][data-source=sigma]");
  expect(await sigma.count()).toBeGreaterThan(0);
  expect(await count(page, "findings-count")).toBeGreaterThan(before);
  const known = new Set(ids.values());
  for (const id of await sigma.evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute("data-rule-id") ?? ""),
  )) {
    expect(known.has(id), `sigma finding ${id} is one of the 57 rules`).toBe(true);
  }
  // The built-in findings are still there.
  for (const rule of BUILTIN)
    await expect(findingOf(page, rule.id)).toHaveAttribute("data-source", "builtin");

  for (const rule of SIGMA_EXPECTED) {
    const id = ids.get(rule.file) ?? "";
    const expected = countOf(rule.keep);
    expect(expected, rule.file).toBeGreaterThan(0);
    const finding = findingOf(page, id);
    await expect(finding, rule.file).toHaveAttribute("data-source", "sigma");
    await expect(finding).toHaveAttribute("data-title", rule.title);
    await expect(finding).toHaveAttribute("data-level", rule.level);
    await expect(finding, `${rule.file}: count`).toHaveAttribute("data-count", String(expected));
    expect(listAttr(await finding.getAttribute("data-tactics")), rule.file).toEqual(
      rule.tactics.toSorted(),
    );
    expect(listAttr(await finding.getAttribute("data-techniques")), rule.file).toEqual(
      rule.techniques.toSorted(),
    );
    // SigmaHQ's rules are credited to their authors.
    await expect(finding).toContainText("Sigma rule by");
    await pickFinding(page, id, expected);
    expect(await facetValues(page, "eventName"), rule.file).toEqual(
      namesOf(RECORDS.filter(rule.keep)),
    );
  }
});

test("a rule with an invalid condition is listed with its file name; the valid one beside it fires", async ({
  page,
}) => {
  const validId = "6a0d7c2e-3f41-4b8e-9d15-2c7e8f9a0b11";
  const brokenId = "6a0d7c2e-3f41-4b8e-9d15-2c7e8f9a0b12";
  const [broken, valid] = writeRules({
    "broken-condition.yml": ruleYaml({
      title: "Broken condition",
      id: brokenId,
      detection: [
        "    selection:",
        "        eventName: GetPasswordData",
        "    condition: selection and (",
      ].join("\n"),
    }),
    "valid-password-data.yml": ruleYaml({
      title: "Password data, test rule",
      id: validId,
      detection: [
        "    selection:",
        "        eventSource: ec2.amazonaws.com",
        "        eventName: GetPasswordData",
        "    filter_succeeded:",
        "        errorCode: null",
        "    condition: selection and not filter_succeeded",
      ].join("\n"),
      level: "high",
    }),
  });
  // The refused calls: `errorCode: null` is "absent or null", and the rule keeps the others.
  const expected = countOf(
    (r) =>
      eq(r, "eventSource", EC2) && eq(r, "eventName", "GetPasswordData") && !isNull(r, "errorCode"),
  );
  expect(expected).toBeGreaterThan(0);
  await loadInvictus(page);
  await showAllFindings(page);
  await page.getByTestId("rules-input").setInputFiles([broken, valid]);
  await waitRules(page, [validId]);

  const errors = page.getByTestId("rule-errors");
  await expect(errors).toHaveAttribute("data-count", "1");
  await errors.locator("summary").click();
  const error = page.getByTestId("rule-error");
  await expect(error).toHaveCount(1);
  await expect(error).toBeVisible();
  await expect(error).toContainText("broken-condition.yml");
  await expect(error).not.toContainText("valid-password-data.yml");
  expect(((await error.textContent()) ?? "").length).toBeGreaterThan("broken-condition.yml".length);
  await expect(findingOf(page, brokenId)).toHaveCount(0);

  const finding = findingOf(page, validId);
  await expect(finding).toHaveAttribute("data-source", "sigma");
  await expect(finding).toHaveAttribute("data-level", "high");
  await expect(finding).toHaveAttribute("data-count", String(expected));
  await pickFinding(page, validId, expected);
});

test("an event a finding points at lists that finding, with the field and value that matched", async ({
  page,
}) => {
  await loadInvictus(page);
  await showAllFindings(page);
  const detail = page.getByTestId("event-detail");

  // The AMI share: the rule matched on a path inside an array of the request.
  const ami = BUILTIN[1];
  const amiRecord = theRecord(ami.keep);
  await pickFinding(page, ami.id, 1);
  await page.getByTestId("event-row").first().click();
  await expect(detail).toBeVisible();
  await expect.poll(() => hashParam(page, "event")).toBe(amiRecord.eventID);
  const findings = detail.getByTestId("event-findings");
  await expect(findings).toBeVisible();
  const amiFinding = findings.locator(`[data-testid=event-finding][data-rule-id="${ami.id}"]`);
  await expect(amiFinding).toBeVisible();
  await expect(amiFinding).toContainText(ami.title);
  await expect(amiFinding).toContainText("eventName is ModifyImageAttribute");
  await expect(amiFinding).toContainText(`eventSource is ${EC2}`);
  const userId = textsAt(amiRecord, "requestParameters.launchPermission.add.items.userId")[0];
  await expect(amiFinding).toContainText(
    `requestParameters.launchPermission.add.items.userId is ${userId}`,
  );

  // CloudTrail stopped or deleted: the first row, whichever of the six it is.
  const trail = BUILTIN[0];
  await pickFinding(page, trail.id, countOf(trail.keep));
  await page.getByTestId("event-row").first().click();
  await expect.poll(() => hashParam(page, "event")).not.toBe(amiRecord.eventID);
  const eventID = await hashParam(page, "event");
  const record = theRecord((r) => r.eventID === eventID);
  expect(trail.keep(record)).toBe(true);
  const trailFinding = detail.locator(`[data-testid=event-finding][data-rule-id="${trail.id}"]`);
  await expect(trailFinding).toBeVisible();
  await expect(trailFinding).toContainText(`eventName is ${String(record.eventName)}`);
  await expect(trailFinding).toContainText("eventSource is cloudtrail.amazonaws.com");
  // Every finding listed for the event is one the test can account for: it has the event.
  for (const id of await detail
    .getByTestId("event-finding")
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-rule-id") ?? ""))) {
    const rule = BUILTIN.find((r) => r.id === id);
    if (rule) expect(rule.keep(record), `${id} lists this event`).toBe(true);
  }
});

test("the case: stars and a note survive a reload with the same files; the Markdown export holds them and the files' SHA-256", async ({
  page,
}) => {
  const ami = BUILTIN[1];
  const ebs = BUILTIN[2];
  const amiRecord = theRecord(ami.keep);
  const ebsRecord = theRecord(ebs.keep);
  const note = "Snapshot shared with account 012345678912 during the run";
  const starred = page.getByTestId("case-starred");
  const detail = page.getByTestId("event-detail");

  await loadInvictus(page);
  await showAllFindings(page);
  await expect(starred).toHaveAttribute("data-count", "0");

  // A star in the table row.
  await pickFinding(page, ami.id, 1);
  const rowStar = page.getByTestId("event-row").first().getByTestId("star");
  await expect(rowStar).toHaveAttribute("aria-pressed", "false");
  await rowStar.click();
  await expect(rowStar).toHaveAttribute("aria-pressed", "true");
  await expect(starred).toHaveAttribute("data-count", "1");
  // Starring from the row does not open the event.
  await expect(detail).toHaveCount(0);

  // A star in the detail header, and a note on that event.
  await pickFinding(page, ebs.id, 1);
  await page.getByTestId("event-row").first().click();
  await expect(detail).toBeVisible();
  await expect.poll(() => hashParam(page, "event")).toBe(ebsRecord.eventID);
  const detailStar = detail.getByTestId("star");
  await expect(detailStar).toHaveAttribute("aria-pressed", "false");
  await detailStar.click();
  await expect(detailStar).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("event-row").first().getByTestId("star")).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(starred).toHaveAttribute("data-count", "2");
  await detail.getByTestId("note").fill(note);
  await detail.getByTestId("note-save").click();
  await expect(detail.getByTestId("note-editor")).toHaveAttribute("data-has-note", "true");
  await expect(page.getByTestId("case-save")).toHaveAttribute("data-state", "saved");
  await detail.getByRole("button", { name: "Close detail" }).click();
  await expect(detail).toHaveCount(0);

  // A reload, the same files again: the case comes back.
  await page.reload();
  await loadInvictus(page);
  await expect(starred).toHaveAttribute("data-count", "2");
  await page.getByTestId("case-open").click();
  const items = page.getByTestId("case-star-item");
  await expect(items).toHaveCount(2);
  expect(
    (
      await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-event-id") ?? ""))
    ).toSorted(),
  ).toEqual([String(amiRecord.eventID), String(ebsRecord.eventID)].toSorted());
  await page
    .locator(
      `[data-testid=case-star-item][data-event-id="${String(ebsRecord.eventID)}"] .case-item-open`,
    )
    .click();
  await expect(detail).toBeVisible();
  await expect.poll(() => hashParam(page, "event")).toBe(ebsRecord.eventID);
  await expect(detail.getByTestId("note")).toHaveValue(note);
  await expect(detail.getByTestId("star")).toHaveAttribute("aria-pressed", "true");

  // The Markdown export.
  await page.getByTestId("case-open").click();
  const downloading = page.waitForEvent("download");
  await page.getByTestId("case-export-md").click();
  const download = await downloading;
  await expect(page.getByTestId("case-export-result")).toHaveAttribute("data-state", "done", {
    timeout: 60_000,
  });
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const markdown = readFileSync(await download.path(), "utf8");
  const lines = markdown.split("\n");
  for (const record of [amiRecord, ebsRecord]) {
    const row = lines.find((line) => line.includes(String(record.eventID)));
    expect(row, `a timeline row for ${String(record.eventID)}`).toBeDefined();
    expect(row).toContain(String(record.eventName));
  }
  expect(markdown).toContain("ModifyImageAttribute");
  expect(markdown).toContain("ModifySnapshotAttribute");
  expect(markdown).toContain(note);
  for (const file of FILES) {
    const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
    const line = lines.find((l) => l.includes(sha));
    expect(line, `a SHA-256 line for ${basename(file)}`).toBeDefined();
    // Markdown escapes `_` in the path; the name is there once unescaped.
    expect((line ?? "").replace(/\\(.)/g, "$1")).toContain(basename(file));
  }
  const hashes = markdown.match(/`[0-9a-f]{64}`/g) ?? [];
  // One per file, and the case key.
  expect(hashes).toHaveLength(FILES.length + 1);
});

test("a hostile Sigma rule shows as text or as an error, and nothing runs", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const title = "<img src=x onerror=alert(1)>";
  const titledId = "0b7e1c55-8c0e-4f5e-a1b2-6c3d4e5f6a01";
  const backrefId = "0b7e1c55-8c0e-4f5e-a1b2-6c3d4e5f6a02";
  const files = writeRules({
    "hostile-title.yml": ruleYaml({
      title,
      id: titledId,
      detection: [
        "    selection:",
        "        eventName: StopLogging",
        "    condition: selection",
      ].join("\n"),
    }),
    "hostile-backref.yml": ruleYaml({
      title: `${title} backref`,
      id: backrefId,
      detection: [
        "    selection:",
        "        eventName|re: '^(Stop)\\1'",
        "    condition: selection",
      ].join("\n"),
    }),
  });
  await loadInvictus(page);
  await showAllFindings(page);
  await page.getByTestId("rules-input").setInputFiles(files);
  await waitRules(page, [titledId]);

  // The title is text in the list, in the facet and in the event detail.
  const finding = findingOf(page, titledId);
  await expect(finding).toHaveAttribute("data-title", title);
  await expect(finding.locator(".finding-title")).toHaveText(title);
  const expected = countOf((r) => eq(r, "eventName", "StopLogging"));
  await expect(finding).toHaveAttribute("data-count", String(expected));
  await pickFinding(page, titledId, expected);
  await expect(
    page
      .getByTestId("facet-finding")
      .locator(`[data-testid=facet-value][data-value="${titledId}"]`),
  ).toContainText(title);
  await page.getByTestId("event-row").first().click();
  await expect(
    page.locator(`[data-testid=event-finding][data-rule-id="${titledId}"]`),
  ).toContainText(title);

  // The backreference is refused, with the file named and the title as text.
  await expect(findingOf(page, backrefId)).toHaveCount(0);
  const errors = page.getByTestId("rule-errors");
  await expect(errors).toHaveAttribute("data-count", "1");
  await errors.locator("summary").click();
  const error = page.getByTestId("rule-error");
  await expect(error).toContainText("hostile-backref.yml");
  await expect(error).toContainText(`${title} backref`);

  // Nothing ran.
  expect(dialogs).toEqual([]);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(
    await page.locator("[onerror]").evaluateAll((nodes) => nodes.map((n) => n.outerHTML)),
  ).toEqual([]);
});

test("a star made just before a reload is not lost (the pending write is flushed on pagehide)", async ({
  page,
}) => {
  const ami = BUILTIN[1];
  const amiRecord = theRecord(ami.keep);
  const starred = page.getByTestId("case-starred");
  await loadInvictus(page);
  await showAllFindings(page);
  await pickFinding(page, ami.id, 1);
  const rowStar = page.getByTestId("event-row").first().getByTestId("star");
  await rowStar.click();
  await expect(rowStar).toHaveAttribute("aria-pressed", "true");
  await expect(starred).toHaveAttribute("data-count", "1");
  // No wait for the write delay (the case's saved state): the reload comes at once. The app
  // promises that a debounced write is not lost when the tab is reloaded or closed.
  await page.reload();
  await loadInvictus(page);
  await expect(starred).toHaveAttribute("data-count", "1");
  await page.getByTestId("case-open").click();
  await expect(page.getByTestId("case-star-item")).toHaveAttribute(
    "data-event-id",
    String(amiRecord.eventID),
  );
});
