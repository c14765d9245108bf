// The catalogue's calls of Secrets Manager.
import {
  type ApiError,
  type ApiSpec,
  arnOf,
  type CallContext,
  type CallParts,
  pick,
} from "./common";

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

export const SECRETS_MANAGER: ApiSpec[] = [
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
];
