// The delivery loop: walks time in delivery slots and, for each account and region, draws that
// slot's events, packs them into log files named by delivery time, and interleaves the Insights
// and digest files. Only one slot's records are held at a time, so a million events stream.
//
//   slot k of stream (account, region):  events with eventTime in [T0 + k·d, T0 + (k+1)·d)
//   delivered at T0 + (k+1)·d + lag (lag < d), in 1..n files sharing that timestamp
//   digest windows: hourly per stream, at a per-stream offset; closed once no later slot can
//   deliver into them

import { ALPHANUMERIC, hashUnit, Random, WeightedTable } from "../lib/random";
import { sha256Hex } from "../lib/sha256";
import { burstEventCount, type BurstPlan, planBursts } from "./bursts";
import { DEMO_KEY_FINGERPRINT } from "./demoKey";
import { DigestChain, type DigestSigning } from "./digest";
import { Gzipper } from "./gzip";
import { InsightTracker } from "./insights";
import { compactMinute, datePath } from "./json";
import { type GeneratorOptions, type ResolvedOptions, resolveOptions } from "./options";
import { type Actor, type AccountPopulation, addressBook, buildPopulation } from "./population";
import { type RenderedRecord, renderRecord } from "./records";
import { accountIds, buildAccount } from "./world";
import { API_LIST, denyError, lookupApi } from "./apis";

export interface GeneratedFile {
  /** S3 key, e.g. AWSLogs/o-abc/123456789012/CloudTrail/us-east-1/2026/11/02/…json.gz */
  path: string;
  /** Gzipped file content. */
  bytes: Uint8Array;
  kind: "log" | "insight" | "digest" | "keys";
  /** Records in the file (duplicates included); 0 for a digest. */
  records: number;
  /** A digest's signing: to be signed before the next file is asked for (see signing.ts). */
  signing?: DigestSigning;
  /** A signed digest's signature (hex), as S3 keeps it in the object's metadata. */
  signature?: string;
}

