// The catalogue's calls of IAM (global).
import { UPPER_ALPHANUMERIC } from "../../lib/random";
import { javaDate } from "../json";
import { type ApiSpec, type CallContext, type CallParts, pick } from "./common";

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

export const IAM: ApiSpec[] = [
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
];
