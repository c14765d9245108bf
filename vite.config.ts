import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { CONTENT_SECURITY_POLICY } from "./csp.config.ts";

/**
 * Puts the policy in the built index.html as a meta tag, so it holds on any static host. Only in
 * the build: the dev server injects inline scripts for hot reloading.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: "trailview-csp",
    apply: "build",
    transformIndexHtml: () => [
      {
        tag: "meta",
        attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY },
        injectTo: "head-prepend",
      },
      {
        tag: "meta",
        attrs: { name: "referrer", content: "no-referrer" },
        injectTo: "head-prepend",
      },
    ],
    // The same policy as a response header, for hosts that read a `_headers` file (Netlify,
    // Cloudflare Pages); README.md shows it for nginx, Apache and CloudFront.
    generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: "_headers",
        source: `/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'\n  Referrer-Policy: no-referrer\n  X-Content-Type-Options: nosniff\n`,
      });
    },
  };
}

// `base: "./"` makes every asset URL relative, so the same build works from `/`, from any
// sub-path (`/tools/trail/`) and from a plain static file server.
export default defineConfig({
  base: "./",
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true },
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    env: { TZ: "UTC" },
    testTimeout: 30_000,
  },
});
