// Turns one drawn call (who, what, when, from where) into the JSON text of a CloudTrail record,
// with the fields in the order CloudTrail writes them.

import { type Random, UPPER_ALPHANUMERIC } from "../lib/random";
import { type Api, type ApiError, type CallContext, denyError, throttleError } from "./apis";
import { isoSeconds, type Json } from "./json";
import type { Actor, UserAgentKind } from "./population";
import type { AccountWorld } from "./world";

export interface Call {
  api: Api;
  actor: Actor;
  account: AccountWorld;
  region: string;
  /** eventTime in ms, whole seconds. */
  time: number;
  /** Forces a failure (error-rate bursts); `undefined` lets the usual error rates decide. */
  error?: ApiError;
}

/** What the generator needs to know about a record besides its text. */
export interface RenderedRecord {
  json: string;
  time: number;
  eventID: string;
  errorCode: string;
  userAgent: string;
  userIdentityArn: string;
}

const BROWSER =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CONSOLE_S3 =
  "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.228-198.884.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.432-b06 java/1.8.0_432 vendor/Oracle_Corporation cfg/retry-mode/standard]";

const USER_AGENT_KINDS: readonly UserAgentKind[] = [
  "browser",
  "cli",
  "cli1",
  "boto3",
  "go",
  "terraform",
  "ssm-agent",
  "nodejs",
  "java",
];
/** Client strings depend only on the client and the API: built once per pair. */
const userAgentCache = new Map<number, string>();

