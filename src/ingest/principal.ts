// Who did it: the one string an analyst pivots on, derived from `userIdentity` per its `type`.
import { asObject, text } from "./fields";

/** The last path segment of an ARN (after the last "/", else after the last ":"). */
function arnLastSegment(arn: string): string {
  const slash = arn.lastIndexOf("/");
  if (slash >= 0) return arn.slice(slash + 1);
  const colon = arn.lastIndexOf(":");
  return colon >= 0 ? arn.slice(colon + 1) : arn;
}

/** A name-like field as text: an object or array where a name belongs names nobody. */
function name(value: unknown): string {
  return typeof value === "object" ? "" : text(value);
}

// Not variadic: a rest array per call would be an allocation per record on a cache miss.
function firstOf(a: string, b: string, c = ""): string {
  return a !== "" ? a : b !== "" ? b : c;
}

function assumedRole(identity: Record<string, unknown>, arn: string, principalId: string): string {
  // `arn:aws:sts::<acct>:assumed-role/<Role>/<session>`: the human is the session, the role says
  // what they could do, so both are kept. Matched loosely: AWS's own examples carry stray spaces.
  const marker = arn.indexOf("assumed-role/");
  if (marker >= 0) {
    const roleAndSession = arn.slice(marker + "assumed-role/".length);
    if (roleAndSession.indexOf("/") > 0) return roleAndSession;
  }
  const issuer = asObject(asObject(identity.sessionContext)?.sessionIssuer);
  const roleName = issuer === null ? "" : name(issuer.userName);
  const colon = principalId.indexOf(":");
  if (roleName !== "" && colon >= 0) return `${roleName}/${principalId.slice(colon + 1).trim()}`;
  return principalId;
}

/**
 * The principal of a record's `userIdentity`: for an assumed role `<Role>/<session>`, for a user
 * its name, for the root `root (<accountId>)`, for a service the service, and so on.
 */
export function principalOf(userIdentity: unknown): string {
  if (typeof userIdentity === "string") return userIdentity;
  const identity = asObject(userIdentity);
  if (identity === null) return "";
  const arn = name(identity.arn);
  const principalId = name(identity.principalId);
  const userName = name(identity.userName);
  switch (identity.type) {
    case "AssumedRole":
      return assumedRole(identity, arn, principalId);
    case "IAMUser":
      return firstOf(userName, arn === "" ? "" : arnLastSegment(arn), principalId);
    case "Root": {
      const accountId = name(identity.accountId);
      return accountId === "" ? "root" : `root (${accountId})`;
    }
    case "AWSService":
      return firstOf(name(identity.invokedBy), principalId);
    case "FederatedUser": {
      const marker = arn.indexOf("federated-user/");
      return marker >= 0 ? arn.slice(marker + "federated-user/".length) : principalId;
    }
    case "AWSAccount": {
      const accountId = name(identity.accountId);
      return accountId === "" ? principalId : `account ${accountId}`;
    }
    case "IdentityCenterUser":
      return firstOf(userName, name(asObject(identity.onBehalfOf)?.userId), principalId);
    default:
      // Cross-account service calls come without a type, with only invokedBy to say who.
      return firstOf(
        firstOf(userName, arn === "" ? "" : arnLastSegment(arn)),
        principalId,
        name(identity.invokedBy),
      );
  }
}
