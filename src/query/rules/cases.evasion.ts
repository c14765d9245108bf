// Hits and near misses for the rules of defense impairment, credential access and discovery (see
// rules.test.ts), base rules of correlations included. Record shapes follow real CloudTrail records.
import { ACCOUNT, ROLE_SESSION, call, event, type RuleCase } from "./test-helpers";

const CLOUDTRAIL = "cloudtrail.amazonaws.com";
const S3 = "s3.amazonaws.com";
const GUARDDUTY = "guardduty.amazonaws.com";
const EC2 = "ec2.amazonaws.com";
const SSM = "ssm.amazonaws.com";

function lifecycle(days: number) {
  return call(S3, "PutBucketLifecycle", {
    bucketName: "logs",
    lifecycle: "",
    LifecycleConfiguration: {
      Rule: { ID: "expire", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: days } },
    },
  });
}

const INSTANCE_ROLE = {
  type: "AssumedRole",
  principalId: "AROAWEBEXAMPLE:i-0123456789abcdef0",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web/i-0123456789abcdef0`,
  accountId: ACCOUNT,
  accessKeyId: "ASIAWEBEXAMPLE",
  sessionContext: {
    sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/web`, userName: "web" },
    ec2RoleDelivery: "2.0",
  },
};

function instanceCall(fields: object) {
  return event("sts.amazonaws.com", "GetCallerIdentity", {
    userIdentity: INSTANCE_ROLE,
    sourceIPAddress: "198.51.100.20",
    userAgent: "aws-cli/2.17.0",
    ...fields,
  });
}

