export interface GeneratorOptions {
  seed: number;
  /** Unique events (distinct eventIDs) to write, planted bursts included; duplicates come on top. */
  events: number;
  /** ISO date of the first day; the data starts at its 00:00Z. */
  start: string;
  days: number;
  accounts: number;
  /** Regions each account logs from; us-east-1, when present, also holds the global services. */
  regions: string[];
  /** Minutes between deliveries of one account and region (CloudTrail: about 5). */
  deliveryMinutes?: number;
  /** Fraction of events that also appear in a second, later file (same eventID). */
  duplicateRate?: number;
  /**
   * Mean records per log file: a delivery holding more is split into several files with the same
   * timestamp, as CloudTrail does. Small values (1–2) give the many-tiny-files case.
   */
  eventsPerFile?: number;
  bursts?: boolean;
  insights?: boolean;
  digests?: boolean;
  /** Writes under AWSLogs/<orgId>/<account>/… as an organisation trail does. */
  orgId?: string;
  /** pako level. 1 is the default: on these records it is 4x faster than 6 for 10% larger files. */
  gzipLevel?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export type ResolvedOptions = Required<Omit<GeneratorOptions, "orgId">> & {
  orgId: string | undefined;
  /** Milliseconds of options.start, 00:00Z of the first day. */
  startMs: number;
  endMs: number;
};

export const DEFAULTS = {
  deliveryMinutes: 5,
  duplicateRate: 0.002,
  eventsPerFile: 120,
  bursts: false,
  insights: false,
  digests: false,
  gzipLevel: 1,
} as const;

const DAY_MS = 86_400_000;

export function resolveOptions(options: GeneratorOptions): ResolvedOptions {
  const startMs = Date.parse(options.start);
  if (!Number.isFinite(startMs)) throw new RangeError(`start ${options.start} is not an ISO date`);
  const resolved: ResolvedOptions = {
    ...DEFAULTS,
    ...options,
    orgId: options.orgId,
    startMs: Math.floor(startMs / DAY_MS) * DAY_MS,
    endMs: 0,
  };
  resolved.endMs = resolved.startMs + resolved.days * DAY_MS;
  if (!Number.isInteger(resolved.events) || resolved.events < 0)
    throw new RangeError("events must be an integer >= 0");
  if (!(resolved.days >= 1 && Number.isInteger(resolved.days)))
    throw new RangeError("days must be an integer >= 1");
  if (!(resolved.accounts >= 1 && Number.isInteger(resolved.accounts)))
    throw new RangeError("accounts must be an integer >= 1");
  if (resolved.regions.length === 0) throw new RangeError("regions must not be empty");
  if (new Set(resolved.regions).size !== resolved.regions.length)
    throw new RangeError("regions must be distinct");
  if (!(
    resolved.deliveryMinutes >= 1 &&
    Number.isInteger(resolved.deliveryMinutes) &&
    1440 % resolved.deliveryMinutes === 0
  )) {
    throw new RangeError("deliveryMinutes must be a whole divisor of a day (1, 5, 10, 15, ...)");
  }
  if (!(resolved.duplicateRate >= 0 && resolved.duplicateRate < 1))
    throw new RangeError("duplicateRate must be in [0, 1)");
  if (!(resolved.eventsPerFile >= 1)) throw new RangeError("eventsPerFile must be >= 1");
  return resolved;
}

/**
 * Presets, sized by measurement (see README.md):
 * - demo: what "Load demo data" generates in a browser worker, in well under 2 s;
 * - bench: the benchmark's data set (pass `events` to scale it, up to a million);
 * - tiny: the many-tiny-files case, 1–2 records per file.
 */
export const PRESETS = {
  demo: {
    seed: 20261102,
    events: 50_000,
    start: "2026-11-02T00:00:00Z",
    days: 8,
    accounts: 2,
    regions: ["us-east-1", "eu-west-1", "us-west-2"],
    deliveryMinutes: 15,
    duplicateRate: 0.002,
    eventsPerFile: 120,
    bursts: true,
    insights: true,
    digests: true,
    orgId: "o-7k2pq9x3ab",
  },
  bench: {
    seed: 1,
    events: 300_000,
    start: "2026-11-02T00:00:00Z",
    days: 7,
    accounts: 2,
    regions: ["us-east-1", "eu-west-1", "us-west-2"],
    deliveryMinutes: 5,
    duplicateRate: 0.002,
    eventsPerFile: 120,
    bursts: true,
    insights: true,
    digests: true,
    orgId: "o-bench00001",
  },
  tiny: {
    seed: 7,
    events: 40_000,
    start: "2026-11-02T00:00:00Z",
    days: 3,
    accounts: 2,
    regions: ["us-east-1", "eu-west-1", "ap-southeast-2"],
    deliveryMinutes: 5,
    duplicateRate: 0.002,
    eventsPerFile: 1.3,
    bursts: false,
    insights: false,
    digests: false,
  },
} as const satisfies Record<string, GeneratorOptions>;

export type PresetName = keyof typeof PRESETS;

/** A preset as mutable options, optionally with fields replaced. */
export function preset(
  name: PresetName,
  overrides: Partial<GeneratorOptions> = {},
): GeneratorOptions {
  const base = PRESETS[name];
  return { ...base, regions: [...base.regions], ...overrides };
}
