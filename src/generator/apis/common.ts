// What every service file of the catalogue shares: the shapes of a call and of its spec, and
// the few helpers all of them use.
import type { Random } from "../../lib/random";
import type { Json } from "../json";
import type { AccountWorld, Principal } from "../world";

export interface CallContext {
  random: Random;
  account: AccountWorld;
  region: string;
  time: number;
  principal: Principal;
}

export interface CallParts {
  request: Json;
  response?: Json;
  resources?: Json[];
  additionalEventData?: Json;
  serviceEventDetails?: Json;
}

export interface ApiError {
  errorCode: string;
  errorMessage: string;
}

export interface Api {
  /** Position in API_LIST, a compact key for per-API counters. */
  index: number;
  eventSource: string;
  eventName: string;
  /** The eventSource's first label (`ec2`), as SDKs and host names use it. */
  service: string;
  readOnly: boolean;
  eventCategory: "Management" | "Data";
  eventType: "AwsApiCall" | "AwsServiceEvent" | "AwsConsoleSignIn";
  eventVersion: string;
  /** Global services (IAM, sign-in, Identity Center) record in us-east-1 only. */
  global: boolean;
  /** `aws <service> <command>`, which aws-cli v2 puts in its user agent. */
  cliCommand: string;
  build: (c: CallContext) => CallParts;
  /** Failures specific to this call (NoSuchEntity, ...), besides denial and throttling. */
  errors: readonly ApiError[];
  /** Fraction of calls that fail, before the principal's own error bias. */
  errorRate: number;
}

export interface ApiSpec {
  source: string;
  name: string;
  readOnly: boolean;
  build: (c: CallContext) => CallParts;
  data?: boolean;
  eventType?: Api["eventType"];
  version?: string;
  global?: boolean;
  errors?: ApiError[];
  errorRate?: number;
}

export const S3_ID2 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export const pick = <T>(c: CallContext, items: readonly T[]): T => c.random.pick(items);
export const arnOf = (c: CallContext, service: string, resource: string): string =>
  `arn:aws:${service}:${c.region}:${c.account.id}:${resource}`;
