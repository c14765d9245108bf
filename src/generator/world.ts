// The simulated organisation: its accounts, their resources and the principals that act in them.
// Everything here is derived from the seed alone, so plantedBursts can rebuild it cheaply without
// generating any event.

import { ALPHANUMERIC, Random, UPPER_ALPHANUMERIC } from "../lib/random";
import { isoSeconds } from "./json";

export interface AccountWorld {
  index: number;
  id: string;
  buckets: string[];
  instances: string[];
  securityGroups: string[];
  subnets: string[];
  vpcs: string[];
  images: string[];
  volumes: string[];
  kmsKeys: string[];
  functions: string[];
  secrets: string[];
  tables: string[];
  logGroups: string[];
  parameters: string[];
  iamUsers: string[];
  roles: string[];
}

export type PrincipalKind =
  | "IAMUser"
  | "AssumedRole"
  | "Root"
  | "AWSService"
  | "FederatedUser"
  | "IdentityCenterUser"
  | "Unknown"
  | "ServiceEvent";

/** Who makes calls: fixed identity facts, and how the per-session parts are minted. */
export interface Principal {
  /** A stable name, unique within its account, for wiring bursts to a principal. */
  key: string;
  kind: PrincipalKind;
  account: AccountWorld;
  /** userIdentity.arn, or the service name for AWSService, as Insights attributions name it. */
  arn: string;
  principalId: string;
  userName: string;
  /** The AIDA id of userName (the issuing user, for a federated user). */
  userId: string;
  /** Long-term access key (AKIA…) for IAM users calling with keys; temporary keys otherwise. */
  accessKeyId: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  /** Console sessions set sessionCredentialFromConsole and mostly call through AWS Internal. */
  console: boolean;
  mfa: boolean;
  ec2Role: boolean;
  invokedBy: string;
  /** How long its temporary credentials live: a new ASIA key and creationDate per period. */
  sessionMinutes: number;
  seed: number;
}

const FIRST_NAMES = ["alice", "bob", "carol", "dmitri", "erin", "farah", "guo", "hiro", "ines"];
const LAST_NAMES = ["martin", "okafor", "lindqvist", "patel", "nguyen", "garcia", "kowalski"];
const ENVIRONMENTS = ["prod", "staging", "security", "data", "sandbox", "shared-services"];

export function accountIds(seed: number, count: number): string[] {
  const random = Random.derive(seed, "accounts");
  const ids = new Set<string>();
  while (ids.size < count) ids.add(String(random.range(1, 9)) + random.chars(11, "0123456789"));
  return [...ids];
}

/** EC2-style ids: a prefix ending in "-0" and 16 more hex digits. */
function awsId(random: Random, prefix: string, length: number): string {
  return prefix + random.hex(length);
}

export function buildAccount(seed: number, index: number, id: string): AccountWorld {
  const random = Random.derive(seed, "account:" + index);
  const env = ENVIRONMENTS[index % ENVIRONMENTS.length] ?? "prod";
  const list = (n: number, make: (i: number) => string): string[] =>
    Array.from({ length: n }, (_, i) => make(i));
  const functions = [
    "order-processor",
    "thumbnailer",
    "auth-authorizer",
    "nightly-report",
    "slack-notifier",
  ].map((name) => `${env}-${name}`);
  return {
    index,
    id,
    buckets: [
      `${env}-app-assets-${id}`,
      `${env}-user-uploads-${random.chars(6, "abcdefghijklmnopqrstuvwxyz0123456789")}`,
      `terraform-state-${id}`,
      `${env}-data-lake-raw`,
      `aws-cloudtrail-logs-${id}-${random.hex(8)}`,
      `cf-templates-${random.chars(12, "abcdefghijklmnopqrstuvwxyz0123456789")}-us-east-1`,
    ],
    instances: list(18, () => awsId(random, "i-0", 16)),
    securityGroups: list(9, () => awsId(random, "sg-0", 16)),
    subnets: list(6, () => awsId(random, "subnet-0", 16)),
    vpcs: list(2, () => awsId(random, "vpc-0", 16)),
    images: list(4, () => awsId(random, "ami-0", 16)),
    volumes: list(12, () => awsId(random, "vol-0", 16)),
    kmsKeys: list(4, () => random.uuid()),
    functions,
    secrets: [
      `${env}/db/postgres`,
      `${env}/api/stripe-key`,
      `${env}/oauth/client-secret`,
      `${env}/redis/auth`,
    ],
    tables: [`${env}-orders`, `${env}-sessions`, `${env}-feature-flags`],
    logGroups: [...functions.map((f) => `/aws/lambda/${f}`), `/ecs/${env}-web`, `/vpc/flow-logs`],
    parameters: [
      `/${env}/web/db_host`,
      `/${env}/web/feature_x`,
      `/${env}/worker/concurrency`,
      `/${env}/ami/latest`,
    ],
    iamUsers: [
      "ci-deployer",
      "svc-reporting",
      "bob.okafor",
      "alice.martin",
      "backup-agent",
      "legacy-ftp",
    ],
    roles: [
      "OrganizationAccountAccessRole",
      `${env}-web-ec2-role`,
      `${env}-lambda-exec`,
      "TerraformDeployRole",
      "SecurityAudit",
      "DataPipelineRole",
    ],
  };
}

