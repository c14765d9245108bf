import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// `base: "./"` makes every asset URL relative, so the same build works from `/`, from any
// sub-path (`/tools/trail/`) and from a plain static file server.
export default defineConfig({
  base: "./",
  plugins: [react()],
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true },
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    env: { TZ: "UTC" },
    testTimeout: 30_000,
  },
});
