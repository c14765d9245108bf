// The app's build for the bench, and the server: the shared static server of the e2e tests
// (e2e/staticServer.ts) with the build at / and the floor page (bench/floor/) at /__floor/, with
// pako's browser ESM build at /__floor/pako.mjs. The floor is not part of the app.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { serveStatic, type StaticServer } from "../e2e/staticServer";
import { progress } from "./measure";
import { BENCH_DIST, FLOOR_DIR, ROOT } from "./options";

export function build(): void {
  progress(`building the app (npx vite build --outDir ${relative(ROOT, BENCH_DIST)})`);
  const run = spawnSync(
    join(ROOT, "node_modules", ".bin", "vite"),
    ["build", "--outDir", BENCH_DIST, "--emptyOutDir", "--logLevel", "warn"],
    {
      cwd: ROOT,
      stdio: ["ignore", process.stderr, process.stderr],
    },
  );
  if (run.status !== 0) throw new Error(`vite build failed (exit ${run.status ?? run.signal})`);
}

function pakoBrowserBuild(): string {
  const candidates = [
    join(ROOT, "node_modules", "pako", "dist", "browser", "pako.esm.min.mjs"),
    join(ROOT, "node_modules", "pako", "dist", "pako.mjs"),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error("no ESM build of pako under node_modules/pako/dist");
  return found;
}

/** The build at /, the floor at /__floor/; `origin` is the URL of the app. */
export function serve(dist: string): Promise<StaticServer> {
  return serveStatic([
    { prefix: "/", dir: dist },
    { prefix: "/__floor/", dir: FLOOR_DIR },
    { path: "/__floor/pako.mjs", file: pakoBrowserBuild() },
  ]);
}
