// The catalogue of API calls the generator can write: for each, how CloudTrail records it (source,
// name, readOnly, category, version) and how its requestParameters / responseElements look.
// Shapes follow real CloudTrail records; values are drawn from the account. One file per service
// (common.ts holds what they share, errors.ts denial and throttling); this one joins them in a
// fixed order (the order is part of the seeded output) and looks calls up.
import type { Api, ApiSpec } from "./common";
import { EC2 } from "./ec2";
import { S3 } from "./s3";
import { IAM } from "./iam";
import { STS } from "./sts";
import { KMS } from "./kms";
import { LAMBDA } from "./lambda";
import { CLOUDTRAIL } from "./cloudtrail";
import { LOGS } from "./logs";
import { DYNAMODB } from "./dynamodb";
import { SECRETS_MANAGER } from "./secretsmanager";
import { SSM } from "./ssm";
import { SIGN_IN } from "./signin";
import { OTHERS } from "./others";

export type { Api, ApiError, CallContext, CallParts } from "./common";
export { denyError, throttleError } from "./errors";

function kebab(name: string): string {
  return name
    .replace(/20\d{6}(v\d)?$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
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

const SPECS: ApiSpec[] = [
  ...EC2,
  ...S3,
  ...IAM,
  ...STS,
  ...KMS,
  ...LAMBDA,
  ...CLOUDTRAIL,
  ...LOGS,
  ...DYNAMODB,
  ...SECRETS_MANAGER,
  ...SSM,
  ...SIGN_IN,
  ...OTHERS,
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
