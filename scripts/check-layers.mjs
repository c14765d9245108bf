// Enforces the direction of imports between the source layers (see src/README.md):
// a folder may import only from itself and from the folders listed before it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const SRC = resolve(import.meta.dirname, "..", "src");
const ORDER = ["lib", "ingest", "query", "generator", "store", "worker", "state", "components"];
// What each layer may import besides itself; `app` is the root (main.tsx, App.tsx).
const ALLOWED = Object.fromEntries(ORDER.map((layer, i) => [layer, new Set(ORDER.slice(0, i))]));
ALLOWED.app = new Set(ORDER);
// Pure layers must not touch React or the DOM-only libraries.
const PURE = new Set(["lib", "ingest", "query", "generator", "store"]);
const UI_PACKAGES = /^(react|react-dom|recharts|@tanstack\/react-)/;
// Test-only modules (Node APIs, paths of the shared samples) that app code must never import:
// only tests and other test-only modules may.
const TEST_ONLY = join(SRC, "lib", "testing");
const isTestCode = (file) =>
  /\.test\.tsx?$/.test(file) || /(^|[\\/])testing(\.tsx?$|[\\/])/.test(relative(SRC, file));

function layerOf(file) {
  const top = relative(SRC, file).split(sep)[0];
  return ORDER.includes(top) ? top : "app";
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (/\.(ts|tsx)$/.test(name)) yield full;
  }
}

const problems = [];
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|new URL\(\s*["']([^"']+)["']/g;
for (const file of walk(SRC)) {
  const layer = layerOf(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec.startsWith(".")) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC)) continue;
      if ((target === TEST_ONLY || target.startsWith(TEST_ONLY + sep)) && !isTestCode(file)) {
        problems.push(`${relative(SRC, file)}: app code may not import the test-only ${spec}`);
      }
      const targetLayer = layerOf(target);
      if (targetLayer !== layer && !ALLOWED[layer].has(targetLayer)) {
        problems.push(
          `${relative(SRC, file)}: layer "${layer}" may not import from "${targetLayer}" (${spec})`,
        );
      }
    } else if (PURE.has(layer) && UI_PACKAGES.test(spec)) {
      problems.push(`${relative(SRC, file)}: pure layer "${layer}" may not import "${spec}"`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
