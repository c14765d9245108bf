// Planted anomalies: short bursts of write calls (or of one failing call) by a single intruding
// principal. They are the ground truth for tests of anomaly detection and for the Insights files.

import { Random } from "../lib/random";
import { lookupApi } from "./apis";
import { type GeneratorOptions, resolveOptions, type ResolvedOptions } from "./options";
import { accountIds } from "./world";

export interface PlantedBurst {
  eventSource: string;
  eventName: string;
  /** Set for error-rate bursts: every call of the burst fails with it. */
  errorCode?: string;
  account: string;
  region: string;
  /** First minute of the burst, ms since epoch. */
  start: number;
  minutes: number;
  kind: "call-rate" | "error-rate";
  /** Planted calls per minute, on top of the normal traffic of that API. */
  eventsPerMinute: number;
}

export interface BurstPlan extends PlantedBurst {
  apiKey: string;
  accountIndex: number;
  regionIndex: number;
  /** Key of the intruder principal in the account's population. */
  intruder: string;
}

interface BurstTemplate {
  kind: PlantedBurst["kind"];
  apiKey: string;
  errorCode?: string;
  intruder: string;
  eventsPerMinute: number;
  minutes: readonly [number, number];
}

const TEMPLATES: readonly BurstTemplate[] = [
  {
    kind: "call-rate",
    apiKey: "iam:CreateAccessKey",
    intruder: "leaked-key",
    eventsPerMinute: 20,
    minutes: [10, 15],
  },
  {
    kind: "error-rate",
    apiKey: "secretsmanager:GetSecretValue",
    errorCode: "AccessDenied",
    intruder: "stolen-instance-credentials",
    eventsPerMinute: 40,
    minutes: [10, 20],
  },
  {
    kind: "call-rate",
    apiKey: "ec2:AuthorizeSecurityGroupIngress",
    intruder: "stolen-instance-credentials",
    eventsPerMinute: 30,
    minutes: [5, 10],
  },
  {
    kind: "call-rate",
    apiKey: "s3:PutBucketPolicy",
    intruder: "leaked-key",
    eventsPerMinute: 20,
    minutes: [6, 10],
  },
  {
    kind: "call-rate",
    apiKey: "ec2:RunInstances",
    intruder: "stolen-instance-credentials",
    eventsPerMinute: 25,
    minutes: [20, 30],
  },
];

/** Planted events stay under this share of all events, so the baseline stays the bulk. */
const MAX_BURST_SHARE = 0.1;
const MIN_EVENTS_PER_MINUTE = 2;
const DAY_MS = 86_400_000;

export function planBursts(options: ResolvedOptions): BurstPlan[] {
  if (!options.bursts || options.events === 0) return [];
  const random = Random.derive(options.seed, "bursts");
  const accounts = accountIds(options.seed, options.accounts);
  const drafts = TEMPLATES.map((template) => ({
    template,
    minutes: random.range(template.minutes[0], template.minutes[1]),
  }));
  const budget = drafts.reduce((sum, d) => sum + d.template.eventsPerMinute * d.minutes, 0);
  const scale = Math.min(1, (MAX_BURST_SHARE * options.events) / budget);
  // Bursts come after a couple of days of normal data, so that there is a baseline to beat.
  const firstDay = options.days >= 3 ? 2 : options.days - 1;
  const daysAvailable = options.days - firstDay;
  const plans: BurstPlan[] = [];
  drafts.forEach(({ template, minutes }, i) => {
    const call = lookupApi(template.apiKey);
    const regionIndex = call.global
      ? options.regions.indexOf("us-east-1")
      : i % options.regions.length;
    const eventsPerMinute = Math.floor(template.eventsPerMinute * scale);
    // Bursts sharing a day get separate bands of office hours, so they never overlap.
    const bandHours = Math.floor(10 / Math.ceil(TEMPLATES.length / daysAvailable));
    const hour = 8 + Math.floor(i / daysAvailable) * bandHours + random.int(bandHours);
    const minute = random.int(60);
    if (regionIndex < 0 || eventsPerMinute < MIN_EVENTS_PER_MINUTE) return;
    const accountIndex = i % options.accounts;
    const day = firstDay + (i % daysAvailable);
    const plan: BurstPlan = {
      eventSource: call.eventSource,
      eventName: call.eventName,
      account: accounts[accountIndex] ?? "",
      region: options.regions[regionIndex] ?? "",
      start: options.startMs + day * DAY_MS + hour * 3_600_000 + minute * 60_000,
      minutes,
      kind: template.kind,
      eventsPerMinute,
      apiKey: template.apiKey,
      accountIndex,
      regionIndex,
      intruder: template.intruder,
    };
    if (template.errorCode !== undefined) plan.errorCode = template.errorCode;
    plans.push(plan);
  });
  return plans;
}

/** The ground truth of what generateDeliveries plants with these options. */
export function plantedBursts(options: GeneratorOptions): PlantedBurst[] {
  return planBursts(resolveOptions(options)).map((plan) => {
    const burst: PlantedBurst = {
      eventSource: plan.eventSource,
      eventName: plan.eventName,
      account: plan.account,
      region: plan.region,
      start: plan.start,
      minutes: plan.minutes,
      kind: plan.kind,
      eventsPerMinute: plan.eventsPerMinute,
    };
    if (plan.errorCode !== undefined) burst.errorCode = plan.errorCode;
    return burst;
  });
}

export function burstEventCount(plans: readonly BurstPlan[]): number {
  return plans.reduce((sum, plan) => sum + plan.eventsPerMinute * plan.minutes, 0);
}
