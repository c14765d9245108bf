// The Content-Security-Policy of the built app: only its own files, no connection elsewhere, no
// third-party scripts, styles, fonts or images, and no HTML built from strings (Trusted Types:
// any innerHTML-style sink throws). Log text is attacker-controlled; even a
// rendering bug cannot turn it into markup or send it anywhere.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  // One policy, `default`, which admits same-origin worker script URLs only (src/trustedTypes.ts).
  "trusted-types default",
].join("; ");
