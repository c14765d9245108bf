// Hits and near misses for the rules of exfiltration and impact (see rules.test.ts), base rules of
// correlations included. Record shapes follow real CloudTrail records.
import { ACCOUNT, ROLE_SESSION, call, event, type RuleCase } from "./test-helpers";

const EC2 = "ec2.amazonaws.com";
const S3 = "s3.amazonaws.com";
const OTHER = "444455556666";

function bucketPolicy(...statements: object[]) {
  return call(S3, "PutBucketPolicy", {
    bucketName: "data",
    policy: "",
    bucketPolicy: { Version: "2012-10-17", Statement: statements },
  });
}

const allow = (principal: unknown) => ({
  Effect: "Allow",
  Principal: principal,
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::data/*",
});

function acl(grantee: object) {
  return call(S3, "PutBucketAcl", {
    bucketName: "data",
    acl: "",
    AccessControlPolicy: {
      AccessControlList: { Grant: [{ Grantee: grantee, Permission: "READ" }] },
      Owner: { ID: "abc" },
    },
  });
}

function publicAccessBlock(eventName: string, off: boolean) {
  return call(S3, eventName, {
    bucketName: "data",
    publicAccessBlock: "",
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: !off,
      RestrictPublicBuckets: true,
    },
  });
}

function ingress(range: object) {
  return call(EC2, "AuthorizeSecurityGroupIngress", {
    groupId: "sg-1",
    ipPermissions: {
      items: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, groups: {}, ...range }],
    },
  });
}

const runInstances = (instanceType: string) =>
  call(EC2, "RunInstances", {
    instancesSet: { items: [{ imageId: "ami-1", minCount: 1, maxCount: 1 }] },
    instanceType,
  });

export const EXPOSURE_CASES: RuleCase[] = [
  {
    id: "3ee99319-f80c-4c53-b59f-3d02d206c8c2",
    title: "EBS snapshot shared with another account or made public",
    hits: [
      call(EC2, "ModifySnapshotAttribute", {
        snapshotId: "snap-1",
        createVolumePermission: { add: { items: [{ userId: OTHER }] } },
        attributeType: "CREATE_VOLUME_PERMISSION",
      }),
      call(EC2, "ModifySnapshotAttribute", {
        snapshotId: "snap-1",
        createVolumePermission: { add: { items: [{ group: "all" }] } },
      }),
    ],
    misses: [
      call(EC2, "ModifySnapshotAttribute", {
        snapshotId: "snap-1",
        createVolumePermission: { remove: { items: [{ userId: OTHER }] } },
      }),
    ],
  },
  {
    id: "1f5b8842-3976-43bc-9f7f-f81781a56f21",
    title: "RDS snapshot shared with another account or made public",
    hits: [
      call("rds.amazonaws.com", "ModifyDBSnapshotAttribute", {
        dBSnapshotIdentifier: "s",
        attributeName: "restore",
        valuesToAdd: [OTHER],
      }),
      call("rds.amazonaws.com", "ModifyDBClusterSnapshotAttribute", {
        dBClusterSnapshotIdentifier: "s",
        attributeName: "restore",
        valuesToAdd: ["all"],
      }),
    ],
    misses: [
      call("rds.amazonaws.com", "ModifyDBSnapshotAttribute", {
        dBSnapshotIdentifier: "s",
        attributeName: "restore",
        valuesToRemove: [OTHER],
      }),
    ],
  },
  {
    id: "19e32e3e-93ae-43a6-b38b-31726b358535",
    title: "AMI shared with another account or made public",
    hits: [
      call(EC2, "ModifyImageAttribute", {
        imageId: "ami-1",
        launchPermission: { add: { items: [{ userId: OTHER }] } },
        attributeType: "launchPermission",
      }),
      call(EC2, "ModifyImageAttribute", {
        imageId: "ami-1",
        launchPermission: { add: { items: [{ group: "all" }] } },
      }),
    ],
    misses: [
      call(EC2, "ModifyImageAttribute", {
        imageId: "ami-1",
        launchPermission: { remove: { items: [{ userId: OTHER }] } },
      }),
    ],
  },
  {
    id: "bd2a0974-3719-4537-acb4-85af67adc293",
    title: "S3 ACL granting access to everyone",
    hits: [
      acl({ "xsi:type": "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }),
      call(S3, "PutBucketAcl", { bucketName: "data", acl: "", "x-amz-acl": ["public-read"] }),
    ],
    misses: [
      acl({ "xsi:type": "CanonicalUser", ID: "abc" }),
      call(S3, "PutBucketAcl", { bucketName: "data", acl: "", "x-amz-acl": ["private"] }),
    ],
  },
  {
    id: "f8386d34-1fad-4ac6-a674-065783bc4c58",
    title: "S3 bucket policy with a wildcard principal",
    hits: [bucketPolicy(allow("*")), bucketPolicy(allow({ AWS: "*" }))],
    misses: [
      bucketPolicy(allow({ AWS: `arn:aws:iam::${OTHER}:root` })),
      bucketPolicy(allow({ Service: "logging.s3.amazonaws.com" })),
    ],
  },
  {
    id: "233211e4-27eb-4940-bc57-322785383555",
    title: "S3 bucket policy granting access to AWS account principals",
    hits: [bucketPolicy(allow({ AWS: `arn:aws:iam::${OTHER}:root` }))],
    misses: [bucketPolicy(allow({ Service: "cloudtrail.amazonaws.com" }))],
  },
  {
    id: "507186f6-90a0-4f21-99ae-d9736315af7f",
    title: "S3 Block Public Access removed or relaxed",
    hits: [
      call(S3, "DeleteBucketPublicAccessBlock", { bucketName: "data", publicAccessBlock: "" }),
      publicAccessBlock("PutBucketPublicAccessBlock", true),
      publicAccessBlock("PutAccountPublicAccessBlock", true),
    ],
    misses: [publicAccessBlock("PutBucketPublicAccessBlock", false)],
  },
  {
    id: "96dd5c19-9b90-4ee4-a49b-d0ea6da2fa9f",
    title: "Security group opened to the whole internet",
    hits: [
      ingress({ ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }),
      ingress({ ipv6Ranges: { items: [{ cidrIpv6: "::/0" }] } }),
      call(EC2, "AuthorizeSecurityGroupIngress", {
        groupId: "sg-1",
        ipPermissions: {},
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIp: "0.0.0.0/0",
      }),
    ],
    misses: [
      ingress({ ipRanges: { items: [{ cidrIp: "10.0.0.0/8" }] } }),
      call(EC2, "AuthorizeSecurityGroupEgress", {
        groupId: "sg-1",
        ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] },
      }),
    ],
  },
  {
    id: "2bf123f0-0249-4ff2-8057-602e9be3437a",
    title: "EC2 instances of an unusual type launched",
    hits: [runInstances("p3.16xlarge"), runInstances("g5.xlarge"), runInstances("m5.metal")],
    misses: [runInstances("t3.micro"), runInstances("m5.large")],
  },
  {
    id: "03b11853-f10a-4e33-9a4d-4046a1364a49",
    title: "Bedrock model invoked by an IAM user or role",
    hits: [
      call("bedrock.amazonaws.com", "InvokeModel", { modelId: "anthropic.claude-v2" }),
      event("bedrock.amazonaws.com", "ConverseStream", { userIdentity: ROLE_SESSION }),
    ],
    misses: [
      call("bedrock.amazonaws.com", "ListFoundationModels", {}),
      event("bedrock.amazonaws.com", "InvokeModel", {
        userIdentity: { type: "AWSService", invokedBy: "bedrock.amazonaws.com" },
      }),
    ],
  },
  {
    id: "ad76d4da-f694-479d-be0d-4e2ba7222617",
    title: "Destructive call (delete or terminate)",
    hits: [
      call(EC2, "TerminateInstances", { instancesSet: { items: [{ instanceId: "i-1" }] } }),
      call(S3, "DeleteBucket", { bucketName: "data" }),
    ],
    misses: [call(EC2, "StopInstances", { instancesSet: { items: [{ instanceId: "i-1" }] } })],
  },
  {
    id: "d9f9aac1-20dd-4c58-ab39-8332b9f1ece4",
    title: "KMS key disabled or scheduled for deletion",
    hits: [
      call("kms.amazonaws.com", "ScheduleKeyDeletion", {
        keyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1`,
        pendingWindowInDays: 7,
      }),
      call("kms.amazonaws.com", "DisableKey", { keyId: "1" }),
    ],
    misses: [call("kms.amazonaws.com", "EnableKey", { keyId: "1" })],
  },
];
