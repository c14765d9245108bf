// Who acts in each account and how: which calls each principal makes, from where, with which
// client. Humans follow office hours; automation runs around the clock. The mix gives an explorer
// a believable "normal" to compare bursts against.

import { Random, WeightedTable } from "../lib/random";
import { type Api, lookupApi } from "./apis";
import {
  type AccountWorld,
  IdentityRenderer,
  makePrincipal,
  type Principal,
  humanName,
} from "./world";

/** How a client names itself: a function of the call, because CLI v2 and SDKs name the API. */
export type UserAgentKind =
  | "console"
  | "browser"
  | "cli"
  | "cli1"
  | "boto3"
  | "go"
  | "terraform"
  | "ssm-agent"
  | "nodejs"
  | "java"
  | "service";

export interface Actor {
  principal: Principal;
  identity: IdentityRenderer;
  human: boolean;
  weight: number;
  calls: WeightedTable<Api>;
  /** The same calls without global services, for regions other than us-east-1. */
  regionalCalls: WeightedTable<Api> | null;
  sourceIPs: WeightedTable<string>;
  userAgents: WeightedTable<UserAgentKind>;
  /** Extra failure probability: scanners and misconfigured jobs fail more than people do. */
  errorBias: number;
  vpcEndpointId: string;
}

export interface AccountPopulation {
  account: AccountWorld;
  actors: Actor[];
  /** Principals that only appear in planted bursts, by key. */
  intruders: Map<string, Actor>;
}

/** Addresses shared by everyone in the organisation: offices, VPN, odd places. */
export interface AddressBook {
  offices: string[];
  homes: string[];
  ipv6: string[];
  odd: string[];
  ci: string[];
  natGateways: string[];
  vendors: string[];
  intruders: string[];
}

function ipv4(random: Random, firstOctets: readonly number[]): string {
  return `${random.pick(firstOctets)}.${random.int(256)}.${random.int(256)}.${1 + random.int(254)}`;
}

export function addressBook(seed: number): AddressBook {
  const random = Random.derive(seed, "addresses");
  const v6 = (): string =>
    `2a02:${random.hex(4)}:${random.hex(3)}:${random.hex(2)}00:${random.hex(4)}:${random.hex(4)}:${random.hex(4)}:${random.hex(4)}`.replace(
      /:0+(?=[0-9a-f])/g,
      ":",
    );
  return {
    offices: [ipv4(random, [81, 193, 213]), ipv4(random, [81, 193, 213]), ipv4(random, [62, 212])],
    homes: Array.from({ length: 8 }, () => ipv4(random, [73, 86, 90, 98, 24, 109, 176])),
    ipv6: [v6(), v6(), v6()],
    odd: [ipv4(random, [102, 41, 197]), ipv4(random, [5, 37, 188]), ipv4(random, [177, 200])],
    ci: [
      ipv4(random, [4, 20, 52, 172]),
      ipv4(random, [4, 20, 52, 172]),
      ipv4(random, [4, 20, 52, 172]),
    ],
    natGateways: [ipv4(random, [3, 18, 34, 44, 54]), ipv4(random, [3, 18, 34, 44, 54])],
    vendors: [ipv4(random, [3, 35, 52]), ipv4(random, [3, 35, 52])],
    intruders: [
      `185.220.101.${1 + random.int(254)}`,
      `45.${random.range(128, 159)}.${random.int(256)}.${1 + random.int(254)}`,
    ],
  };
}

type CallMix = readonly (readonly [string, number])[];

interface ActorSpec {
  principal: Parameters<typeof makePrincipal>[2];
  human: boolean;
  weight: number;
  calls: CallMix;
  sourceIPs: readonly (readonly [string, number])[];
  userAgents: readonly (readonly [UserAgentKind, number])[];
  errorBias?: number;
}

