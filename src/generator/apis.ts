// The catalogue of API calls the generator can write: for each, how CloudTrail records it (source,
// name, readOnly, category, version) and how its requestParameters / responseElements look.
// Shapes follow real records (see /work/shared/samples/real); values are drawn from the account.

import { type Random, UPPER_ALPHANUMERIC } from "../lib/random";
import { isoSeconds, javaDate, type Json } from "./json";
import type { AccountWorld, Principal } from "./world";

export interface CallContext {
  random: Random;
  account: AccountWorld;
  region: string;
  time: number;
  principal: Principal;
}

export interface CallParts {
  request: Json;
  response?: Json;
  resources?: Json[];
  additionalEventData?: Json;
  serviceEventDetails?: Json;
}

export interface ApiError {
  errorCode: string;
  errorMessage: string;
}

export interface Api {
  /** Position in API_LIST, a compact key for per-API counters. */
  index: number;
  eventSource: string;
  eventName: string;
  /** The eventSource's first label (`ec2`), as SDKs and host names use it. */
  service: string;
  readOnly: boolean;
  eventCategory: "Management" | "Data";
  eventType: "AwsApiCall" | "AwsServiceEvent" | "AwsConsoleSignIn";
  eventVersion: string;
  /** Global services (IAM, sign-in, Identity Center) record in us-east-1 only. */
  global: boolean;
  /** `aws <service> <command>`, which aws-cli v2 puts in its user agent. */
  cliCommand: string;
  build: (c: CallContext) => CallParts;
  /** Failures specific to this call (NoSuchEntity, ...), besides denial and throttling. */
  errors: readonly ApiError[];
  /** Fraction of calls that fail, before the principal's own error bias. */
  errorRate: number;
}

interface ServiceInfo {
  deny: (action: string, c: CallContext) => ApiError;
  throttle: ApiError;
}

const S3_ID2 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function notAuthorized(code: string, service: string) {
  return (action: string, c: CallContext): ApiError => ({
    errorCode: code,
    errorMessage: `User: ${c.principal.arn || c.account.id} is not authorized to perform: ${service}:${action} because no identity-based policy allows the ${service}:${action} action`,
  });
}

const SERVICES: Record<string, ServiceInfo> = {
  "ec2.amazonaws.com": {
    deny: (_action, c) => ({
      errorCode: "Client.UnauthorizedOperation",
      errorMessage: `You are not authorized to perform this operation. User: ${c.principal.arn} is not authorized to perform: ec2:${_action} with an explicit deny. Encoded authorization failure message: ${c.random.chars(48, S3_ID2)}`,
    }),
    throttle: { errorCode: "Client.RequestLimitExceeded", errorMessage: "Request limit exceeded." },
  },
  "s3.amazonaws.com": {
    deny: () => ({ errorCode: "AccessDenied", errorMessage: "Access Denied" }),
    throttle: { errorCode: "SlowDown", errorMessage: "Please reduce your request rate." },
  },
  "iam.amazonaws.com": {
    deny: notAuthorized("AccessDenied", "iam"),
    throttle: { errorCode: "ThrottlingException", errorMessage: "Rate exceeded" },
  },
  "secretsmanager.amazonaws.com": {
    deny: notAuthorized("AccessDenied", "secretsmanager"),
    throttle: { errorCode: "ThrottlingException", errorMessage: "Rate exceeded" },
  },
  "signin.amazonaws.com": {
    deny: () => ({ errorCode: "AccessDenied", errorMessage: "Failed authentication" }),
    throttle: { errorCode: "ThrottlingException", errorMessage: "Rate exceeded" },
  },
};

function serviceOf(eventSource: string): ServiceInfo {
  const known = SERVICES[eventSource];
  if (known) return known;
  const service = eventSource.split(".")[0] ?? eventSource;
  return {
    deny: notAuthorized("AccessDenied" + (service === "sts" ? "" : "Exception"), service),
    throttle: { errorCode: "ThrottlingException", errorMessage: "Rate exceeded" },
  };
}

export function denyError(api: Api, c: CallContext): ApiError {
  return serviceOf(api.eventSource).deny(api.eventName, c);
}

export function throttleError(api: Api): ApiError {
  return serviceOf(api.eventSource).throttle;
}

