// Hits and near misses for the rules of initial access, execution, persistence and privilege
// escalation (see rules.test.ts). Record shapes follow real CloudTrail records.
import { ACCOUNT, ALICE, ROLE_SESSION, call, event, type RuleCase } from "./test-helpers";

const IAM = "iam.amazonaws.com";
const EC2 = "ec2.amazonaws.com";
const LAMBDA = "lambda.amazonaws.com";
const ROOT = { type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` };

function signIn(identity: object, outcome: string, mfa: string) {
  return event("signin.amazonaws.com", "ConsoleLogin", {
    userIdentity: identity,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { LoginTo: "https://console.aws.amazon.com/", MFAUsed: mfa },
  });
}

const trust = (principal: string) =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":${principal},"Action":"sts:AssumeRole"}]}`;
const policy = (action: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": "*"}]\n}`;

export const ACCESS_CASES: RuleCase[] = [
  {
    id: "0ca12bd9-ed9e-4030-828d-6b0f27c2e3be",
    title: "Root user activity",
    hits: [
      signIn(ROOT, "Success", "Yes"),
      event("s3.amazonaws.com", "ListBuckets", { userIdentity: ROOT }),
    ],
    misses: [
      event(IAM, "ListUsers", { userIdentity: { ...ROOT, invokedBy: "support.amazonaws.com" } }),
      event(IAM, "ListUsers"),
    ],
  },
  {
    id: "14ebb6b6-7633-4de9-a1e3-3287cb85f9ae",
    title: "Console sign-in without MFA",
    hits: [signIn(ALICE, "Success", "No"), signIn(ROOT, "Success", "No")],
    misses: [
      signIn(ALICE, "Success", "Yes"),
      signIn(ALICE, "Failure", "No"),
      signIn(ROLE_SESSION, "Success", "No"),
    ],
  },
  {
    id: "93d1f0be-ec89-41f3-b72d-cd1c587b5b92",
    title: "Failed console sign-in",
    hits: [signIn(ALICE, "Failure", "No")],
    misses: [signIn(ALICE, "Success", "No")],
  },
  {
    id: "f7819495-e435-4091-919f-cc6e7a851817",
    title: "Command or shell session on an instance through SSM",
    hits: [
      call("ssm.amazonaws.com", "SendCommand", {
        instanceIds: ["i-0abc"],
        documentName: "AWS-RunShellScript",
      }),
      call("ssm.amazonaws.com", "StartSession", { target: "i-0abc" }),
    ],
    misses: [call("ssm.amazonaws.com", "GetCommandInvocation", { instanceId: "i-0abc" })],
  },
  {
    id: "745cb7dc-8701-4975-84ea-ec1811c2f84d",
    title: "EC2 instance user data changed",
    hits: [
      call(EC2, "ModifyInstanceAttribute", {
        instanceId: "i-0abc",
        userData: "<sensitiveDataRemoved>",
      }),
      call(EC2, "ModifyInstanceAttribute", { instanceId: "i-0abc", attribute: "userData" }),
    ],
    misses: [
      call(EC2, "ModifyInstanceAttribute", {
        instanceId: "i-0abc",
        disableApiTermination: { value: false },
      }),
    ],
  },
  {
    id: "607b7d54-f397-410c-a6be-667b96a95a5a",
    title: "SSH key pushed through EC2 Instance Connect",
    hits: [
      call("ec2-instance-connect.amazonaws.com", "SendSSHPublicKey", {
        instanceId: "i-0abc",
        osUser: "ec2-user",
      }),
      call("ec2-instance-connect.amazonaws.com", "SendSerialConsoleSSHPublicKey", {
        instanceId: "i-0abc",
      }),
    ],
    misses: [
      call("ec2-instance-connect.amazonaws.com", "OpenTunnel", {
        instanceConnectEndpointId: "eice-1",
      }),
    ],
  },
  {
    id: "d70f5462-171a-4135-9897-03f4222b36e3",
    title: "IAM user created",
    hits: [call(IAM, "CreateUser", { userName: "mallory" })],
    misses: [call(IAM, "DeleteUser", { userName: "mallory" })],
  },
  {
    id: "fc39694d-a65f-485c-a7ad-d306f68aa3ff",
    title: "Console password created for an IAM user",
    hits: [call(IAM, "CreateLoginProfile", { userName: "bob", passwordResetRequired: false })],
    misses: [call(IAM, "GetLoginProfile", { userName: "bob" })],
  },
  {
    id: "bcb3061d-be7e-4cb2-8c9c-1199f69c856d",
    title: "Access key created for another IAM user",
    hits: [
      call(IAM, "CreateAccessKey", { userName: "bob" }),
      event(IAM, "CreateAccessKey", {
        userIdentity: ROLE_SESSION,
        requestParameters: { userName: "alice" },
      }),
    ],
    misses: [call(IAM, "CreateAccessKey", { userName: "Alice" }), call(IAM, "CreateAccessKey", {})],
  },
  {
    id: "9974939e-1816-482c-822b-921c7f29a94b",
    title: "IAM role trust policy changed",
    hits: [
      call(IAM, "UpdateAssumeRolePolicy", {
        roleName: "app",
        policyDocument: trust('{"Service":"ec2.amazonaws.com"}'),
      }),
    ],
    misses: [call(IAM, "GetRole", { roleName: "app" })],
  },
  {
    id: "845f17f9-7e14-4345-aed9-7706a66c9019",
    title: "IAM role trust policy open to any AWS principal",
    hits: [
      call(IAM, "CreateRole", { roleName: "open", assumeRolePolicyDocument: trust('{"AWS":"*"}') }),
      call(IAM, "UpdateAssumeRolePolicy", { roleName: "open", policyDocument: trust('"*"') }),
      call(IAM, "CreateRole", {
        roleName: "open",
        assumeRolePolicyDocument: trust(`{"AWS": ["arn:aws:iam::${ACCOUNT}:root", "*"]}`),
      }),
    ],
    misses: [
      call(IAM, "CreateRole", {
        roleName: "shared",
        assumeRolePolicyDocument: trust('{"AWS":"arn:aws:iam::444455556666:root"}'),
      }),
      call(IAM, "UpdateAssumeRolePolicy", {
        roleName: "app",
        policyDocument: trust('{"Service":"lambda.amazonaws.com"}'),
      }),
    ],
  },
  {
    id: "3454ee23-693f-487e-89f2-32f702925d5e",
    title: "IAM role created trusting an AWS account or IAM principal",
    hits: [
      call(IAM, "CreateRole", {
        roleName: "shared",
        assumeRolePolicyDocument: trust('{"AWS":"arn:aws:iam::444455556666:root"}'),
      }),
    ],
    misses: [
      call(IAM, "CreateRole", {
        roleName: "fn",
        assumeRolePolicyDocument: trust('{"Service":"lambda.amazonaws.com"}'),
      }),
    ],
  },
  {
    id: "7091e0c5-c7a1-49ad-82d3-e6e1362bbb64",
    title: "IAM Roles Anywhere trust anchor created or changed",
    hits: [
      call("rolesanywhere.amazonaws.com", "CreateTrustAnchor", { name: "anchor", enabled: true }),
    ],
    misses: [call("rolesanywhere.amazonaws.com", "ListTrustAnchors", {})],
  },
  {
    id: "63f5cd6e-a962-47de-ba84-c44e5a3ef145",
    title: "Federation token requested",
    hits: [call("sts.amazonaws.com", "GetFederationToken", { name: "x", durationSeconds: 129600 })],
    misses: [call("sts.amazonaws.com", "GetSessionToken", { durationSeconds: 3600 })],
  },
  {
    id: "c7e3ac31-0bc4-43e1-9dae-f023321522ed",
    title: "Lambda function made invocable by anyone",
    hits: [
      call(LAMBDA, "AddPermission20150331v2", {
        functionName: "fn",
        statementId: "s",
        action: "lambda:InvokeFunction",
        principal: "*",
      }),
    ],
    misses: [
      call(LAMBDA, "AddPermission20150331v2", {
        functionName: "fn",
        action: "lambda:InvokeFunction",
        principal: "s3.amazonaws.com",
      }),
      call(LAMBDA, "AddPermission20150331v2", { functionName: "fn", principal: "444455556666" }),
    ],
  },
  {
    id: "8b5e7624-439a-4329-9a00-c12c9cb4e52b",
    title: "Lambda function code replaced",
    hits: [call(LAMBDA, "UpdateFunctionCode20150331v2", { functionName: "fn", s3Key: "code.zip" })],
    misses: [
      call(LAMBDA, "UpdateFunctionConfiguration20150331v2", { functionName: "fn", timeout: 30 }),
    ],
  },
  {
    id: "310e2b1b-dd1e-459f-8a9a-b9f1531b4e50",
    title: "Lambda layer published or attached",
    hits: [
      call(LAMBDA, "PublishLayerVersion20181031", { layerName: "ext" }),
      call(LAMBDA, "UpdateFunctionConfiguration20150331v2", {
        functionName: "fn",
        layers: [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:ext:1`],
      }),
    ],
    misses: [
      call(LAMBDA, "UpdateFunctionConfiguration20150331v2", { functionName: "fn", timeout: 30 }),
    ],
  },
  {
    id: "9499756b-f608-44eb-b2ce-0d7fa3548969",
    title: "AdministratorAccess policy attached",
    hits: [
      call(IAM, "AttachRolePolicy", {
        roleName: "r",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
      call(IAM, "AttachUserPolicy", {
        userName: "u",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
    ],
    misses: [
      call(IAM, "AttachRolePolicy", {
        roleName: "r",
        policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      }),
      call(IAM, "AttachRolePolicy", {
        roleName: "r",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess-Amplify",
      }),
    ],
  },
  {
    id: "f9d0c027-3b20-4755-86f2-1108e83c5421",
    title: "IAM policy allowing every action written",
    hits: [
      call(IAM, "PutUserPolicy", { userName: "u", policyName: "p", policyDocument: policy('"*"') }),
      call(IAM, "CreatePolicyVersion", {
        policyArn: "arn:x",
        policyDocument: policy('["s3:GetObject", "*"]'),
      }),
      call(IAM, "PutRolePolicy", {
        roleName: "r",
        policyName: "p",
        policyDocument: policy('"*:*"'),
      }),
    ],
    misses: [
      call(IAM, "PutUserPolicy", {
        userName: "u",
        policyName: "p",
        policyDocument: policy('"s3:*"'),
      }),
      call(IAM, "PutRolePolicy", {
        roleName: "r",
        policyName: "p",
        policyDocument: policy('["ec2:Describe*"]'),
      }),
    ],
  },
  {
    id: "e61094bd-1dcc-44af-9db2-52e6d8b30da6",
    title: "Console password of another IAM user changed",
    hits: [call(IAM, "UpdateLoginProfile", { userName: "bob" })],
    misses: [call(IAM, "UpdateLoginProfile", { userName: "alice" })],
  },
  {
    id: "3553e928-a01e-46a8-8c5f-4b80b1259996",
    title: "Role passed to new compute",
    hits: [
      call(EC2, "RunInstances", {
        instanceType: "t3.micro",
        iamInstanceProfile: { name: "admin-profile" },
      }),
      call(LAMBDA, "CreateFunction20150331", {
        functionName: "fn",
        role: `arn:aws:iam::${ACCOUNT}:role/admin`,
      }),
    ],
    misses: [call(EC2, "RunInstances", { instanceType: "t3.micro" })],
  },
  {
    id: "1f967594-52f5-4876-8d5a-9f145bcb0967",
    title: "Lambda function execution role changed",
    hits: [
      call(LAMBDA, "UpdateFunctionConfiguration20150331v2", {
        functionName: "fn",
        role: `arn:aws:iam::${ACCOUNT}:role/admin`,
      }),
    ],
    misses: [
      call(LAMBDA, "UpdateFunctionConfiguration20150331v2", { functionName: "fn", timeout: 30 }),
    ],
  },
];
