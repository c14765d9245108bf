// The failures every call of a service can get: denial (in the service's own words) and
// throttling.
import { type Api, type ApiError, type CallContext, S3_ID2 } from "./common";

interface ServiceInfo {
  deny: (action: string, c: CallContext) => ApiError;
  throttle: ApiError;
}

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
