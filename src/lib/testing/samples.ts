// Test-only: where the shared sample data lives, beside the repository. Tests, the e2e fixtures and
// the benchmark read the samples in place through these paths (never copied into the project).
// Not imported by app code.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";

/** The shared samples folder: `real/` CloudTrail files and `sigma/` SigmaHQ rules. */
export const SAMPLES = resolve(import.meta.dirname, "../../../../shared/samples");
/** Real CloudTrail files of several sources. */
export const REAL_SAMPLES = join(SAMPLES, "real");
/** The invictus-ir AWS dataset: one Stratus Red Team run, as a trail delivered it. */
export const INVICTUS = join(REAL_SAMPLES, "invictus-aws-dataset");
/** The invictus dataset's one day of us-east-1 log files. */
export const INVICTUS_DAY = join(INVICTUS, "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10");
/** The examples of AWS's CloudTrail documentation (records, digests). */
export const AWS_DOCS_EXAMPLES = join(REAL_SAMPLES, "aws-docs-examples");
/** SigmaHQ's CloudTrail rules (`rules/`, and `unsupported/`). */
export const SIGMA = join(SAMPLES, "sigma");
export const SIGMA_RULES = join(SIGMA, "rules");

/** The invictus dataset's log files (`.json.gz`), sorted by path. */
export function invictusLogs(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? under(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return under(INVICTUS)
    .filter((path) => path.endsWith(".json.gz"))
    .sort();
}

/** The `Records` of a gzip log file, read with node:zlib and JSON.parse (not the app's parser). */
export function recordsOf(path: string): Record<string, unknown>[] {
  return (
    JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as {
      Records: Record<string, unknown>[];
    }
  ).Records;
}

/** Every file under `dir`, in a stable order. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}