const CONSOLE_BROWSING: CallMix = [
  ["signin:ConsoleLogin", 0.6],
  ["ec2:DescribeInstances", 6],
  ["ec2:DescribeInstanceStatus", 3],
  ["ec2:DescribeSecurityGroups", 3],
  ["ec2:DescribeVpcs", 1.5],
  ["ec2:DescribeSubnets", 1.5],
  ["ec2:DescribeVolumes", 1],
  ["ec2:DescribeAddresses", 1],
  ["s3:ListBuckets", 3],
  ["s3:GetBucketAcl", 1.5],
  ["s3:GetBucketLocation", 2],
  ["s3:GetBucketPolicy", 1.5],
  ["s3:GetBucketPublicAccessBlock", 1.5],
  ["s3:GetBucketEncryption", 1],
  ["iam:ListUsers", 1],
  ["iam:ListRoles", 1.5],
  ["iam:GetRole", 1],
  ["iam:ListAttachedRolePolicies", 1],
  ["cloudtrail:DescribeTrails", 0.6],
  ["cloudtrail:LookupEvents", 1],
  ["logs:DescribeLogGroups", 2],
  ["logs:DescribeLogStreams", 2],
  ["logs:FilterLogEvents", 2],
  ["lambda:ListFunctions20150331", 1.5],
  ["lambda:GetFunction20150331v2", 1],
  ["dynamodb:ListTables", 0.8],
  ["dynamodb:DescribeTable", 1],
  ["monitoring:DescribeAlarms", 2],
  ["health:DescribeEventAggregates", 2],
  ["kms:ListAliases", 0.5],
  ["secretsmanager:ListSecrets", 0.5],
  ["elasticloadbalancing:DescribeLoadBalancers", 1],
  ["ec2:StartInstances", 0.15],
  ["ec2:StopInstances", 0.15],
  ["ec2:CreateTags", 0.2],
  ["ec2:AuthorizeSecurityGroupIngress", 0.05],
  ["s3:PutBucketPolicy", 0.02],
  ["iam:AttachRolePolicy", 0.03],
  ["ssm:StartSession", 0.2],
];

const CLI_ENGINEER: CallMix = [
  ["sts:GetCallerIdentity", 2],
  ["ec2:DescribeInstances", 5],
  ["ec2:DescribeImages", 1],
  ["ec2:DescribeSecurityGroups", 1],
  ["s3:ListBuckets", 2],
  ["s3:GetObject", 4],
  ["s3:PutObject", 1.5],
  ["logs:FilterLogEvents", 3],
  ["logs:DescribeLogStreams", 1],
  ["lambda:GetFunction20150331v2", 1],
  ["lambda:UpdateFunctionCode20150331v2", 0.2],
  ["dynamodb:DescribeTable", 1],
  ["secretsmanager:GetSecretValue", 0.8],
  ["ssm:GetParameter", 1],
  ["ssm:StartSession", 0.3],
  ["kms:Decrypt", 1],
  ["iam:GetUser", 0.5],
  ["iam:ListAccessKeys", 0.2],
  ["iam:CreateAccessKey", 0.01],
  ["iam:DeleteAccessKey", 0.01],
  ["sts:AssumeRole", 0.5],
  ["ec2:RunInstances", 0.03],
  ["ec2:TerminateInstances", 0.03],
];

const INSTANCE_ROLE: CallMix = [
  ["ssm:UpdateInstanceInformation", 5],
  ["ssm:ListInstanceAssociations", 4],
  ["s3:GetObject", 8],
  ["s3:PutObject", 4],
  ["s3:HeadObject", 2],
  ["kms:Decrypt", 3],
  ["kms:GenerateDataKey", 1.5],
  ["secretsmanager:GetSecretValue", 1],
  ["ssm:GetParameters", 1],
  ["logs:CreateLogStream", 1],
  ["ecr:GetAuthorizationToken", 0.5],
  ["ecr:BatchGetImage", 0.5],
  ["sts:GetCallerIdentity", 0.3],
];

