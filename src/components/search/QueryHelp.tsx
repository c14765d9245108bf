import { useState } from "react";

const EXAMPLES: [string, string][] = [
  ["eventName:Delete* OR eventName:Terminate* OR eventName:Stop*", "destructive calls"],
  ["eventName:ConsoleLogin AND additionalEventData.MFAUsed:No", "console logins without MFA"],
  ["userIdentity.type:Root AND NOT errorCode:*", "root use that succeeded"],
  ["errorCode:AccessDenied", "access denied (group by principal to see who)"],
  ["ip:10.0.0.0/8 OR ip:2001:db8::/32", "addresses in a network (CIDR)"],
  ["userAgent:*boto3* -principal:AWSServiceRole*", "wildcards, a term left out"],
  ["requestParameters.userName:* eventName:Create*", "any path of the record"],
  ["resources.ARN:*bucket*", "arrays match when any element does"],
  ["158.42.104.17", "a bare address, key id or ARN matches exactly"],
];

/** The query syntax in a few lines, with examples, behind a "?" button. */
export function QueryHelp() {
  const [open, setOpen] = useState(false);
  return (
    <span className="query-help">
      <button
        type="button"
        aria-expanded={open}
        aria-label="Query syntax"
        title="Query syntax"
        onClick={() => setOpen(!open)}
      >
        ?
      </button>
      {open ? (
        <div className="query-help-panel" role="dialog" aria-label="Query syntax">
          <p>
            <code>field:value</code> matches a value (any case); <code>*</code> and <code>?</code>{" "}
            are wildcards; <code>"quoted values"</code> may hold spaces; <code>field:*</code> means
            the field is there. Combine with <code>AND</code>, <code>OR</code>, <code>NOT</code> (or{" "}
            <code>-term</code>) and parentheses; terms side by side must all match. Any dotted path
            of a record is a field; short names: <code>principal</code>, <code>ip</code>,{" "}
            <code>region</code>, <code>account</code>, <code>key</code>, <code>arn</code>,{" "}
            <code>error</code>, <code>agent</code>, <code>mfa</code>. A bare word searches the
            indexed fields. Enter applies; a query on paths that are not indexed reads the records
            again.
          </p>
          <ul>
            {EXAMPLES.map(([query, what]) => (
              <li key={query}>
                <code>{query}</code> <span>{what}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </span>
  );
}
