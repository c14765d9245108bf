// Test-only: where the shared sample data lives, beside the repository. Tests, the e2e fixtures and
// the benchmark read the samples in place through these paths (never copied into the project).
// Not imported by app code.
import { join, resolve } from "node:path";

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