const LAMBDA_ROLE: CallMix = [
  ["s3:GetObject", 6],
  ["s3:PutObject", 3],
  ["s3:DeleteObject", 0.5],
  ["kms:Decrypt", 2],
  ["dynamodb:DescribeTable", 0.8],
  ["secretsmanager:GetSecretValue", 1.5],
  ["ssm:GetParameter", 1],
  ["logs:CreateLogStream", 1.5],
  ["lambda:Invoke", 2],
];

const TERRAFORM: CallMix = [
  ["sts:GetCallerIdentity", 2],
  ["sts:AssumeRole", 1],
  ["ec2:DescribeInstances", 2],
  ["ec2:DescribeSecurityGroups", 2],
  ["ec2:DescribeVpcs", 1],
  ["ec2:DescribeSubnets", 1],
  ["ec2:DescribeImages", 1],
  ["ec2:DescribeNetworkInterfaces", 1],
  ["s3:GetBucketAcl", 1],
  ["s3:GetBucketPolicy", 1],
  ["s3:GetBucketEncryption", 1],
  ["s3:GetObject", 1],
  ["s3:PutObject", 0.5],
  ["iam:GetRole", 1.5],
  ["iam:ListAttachedRolePolicies", 1],
  ["iam:GetPolicyVersion", 0.8],
  ["lambda:GetFunction20150331v2", 1],
  ["lambda:UpdateFunctionCode20150331v2", 0.2],
  ["logs:DescribeLogGroups", 0.8],
  ["logs:PutRetentionPolicy", 0.05],
  ["dynamodb:DescribeTable", 0.6],
  ["dynamodb:DescribeContinuousBackups", 0.5],
  ["dynamodb:UpdateTable", 0.03],
  ["elasticloadbalancing:DescribeTargetHealth", 0.5],
  ["ec2:CreateTags", 0.2],
  ["ec2:AuthorizeSecurityGroupIngress", 0.03],
  ["ec2:RunInstances", 0.03],
  ["ec2:CreateSnapshot", 0.05],
  ["s3:PutBucketTagging", 0.05],
  ["s3:PutBucketPolicy", 0.02],
  ["iam:PutRolePolicy", 0.03],
  ["monitoring:PutMetricAlarm", 0.05],
  ["secretsmanager:PutSecretValue", 0.01],
];

const SCANNER: CallMix = [
  ["iam:ListUsers", 2],
  ["iam:ListRoles", 2],
  ["iam:ListAccessKeys", 2],
  ["iam:GetPolicyVersion", 1],
  ["s3:ListBuckets", 1],
  ["s3:GetBucketAcl", 2],
  ["s3:GetBucketPolicy", 2],
  ["s3:GetBucketPublicAccessBlock", 2],
  ["s3:GetBucketEncryption", 2],
  ["ec2:DescribeInstances", 1],
  ["ec2:DescribeSecurityGroups", 2],
  ["ec2:DescribeVolumes", 1],
  ["cloudtrail:DescribeTrails", 1],
  ["cloudtrail:GetTrailStatus", 1],
  ["cloudtrail:GetEventSelectors", 1],
  ["kms:ListAliases", 1],
  ["kms:DescribeKey", 1],
  ["secretsmanager:ListSecrets", 1],
  ["secretsmanager:DescribeSecret", 1],
  ["lambda:ListFunctions20150331", 1],
  ["logs:DescribeLogGroups", 1],
  ["dynamodb:ListTables", 1],
  ["sns:ListTopics", 1],
  ["ssm:DescribeInstanceInformation", 1],
];

const MONITORING: CallMix = [
  ["monitoring:DescribeAlarms", 3],
  ["ec2:DescribeInstances", 2],
  ["ec2:DescribeInstanceStatus", 1],
  ["elasticloadbalancing:DescribeLoadBalancers", 1.5],
  ["elasticloadbalancing:DescribeTargetHealth", 1],
  ["health:DescribeEventAggregates", 1],
  ["logs:DescribeLogGroups", 1],
  ["dynamodb:ListTables", 0.5],
  ["lambda:ListFunctions20150331", 0.5],
];

