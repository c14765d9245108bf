// The pack on a real attack simulation: the invictus-ir dataset, one Stratus Red Team run (2,900
// records, 2023-07-10). Each technique the run contains is listed with the rule that must flag it
// and a plain filter, written here without the rule engine, that says which records it is made of.
// The technique names are Stratus Red Team's; the run's records name them through their resources
// (`stratus-red-team-ec2-get-password-data-role`, ...).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { INVICTUS } from "../../lib/testing/samples";
import { evaluateCorrelation } from "../sigma";
import { builtinRules } from "./index";
import { predicateOf, type TestRecord } from "./test-helpers";

const DATASET = INVICTUS;

function load(): TestRecord[] {
  const names = (readdirSync(DATASET, { recursive: true }) as string[])
    .filter((name) => name.endsWith(".json.gz"))
    .toSorted();
  return names.flatMap((name) => {
    const text = gunzipSync(readFileSync(join(DATASET, name))).toString("utf8");
    return (JSON.parse(text) as { Records: TestRecord[] }).Records;
  });
}

const records = load();

/** The value at a dotted path of a record (no arrays on the way), for the plain filters. */
function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
/** The string at a path, else "". */
const text = (r: TestRecord, path: string): string => {
  const value = at(r, path);
  return typeof value === "string" ? value : "";
};
const is = (r: TestRecord, source: string, ...names: string[]) =>
  r.eventSource === source && names.includes(r.eventName as string);
const IAM = "iam.amazonaws.com";
const EC2 = "ec2.amazonaws.com";

interface Technique {
  technique: string;
  rule: string;
  /** The rule's logic, written out by hand. */
  filter: (r: TestRecord) => boolean;
}