const TLS13 = { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256" } as const;
const TLS12 = { tlsVersion: "TLSv1.2", cipherSuite: "ECDHE-RSA-AES128-GCM-SHA256" } as const;

function userAgentFor(kind: UserAgentKind, api: Api, actor: Actor, random: Random): string {
  if (kind === "console") {
    if (api.eventSource === "signin.amazonaws.com") return BROWSER;
    if (api.eventSource === "s3.amazonaws.com" && random.chance(0.6)) return CONSOLE_S3;
    return "AWS Internal";
  }
  if (kind === "service") return actor.principal.invokedBy || "AWS Internal";
  const key = USER_AGENT_KINDS.indexOf(kind) * 4096 + api.index;
  let userAgent = userAgentCache.get(key);
  if (userAgent === undefined) {
    userAgent = clientUserAgent(kind, api);
    userAgentCache.set(key, userAgent);
  }
  return userAgent;
}

function clientUserAgent(kind: Exclude<UserAgentKind, "console" | "service">, api: Api): string {
  const service = api.service;
  switch (kind) {
    case "browser":
      return BROWSER;
    case "cli":
      return `aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/macos#24.3.0 md/arch#arm64 lang/python#3.12.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#${api.cliCommand}`;
    case "cli1":
      return "aws-cli/1.18.69 Python/3.8.10 Linux/5.4.0-1045-aws botocore/1.16.19";
    case "boto3":
      return "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.1.119-129.201.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.90";
    case "go":
      return `aws-sdk-go-v2/1.32.7 ua/2.1 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 api/${service}#1.${40 + (api.index % 150)}.2 m/E`;
    case "terraform":
      return `APN/1.0 HashiCorp/1.0 Terraform/1.10.3 (+https://www.terraform.io) terraform-provider-aws/5.82.2 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.7 ua/2.1 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 api/${service}#1.${40 + (api.index % 150)}.2 m/C`;
    case "ssm-agent":
      return "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0";
    case "nodejs":
      return `aws-sdk-js/3.716.0 ua/2.1 os/linux#5.10.230-243.879.amzn2.x86_64 lang/js md/nodejs#20.18.1 api/${service}#3.716.0 exec-env/AWS_Lambda_nodejs20.x m/E`;
    case "java":
      return "aws-sdk-java/2.29.43 Linux/5.10.230-243.879.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS Java/17.0.13 vendor/Amazon.com_Inc. md/io#sync md/http#Apache ua/2.1 m/E";
  }
}

function hostHeader(api: Api, region: string, request: Json): string {
  if (request !== null && typeof request === "object" && !Array.isArray(request)) {
    const host = request["Host"];
    if (typeof host === "string") return host;
  }
  const service = api.service;
  if (api.global)
    return service === "sso" ? `portal.sso.${region}.amazonaws.com` : `${service}.amazonaws.com`;
  return `${service}.${region}.amazonaws.com`;
}

/** Decides whether a call fails and how, at the rates the catalogue and the principal give. */
function drawError(call: Call, random: Random, context: CallContext): ApiError | undefined {
  if (call.error) return call.error;
  const { api, actor } = call;
  if (api.eventType === "AwsServiceEvent" || actor.principal.kind === "AWSService")
    return undefined;
  if (api.eventSource === "signin.amazonaws.com") {
    if (actor.principal.kind === "Unknown")
      return { errorCode: "", errorMessage: "No username found in supplied account" };
    return random.chance(0.08)
      ? { errorCode: "", errorMessage: "Failed authentication" }
      : undefined;
  }
  if (!random.chance(api.errorRate + actor.errorBias)) return undefined;
  const roll = random.next();
  if (api.errors.length > 0 && (roll < 0.55 || api.errorRate > 0.05))
    return random.pick(api.errors);
  if (roll < 0.85) return denyError(api, context);
  return throttleError(api);
}

export function renderRecord(call: Call, random: Random): RenderedRecord {
  const { api, actor, account, region, time } = call;
  const principal = actor.principal;
  const context: CallContext = { random, account, region, time, principal };
  const parts = api.build(context);
  const error = drawError(call, random, context);

  let sourceIPAddress = actor.sourceIPs.draw(random);
  const userAgent = userAgentFor(actor.userAgents.draw(random), api, actor, random);
  let identity = actor.identity.render(time);
  const internal = sourceIPAddress === "AWS Internal" || sourceIPAddress.endsWith(".amazonaws.com");
  // Console pages call some APIs from AWS's side on the user's behalf.
  if (userAgent === "AWS Internal" && !internal && random.chance(0.25)) {
    sourceIPAddress = "AWS Internal";
    identity = identity.slice(0, -1) + ',"invokedBy":"AWS Internal"}';
  }
  const viaService =
    sourceIPAddress === "AWS Internal" || sourceIPAddress.endsWith(".amazonaws.com");

  let response: Json = parts.response ?? null;
  if (api.eventName === "ConsoleLogin") response = { ConsoleLogin: error ? "Failure" : "Success" };
  else if (error) response = null;

  const eventID = random.uuid();
  const serviceEvent = api.eventType === "AwsServiceEvent";
  const noRequestID = serviceEvent || api.eventType === "AwsConsoleSignIn";
  const requestID = noRequestID
    ? undefined
    : api.eventSource === "s3.amazonaws.com"
      ? random.chars(16, UPPER_ALPHANUMERIC)
      : random.uuid();
  const tls =
    viaService || api.eventType !== "AwsApiCall"
      ? undefined
      : {
          ...(random.chance(0.7) ? TLS13 : TLS12),
          clientProvidedHostHeader: hostHeader(api, region, parts.request),
        };

  // Field order follows real records; undefined fields are dropped by JSON.stringify.
  const rest = {
    eventSource: api.eventSource,
    eventName: api.eventName,
    awsRegion: region,
    sourceIPAddress,
    userAgent,
    errorCode: error && error.errorCode !== "" ? error.errorCode : undefined,
    errorMessage: error ? error.errorMessage : undefined,
    requestParameters: parts.request,
    responseElements: response,
    additionalEventData: parts.additionalEventData,
    requestID,
    eventID,
    readOnly: api.readOnly,
    resources: parts.resources,
    eventType: api.eventType,
    managementEvent: api.eventCategory === "Management",
    recipientAccountId: account.id,
    sharedEventID: serviceEvent ? random.uuid() : undefined,
    vpcEndpointId: sourceIPAddress.startsWith("10.") ? actor.vpcEndpointId : undefined,
    serviceEventDetails: parts.serviceEventDetails,
    eventCategory: api.eventCategory,
    tlsDetails: tls,
    sessionCredentialFromConsole: principal.console && !serviceEvent ? "true" : undefined,
  };
  const json =
    '{"eventVersion":"' +
    api.eventVersion +
    '","userIdentity":' +
    identity +
    ',"eventTime":"' +
    isoSeconds(time) +
    '",' +
    JSON.stringify(rest).slice(1);
  return {
    json,
    time,
    eventID,
    errorCode: error?.errorCode ?? "",
    userAgent,
    userIdentityArn: principal.arn,
  };
}