export const EVASION_CASES: RuleCase[] = [
  {
    id: "5c7e4bb8-6741-49fd-8760-91aba8ec4edf",
    title: "CloudTrail logging stopped or trail deleted",
    hits: [
      call(CLOUDTRAIL, "StopLogging", { name: "main" }),
      call(CLOUDTRAIL, "DeleteTrail", { name: "main" }),
      call(CLOUDTRAIL, "DeleteEventDataStore", { eventDataStore: "eds" }),
    ],
    misses: [call(CLOUDTRAIL, "StartLogging", { name: "main" })],
  },
  {
    id: "f9271e6a-abb1-4495-9b19-dd498476b181",
    title: "CloudTrail trail settings changed",
    hits: [
      call(CLOUDTRAIL, "PutEventSelectors", {
        trailName: "main",
        eventSelectors: [{ readWriteType: "ReadOnly", includeManagementEvents: false }],
      }),
      call(CLOUDTRAIL, "UpdateTrail", { name: "main", enableLogFileValidation: false }),
    ],
    misses: [call(CLOUDTRAIL, "GetEventSelectors", { trailName: "main" })],
  },
  {
    id: "468ff062-b64a-42d4-b7cd-b159764bfc01",
    title: "Policy or lifecycle of a CloudTrail-named bucket changed",
    hits: [
      call(S3, "PutBucketPolicy", { bucketName: "acme-CloudTrail-logs", bucketPolicy: {} }),
      call(S3, "DeleteBucketPolicy", { bucketName: "aws-cloudtrail-logs-111122223333" }),
    ],
    misses: [
      call(S3, "PutBucketPolicy", { bucketName: "acme-web-assets", bucketPolicy: {} }),
      call(S3, "GetBucketPolicy", { bucketName: "acme-cloudtrail-logs" }),
    ],
  },
  {
    id: "97e95705-89da-43d6-8da1-3b572d83c658",
    title: "S3 lifecycle rule expiring objects within three days",
    hits: [lifecycle(1), lifecycle(3)],
    misses: [lifecycle(30)],
  },
  {
    id: "5955d1ee-1882-437a-be1a-78453431db3f",
    title: "AWS Config recording stopped or deleted",
    hits: [
      call("config.amazonaws.com", "StopConfigurationRecorder", {
        configurationRecorderName: "default",
      }),
      call("config.amazonaws.com", "DeleteDeliveryChannel", { deliveryChannelName: "default" }),
    ],
    misses: [
      call("config.amazonaws.com", "StartConfigurationRecorder", {
        configurationRecorderName: "default",
      }),
    ],
  },
  {
    id: "9a302089-6549-404e-908e-3974dcc93ea2",
    title: "VPC flow logs deleted",
    hits: [
      call(EC2, "DeleteFlowLogs", {
        DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: "fl-1" } },
      }),
    ],
    misses: [call(EC2, "CreateFlowLogs", { CreateFlowLogsRequest: {} })],
  },
  {
    id: "b0332a18-7f06-45d5-b272-953584c7796a",
    title: "Route 53 resolver query logging removed",
    hits: [
      call("route53resolver.amazonaws.com", "DeleteResolverQueryLogConfig", {
        resolverQueryLogConfigId: "rqlc-1",
      }),
      call("route53resolver.amazonaws.com", "DisassociateResolverQueryLogConfig", {
        resolverQueryLogConfigId: "rqlc-1",
        resourceId: "vpc-1",
      }),
    ],
    misses: [call("route53resolver.amazonaws.com", "CreateResolverQueryLogConfig", { name: "q" })],
  },
  {
    id: "4d75727d-2139-4f03-80f7-3856bc7689d6",
    title: "GuardDuty detector deleted, disabled or detached",
    hits: [
      call(GUARDDUTY, "DeleteDetector", { detectorId: "d1" }),
      call(GUARDDUTY, "UpdateDetector", { detectorId: "d1", enable: false }),
      call(GUARDDUTY, "DisassociateFromAdministratorAccount", { detectorId: "d1" }),
    ],
    misses: [
      call(GUARDDUTY, "UpdateDetector", { detectorId: "d1", enable: true }),
      call(GUARDDUTY, "UpdateDetector", {
        detectorId: "d1",
        findingPublishingFrequency: "SIX_HOURS",
      }),
    ],
  },
  {
    id: "e186f968-a2ec-4f50-bc81-851e7b9078d3",
    title: "GuardDuty filter that archives findings",
    hits: [call(GUARDDUTY, "CreateFilter", { detectorId: "d1", name: "quiet", action: "ARCHIVE" })],
    misses: [call(GUARDDUTY, "CreateFilter", { detectorId: "d1", name: "view", action: "NOOP" })],
  },
  {
    id: "8ad52ce4-1d9c-4453-979f-96e3d58958cd",
    title: "Security Hub disabled or standards turned off",
    hits: [
      call("securityhub.amazonaws.com", "DisableSecurityHub", {}),
      call("securityhub.amazonaws.com", "BatchDisableStandards", {
        StandardsSubscriptionArns: ["arn:x"],
      }),
    ],
    misses: [call("securityhub.amazonaws.com", "EnableSecurityHub", {})],
  },
  {
    id: "691c7e8a-b5cd-4616-973c-8d8c2d7d005b",
    title: "Account tried to leave its AWS Organization",
    hits: [
      event("organizations.amazonaws.com", "LeaveOrganization", { errorCode: "AccessDenied" }),
    ],
    misses: [event("organizations.amazonaws.com", "DescribeOrganization")],
  },
  {
    id: "24e7f2d9-5c96-47a7-9beb-b698a3917f3a",
    title: "Secrets Manager secret value read",
    hits: [
      call("secretsmanager.amazonaws.com", "GetSecretValue", { secretId: "db" }),
      call("secretsmanager.amazonaws.com", "BatchGetSecretValue", {
        filters: [{ key: "name", values: ["prod"] }],
      }),
    ],
    misses: [call("secretsmanager.amazonaws.com", "DescribeSecret", { secretId: "db" })],
  },
  {
    id: "00dd521f-f3f4-4fca-8343-db261dbaec6f",
    title: "SSM parameter read with decryption",
    hits: [
      call(SSM, "GetParameter", { name: "/db/password", withDecryption: true }),
      call(SSM, "GetParametersByPath", { path: "/", recursive: true, withDecryption: true }),
    ],
    misses: [
      call(SSM, "GetParameter", { name: "/db/password", withDecryption: false }),
      call(SSM, "GetParameter", { name: "/db/host" }),
    ],
  },
  {
    id: "54470811-b4fe-41eb-aae6-eadbf552ac17",
    title: "EC2 Windows password data requested",
    hits: [call(EC2, "GetPasswordData", { instanceId: "i-0abc" })],
    misses: [call(EC2, "GetConsoleOutput", { instanceId: "i-0abc" })],
  },
  {
    id: "f920f79c-8fd5-4bc1-984c-06c190432f78",
    title: "EC2 instance user data read",
    hits: [call(EC2, "DescribeInstanceAttribute", { instanceId: "i-0abc", attribute: "userData" })],
    misses: [
      call(EC2, "DescribeInstanceAttribute", { instanceId: "i-0abc", attribute: "instanceType" }),
    ],
  },
  {
    id: "d900aff7-00b7-4245-a41c-991f2556c2a3",
    title: "EC2 instance-role session calling from an IP address",
    hits: [instanceCall({}), instanceCall({ sourceIPAddress: "2001:db8::7" })],
    misses: [
      instanceCall({ userAgent: "aws-sdk-go/1.41.4 (go1.18.3; linux; amd64) amazon-ssm-agent/" }),
      instanceCall({ sourceIPAddress: "AWS Internal" }),
      event("sts.amazonaws.com", "GetCallerIdentity", { userIdentity: ROLE_SESSION }),
    ],
  },
  {
    id: "eac2766d-ebba-4db0-8515-d93ed4694aa0",
    title: "Read-only API call (List, Describe, Get)",
    hits: [call(EC2, "DescribeInstances", {}), call("iam.amazonaws.com", "ListRoles", {})],
    misses: [
      call(EC2, "RunInstances", { instanceType: "t3.micro" }),
      event(S3, "GetObject", { managementEvent: false, eventCategory: "Data" }),
      event("kms.amazonaws.com", "GetKeyPolicy", {
        userIdentity: { type: "AWSService", invokedBy: "cloudtrail.amazonaws.com" },
      }),
    ],
  },
  {
    id: "28b05af9-49fe-4fe2-b10e-0d930963ef09",
    title: "API call refused for lack of permission",
    hits: [
      event("iam.amazonaws.com", "ListUsers", { errorCode: "AccessDenied" }),
      event(EC2, "DescribeInstances", { errorCode: "Client.UnauthorizedOperation" }),
      event("lambda.amazonaws.com", "ListFunctions20150331", {
        errorCode: "AccessDeniedException",
      }),
    ],
    misses: [event(EC2, "DescribeInstances", { errorCode: "Client.RequestLimitExceeded" })],
  },
];