const SINGLE: Technique[] = [
  {
    technique: "aws.initial-access.console-login-without-mfa",
    rule: "14ebb6b6-7633-4de9-a1e3-3287cb85f9ae",
    filter: (r) =>
      r.eventName === "ConsoleLogin" &&
      text(r, "additionalEventData.MFAUsed") === "No" &&
      text(r, "responseElements.ConsoleLogin") === "Success" &&
      ["IAMUser", "Root"].includes(text(r, "userIdentity.type")),
  },
  {
    technique: "aws.execution.ssm-send-command, aws.discovery.ec2-enumerate-from-instance",
    rule: "f7819495-e435-4091-919f-cc6e7a851817",
    filter: (r) => is(r, "ssm.amazonaws.com", "SendCommand", "StartSession"),
  },
  {
    technique: "aws.execution.ec2-launch-unusual-instances",
    rule: "2bf123f0-0249-4ff2-8057-602e9be3437a",
    filter: (r) =>
      is(r, EC2, "RunInstances") &&
      /^(p|g|x|u-|trn|inf|dl)|\.metal$/.test(text(r, "requestParameters.instanceType")),
  },
  {
    technique: "aws.persistence.iam-create-admin-user",
    rule: "d70f5462-171a-4135-9897-03f4222b36e3",
    filter: (r) => is(r, IAM, "CreateUser"),
  },
  {
    technique: "aws.persistence.iam-create-admin-user, aws.persistence.iam-backdoor-role",
    rule: "9499756b-f608-44eb-b2ce-0d7fa3548969",
    filter: (r) =>
      is(r, IAM, "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy") &&
      text(r, "requestParameters.policyArn").endsWith(":policy/AdministratorAccess"),
  },
  {
    technique: "aws.persistence.iam-create-user-login-profile",
    rule: "fc39694d-a65f-485c-a7ad-d306f68aa3ff",
    filter: (r) => is(r, IAM, "CreateLoginProfile"),
  },
  {
    technique: "aws.persistence.iam-backdoor-user",
    rule: "bcb3061d-be7e-4cb2-8c9c-1199f69c856d",
    filter: (r) =>
      is(r, IAM, "CreateAccessKey") &&
      text(r, "requestParameters.userName") !== "" &&
      text(r, "requestParameters.userName").toLowerCase() !==
        text(r, "userIdentity.userName").toLowerCase(),
  },
  {
    technique: "aws.persistence.iam-backdoor-role",
    rule: "9974939e-1816-482c-822b-921c7f29a94b",
    filter: (r) => is(r, IAM, "UpdateAssumeRolePolicy"),
  },
  {
    technique: "aws.persistence.rolesanywhere-create-trust-anchor",
    rule: "7091e0c5-c7a1-49ad-82d3-e6e1362bbb64",
    filter: (r) => is(r, "rolesanywhere.amazonaws.com", "CreateTrustAnchor", "UpdateTrustAnchor"),
  },
  {
    technique: "aws.persistence.lambda-backdoor-function",
    rule: "c7e3ac31-0bc4-43e1-9dae-f023321522ed",
    filter: (r) =>
      r.eventSource === "lambda.amazonaws.com" &&
      (r.eventName as string).startsWith("AddPermission") &&
      text(r, "requestParameters.principal") === "*",
  },
  {
    technique: "aws.persistence.lambda-overwrite-code",
    rule: "8b5e7624-439a-4329-9a00-c12c9cb4e52b",
    filter: (r) =>
      r.eventSource === "lambda.amazonaws.com" &&
      (r.eventName as string).startsWith("UpdateFunctionCode"),
  },
  {
    technique: "aws.defense-evasion.cloudtrail-stop, aws.defense-evasion.cloudtrail-delete",
    rule: "5c7e4bb8-6741-49fd-8760-91aba8ec4edf",
    filter: (r) =>
      is(
        r,
        "cloudtrail.amazonaws.com",
        "StopLogging",
        "DeleteTrail",
        "DeleteEventDataStore",
        "StopEventDataStoreIngestion",
      ),
  },
  {
    technique: "aws.defense-evasion.cloudtrail-event-selectors",
    rule: "f9271e6a-abb1-4495-9b19-dd498476b181",
    filter: (r) =>
      is(r, "cloudtrail.amazonaws.com", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"),
  },
  {
    technique: "aws.defense-evasion.cloudtrail-lifecycle-rule",
    rule: "97e95705-89da-43d6-8da1-3b572d83c658",
    filter: (r) => {
      if (!is(r, "s3.amazonaws.com", "PutBucketLifecycle")) return false;
      const rules = [at(r, "requestParameters.LifecycleConfiguration.Rule") ?? []].flat();
      return rules.some((rule) => Number(at(rule, "Expiration.Days")) <= 3);
    },
  },
  {
    technique: "aws.defense-evasion.vpc-remove-flow-logs",
    rule: "9a302089-6549-404e-908e-3974dcc93ea2",
    filter: (r) => is(r, EC2, "DeleteFlowLogs"),
  },
  {
    technique: "aws.defense-evasion.organizations-leave",
    rule: "691c7e8a-b5cd-4616-973c-8d8c2d7d005b",
    filter: (r) => is(r, "organizations.amazonaws.com", "LeaveOrganization"),
  },
  {
    technique: "aws.credential-access.ec2-get-password-data",
    rule: "54470811-b4fe-41eb-aae6-eadbf552ac17",
    filter: (r) => is(r, EC2, "GetPasswordData"),
  },
  {
    technique: "aws.credential-access.ec2-steal-instance-credentials",
    rule: "d900aff7-00b7-4245-a41c-991f2556c2a3",
    filter: (r) =>
      text(r, "userIdentity.type") === "AssumedRole" &&
      text(r, "userIdentity.arn").includes(":assumed-role/") &&
      text(r, "userIdentity.principalId").includes(":i-") &&
      /^[\d.]+$|:/.test(r.sourceIPAddress as string) &&
      !(r.userAgent as string).includes("amazon-ssm-agent"),
  },
  {
    technique: "aws.discovery.ec2-download-user-data",
    rule: "f920f79c-8fd5-4bc1-984c-06c190432f78",
    filter: (r) =>
      is(r, EC2, "DescribeInstanceAttribute") &&
      text(r, "requestParameters.attribute") === "userData",
  },
  {
    technique: "aws.exfiltration.ec2-security-group-open-port-22-ingress",
    rule: "96dd5c19-9b90-4ee4-a49b-d0ea6da2fa9f",
    filter: (r) =>
      is(r, EC2, "AuthorizeSecurityGroupIngress") &&
      JSON.stringify(r.requestParameters).includes('"0.0.0.0/0"'),
  },
  {
    technique: "aws.exfiltration.ec2-share-ami",
    rule: "19e32e3e-93ae-43a6-b38b-31726b358535",
    filter: (r) =>
      is(r, EC2, "ModifyImageAttribute") &&
      at(r, "requestParameters.launchPermission.add") !== undefined,
  },
  {
    technique: "aws.exfiltration.ec2-share-ebs-snapshot",
    rule: "3ee99319-f80c-4c53-b59f-3d02d206c8c2",
    filter: (r) =>
      is(r, EC2, "ModifySnapshotAttribute") &&
      at(r, "requestParameters.createVolumePermission.add") !== undefined,
  },
  {
    technique: "aws.exfiltration.rds-share-snapshot",
    rule: "1f5b8842-3976-43bc-9f7f-f81781a56f21",
    filter: (r) =>
      is(r, "rds.amazonaws.com", "ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute") &&
      text(r, "requestParameters.attributeName") === "restore" &&
      at(r, "requestParameters.valuesToAdd") !== undefined,
  },
  {
    technique: "aws.exfiltration.s3-backdoor-bucket-policy",
    rule: "233211e4-27eb-4940-bc57-322785383555",
    filter: (r) =>
      is(r, "s3.amazonaws.com", "PutBucketPolicy") &&
      [at(r, "requestParameters.bucketPolicy.Statement") ?? []]
        .flat()
        .some((statement) => at(statement, "Principal.AWS") !== undefined),
  },
];

describe("invictus-aws-dataset: single-event techniques", () => {
  test("the dataset is the one described", () => {
    expect(records).toHaveLength(2900);
  });

  test.each(SINGLE)("$technique", ({ rule, filter }) => {
    const expected = records.filter(filter);
    expect(expected.length).toBeGreaterThan(0);
    const matches = predicateOf(rule);
    expect(records.filter((r) => matches(r))).toEqual(expected);
  });
});

/** The most rows of one group inside any window of `spanMs` (plain sliding window). */
function busiestWindow(
  rows: TestRecord[],
  key: (r: TestRecord) => string | undefined,
  spanMs: number,
) {
  const byGroup = new Map<string, number[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    const times = byGroup.get(k) ?? [];
    times.push(Date.parse(r.eventTime as string));
    byGroup.set(k, times);
  }
  let best = { group: "", count: 0 };
  for (const [group, times] of byGroup) {
    times.sort((a, b) => a - b);
    for (let left = 0, right = 0; right < times.length; right++) {
      while (times[right]! - times[left]! > spanMs) left++;
      if (right - left + 1 > best.count) best = { group, count: right - left + 1 };
    }
  }
  return best;
}

interface CorrelatedTechnique {
  technique: string;
  correlation: string;
  base: string;
  filter: (r: TestRecord) => boolean;
  /** Who the burst comes from. */
  principal: string;
}

const ATTACKER = "arn:aws:iam::123837392027:user/bert-jan";

const CORRELATED: CorrelatedTechnique[] = [
  {
    technique: "aws.credential-access.secretsmanager-retrieve-secrets",
    correlation: "314884f6-3a9c-4540-a709-27614f415213",
    base: "24e7f2d9-5c96-47a7-9beb-b698a3917f3a",
    filter: (r) => is(r, "secretsmanager.amazonaws.com", "GetSecretValue", "BatchGetSecretValue"),
    principal: ATTACKER,
  },
  {
    technique: "aws.credential-access.ssm-retrieve-securestring-parameters",
    correlation: "8308afb0-f8d7-4c5a-b2b5-3f983dc3374f",
    base: "00dd521f-f3f4-4fca-8343-db261dbaec6f",
    filter: (r) =>
      is(
        r,
        "ssm.amazonaws.com",
        "GetParameter",
        "GetParameters",
        "GetParametersByPath",
        "GetParameterHistory",
      ) && at(r, "requestParameters.withDecryption") === true,
    principal: ATTACKER,
  },
  {
    technique: "aws.credential-access.ec2-get-password-data (refused, one call after another)",
    correlation: "b315efa4-aa99-4229-8ee4-c2f000be8f0a",
    base: "28b05af9-49fe-4fe2-b10e-0d930963ef09",
    filter: (r) =>
      /AccessDenied|UnauthorizedOperation/.test((r.errorCode as string | undefined) ?? ""),
    principal:
      "arn:aws:sts::123837392027:assumed-role/stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1688990082523310002",
  },
];

describe("invictus-aws-dataset: techniques seen through a correlation", () => {
  const arn = (r: TestRecord) => text(r, "userIdentity.arn") || undefined;

  test.each(CORRELATED)("$technique", ({ correlation: id, base, filter, principal }) => {
    const correlation = builtinRules().correlations.find((c) => c.id === id)!;
    const threshold = correlation.condition.bounds[0]!.value;
    // The base rule flags exactly the records the plain filter finds ...
    const expected = records.filter(filter);
    const matches = predicateOf(base);
    expect(records.filter((r) => matches(r))).toEqual(expected);
    // ... which, counted by hand, cross the correlation's threshold for the attacker ...
    const perPrincipal = busiestWindow(
      expected.filter((r) => arn(r) === principal),
      arn,
      correlation.timespanMs,
    );
    expect(perPrincipal.count).toBeGreaterThanOrEqual(threshold);
    // ... and the correlation run over the rows says so too.
    const groups = new Map<string, number>();
    const group = records.map((r) => {
      const key = arn(r);
      if (key === undefined) return -1;
      if (!groups.has(key)) groups.set(key, groups.size);
      return groups.get(key)!;
    });
    const found = evaluateCorrelation(correlation, {
      time: records.map((r) => Date.parse(r.eventTime as string)),
      rules: records.map((r) => (matches(r) ? 1 : 0)),
      group,
    });
    expect(found.some((m) => m.group === groups.get(principal))).toBe(true);
  });
});
