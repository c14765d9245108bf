// The catalogue's calls of STS.
import { UPPER_ALPHANUMERIC } from "../../lib/random";
import { javaDate } from "../json";
import { type ApiSpec, type CallContext, type CallParts, pick, S3_ID2 } from "./common";

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

export const STS: ApiSpec[] = [
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
];
