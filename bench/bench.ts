// The benchmark: loads generated CloudTrail deliveries through the real UI in headless Chromium and
// prints one figure per line. Timings are reported as a ratio to the floor (inflate + JSON.parse
// alone, same files, same workers, same browser, same run), because absolute seconds drift between
// runs and machines and the ratio does not. See bench/README.md for the method and its caveats.
//
//   npx tsx bench/bench.ts [--case bench|tiny|folder|archive|all] [--events N] [--seed S] [--rounds R] [--no-build]
//
// Figures go to stdout, progress to stderr, so `npx tsx bench/bench.ts > note.txt` is quotable.
// Exit code: 0 whatever the figures (a missed target is reported, not failed); non-zero when the
//
// The pieces: options.ts (the command line), data.ts (generated data under .bench/), server.ts
// (build and serve), page.ts (in-page scripts), rounds.ts (a floor run, an app load), memory.ts,
// interactions.ts (latencies on the loaded page), report.ts (a case's rounds and its figures).
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../e2e/chromium";
import { progress } from "./measure";
import { BENCH_DIST, ROOT, readOptions } from "./options";
import { runArchiveCase } from "./archiveCase";
import { runFolderCase } from "./folderCase";
import { runCase } from "./report";
import { BenchFailure } from "./rounds";
import { build, serve } from "./server";

async function main(): Promise<number> {
  const options = readOptions();
  if (options.build) build();
  // Without a build, what the developer built last: dist/.
  const dist = options.build ? BENCH_DIST : join(ROOT, "dist");
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`${relative(ROOT, dist)}/index.html is missing: build the app first`);
  }
  const server = await serve(dist);
  const url = server.origin;
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  progress(
    `serving ${url} (${relative(ROOT, dist)}/ and /__floor/), Chromium ${browser.version()}`,
  );
  let failed = false;
  try {
    let first = true;
    for (const spec of options.cases) {
      try {
        const lines =
          spec.name === "folder"
            ? await runFolderCase(browser, url, spec, options)
            : spec.name === "archive"
              ? await runArchiveCase(browser, url, spec, options)
              : await runCase(browser, url, spec, options);
        if (!first) console.log("");
        console.log(lines.join("\n"));
      } catch (error) {
        failed = true;
        if (!first) console.log("");
        console.log(`case ${spec.name}`);
        console.log(`FAILED ${error instanceof Error ? error.message : String(error)}`);
        if (error instanceof Error && !(error instanceof BenchFailure)) console.error(error.stack);
      }
      first = false;
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return failed ? 1 : 0;
}

// Run when invoked, not when imported (a later tool may reuse the pieces).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