function actorSpecs(account: AccountWorld, book: AddressBook, random: Random): ActorSpec[] {
  const home = (): string => random.pick(book.homes);
  const ssoRole = `AWSReservedSSO_AdministratorAccess_${random.hex(16)}`;
  const readOnlyRole = `AWSReservedSSO_ReadOnly_${random.hex(16)}`;
  const instanceId = account.instances[0] ?? "i-0";
  const env = account.buckets[0]?.split("-")[0] ?? "prod";
  const people = [0, 1, 2, 3].map((i) => humanName(i + account.index));
  const office = book.offices.map((ip) => [ip, 3] as const);
  return [
    {
      principal: {
        key: "sso-admin",
        kind: "AssumedRole",
        roleName: ssoRole,
        rolePath: "aws-reserved/sso.amazonaws.com/",
        sessionName: `${people[0] ?? "admin"}@corp.example`,
        console: true,
        mfa: false,
        sessionMinutes: 480,
      },
      human: true,
      weight: 5,
      calls: CONSOLE_BROWSING,
      sourceIPs: [
        ...office,
        [home(), 2],
        [book.ipv6[0] ?? "::1", 1],
        [book.odd[0] ?? "0.0.0.0", 0.03],
      ],
      userAgents: [["console", 1]],
    },
    {
      principal: {
        key: "sso-readonly",
        kind: "AssumedRole",
        roleName: readOnlyRole,
        rolePath: "aws-reserved/sso.amazonaws.com/",
        sessionName: `${people[1] ?? "reader"}@corp.example`,
        mfa: false,
        sessionMinutes: 480,
      },
      human: true,
      weight: 3,
      calls: CONSOLE_BROWSING.filter(
        ([key]) => !/Start|Stop|Create|Authorize|Put|Attach|ConsoleLogin/.test(key),
      ),
      sourceIPs: [...office, [home(), 2], [book.ipv6[1] ?? "::1", 1]],
      userAgents: [
        ["console", 2],
        ["cli", 1],
      ],
    },
    {
      principal: {
        key: "iam-engineer",
        kind: "IAMUser",
        userName: "bob.okafor",
        longTermKey: true,
      },
      human: true,
      weight: 4,
      calls: CLI_ENGINEER,
      sourceIPs: [
        ...office,
        [home(), 3],
        [book.ipv6[2] ?? "::1", 1],
        [book.odd[1] ?? "0.0.0.0", 0.05],
      ],
      userAgents: [
        ["cli", 3],
        ["boto3", 1],
      ],
    },
    {
      principal: {
        key: "iam-console",
        kind: "IAMUser",
        userName: people[2] ?? "carol",
        console: true,
        mfa: true,
        sessionMinutes: 720,
      },
      human: true,
      weight: 2,
      calls: CONSOLE_BROWSING,
      sourceIPs: [...office, [home(), 1]],
      userAgents: [["console", 1]],
    },
    {
      principal: {
        key: "dev-role",
        kind: "AssumedRole",
        roleName: "DevRole",
        sessionName: people[3] ?? "dev",
        mfa: true,
      },
      human: true,
      weight: 3,
      calls: CLI_ENGINEER,
      sourceIPs: [...office, [home(), 2], [book.odd[2] ?? "0.0.0.0", 0.05]],
      userAgents: [
        ["cli", 2],
        ["go", 1],
      ],
    },
    {
      principal: { key: "identity-center", kind: "IdentityCenterUser" },
      human: true,
      weight: 0.5,
      calls: [
        ["sso:ListAccounts", 2],
        ["sso:ListAccountRoles", 2],
        ["sso:GetRoleCredentials", 3],
      ],
      sourceIPs: [...office, [home(), 1]],
      userAgents: [
        ["browser", 1],
        ["cli", 1],
      ],
    },
    {
      principal: { key: "root", kind: "Root", mfa: true },
      human: true,
      weight: 0.02,
      calls: [
        ["signin:ConsoleLogin", 3],
        ["iam:ListUsers", 1],
        ["cloudtrail:DescribeTrails", 1],
      ],
      sourceIPs: office,
      userAgents: [["console", 1]],
    },
    {
      principal: { key: "unknown-signin", kind: "Unknown" },
      human: true,
      weight: 0.03,
      calls: [["signin:ConsoleLogin", 1]],
      sourceIPs: [...book.odd.map((ip) => [ip, 1] as const), [book.intruders[0] ?? "0.0.0.0", 1]],
      userAgents: [["browser", 1]],
    },
    {
      principal: {
        key: "instance-role",
        kind: "AssumedRole",
        roleName: `${env}-web-ec2-role`,
        sessionName: instanceId,
        ec2Role: true,
        sessionMinutes: 360,
      },
      human: false,
      weight: 7,
      calls: INSTANCE_ROLE,
      sourceIPs: [
        ...book.natGateways.map((ip) => [ip, 2] as const),
        [`10.0.${random.int(256)}.${random.int(256)}`, 1],
      ],
      userAgents: [
        ["ssm-agent", 2],
        ["boto3", 2],
        ["java", 1],
      ],
    },
    {
      principal: {
        key: "lambda-role",
        kind: "AssumedRole",
        roleName: `${env}-lambda-exec`,
        sessionName: account.functions[0] ?? "fn",
        sessionMinutes: 720,
      },
      human: false,
      weight: 5,
      calls: LAMBDA_ROLE,
      sourceIPs: [
        [ipv4(random, [3, 34, 54]), 1],
        [ipv4(random, [3, 34, 54]), 1],
        [ipv4(random, [3, 34, 54]), 1],
      ],
      userAgents: [["nodejs", 1]],
    },
    {
      principal: {
        key: "ci-deployer",
        kind: "IAMUser",
        userName: "ci-deployer",
        longTermKey: true,
      },
      human: false,
      weight: 2.5,
      calls: TERRAFORM,
      sourceIPs: book.ci.map((ip) => [ip, 1] as const),
      userAgents: [
        ["terraform", 4],
        ["cli", 1],
      ],
    },
    {
      principal: {
        key: "federated-build",
        kind: "FederatedUser",
        userName: "build-broker",
        sessionName: "jenkins-build",
      },
      human: false,
      weight: 0.8,
      calls: [
        ["s3:GetObject", 3],
        ["s3:PutObject", 2],
        ["ecr:GetAuthorizationToken", 1],
        ["ecr:BatchGetImage", 2],
      ],
      sourceIPs: book.ci.map((ip) => [ip, 1] as const),
      userAgents: [["java", 1]],
    },
    {
      principal: {
        key: "security-scanner",
        kind: "AssumedRole",
        roleName: "SecurityAudit",
        sessionName: "prowler-scan",
      },
      human: false,
      weight: 1.5,
      calls: SCANNER,
      sourceIPs: book.vendors.map((ip) => [ip, 1] as const),
      userAgents: [["boto3", 1]],
      errorBias: 0.06,
    },
    {
      principal: {
        key: "monitoring",
        kind: "AssumedRole",
        roleName: "DatadogIntegrationRole",
        sessionName: "DatadogAWSIntegration",
      },
      human: false,
      weight: 2,
      calls: MONITORING,
      sourceIPs: book.vendors.map((ip) => [ip, 1] as const),
      userAgents: [["go", 1]],
      errorBias: 0.01,
    },
    {
      principal: { key: "svc-lambda", kind: "AWSService", invokedBy: "lambda.amazonaws.com" },
      human: false,
      weight: 1.2,
      calls: [["sts:AssumeRole", 1]],
      sourceIPs: [["lambda.amazonaws.com", 1]],
      userAgents: [["service", 1]],
    },
    {
      principal: { key: "svc-ec2", kind: "AWSService", invokedBy: "ec2.amazonaws.com" },
      human: false,
      weight: 0.6,
      calls: [["sts:AssumeRole", 1]],
      sourceIPs: [["ec2.amazonaws.com", 1]],
      userAgents: [["service", 1]],
    },
    {
      principal: {
        key: "svc-cloudtrail",
        kind: "AWSService",
        invokedBy: "cloudtrail.amazonaws.com",
      },
      human: false,
      weight: 0.8,
      calls: [
        ["kms:GenerateDataKey", 3],
        ["kms:DescribeKey", 1],
      ],
      sourceIPs: [["cloudtrail.amazonaws.com", 1]],
      userAgents: [["service", 1]],
    },
    {
      principal: {
        key: "svc-apigateway",
        kind: "AWSService",
        invokedBy: "apigateway.amazonaws.com",
      },
      human: false,
      weight: 1.5,
      calls: [["lambda:Invoke", 1]],
      sourceIPs: [["apigateway.amazonaws.com", 1]],
      userAgents: [["service", 1]],
    },
    {
      principal: { key: "service-events", kind: "ServiceEvent", invokedBy: "AWS Internal" },
      human: false,
      weight: 0.05,
      calls: [
        ["kms:RotateKey", 1],
        ["ec2:SharedSnapshotVolumeCreated", 1],
      ],
      sourceIPs: [["AWS Internal", 1]],
      userAgents: [["service", 1]],
    },
  ];
}