interface PrincipalSpec {
  key: string;
  kind: PrincipalKind;
  userName?: string;
  roleName?: string;
  rolePath?: string;
  sessionName?: string;
  console?: boolean;
  mfa?: boolean;
  ec2Role?: boolean;
  invokedBy?: string;
  longTermKey?: boolean;
  sessionMinutes?: number;
}

export function makePrincipal(seed: number, account: AccountWorld, spec: PrincipalSpec): Principal {
  const random = Random.derive(seed, `principal:${account.index}:${spec.key}`);
  const id = account.id;
  const roleName = spec.roleName ?? "";
  const userName = spec.userName ?? "";
  // IAM ids belong to the role or user, not to whoever uses it: derive them from the name.
  const roleId =
    "AROA" + Random.derive(seed, `role:${account.id}:${roleName}`).chars(17, UPPER_ALPHANUMERIC);
  const userId =
    "AIDA" + Random.derive(seed, `user:${account.id}:${userName}`).chars(17, UPPER_ALPHANUMERIC);
  const sessionName = spec.sessionName ?? "";
  let arn = "";
  let principalId = "";
  switch (spec.kind) {
    case "IAMUser":
    case "Unknown":
      arn = spec.kind === "IAMUser" ? `arn:aws:iam::${id}:user/${userName}` : "";
      principalId = spec.kind === "IAMUser" ? userId : "";
      break;
    case "AssumedRole":
      arn = `arn:aws:sts::${id}:assumed-role/${roleName}/${sessionName}`;
      principalId = `${roleId}:${sessionName}`;
      break;
    case "Root":
      arn = `arn:aws:iam::${id}:root`;
      principalId = id;
      break;
    case "FederatedUser":
      arn = `arn:aws:sts::${id}:federated-user/${sessionName}`;
      principalId = `${id}:${sessionName}`;
      break;
    case "IdentityCenterUser":
      principalId = random.uuid();
      break;
    case "AWSService":
    case "ServiceEvent":
      arn = spec.invokedBy ?? "AWS Internal";
      break;
  }
  return {
    key: spec.key,
    kind: spec.kind,
    account,
    arn,
    principalId,
    userName,
    userId,
    accessKeyId: spec.longTermKey ? "AKIA" + random.chars(16, UPPER_ALPHANUMERIC) : "",
    roleName: spec.rolePath ? spec.rolePath + roleName : roleName,
    roleId,
    sessionName,
    console: spec.console ?? false,
    mfa: spec.mfa ?? false,
    ec2Role: spec.ec2Role ?? false,
    invokedBy: spec.invokedBy ?? "",
    sessionMinutes: spec.sessionMinutes ?? 60,
    seed: random.uint32(),
  };
}

/**
 * Renders userIdentity as JSON text. Temporary credentials (ASIA key, creationDate) depend on the
 * session period the event falls in, so a principal keeps one key for a while, as real sessions do.
 * The text is cached per period because most consecutive calls share it.
 */
