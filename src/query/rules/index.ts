// The built-in rule pack: Trailview's own detections for CloudTrail, written as Sigma rules (one
// YAML text per rule; a correlation travels with its base rule as a second YAML document) and
// compiled with the same compiler as the rules a user loads. See README.md.
import { compileSigma } from "../sigma";
import type { SigmaCorrelation, SigmaRule } from "../sigma";
import { CREDENTIAL_ACCESS_RULES } from "./credentialAccess";
import { DISCOVERY_RULES } from "./discovery";
import { EXECUTION_RULES } from "./execution";
import { EXFILTRATION_RULES } from "./exfiltration";
import { IMPACT_RULES } from "./impact";
import { INITIAL_ACCESS_RULES } from "./initialAccess";
import { LOGGING_RULES } from "./logging";
import { PERSISTENCE_RULES } from "./persistence";
import { PRIVILEGE_ESCALATION_RULES } from "./privilegeEscalation";
import { SECURITY_SERVICE_RULES } from "./securityServices";

/** Every built-in rule's YAML text, grouped by tactic in kill-chain order. */
export const BUILTIN_RULES_YAML: readonly string[] = [
  ...INITIAL_ACCESS_RULES,
  ...EXECUTION_RULES,
  ...PERSISTENCE_RULES,
  ...PRIVILEGE_ESCALATION_RULES,
  ...LOGGING_RULES,
  ...SECURITY_SERVICE_RULES,
  ...CREDENTIAL_ACCESS_RULES,
  ...DISCOVERY_RULES,
  ...EXFILTRATION_RULES,
  ...IMPACT_RULES,
];

/** The `author` every built-in rule carries, which tells them from the rules a user loads. */
export const BUILTIN_AUTHOR = "Trailview";

export interface BuiltinRules {
  /** Single-event rules, base rules of correlations included (their `generate` is false). */
  rules: readonly SigmaRule[];
  correlations: readonly SigmaCorrelation[];
}

/** The name the compiler records as a built-in rule's file: `trailview/<first title>.yml`. */
export function builtinFileName(yaml: string): string {
  const title = /^title:\s*(.+)$/m.exec(yaml)?.[1] ?? "rule";
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `trailview/${slug}.yml`;
}

let compiled: BuiltinRules | null = null;

/**
 * The pack compiled (once; later calls return the same objects). Throws when a rule does not
 * compile or two rules share an id: the pack is part of the program, so that is a bug.
 */
export function builtinRules(): BuiltinRules {
  if (compiled !== null) return compiled;
  const rules: SigmaRule[] = [];
  const correlations: SigmaCorrelation[] = [];
  const problems: string[] = [];
  for (const yaml of BUILTIN_RULES_YAML) {
    const result = compileSigma(yaml, builtinFileName(yaml));
    for (const error of result.errors) problems.push(`${error.title}: ${error.reason}`);
    rules.push(...result.rules);
    correlations.push(...result.correlations);
  }
  const seen = new Set<string>();
  for (const { id, title } of [...rules, ...correlations]) {
    if (seen.has(id)) problems.push(`${title}: id ${id} used twice`);
    seen.add(id);
  }
  if (problems.length > 0) {
    throw new Error(`built-in rules do not compile:\n${problems.join("\n")}`);
  }
  compiled = { rules, correlations };
  return compiled;
}