function intruderSpecs(account: AccountWorld, book: AddressBook): ActorSpec[] {
  const env = account.buckets[0]?.split("-")[0] ?? "prod";
  return [
    {
      principal: {
        key: "leaked-key",
        kind: "IAMUser",
        userName: "svc-reporting",
        longTermKey: true,
      },
      human: false,
      weight: 0,
      calls: [
        ["iam:CreateAccessKey", 1],
        ["s3:PutBucketPolicy", 1],
      ],
      sourceIPs: [[book.intruders[0] ?? "0.0.0.0", 1]],
      userAgents: [["cli1", 1]],
    },
    {
      principal: {
        key: "stolen-instance-credentials",
        kind: "AssumedRole",
        roleName: `${env}-web-ec2-role`,
        sessionName: account.instances[0] ?? "i-0",
        ec2Role: true,
        sessionMinutes: 360,
      },
      human: false,
      weight: 0,
      calls: [
        ["secretsmanager:GetSecretValue", 1],
        ["ec2:RunInstances", 1],
        ["ec2:AuthorizeSecurityGroupIngress", 1],
      ],
      sourceIPs: [[book.intruders[1] ?? "0.0.0.0", 1]],
      userAgents: [["boto3", 1]],
    },
  ];
}

function toActor(seed: number, account: AccountWorld, spec: ActorSpec): Actor {
  const principal = makePrincipal(seed, account, spec.principal);
  const calls = spec.calls.map(([key, weight]) => [lookupApi(key), weight] as const);
  const regional = calls.filter(([call]) => !call.global);
  return {
    principal,
    identity: new IdentityRenderer(principal),
    human: spec.human,
    weight: spec.weight,
    calls: new WeightedTable(calls),
    regionalCalls: regional.length > 0 ? new WeightedTable(regional) : null,
    sourceIPs: new WeightedTable(spec.sourceIPs),
    userAgents: new WeightedTable(spec.userAgents),
    errorBias: spec.errorBias ?? 0,
    vpcEndpointId: "vpce-0" + Random.derive(seed, "vpce:" + account.id).hex(16),
  };
}

export function buildPopulation(
  seed: number,
  account: AccountWorld,
  book: AddressBook,
): AccountPopulation {
  const random = Random.derive(seed, "population:" + account.index);
  return {
    account,
    actors: actorSpecs(account, book, random).map((spec) => toActor(seed, account, spec)),
    intruders: new Map(
      intruderSpecs(account, book).map((spec) => [
        spec.principal.key,
        toActor(seed, account, spec),
      ]),
    ),
  };
}