export interface GenerationStats {
  logFiles: number;
  insightFiles: number;
  digestFiles: number;
  /** Distinct eventIDs in the log files: always options.events. */
  events: number;
  /** Records written a second time, in a later file. */
  duplicates: number;
  /** Records in all log files: events + duplicates. */
  records: number;
  compressedBytes: number;
  uncompressedBytes: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DUPLICATE_STREAM = 0x0d0b1e;

/** Share of office-hours activity per UTC hour on a weekday. */
const HUMAN_BY_HOUR = [
  0.03, 0.02, 0.02, 0.02, 0.03, 0.05, 0.12, 0.35, 0.7, 0.95, 1, 1, 0.8, 0.95, 1, 1, 0.9, 0.7, 0.45,
  0.3, 0.2, 0.12, 0.07, 0.05,
];
const WEEKEND_HUMAN = 0.1;
const AUTOMATION_LEVEL = 0.5;

/** Activity at a moment: total weight, and the share of it that comes from people. */
function activity(ms: number): { weight: number; humanShare: number } {
  const hour = Math.floor((ms % DAY_MS) / HOUR_MS);
  const dayOfWeek = (Math.floor(ms / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
  const weekend = dayOfWeek === 0 || dayOfWeek === 6;
  const human = (HUMAN_BY_HOUR[hour] ?? 0) * (weekend ? WEEKEND_HUMAN : 1);
  // Nightly batch jobs lift automation a little around 02:00.
  const automation = AUTOMATION_LEVEL * (hour === 2 || hour === 3 ? 1.4 : 1);
  return { weight: human + automation, humanShare: human / (human + automation) };
}

/** Same seed, same slot, same stream: same noise, without keeping any state between passes. */
function slotWeight(seed: number, slot: number, stream: number, base: number): number {
  return base * (0.55 + 0.9 * hashUnit(seed, slot, stream));
}

/** Whether event number `index` (in generation order) is written twice. */
function isDuplicated(options: ResolvedOptions, index: number): boolean {
  return (
    options.duplicateRate > 0 &&
    hashUnit(options.seed, DUPLICATE_STREAM, index) < options.duplicateRate
  );
}

/** Counts of what generateDeliveries will write, computed without generating. */
export function expectedCounts(options: GeneratorOptions): { events: number; duplicates: number } {
  const resolved = resolveOptions(options);
  let duplicates = 0;
  for (let i = 0; i < resolved.events; i++) if (isDuplicated(resolved, i)) duplicates++;
  return { events: resolved.events, duplicates };
}

interface Stream {
  index: number;
  population: AccountPopulation;
  region: string;
  /** Global services log here: us-east-1. */
  globalRegion: boolean;
  weight: number;
  humans: WeightedTable<Actor> | null;
  automation: WeightedTable<Actor> | null;
  prefix: string;
  pending: { record: RenderedRecord; dueSlot: number }[];
  digest: DigestChain | null;
  digestOffset: number;
  nextDigestEnd: number;
  lastDelivery: number;
}

function actorTable(
  actors: readonly Actor[],
  globalRegion: boolean,
  human: boolean,
): WeightedTable<Actor> | null {
  const eligible = actors.filter(
    (a) => a.human === human && a.weight > 0 && (globalRegion || a.regionalCalls !== null),
  );
  return eligible.length > 0
    ? new WeightedTable(eligible.map((a) => [a, a.weight] as const))
    : null;
}

function buildStreams(options: ResolvedOptions): Stream[] {
  const book = addressBook(options.seed);
  const ids = accountIds(options.seed, options.accounts);
  const homeRegion = options.regions.includes("us-east-1")
    ? "us-east-1"
    : (options.regions[0] ?? "us-east-1");
  const trailName = options.orgId ? "org-trail" : "management-events";
  // The key the digests are signed with: the demo data's own (demoKey.ts).
  const fingerprint = DEMO_KEY_FINGERPRINT;
  const streams: Stream[] = [];
  ids.forEach((id, accountIndex) => {
    const population = buildPopulation(
      options.seed,
      buildAccount(options.seed, accountIndex, id),
      book,
    );
    const bucket = `aws-cloudtrail-logs-${ids[0] ?? id}-${Random.derive(options.seed, "bucket").hex(8)}`;
    const prefix = `AWSLogs/${options.orgId ? options.orgId + "/" : ""}${id}/`;
    options.regions.forEach((region, regionIndex) => {
      const globalRegion = region === "us-east-1";
      const index = streams.length;
      // Most activity is in the home region; other regions see a fraction of it.
      const regionWeight = region === homeRegion ? 1 : 0.45 / (1 + 0.5 * regionIndex);
      const offset = Math.floor(hashUnit(options.seed, 0xd1, index) * 3600) * 1000;
      streams.push({
        index,
        population,
        region,
        globalRegion,
        weight: regionWeight / (1 + 0.6 * accountIndex),
        humans: actorTable(population.actors, globalRegion, true),
        automation: actorTable(population.actors, globalRegion, false),
        prefix,
        pending: [],
        digest: options.digests
          ? new DigestChain(prefix, id, region, trailName, homeRegion, bucket, fingerprint)
          : null,
        digestOffset: offset,
        nextDigestEnd: options.startMs + offset,
        lastDelivery: options.startMs,
      });
    });
  });
  return streams;
}

function drawActor(stream: Stream, humanShare: number, random: Random): Actor | null {
  const preferred = random.next() < humanShare ? stream.humans : stream.automation;
  return (preferred ?? stream.humans ?? stream.automation)?.draw(random) ?? null;
}

/**
 * Generates the deliveries in time order (roughly: Insights files come once their burst is over,
 * digests once their hour is closed). Same options, same bytes. Returns the counts when done.
 */
export function* generateDeliveries(
  options: GeneratorOptions,
): Generator<GeneratedFile, GenerationStats> {
  const o = resolveOptions(options);
  const random = Random.derive(o.seed, "deliveries");
  const streams = buildStreams(o);
  const plans = planBursts(o);
  const slotMs = o.deliveryMinutes * MINUTE_MS;
  const slots = Math.round((o.endMs - o.startMs) / slotMs);
  const backgroundEvents = o.events - burstEventCount(plans);
  if (backgroundEvents < 0) throw new RangeError("bursts exceed the requested events");

  const stats: GenerationStats = {
    logFiles: 0,
    insightFiles: 0,
    digestFiles: 0,
    events: 0,
    duplicates: 0,
    records: 0,
    compressedBytes: 0,
    uncompressedBytes: 0,
  };

  // Insights trackers by stream and API, so that each record costs one array lookup.
  const trackers = new Map<number, InsightTracker[]>();
  const pendingInsights: InsightTracker[] = [];
  if (o.insights) {
    for (const plan of plans) {
      const tracker = new InsightTracker(plan, o.startMs);
      const key =
        (plan.accountIndex * o.regions.length + plan.regionIndex) * API_LIST.length +
        lookupApi(plan.apiKey).index;
      trackers.set(key, [...(trackers.get(key) ?? []), tracker]);
      pendingInsights.push(tracker);
    }
  }
  const burstsByStream = new Map<number, BurstPlan[]>();
  for (const plan of plans) {
    const s = plan.accountIndex * o.regions.length + plan.regionIndex;
    burstsByStream.set(s, [...(burstsByStream.get(s) ?? []), plan]);
  }

  // First pass: the total weight, so that the second pass can hand out exactly `events`.
  const baseWeights = new Float64Array(slots);
  let totalWeight = 0;
  for (let slot = 0; slot < slots; slot++) {
    baseWeights[slot] = activity(o.startMs + slot * slotMs + slotMs / 2).weight;
    for (const stream of streams)
      totalWeight += slotWeight(
        o.seed,
        slot,
        stream.index,
        (baseWeights[slot] ?? 0) * stream.weight,
      );
  }

  let eventIndex = 0;
  let cumulativeWeight = 0;
  let handedOut = 0;
  const encoder = new TextEncoder();
  const gzipper = new Gzipper(o.gzipLevel);

  const pack = (
    stream: Stream,
    records: RenderedRecord[],
    delivery: number,
    kind: "log" | "insight",
  ): GeneratedFile => {
    const folder = kind === "log" ? "CloudTrail" : "CloudTrail-Insight";
    const name = `${stream.population.account.id}_${folder}_${stream.region}_${compactMinute(delivery)}_${random.chars(16, ALPHANUMERIC)}.json.gz`;
    const path = `${stream.prefix}${folder}/${stream.region}/${datePath(delivery)}/${name}`;
    let text = '{"Records":[';
    let oldest = Infinity;
    let newest = -Infinity;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as RenderedRecord;
      if (i > 0) text += ",";
      text += record.json;
      if (record.time < oldest) oldest = record.time;
      if (record.time > newest) newest = record.time;
    }
    text += "]}";
    const raw = encoder.encode(text);
    if (kind === "log" && stream.digest) {
      stream.digest.add({
        s3Object: path,
        delivered: delivery,
        hashValue: sha256Hex(raw),
        oldestEventTime: oldest,
        newestEventTime: newest,
      });
    }
    const bytes = gzipper.gzip(raw);
    stats.compressedBytes += bytes.length;
    stats.uncompressedBytes += raw.length;
    if (kind === "log") {
      stats.logFiles++;
      stats.records += records.length;
    } else stats.insightFiles++;
    return { path, bytes, kind, records: records.length };
  };

  /** Splits one delivery into files of about eventsPerFile records, all with its timestamp. */
  function* deliver(
    stream: Stream,
    records: RenderedRecord[],
    delivery: number,
  ): Generator<GeneratedFile> {
    random.shuffle(records);
    const files = Math.max(
      1,
      Math.min(records.length, Math.floor(records.length / o.eventsPerFile + random.next())),
    );
    for (let f = 0; f < files; f++) {
      const from = Math.floor((f * records.length) / files);
      const to = Math.floor(((f + 1) * records.length) / files);
      yield pack(stream, records.slice(from, to), delivery, "log");
    }
    stream.lastDelivery = delivery;
  }

  function* closeDigests(stream: Stream, horizon: number): Generator<GeneratedFile> {
    const chain = stream.digest;
    if (!chain) return;
    while (stream.nextDigestEnd <= horizon) {
      const end = stream.nextDigestEnd;
      if (end > o.startMs) {
        const digest = chain.close(Math.max(o.startMs, end - HOUR_MS), end, random);
        const bytes = gzipper.gzip(digest.bytes);
        stats.digestFiles++;
        stats.compressedBytes += bytes.length;
        stats.uncompressedBytes += digest.bytes.length;
        yield { path: digest.path, bytes, kind: "digest", records: 0, signing: digest.signing };
      }
      stream.nextDigestEnd += HOUR_MS;
    }
  }

  function* emitInsights(horizon: number): Generator<GeneratedFile> {
    for (let i = 0; i < pendingInsights.length; i++) {
      const tracker = pendingInsights[i] as InsightTracker;
      if (tracker.end > horizon) continue;
      pendingInsights.splice(i--, 1);
      const stream =
        streams[tracker.plan.accountIndex * o.regions.length + tracker.plan.regionIndex];
      if (!stream) continue;
      const { start, end } = tracker.records(random);
      const asRecord = (json: string, time: number): RenderedRecord => ({
        json,
        time,
        eventID: "",
        errorCode: "",
        userAgent: "",
        userIdentityArn: "",
      });
      // Insights are delivered a few minutes after the activity they describe.
      yield pack(
        stream,
        [asRecord(start, tracker.plan.start)],
        tracker.plan.start + 7 * MINUTE_MS,
        "insight",
      );
      yield pack(stream, [asRecord(end, tracker.end)], tracker.end + 9 * MINUTE_MS, "insight");
    }
  }

  const observe = (stream: Stream, apiIndex: number, record: RenderedRecord): void => {
    if (trackers.size === 0) return;
    const list = trackers.get(stream.index * API_LIST.length + apiIndex);
    if (list) for (const tracker of list) tracker.observe(record);
  };

  const keep = (
    stream: Stream,
    slot: number,
    record: RenderedRecord,
    records: RenderedRecord[],
  ): void => {
    records.push(record);
    if (isDuplicated(o, eventIndex)) {
      stream.pending.push({ record, dueSlot: slot + 1 + random.int(3) });
    }
    eventIndex++;
    stats.events++;
  };

  for (let slot = 0; slot < slots; slot++) {
    const slotStart = o.startMs + slot * slotMs;
    const slotEnd = slotStart + slotMs;
    const { humanShare } = activity(slotStart + slotMs / 2);
    const slotSeconds = slotMs / 1000;
    for (const stream of streams) {
      cumulativeWeight += slotWeight(
        o.seed,
        slot,
        stream.index,
        (baseWeights[slot] ?? 0) * stream.weight,
      );
      const last = slot === slots - 1 && stream.index === streams.length - 1;
      const target = last
        ? backgroundEvents
        : Math.min(
            backgroundEvents,
            Math.floor((backgroundEvents * cumulativeWeight) / totalWeight),
          );
      const count = target - handedOut;
      handedOut = target;
      const account = stream.population.account;
      const records: RenderedRecord[] = [];

      for (let k = 0; k < count; k++) {
        const actor = drawActor(stream, humanShare, random);
        if (!actor) throw new Error(`no principal can act in ${stream.region}`);
        const calls = stream.globalRegion ? actor.calls : actor.regionalCalls;
        if (!calls) throw new Error(`principal ${actor.principal.key} has no regional calls`);
        const call = calls.draw(random);
        const time = slotStart + random.int(slotSeconds) * 1000;
        const record = renderRecord(
          { api: call, actor, account, region: stream.region, time },
          random,
        );
        observe(stream, call.index, record);
        keep(stream, slot, record, records);
      }

      for (const plan of burstsByStream.get(stream.index) ?? []) {
        const burstEnd = plan.start + plan.minutes * MINUTE_MS;
        if (burstEnd <= slotStart || plan.start >= slotEnd) continue;
        const actor = stream.population.intruders.get(plan.intruder);
        if (!actor) throw new Error(`no intruder ${plan.intruder}`);
        const call = lookupApi(plan.apiKey);
        for (
          let minute = Math.max(plan.start, slotStart);
          minute < Math.min(burstEnd, slotEnd);
          minute += MINUTE_MS
        ) {
          for (let k = 0; k < plan.eventsPerMinute; k++) {
            const time = minute + random.int(60) * 1000;
            const error =
              plan.kind === "error-rate"
                ? burstError(plan, call, actor, account, stream.region, time, random)
                : undefined;
            const draft = { api: call, actor, account, region: stream.region, time };
            const record = renderRecord(error ? { ...draft, error } : draft, random);
            observe(stream, call.index, record);
            keep(stream, slot, record, records);
          }
        }
      }

      // Duplicates of earlier events ride along in a later delivery of the same stream.
      if (stream.pending.length > 0) {
        const due = stream.pending.filter((p) => p.dueSlot <= slot);
        if (due.length > 0) {
          stream.pending = stream.pending.filter((p) => p.dueSlot > slot);
          for (const p of due) records.push(p.record);
          stats.duplicates += due.length;
        }
      }

      if (records.length > 0) {
        const lag = random.int(o.deliveryMinutes) * MINUTE_MS;
        yield* deliver(stream, records, slotEnd + lag);
      }
    }
    // Every delivery before the next slot's end is now written: close the digests up to there.
    for (const stream of streams) yield* closeDigests(stream, slotEnd + slotMs);
    yield* emitInsights(slotEnd);
  }

  // Duplicates still waiting go out in one last delivery per stream.
  for (const stream of streams) {
    if (stream.pending.length === 0) continue;
    const records = stream.pending.map((p) => p.record);
    stats.duplicates += records.length;
    stream.pending = [];
    yield* deliver(stream, records, o.endMs + slotMs + random.int(o.deliveryMinutes) * MINUTE_MS);
  }
  yield* emitInsights(Infinity);
  for (const stream of streams) yield* closeDigests(stream, stream.lastDelivery + HOUR_MS);
  return stats;
}

function burstError(
  plan: BurstPlan,
  call: ReturnType<typeof lookupApi>,
  actor: Actor,
  account: AccountPopulation["account"],
  region: string,
  time: number,
  random: Random,
): { errorCode: string; errorMessage: string } {
  const denied = denyError(call, { random, account, region, time, principal: actor.principal });
  return { errorCode: plan.errorCode ?? denied.errorCode, errorMessage: denied.errorMessage };
}
