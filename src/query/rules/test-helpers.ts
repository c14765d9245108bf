// Helpers for the tests of this folder (imported by *.test.ts and the cases.*.ts tables only).
import { compileRecordPredicate, type RecordPredicate } from "../record";
import type { SigmaRule } from "../sigma";
import { builtinRules } from "./index";

export type TestRecord = Record<string, unknown>;

/** One single-event rule: records it must flag and near misses (one change away) it must not. */
export interface RuleCase {
  id: string;
  /** The rule's title, so that a table row cannot silently point at the wrong rule. */
  title: string;
  hits: TestRecord[];
  misses: TestRecord[];
}

export const ACCOUNT = "111122223333";

export const ALICE = {
  type: "IAMUser",
  principalId: "AIDAALICEEXAMPLE",
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  accessKeyId: "AKIAALICEEXAMPLE",
  userName: "alice",
};

export const ROLE_SESSION = {
  type: "AssumedRole",
  principalId: "AROADEPLOYEXAMPLE:deploy-session",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/deploy-session`,
  accountId: ACCOUNT,
  accessKeyId: "ASIADEPLOYEXAMPLE",
  sessionContext: {
    sessionIssuer: {
      type: "Role",
      principalId: "AROADEPLOYEXAMPLE",
      arn: `arn:aws:iam::${ACCOUNT}:role/deploy`,
      accountId: ACCOUNT,
      userName: "deploy",
    },
    attributes: { creationDate: "2026-01-05T09:00:00Z", mfaAuthenticated: "false" },
  },
};

/** A minimal management event by alice; `fields` are laid over it. */
export function event(eventSource: string, eventName: string, fields: TestRecord = {}): TestRecord {
  return {
    eventVersion: "1.09",
    userIdentity: ALICE,
    eventTime: "2026-01-05T10:00:00Z",
    eventSource,
    eventName,
    awsRegion: "us-east-1",
    sourceIPAddress: "203.0.113.7",
    userAgent: "aws-cli/2.17.0",
    requestParameters: null,
    responseElements: null,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    ...fields,
  };
}

/** `event` with only requestParameters given. */
export function call(eventSource: string, eventName: string, requestParameters: TestRecord) {
  return event(eventSource, eventName, { requestParameters });
}

/** Every compiled single-event rule of the pack, by id. */
export function ruleById(id: string): SigmaRule {
  const rule = builtinRules().rules.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no built-in rule ${id}`);
  return rule;
}

const predicates = new Map<string, RecordPredicate>();

/** The record predicate of a built-in single-event rule. */
export function predicateOf(id: string): RecordPredicate {
  let predicate = predicates.get(id);
  if (predicate === undefined) {
    predicate = compileRecordPredicate(ruleById(id).expr);
    predicates.set(id, predicate);
  }
  return predicate;
}
