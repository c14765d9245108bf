// Loaded file paths → where they lie in a trail's S3 layout:
//   [<prefix>/]AWSLogs/[o-<org>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
import type { DeliveryLayout } from "./types";

const LAYOUT =
  /^(?:(.*?)\/)?AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/;
/** Insights and digest deliveries: beside the events, never events themselves. */
const SIDE = /(^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/CloudTrail-(?:Insight|Digest)\//;

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

/**
 * The layout of the loaded files. The prefix is the part of the first path before `AWSLogs/`
 * (for a dropped folder that is the folder's own name, which the user replaces with the real S3
 * prefix); the bucket is never known offline.
 */
export function layoutOf(paths: readonly string[]): DeliveryLayout {
  const accounts = new Set<string>();
  const regions = new Set<string>();
  let prefix: string | null = null;
  let orgId: string | null = null;
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  let inLayout = 0;
  let outside = 0;
  for (const raw of paths) {
    const path = raw.replace(/\\/g, "/").replace(/^\/+/, "");
    const m = LAYOUT.exec(path);
    if (m === null) {
      if (!SIDE.test(path)) outside++;
      continue;
    }
    inLayout++;
    prefix ??= m[1] ?? "";
    if (m[2] !== undefined) orgId ??= m[2];
    accounts.add(m[3]!);
    regions.add(m[4]!);
    const day = `${m[5]}/${m[6]}/${m[7]}`;
    if (firstDay === null || day < firstDay) firstDay = day;
    if (lastDay === null || day > lastDay) lastDay = day;
  }
  return {
    prefix: (prefix ?? "").replace(/^\/+|\/+$/g, ""),
    orgId,
    accounts: sorted(accounts),
    regions: sorted(regions),
    firstDay,
    lastDay,
    inLayout,
    outside,
  };
}