export class IdentityRenderer {
  private cachedPeriod = -1;
  private cached = "";

  constructor(readonly principal: Principal) {}

  render(timeMs: number): string {
    const p = this.principal;
    const periodMs = p.sessionMinutes * 60_000;
    // Sessions start at a per-principal offset so that not every key rotates on the hour.
    const offset = (p.seed % p.sessionMinutes) * 60_000;
    const period = Math.floor((timeMs - offset) / periodMs);
    if (period !== this.cachedPeriod) {
      this.cachedPeriod = period;
      const random = new Random(p.seed, period);
      const sessionStart = period * periodMs + offset + random.int(120) * 1000;
      this.cached = JSON.stringify(identityObject(p, random, sessionStart));
    }
    return this.cached;
  }
}

function identityObject(
  p: Principal,
  random: Random,
  sessionStart: number,
): Record<string, unknown> {
  const accountId = p.account.id;
  const temporaryKey = "ASIA" + random.chars(16, UPPER_ALPHANUMERIC);
  const attributes = {
    creationDate: isoSeconds(sessionStart),
    mfaAuthenticated: p.mfa ? "true" : "false",
  };
  switch (p.kind) {
    case "IAMUser":
      if (p.console) {
        return {
          type: "IAMUser",
          principalId: p.principalId,
          arn: p.arn,
          accountId,
          accessKeyId: temporaryKey,
          userName: p.userName,
          sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes },
        };
      }
      return {
        type: "IAMUser",
        principalId: p.principalId,
        arn: p.arn,
        accountId,
        accessKeyId: p.accessKeyId,
        userName: p.userName,
      };
    case "AssumedRole": {
      const sessionContext: Record<string, unknown> = {
        sessionIssuer: {
          type: "Role",
          principalId: p.roleId,
          arn: `arn:aws:iam::${accountId}:role/${p.roleName}`,
          accountId,
          userName: p.roleName.slice(p.roleName.lastIndexOf("/") + 1),
        },
        webIdFederationData: {},
        attributes,
      };
      if (p.ec2Role) sessionContext["ec2RoleDelivery"] = "2.0";
      return {
        type: "AssumedRole",
        principalId: p.principalId,
        arn: p.arn,
        accountId,
        accessKeyId: temporaryKey,
        sessionContext,
      };
    }
    case "Root":
      return {
        type: "Root",
        principalId: p.principalId,
        arn: p.arn,
        accountId,
        accessKeyId: temporaryKey,
        sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes },
      };
    case "FederatedUser":
      return {
        type: "FederatedUser",
        principalId: p.principalId,
        arn: p.arn,
        accountId,
        accessKeyId: temporaryKey,
        sessionContext: {
          sessionIssuer: {
            type: "IAMUser",
            principalId: p.userId,
            arn: `arn:aws:iam::${accountId}:user/${p.userName}`,
            accountId,
            userName: p.userName,
          },
          webIdFederationData: {},
          attributes,
        },
      };
    case "IdentityCenterUser":
      return {
        type: "IdentityCenterUser",
        accountId,
        onBehalfOf: {
          userId: p.principalId,
          identityStoreArn: `arn:aws:identitystore::${accountId}:identitystore/d-${p.principalId.slice(0, 10).replace(/-/g, "7")}`,
        },
        credentialId: random.chars(40, ALPHANUMERIC),
      };
    case "AWSService":
      return { type: "AWSService", invokedBy: p.invokedBy };
    case "ServiceEvent":
      return { accountId, invokedBy: p.invokedBy };
    case "Unknown":
      return {
        type: "Unknown",
        principalId: "",
        accountId,
        accessKeyId: "",
        userName: "HIDDEN_DUE_TO_SECURITY_REASONS",
      };
  }
}

export function humanName(index: number): string {
  const first = FIRST_NAMES[index % FIRST_NAMES.length] ?? "user";
  const last = LAST_NAMES[(index * 3) % LAST_NAMES.length] ?? "name";
  return `${first}.${last}`;
}
