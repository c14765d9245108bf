import { describe, expect, test } from "vitest";
import { principalOf } from "./principal";

describe("principalOf", () => {
  test("AssumedRole: role and session from the arn, else from the session issuer", () => {
    expect(
      principalOf({
        type: "AssumedRole",
        principalId: "AROAEXAMPLE:alice",
        arn: "arn:aws:sts::111122223333:assumed-role/Admin/alice",
      }),
    ).toBe("Admin/alice");
    // AWS's own docs example, with stray spaces in the arn.
    expect(
      principalOf({
        type: "AssumedRole",
        arn: "arn: aws: sts: : 123456789012: assumed-role/DevRole/Dev1",
      }),
    ).toBe("DevRole/Dev1");
    expect(
      principalOf({
        type: "AssumedRole",
        principalId: "AROAEXAMPLE:bob",
        sessionContext: { sessionIssuer: { userName: "Ops" } },
      }),
    ).toBe("Ops/bob");
    expect(principalOf({ type: "AssumedRole", principalId: "AROAEXAMPLE:bob" })).toBe(
      "AROAEXAMPLE:bob",
    );
  });

  test("IAMUser: userName, else the arn's last segment", () => {
    expect(principalOf({ type: "IAMUser", userName: "anaya", arn: "arn:aws:iam::1:user/x" })).toBe(
      "anaya",
    );
    expect(principalOf({ type: "IAMUser", arn: "arn:aws:iam::1:user/team/anaya" })).toBe("anaya");
    expect(principalOf({ type: "IAMUser", principalId: "AIDAEXAMPLE" })).toBe("AIDAEXAMPLE");
  });

  test("Root", () => {
    expect(
      principalOf({
        type: "Root",
        accountId: "111122223333",
        arn: "arn:aws:iam::111122223333:root",
      }),
    ).toBe("root (111122223333)");
    expect(principalOf({ type: "Root" })).toBe("root");
  });

  test("AWSService: invokedBy, else principalId", () => {
    expect(principalOf({ type: "AWSService", invokedBy: "ec2.amazonaws.com" })).toBe(
      "ec2.amazonaws.com",
    );
    expect(principalOf({ type: "AWSService", principalId: "svc" })).toBe("svc");
  });

  test("FederatedUser: the name after federated-user/", () => {
    expect(
      principalOf({
        type: "FederatedUser",
        arn: "arn:aws:sts::1:federated-user/carol",
        principalId: "1:carol",
      }),
    ).toBe("carol");
    expect(principalOf({ type: "FederatedUser", principalId: "1:carol" })).toBe("1:carol");
  });

  test("AWSAccount", () => {
    expect(
      principalOf({ type: "AWSAccount", accountId: "444455556666", principalId: "AIDA" }),
    ).toBe("account 444455556666");
    expect(principalOf({ type: "AWSAccount", principalId: "AIDA" })).toBe("AIDA");
  });

  test("IdentityCenterUser: userName, else onBehalfOf.userId", () => {
    expect(
      principalOf({ type: "IdentityCenterUser", userName: "dana", onBehalfOf: { userId: "u-1" } }),
    ).toBe("dana");
    expect(principalOf({ type: "IdentityCenterUser", onBehalfOf: { userId: "u-1" } })).toBe("u-1");
    expect(principalOf({ type: "IdentityCenterUser", principalId: "p" })).toBe("p");
  });

  test("other types: userName, arn's last segment, principalId, invokedBy", () => {
    expect(principalOf({ type: "SAMLUser", userName: "erin" })).toBe("erin");
    expect(principalOf({ type: "WebIdentityUser", arn: "arn:aws:sts::1:thing/frank" })).toBe(
      "frank",
    );
    expect(principalOf({ type: "Unknown", principalId: "pid" })).toBe("pid");
    expect(principalOf({ accountId: "1", invokedBy: "secretsmanager.amazonaws.com" })).toBe(
      "secretsmanager.amazonaws.com",
    );
    expect(principalOf({ type: "Unknown" })).toBe("");
  });

  test("odd userIdentity values", () => {
    expect(principalOf("someone")).toBe("someone");
    expect(principalOf(null)).toBe("");
    expect(principalOf(42)).toBe("");
    expect(principalOf({ type: "IAMUser", userName: 7 })).toBe("7");
  });
});
