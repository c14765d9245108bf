// The page runs under Trusted Types with one policy, `default`, that admits exactly one kind of
// string: a script URL on this page's own origin (the Web Workers' scripts). It offers no way to
// turn a string into HTML or script, so any innerHTML-style sink — which log text must never
// reach — throws instead of rendering markup.

interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScriptURL?: (input: string) => string }): unknown;
}

export function installTrustedTypesPolicy(): void {
  const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  if (!factory) return;
  factory.createPolicy("default", {
    createScriptURL(input: string): string {
      const url = new URL(input, document.baseURI);
      if (url.origin !== window.location.origin) {
        throw new TypeError(`script from another origin refused: ${url.origin}`);
      }
      return url.href;
    },
  });
}
