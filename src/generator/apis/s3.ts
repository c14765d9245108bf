// The catalogue's calls of S3: bucket management and object data events.
import type { Json } from "../json";
import { type ApiSpec, type CallContext, type CallParts, pick, S3_ID2 } from "./common";

const s3Host = (bucket: string, region: string): string => `${bucket}.s3.${region}.amazonaws.com`;

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

export const S3: ApiSpec[] = [
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
];
