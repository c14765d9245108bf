// ingest/principal.ts's principalOf as a SQL expression over a record's userIdentity, one CASE
// per userIdentity.type in the same order and with the same fallbacks.
import { lit } from "./text";

/** SQL expressions (never NULL: '' when missing) for the userIdentity fields principalOf reads. */
export interface IdentitySql {
  type: string;
  arn: string;
  principalId: string;
  userName: string;
  accountId: string;
  invokedBy: string;
  /** userIdentity.sessionContext.sessionIssuer.userName */
  issuerUserName: string;
  /** userIdentity.onBehalfOf.userId */
  onBehalfOfUserId: string;
  /** The last path segment of an ARN expression: after the last "/", else after the last ":". */
  lastSegment(arn: string): string;
}

/** The text after the first `marker` in `value` (SQL positions are 1-based). */
function after(value: string, marker: string): string {
  return `substr(${value}, strpos(${value}, ${lit(marker)}) + ${marker.length})`;
}

/** The first non-empty of the expressions (firstOf in principal.ts). */
function firstOf(...values: string[]): string {
  const last = values[values.length - 1]!;
  const whens = values.slice(0, -1).map((value) => `WHEN ${value} <> '' THEN ${value}`);
  return `CASE ${whens.join(" ")} ELSE ${last} END`;
}

/** The principal of the identity (see principalOf): never NULL. */
export function principalSql(f: IdentitySql): string {
  const roleAndSession = after(f.arn, "assumed-role/");
  // The last segment of '' is '': no test for an empty ARN is needed.
  const segment = f.lastSegment(f.arn);
  const sessionName = `trim(${after(f.principalId, ":")})`;
  const assumedRole =
    `CASE WHEN strpos(${f.arn}, 'assumed-role/') > 0 AND strpos(${roleAndSession}, '/') > 1` +
    ` THEN ${roleAndSession}` +
    ` WHEN ${f.issuerUserName} <> '' AND strpos(${f.principalId}, ':') > 0` +
    ` THEN ${f.issuerUserName} || '/' || ${sessionName}` +
    ` ELSE ${f.principalId} END`;
  return [
    "CASE",
    `  WHEN ${f.type} = 'AssumedRole' THEN ${assumedRole}`,
    `  WHEN ${f.type} = 'IAMUser' THEN ${firstOf(f.userName, segment, f.principalId)}`,
    `  WHEN ${f.type} = 'Root' THEN CASE WHEN ${f.accountId} = '' THEN 'root' ELSE 'root (' || ${f.accountId} || ')' END`,
    `  WHEN ${f.type} = 'AWSService' THEN ${firstOf(f.invokedBy, f.principalId)}`,
    `  WHEN ${f.type} = 'FederatedUser' THEN CASE WHEN strpos(${f.arn}, 'federated-user/') > 0 THEN ${after(f.arn, "federated-user/")} ELSE ${f.principalId} END`,
    `  WHEN ${f.type} = 'AWSAccount' THEN CASE WHEN ${f.accountId} = '' THEN ${f.principalId} ELSE 'account ' || ${f.accountId} END`,
    `  WHEN ${f.type} = 'IdentityCenterUser' THEN ${firstOf(f.userName, f.onBehalfOfUserId, f.principalId)}`,
    `  ELSE ${firstOf(f.userName, segment, f.principalId, f.invokedBy)}`,
    "END",
  ].join("\n");
}
