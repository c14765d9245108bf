// The catalogue's calls of KMS.
import type { Json } from "../json";
import { type ApiSpec, arnOf, type CallContext, type CallParts, pick } from "./common";

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

export const KMS: ApiSpec[] = [
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
];
