// A rule that cannot be compiled: thrown anywhere in the compiler, caught once per YAML document
// by compileSigma, which lists the rule with the reason and goes on with the others.

export class RuleError extends Error {
  override name = "RuleError";
}

export function fail(reason: string): never {
  throw new RuleError(reason);
}

/** A short quote of attacker-written text for a message. */
export function quote(text: string, max = 60): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(clipped);
}