function kebab(name: string): string {
  return name
    .replace(/20\d{6}(v\d)?$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

interface ApiSpec {
  source: string;
  name: string;
  readOnly: boolean;
  build: (c: CallContext) => CallParts;
  data?: boolean;
  eventType?: Api["eventType"];
  version?: string;
  global?: boolean;
  errors?: ApiError[];
  errorRate?: number;
}

const VERSION_BY_SOURCE: Record<string, string> = {
  "ec2.amazonaws.com": "1.10",
  "s3.amazonaws.com": "1.10",
  "iam.amazonaws.com": "1.08",
  "sts.amazonaws.com": "1.08",
  "kms.amazonaws.com": "1.08",
  "lambda.amazonaws.com": "1.09",
  "cloudtrail.amazonaws.com": "1.09",
  "logs.amazonaws.com": "1.08",
  "dynamodb.amazonaws.com": "1.09",
  "secretsmanager.amazonaws.com": "1.09",
  "ssm.amazonaws.com": "1.08",
  "signin.amazonaws.com": "1.08",
  "sso.amazonaws.com": "1.11",
  "monitoring.amazonaws.com": "1.09",
  "elasticloadbalancing.amazonaws.com": "1.10",
  "ecr.amazonaws.com": "1.08",
  "health.amazonaws.com": "1.08",
  "sns.amazonaws.com": "1.09",
};

const pick = <T>(c: CallContext, items: readonly T[]): T => c.random.pick(items);
const s3Host = (bucket: string, region: string): string => `${bucket}.s3.${region}.amazonaws.com`;
const arnOf = (c: CallContext, service: string, resource: string): string =>
  `arn:aws:${service}:${c.region}:${c.account.id}:${resource}`;

function s3Additional(c: CallContext, bytesIn: number, bytesOut: number): Json {
  return {
    SignatureVersion: "SigV4",
    CipherSuite: "TLS_AES_128_GCM_SHA256",
    bytesTransferredIn: bytesIn,
    AuthenticationMethod: "AuthHeader",
    "x-amz-id-2": c.random.chars(76, S3_ID2),
    bytesTransferredOut: bytesOut,
  };
}

function bucketCall(extra: Record<string, Json>, readBytes = 400) {
  return (c: CallContext): CallParts => {
    const bucketName = pick(c, c.account.buckets);
    return {
      request: { bucketName, Host: s3Host(bucketName, c.region), ...extra },
      additionalEventData: s3Additional(c, 0, readBytes + c.random.int(600)),
      resources: [
        { accountId: c.account.id, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucketName}` },
      ],
    };
  };
}

const OBJECT_KEYS = [
  "uploads/2026/",
  "exports/daily/",
  "reports/",
  "static/js/",
  "raw/events/dt=",
  "backups/pg/",
];

function objectCall(write: boolean) {
  return (c: CallContext): CallParts => {
    const bucketName = pick(c, c.account.buckets);
    const key =
      pick(c, OBJECT_KEYS) +
      c.random.hex(12) +
      pick(c, [".json", ".parquet", ".png", ".csv.gz", ".js"]);
    const size = 200 + c.random.int(2_000_000);
    return {
      request: { bucketName, Host: s3Host(bucketName, c.region), key },
      response: write ? { "x-amz-server-side-encryption": "AES256" } : null,
      additionalEventData: s3Additional(c, write ? size : 0, write ? 0 : size),
      resources: [
        { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucketName}/${key}` },
        { accountId: c.account.id, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucketName}` },
      ],
    };
  };
}

function instanceItems(c: CallContext, n: number): Json {
  const items: Json[] = [];
  for (let i = 0; i < n; i++) items.push({ instanceId: pick(c, c.account.instances) });
  return { items };
}

const INSTANCE_TYPES = ["t3.micro", "t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"];
const PORTS = [22, 443, 3389, 5432, 6379, 8080];

function runInstances(c: CallContext): CallParts {
  const imageId = pick(c, c.account.images);
  const instanceType = pick(c, INSTANCE_TYPES);
  const subnetId = pick(c, c.account.subnets);
  const instanceId = "i-0" + c.random.hex(16);
  return {
    request: {
      instancesSet: { items: [{ imageId, minCount: 1, maxCount: 1 }] },
      instanceType,
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      subnetId,
      disableApiTermination: false,
      disableApiStop: false,
      clientToken: c.random.uuid(),
      tagSpecificationSet: {
        items: [{ resourceType: "instance", tags: [{ key: "Name", value: "worker" }] }],
      },
    },
    response: {
      requestId: c.random.uuid(),
      reservationId: "r-0" + c.random.hex(16),
      ownerId: c.account.id,
      groupSet: {},
      instancesSet: {
        items: [
          {
            instanceId,
            imageId,
            currentInstanceBootMode: "uefi",
            instanceState: { code: 0, name: "pending" },
            privateDnsName: `ip-10-0-${c.random.int(256)}-${c.random.int(256)}.ec2.internal`,
            amiLaunchIndex: 0,
            productCodes: {},
            instanceType,
            launchTime: c.time,
            placement: { availabilityZone: c.region + "a", tenancy: "default" },
            monitoring: { state: "disabled" },
            subnetId,
            vpcId: pick(c, c.account.vpcs),
            privateIpAddress: `10.0.${c.random.int(256)}.${c.random.int(256)}`,
            architecture: "x86_64",
            rootDeviceType: "ebs",
            rootDeviceName: "/dev/xvda",
            virtualizationType: "hvm",
            hypervisor: "xen",
          },
        ],
      },
    },
  };
}

function ingress(c: CallContext): CallParts {
  const groupId = pick(c, c.account.securityGroups);
  const port = pick(c, PORTS);
  const cidrIp = c.random.chance(0.3) ? "0.0.0.0/0" : `10.${c.random.int(256)}.0.0/16`;
  return {
    request: {
      groupId,
      ipPermissions: {
        items: [
          {
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            groups: {},
            ipRanges: { items: [{ cidrIp }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    },
    response: {
      requestId: c.random.uuid(),
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupOwnerId: c.account.id,
            groupId,
            securityGroupRuleId: "sgr-0" + c.random.hex(16),
            isEgress: false,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrIpv4: cidrIp,
          },
        ],
      },
    },
  };
}

function putBucketPolicy(c: CallContext): CallParts {
  const bucketName = pick(c, c.account.buckets);
  const principal = c.random.chance(0.5) ? "*" : { AWS: `arn:aws:iam::${c.account.id}:root` };
  return {
    request: {
      bucketPolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AllowRead",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${bucketName}/*`,
          },
        ],
      },
      bucketName,
      Host: s3Host(bucketName, c.region),
      policy: "",
    },
    additionalEventData: s3Additional(c, 312, 0),
    resources: [
      { accountId: c.account.id, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucketName}` },
    ],
  };
}

function createAccessKey(c: CallContext): CallParts {
  const userName = pick(c, c.account.iamUsers);
  return {
    request: { userName },
    response: {
      accessKey: {
        userName,
        accessKeyId: "AKIA" + c.random.chars(16, UPPER_ALPHANUMERIC),
        status: "Active",
        createDate: javaDate(c.time),
      },
    },
  };
}

function assumeRole(c: CallContext): CallParts {
  const roleName = pick(c, c.account.roles);
  const roleArn = `arn:aws:iam::${c.account.id}:role/${roleName}`;
  const roleSessionName =
    c.principal.kind === "AWSService"
      ? c.random.hex(32)
      : `${c.principal.userName || "session"}-${c.random.int(1e6)}`;
  const accessKeyId = "ASIA" + c.random.chars(16, UPPER_ALPHANUMERIC);
  return {
    request: { roleArn, roleSessionName, durationSeconds: 3600 },
    response: {
      credentials: {
        accessKeyId,
        sessionToken: c.random.chars(64, S3_ID2),
        expiration: javaDate(c.time + 3_600_000),
      },
      assumedRoleUser: {
        assumedRoleId: `AROA${c.random.chars(17, UPPER_ALPHANUMERIC)}:${roleSessionName}`,
        arn: `arn:aws:sts::${c.account.id}:assumed-role/${roleName}/${roleSessionName}`,
      },
    },
    resources: [
      { accountId: c.account.id, type: "AWS::IAM::Role", ARN: roleArn },
      {
        accountId: c.account.id,
        type: "AWS::IAM::AccessKey",
        ARN: `arn:aws:iam::${c.account.id}:accessKey/${accessKeyId}`,
      },
    ],
  };
}

function kmsCall(extra: (c: CallContext) => Record<string, Json>) {
  return (c: CallContext): CallParts => {
    const keyArn = arnOf(c, "kms", "key/" + pick(c, c.account.kmsKeys));
    return {
      request: { keyId: keyArn, ...extra(c) },
      resources: [{ accountId: c.account.id, type: "AWS::KMS::Key", ARN: keyArn }],
    };
  };
}

const encryptionContext = (c: CallContext): Record<string, Json> => ({
  encryptionAlgorithm: "SYMMETRIC_DEFAULT",
  encryptionContext: {
    "aws:s3:arn": `arn:aws:s3:::${pick(c, c.account.buckets)}/${c.random.hex(16)}`,
  },
});

const functionArn = (c: CallContext, name: string): string =>
  arnOf(c, "lambda", "function:" + name);

function secretCall(withResponse: boolean) {
  return (c: CallContext): CallParts => {
    const name = pick(c, c.account.secrets);
    const arn = arnOf(
      c,
      "secretsmanager",
      `secret:${name}-${c.random.chars(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`,
    );
    return {
      request: { secretId: withResponse ? arn : name },
      response: withResponse ? { arn, versionId: c.random.uuid() } : null,
    };
  };
}

const NOT_FOUND_SECRET: ApiError = {
  errorCode: "ResourceNotFoundException",
  errorMessage: "Secrets Manager can't find the specified secret.",
};

function loginTo(c: CallContext): string {
  return pick(c, [
    "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_" +
      c.random.hex(16),
    `https://${c.region}.console.aws.amazon.com/ec2/home?region=${c.region}`,
    "https://console.aws.amazon.com/s3/home",
  ]);
}

const SPECS: ApiSpec[] = [
  // EC2
  {
    source: "ec2.amazonaws.com",
    name: "DescribeInstances",
    readOnly: true,
    build: () => ({ request: { instancesSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeInstanceStatus",
    readOnly: true,
    build: (c) => ({
      request: {
        instancesSet: instanceItems(c, 1 + c.random.int(3)),
        filterSet: {},
        includeAllInstances: false,
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeSecurityGroups",
    readOnly: true,
    build: (c) => ({
      request: {
        securityGroupSet: {},
        securityGroupIdSet: { items: [{ groupId: pick(c, c.account.securityGroups) }] },
        filterSet: {},
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeVpcs",
    readOnly: true,
    build: () => ({ request: { vpcSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeSubnets",
    readOnly: true,
    build: (c) => ({
      request: {
        subnetSet: {},
        filterSet: {
          items: [{ name: "vpc-id", valueSet: { items: [{ value: pick(c, c.account.vpcs) }] } }],
        },
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeVolumes",
    readOnly: true,
    build: (c) => ({
      request: { volumeSet: { items: [{ volumeId: pick(c, c.account.volumes) }] }, filterSet: {} },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeImages",
    readOnly: true,
    build: (c) => ({
      request: {
        executableBySet: {},
        imagesSet: { items: [{ imageId: pick(c, c.account.images) }] },
        ownersSet: {},
        includeDeprecated: false,
        filterSet: {},
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeNetworkInterfaces",
    readOnly: true,
    build: () => ({ request: { networkInterfaceIdSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "DescribeAddresses",
    readOnly: true,
    build: () => ({ request: { publicIpsSet: {}, allocationIdsSet: {}, filterSet: {} } }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "RunInstances",
    readOnly: false,
    build: runInstances,
    errors: [
      {
        errorCode: "Client.VcpuLimitExceeded",
        errorMessage:
          "You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.",
      },
    ],
  },
  {
    source: "ec2.amazonaws.com",
    name: "TerminateInstances",
    readOnly: false,
    build: (c) => {
      const instanceId = pick(c, c.account.instances);
      return {
        request: { instancesSet: { items: [{ instanceId }] } },
        response: {
          requestId: c.random.uuid(),
          instancesSet: {
            items: [
              {
                instanceId,
                currentState: { code: 32, name: "shutting-down" },
                previousState: { code: 16, name: "running" },
              },
            ],
          },
        },
      };
    },
    errors: [
      {
        errorCode: "Client.InvalidInstanceID.NotFound",
        errorMessage: "The instance ID does not exist",
      },
    ],
  },
  {
    source: "ec2.amazonaws.com",
    name: "StartInstances",
    readOnly: false,
    build: (c) => {
      const instanceId = pick(c, c.account.instances);
      return {
        request: { instancesSet: { items: [{ instanceId }] } },
        response: {
          requestId: c.random.uuid(),
          instancesSet: {
            items: [
              {
                instanceId,
                currentState: { code: 0, name: "pending" },
                previousState: { code: 80, name: "stopped" },
              },
            ],
          },
        },
      };
    },
  },
  {
    source: "ec2.amazonaws.com",
    name: "StopInstances",
    readOnly: false,
    build: (c) => {
      const instanceId = pick(c, c.account.instances);
      return {
        request: { instancesSet: { items: [{ instanceId }] }, force: false },
        response: {
          requestId: c.random.uuid(),
          instancesSet: {
            items: [
              {
                instanceId,
                currentState: { code: 64, name: "stopping" },
                previousState: { code: 16, name: "running" },
              },
            ],
          },
        },
      };
    },
  },
  {
    source: "ec2.amazonaws.com",
    name: "CreateTags",
    readOnly: false,
    build: (c) => ({
      request: {
        resourcesSet: { items: [{ resourceId: pick(c, c.account.instances) }] },
        tagSet: {
          items: [
            {
              key: pick(c, ["Owner", "CostCenter", "Environment"]),
              value: pick(c, ["platform", "data", "prod"]),
            },
          ],
        },
      },
      response: { requestId: c.random.uuid(), _return: true },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "AuthorizeSecurityGroupIngress",
    readOnly: false,
    build: ingress,
    errors: [
      {
        errorCode: "Client.InvalidPermission.Duplicate",
        errorMessage: "the specified rule already exists",
      },
    ],
  },
  {
    source: "ec2.amazonaws.com",
    name: "CreateSnapshot",
    readOnly: false,
    build: (c) => ({
      request: { volumeId: pick(c, c.account.volumes), description: "daily backup" },
      response: {
        requestId: c.random.uuid(),
        snapshotId: "snap-0" + c.random.hex(16),
        volumeId: pick(c, c.account.volumes),
        status: "pending",
        startTime: c.time,
        progress: "",
        ownerId: c.account.id,
        volumeSize: 100,
        encrypted: true,
      },
    }),
  },
  {
    source: "ec2.amazonaws.com",
    name: "SharedSnapshotVolumeCreated",
    readOnly: false,
    eventType: "AwsServiceEvent",
    build: (c) => ({
      request: null,
      serviceEventDetails: { snapshotId: "snap-0" + c.random.hex(16) },
    }),
  },

  // S3 management
  {
    source: "s3.amazonaws.com",
    name: "ListBuckets",
    readOnly: true,
    build: (c) => ({
      request: { Host: `s3.${c.region}.amazonaws.com` },
      additionalEventData: s3Additional(c, 0, 1200 + c.random.int(400)),
    }),
  },
  {
    source: "s3.amazonaws.com",
    name: "GetBucketAcl",
    readOnly: true,
    build: bucketCall({ acl: "" }),
  },
  {
    source: "s3.amazonaws.com",
    name: "GetBucketLocation",
    readOnly: true,
    build: bucketCall({ location: "" }, 120),
  },
  {
    source: "s3.amazonaws.com",
    name: "GetBucketPolicy",
    readOnly: true,
    build: bucketCall({ policy: "" }),
    errors: [{ errorCode: "NoSuchBucketPolicy", errorMessage: "The bucket policy does not exist" }],
    errorRate: 0.25,
  },
  {
    source: "s3.amazonaws.com",
    name: "GetBucketPublicAccessBlock",
    readOnly: true,
    build: bucketCall({ publicAccessBlock: "" }),
  },
  {
    source: "s3.amazonaws.com",
    name: "GetBucketEncryption",
    readOnly: true,
    build: bucketCall({ encryption: "" }),
  },
  { source: "s3.amazonaws.com", name: "PutBucketPolicy", readOnly: false, build: putBucketPolicy },
  {
    source: "s3.amazonaws.com",
    name: "PutBucketTagging",
    readOnly: false,
    build: bucketCall(
      { tagging: "", Tagging: { TagSet: { Tag: { Key: "team", Value: "platform" } } } },
      0,
    ),
  },
  // S3 data events
  {
    source: "s3.amazonaws.com",
    name: "GetObject",
    readOnly: true,
    data: true,
    build: objectCall(false),
    errors: [{ errorCode: "NoSuchKey", errorMessage: "The specified key does not exist." }],
    errorRate: 0.02,
  },
  {
    source: "s3.amazonaws.com",
    name: "HeadObject",
    readOnly: true,
    data: true,
    build: objectCall(false),
  },
  {
    source: "s3.amazonaws.com",
    name: "PutObject",
    readOnly: false,
    data: true,
    build: objectCall(true),
  },
  {
    source: "s3.amazonaws.com",
    name: "DeleteObject",
    readOnly: false,
    data: true,
    build: objectCall(false),
  },

  // IAM (global)
  {
    source: "iam.amazonaws.com",
    name: "ListUsers",
    readOnly: true,
    global: true,
    build: () => ({ request: null }),
  },
  {
    source: "iam.amazonaws.com",
    name: "ListRoles",
    readOnly: true,
    global: true,
    build: () => ({ request: null }),
  },
  {
    source: "iam.amazonaws.com",
    name: "GetUser",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { userName: pick(c, c.account.iamUsers) } }),
    errors: [
      {
        errorCode: "NoSuchEntityException",
        errorMessage: "The user with name former.employee cannot be found.",
      },
    ],
  },
  {
    source: "iam.amazonaws.com",
    name: "GetRole",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { roleName: pick(c, c.account.roles) } }),
    errors: [
      {
        errorCode: "NoSuchEntityException",
        errorMessage: "The role with name AWSServiceRoleForSupport cannot be found.",
      },
    ],
  },
  {
    source: "iam.amazonaws.com",
    name: "ListAttachedRolePolicies",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { roleName: pick(c, c.account.roles) } }),
  },
  {
    source: "iam.amazonaws.com",
    name: "GetPolicyVersion",
    readOnly: true,
    global: true,
    build: () => ({
      request: { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", versionId: "v112" },
    }),
  },
  {
    source: "iam.amazonaws.com",
    name: "ListAccessKeys",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { userName: pick(c, c.account.iamUsers) } }),
  },
  {
    source: "iam.amazonaws.com",
    name: "CreateAccessKey",
    readOnly: false,
    global: true,
    build: createAccessKey,
    errors: [
      {
        errorCode: "LimitExceededException",
        errorMessage: "Cannot exceed quota for AccessKeysPerUser: 2",
      },
    ],
  },
  {
    source: "iam.amazonaws.com",
    name: "DeleteAccessKey",
    readOnly: false,
    global: true,
    build: (c) => ({
      request: {
        userName: pick(c, c.account.iamUsers),
        accessKeyId: "AKIA" + c.random.chars(16, UPPER_ALPHANUMERIC),
      },
    }),
  },
  {
    source: "iam.amazonaws.com",
    name: "AttachRolePolicy",
    readOnly: false,
    global: true,
    build: (c) => ({
      request: {
        roleName: pick(c, c.account.roles),
        policyArn: pick(c, [
          "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
          "arn:aws:iam::aws:policy/AdministratorAccess",
          "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
        ]),
      },
    }),
  },
  {
    source: "iam.amazonaws.com",
    name: "PutRolePolicy",
    readOnly: false,
    global: true,
    build: (c) => ({
      request: {
        roleName: pick(c, c.account.roles),
        policyName: "inline-s3-access",
        policyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::${pick(c, c.account.buckets)}/*"}]}`,
      },
    }),
  },

  // STS
  { source: "sts.amazonaws.com", name: "AssumeRole", readOnly: true, build: assumeRole },
  {
    source: "sts.amazonaws.com",
    name: "GetCallerIdentity",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "sts.amazonaws.com",
    name: "GetSessionToken",
    readOnly: true,
    build: (c) => ({
      request: { durationSeconds: 43200 },
      response: {
        credentials: {
          accessKeyId: "ASIA" + c.random.chars(16, UPPER_ALPHANUMERIC),
          sessionToken: c.random.chars(64, S3_ID2),
          expiration: javaDate(c.time + 43_200_000),
        },
      },
    }),
  },

  // KMS
  {
    source: "kms.amazonaws.com",
    name: "Decrypt",
    readOnly: true,
    build: kmsCall(encryptionContext),
  },
  {
    source: "kms.amazonaws.com",
    name: "GenerateDataKey",
    readOnly: true,
    build: kmsCall((c) => ({ keySpec: "AES_256", ...encryptionContext(c) })),
  },
  { source: "kms.amazonaws.com", name: "DescribeKey", readOnly: true, build: kmsCall(() => ({})) },
  {
    source: "kms.amazonaws.com",
    name: "ListAliases",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "kms.amazonaws.com",
    name: "RotateKey",
    readOnly: false,
    eventType: "AwsServiceEvent",
    build: (c) => {
      const keyId = pick(c, c.account.kmsKeys);
      return {
        request: null,
        resources: [
          { ARN: arnOf(c, "kms", "key/" + keyId), accountId: c.account.id, type: "AWS::KMS::Key" },
        ],
        serviceEventDetails: { keyId },
      };
    },
  },

  // Lambda
  {
    source: "lambda.amazonaws.com",
    name: "ListFunctions20150331",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "lambda.amazonaws.com",
    name: "GetFunction20150331v2",
    readOnly: true,
    build: (c) => ({ request: { functionName: pick(c, c.account.functions) } }),
  },
  {
    source: "lambda.amazonaws.com",
    name: "UpdateFunctionCode20150331v2",
    readOnly: false,
    build: (c) => {
      const name = pick(c, c.account.functions);
      return {
        request: {
          functionName: name,
          s3Bucket: pick(c, c.account.buckets),
          s3Key: `builds/${name}/${c.random.hex(40)}.zip`,
          publish: true,
        },
        response: {
          functionName: name,
          functionArn: functionArn(c, name),
          runtime: "nodejs20.x",
          role: `arn:aws:iam::${c.account.id}:role/${c.account.roles[2] ?? "lambda-exec"}`,
          handler: "index.handler",
          codeSize: 10_000 + c.random.int(4_000_000),
          timeout: 30,
          memorySize: 512,
          lastModified: isoSeconds(c.time).replace("Z", ".000+0000"),
          codeSha256: c.random.chars(43, S3_ID2) + "=",
          version: String(1 + c.random.int(200)),
          state: "Active",
          lastUpdateStatus: "InProgress",
          packageType: "Zip",
          architectures: ["arm64"],
        },
      };
    },
  },
  {
    source: "lambda.amazonaws.com",
    name: "Invoke",
    readOnly: false,
    data: true,
    build: (c) => {
      const name = pick(c, c.account.functions);
      const arn = functionArn(c, name);
      return {
        request: {
          functionName: arn,
          invocationType: pick(c, ["RequestResponse", "Event"]),
          sourceArn: `arn:aws:execute-api:${c.region}:${c.account.id}:${c.random.chars(10, "abcdefghijklmnopqrstuvwxyz0123456789")}/prod/POST/orders`,
        },
        additionalEventData: { functionVersion: arn + ":$LATEST" },
        resources: [{ accountId: c.account.id, type: "AWS::Lambda::Function", ARN: arn }],
      };
    },
  },

  // CloudTrail
  {
    source: "cloudtrail.amazonaws.com",
    name: "DescribeTrails",
    readOnly: true,
    build: () => ({ request: { trailNameList: [], includeShadowTrails: true } }),
  },
  {
    source: "cloudtrail.amazonaws.com",
    name: "GetTrailStatus",
    readOnly: true,
    build: (c) => ({
      request: { name: `arn:aws:cloudtrail:us-east-1:${c.account.id}:trail/org-trail` },
    }),
  },
  {
    source: "cloudtrail.amazonaws.com",
    name: "LookupEvents",
    readOnly: true,
    build: () => ({
      request: {
        maxResults: 50,
        lookupAttributes: [{ attributeKey: "ReadOnly", attributeValue: "false" }],
      },
    }),
  },
  {
    source: "cloudtrail.amazonaws.com",
    name: "GetEventSelectors",
    readOnly: true,
    build: (c) => ({
      request: { trailName: `arn:aws:cloudtrail:us-east-1:${c.account.id}:trail/org-trail` },
    }),
  },

  // CloudWatch Logs
  {
    source: "logs.amazonaws.com",
    name: "DescribeLogGroups",
    readOnly: true,
    build: () => ({ request: { limit: 50 } }),
  },
  {
    source: "logs.amazonaws.com",
    name: "DescribeLogStreams",
    readOnly: true,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        orderBy: "LastEventTime",
        descending: true,
        limit: 50,
      },
    }),
  },
  {
    source: "logs.amazonaws.com",
    name: "CreateLogStream",
    readOnly: false,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        logStreamName: `${isoSeconds(c.time).slice(0, 10).replace(/-/g, "/")}/[$LATEST]${c.random.hex(32)}`,
      },
    }),
  },
  {
    source: "logs.amazonaws.com",
    name: "FilterLogEvents",
    readOnly: true,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        startTime: c.time - 3_600_000,
        endTime: c.time,
        filterPattern: "ERROR",
        interleaved: true,
      },
    }),
  },
  {
    source: "logs.amazonaws.com",
    name: "PutRetentionPolicy",
    readOnly: false,
    build: (c) => ({
      request: {
        logGroupName: pick(c, c.account.logGroups),
        retentionInDays: pick(c, [14, 30, 90, 365]),
      },
    }),
  },

  // DynamoDB
  {
    source: "dynamodb.amazonaws.com",
    name: "DescribeTable",
    readOnly: true,
    build: (c) => ({
      request: { tableName: pick(c, c.account.tables) },
      resources: [
        {
          accountId: c.account.id,
          type: "AWS::DynamoDB::Table",
          ARN: arnOf(c, "dynamodb", "table/" + pick(c, c.account.tables)),
        },
      ],
    }),
  },
  {
    source: "dynamodb.amazonaws.com",
    name: "ListTables",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "dynamodb.amazonaws.com",
    name: "DescribeContinuousBackups",
    readOnly: true,
    build: (c) => ({ request: { tableName: pick(c, c.account.tables) } }),
  },
  {
    source: "dynamodb.amazonaws.com",
    name: "UpdateTable",
    readOnly: false,
    build: (c) => ({
      request: { tableName: pick(c, c.account.tables), billingMode: "PAY_PER_REQUEST" },
      response: {
        tableDescription: {
          tableName: pick(c, c.account.tables),
          tableStatus: "UPDATING",
          billingModeSummary: { billingMode: "PAY_PER_REQUEST" },
        },
      },
    }),
  },

  // Secrets Manager
  {
    source: "secretsmanager.amazonaws.com",
    name: "GetSecretValue",
    readOnly: true,
    build: secretCall(false),
    errors: [NOT_FOUND_SECRET],
  },
  {
    source: "secretsmanager.amazonaws.com",
    name: "DescribeSecret",
    readOnly: true,
    build: secretCall(false),
  },
  {
    source: "secretsmanager.amazonaws.com",
    name: "ListSecrets",
    readOnly: true,
    build: () => ({ request: { maxResults: 100 } }),
  },
  {
    source: "secretsmanager.amazonaws.com",
    name: "PutSecretValue",
    readOnly: false,
    build: secretCall(true),
  },

  // Systems Manager
  {
    source: "ssm.amazonaws.com",
    name: "UpdateInstanceInformation",
    readOnly: false,
    build: (c) => {
      const a = c.random.int(256);
      const b = c.random.int(256);
      return {
        request: {
          instanceId: c.principal.sessionName,
          agentVersion: "3.3.40.0",
          agentStatus: "Active",
          platformType: "Linux",
          platformName: "Amazon Linux",
          platformVersion: "2023",
          iPAddress: `10.0.${a}.${b}`,
          computerName: `ip-10-0-${a}-${b}.ec2.internal`,
          agentName: "amazon-ssm-agent",
          availabilityZone: c.region + "b",
        },
      };
    },
  },
  {
    source: "ssm.amazonaws.com",
    name: "ListInstanceAssociations",
    readOnly: true,
    build: (c) => ({
      request: {
        instanceId: c.principal.sessionName || pick(c, c.account.instances),
        maxResults: 20,
      },
    }),
  },
  {
    source: "ssm.amazonaws.com",
    name: "GetParameter",
    readOnly: true,
    build: (c) => ({ request: { name: pick(c, c.account.parameters), withDecryption: true } }),
    errors: [{ errorCode: "ParameterNotFound", errorMessage: "Parameter /legacy/flag not found." }],
  },
  {
    source: "ssm.amazonaws.com",
    name: "GetParameters",
    readOnly: true,
    build: (c) => ({
      request: {
        names: [pick(c, c.account.parameters), pick(c, c.account.parameters)],
        withDecryption: false,
      },
    }),
  },
  {
    source: "ssm.amazonaws.com",
    name: "DescribeInstanceInformation",
    readOnly: true,
    build: () => ({ request: { maxResults: 50 } }),
  },
  {
    source: "ssm.amazonaws.com",
    name: "StartSession",
    readOnly: false,
    build: (c) => ({
      request: { target: pick(c, c.account.instances) },
      response: {
        sessionId: `${c.principal.sessionName || c.principal.userName}-${c.random.hex(17)}`,
        tokenValue: "Value hidden due to security reasons.",
        streamUrl: `wss://ssmmessages.${c.region}.amazonaws.com/v1/data-channel/${c.random.hex(17)}?role=publish_subscribe&cell-number=AAEAAQ`,
      },
    }),
  },

  // Sign-in (global) and Identity Center
  {
    source: "signin.amazonaws.com",
    name: "ConsoleLogin",
    readOnly: false,
    global: true,
    eventType: "AwsConsoleSignIn",
    build: (c) => ({
      request: null,
      response: { ConsoleLogin: "Success" },
      additionalEventData: {
        LoginTo: loginTo(c),
        MobileVersion: "No",
        MFAUsed: c.principal.mfa ? "Yes" : "No",
      },
    }),
  },
  {
    source: "sso.amazonaws.com",
    name: "ListAccounts",
    readOnly: true,
    global: true,
    build: () => ({ request: { maxResults: 100 } }),
  },
  {
    source: "sso.amazonaws.com",
    name: "ListAccountRoles",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { accountId: c.account.id } }),
  },
  {
    source: "sso.amazonaws.com",
    name: "GetRoleCredentials",
    readOnly: true,
    global: true,
    build: (c) => ({ request: { roleName: "AdministratorAccess", accountId: c.account.id } }),
  },

  // Others seen in every account
  {
    source: "monitoring.amazonaws.com",
    name: "DescribeAlarms",
    readOnly: true,
    build: () => ({ request: { maxRecords: 100 } }),
  },
  {
    source: "monitoring.amazonaws.com",
    name: "PutMetricAlarm",
    readOnly: false,
    build: (c) => ({
      request: {
        alarmName: `${pick(c, c.account.functions)}-errors`,
        metricName: "Errors",
        namespace: "AWS/Lambda",
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
    }),
  },
  {
    source: "elasticloadbalancing.amazonaws.com",
    name: "DescribeLoadBalancers",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "elasticloadbalancing.amazonaws.com",
    name: "DescribeTargetHealth",
    readOnly: true,
    build: (c) => ({
      request: {
        targetGroupArn: arnOf(c, "elasticloadbalancing", `targetgroup/web/${c.random.hex(16)}`),
      },
    }),
  },
  {
    source: "ecr.amazonaws.com",
    name: "GetAuthorizationToken",
    readOnly: true,
    build: () => ({ request: null }),
  },
  {
    source: "ecr.amazonaws.com",
    name: "BatchGetImage",
    readOnly: true,
    build: (c) => ({
      request: {
        repositoryName: "web",
        imageIds: [{ imageTag: "v" + (1 + c.random.int(90)) }],
        acceptedMediaTypes: ["application/vnd.docker.distribution.manifest.v2+json"],
      },
    }),
  },
  {
    source: "health.amazonaws.com",
    name: "DescribeEventAggregates",
    readOnly: true,
    build: () => ({
      request: {
        aggregateField: "eventTypeCategory",
        filter: { eventStatusCodes: ["open", "upcoming"] },
      },
    }),
  },
  {
    source: "sns.amazonaws.com",
    name: "ListTopics",
    readOnly: true,
    build: () => ({ request: null }),
  },
];

export const API_LIST: readonly Api[] = SPECS.map((spec, index) => ({
  index,
  eventSource: spec.source,
  eventName: spec.name,
  service: spec.source.split(".")[0] ?? spec.source,
  readOnly: spec.readOnly,
  eventCategory: spec.data ? "Data" : "Management",
  eventType: spec.eventType ?? "AwsApiCall",
  eventVersion: spec.version ?? VERSION_BY_SOURCE[spec.source] ?? "1.08",
  global: spec.global ?? false,
  cliCommand: `${spec.source.split(".")[0] === "monitoring" ? "cloudwatch" : spec.source.split(".")[0]}.${kebab(spec.name)}`,
  build: spec.build,
  errors: spec.errors ?? [],
  errorRate: spec.errorRate ?? 0.012,
}));

const BY_NAME = new Map(
  API_LIST.map((api) => [`${api.eventSource.split(".")[0]}:${api.eventName}`, api]),
);

/** Looks an API up as `service:EventName` (`ec2:RunInstances`); unknown names are a bug here. */
export function lookupApi(key: string): Api {
  const found = BY_NAME.get(key);
  if (!found) throw new Error(`no API ${key} in the catalogue`);
  return found;
}
