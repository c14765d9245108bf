// Test-only: random stores and filters for the view, sort and histogram tests. Not imported by
// app code.
import type { DictField } from "../ingest/chunk";
import { EventStore } from "./eventStore";
import { buildChunk, type TestEvent } from "./testing";
import { emptyFilter, type Filter } from "./view";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const T0 = Date.parse("2024-05-01T00:00:00Z");

// Deterministic, so a failure reproduces.
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const POOLS: Partial<Record<DictField, string[]>> = {
  eventName: [
    "GetObject",
    "PutObject",
    "ListBuckets",
    "AssumeRole",
    "RunInstances",
    "ConsoleLogin",
    "Decrypt",
  ],
  eventSource: ["s3.amazonaws.com", "sts.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com"],
  sourceIPAddress: [
    "192.0.2.1",
    "198.51.100.7",
    "AWS Internal",
    "ec2.amazonaws.com",
    "2001:db8::1",
  ],
  awsRegion: ["us-east-1", "eu-west-1", "ap-south-1"],
  errorCode: ["AccessDenied", "ThrottlingException"],
  userType: ["IAMUser", "AssumedRole", "AWSService", "Root"],
};
export const FILTERABLE = Object.keys(POOLS) as Exclude<DictField, "readOnly">[];

function randomEvents(rand: () => number, count: number, idBase: number): TestEvent[] {
  const events: TestEvent[] = [];
  for (let i = 0; i < count; i++) {
    const event: TestEvent = {};
    for (const field of FILTERABLE) {
      const pool = POOLS[field]!;
      // About one value in eight is missing, as optional CloudTrail fields are.
      if (rand() < 0.88) event[field] = pool[Math.floor(rand() * pool.length)];
    }
    if (rand() < 0.95) event.eventTime = T0 + Math.floor(rand() * 48) * 15 * MINUTE;
    const roll = rand();
    if (roll < 0.4) event.readOnly = true;
    else if (roll < 0.8) event.readOnly = false;
    // Some ids repeat (dedupe), some are missing (never deduped).
    const idRoll = rand();
    if (idRoll < 0.9) event.eventID = `e-${idBase + i}`;
    else if (idRoll < 0.95) event.eventID = `e-${Math.floor(rand() * (idBase + i + 1))}`;
    events.push(event);
  }
  return events;
}

export function randomFilter(rand: () => number): Filter {
  const filter = emptyFilter();
  for (const f of FILTERABLE) {
    const pool = [...POOLS[f]!, "", "NoSuchValue"];
    const roll = rand();
    if (roll < 0.25) {
      const picks = 1 + Math.floor(rand() * 3);
      filter.include[f] = Array.from(
        { length: picks },
        () => pool[Math.floor(rand() * pool.length)],
      );
    } else if (roll < 0.4) {
      filter.exclude[f] = [pool[Math.floor(rand() * pool.length)]];
    } else if (roll < 0.45) {
      filter.include[f] = [
        pool[Math.floor(rand() * pool.length)],
        pool[Math.floor(rand() * pool.length)],
      ];
      filter.exclude[f] = [pool[Math.floor(rand() * pool.length)]];
    } else if (roll < 0.48) {
      filter.include[f] = [];
    }
  }
  const timeRoll = rand();
  if (timeRoll < 0.6) {
    const a = T0 + Math.floor(rand() * 50) * 15 * MINUTE - 7 * MINUTE * Math.floor(rand() * 2);
    const b = T0 + Math.floor(rand() * 50) * 15 * MINUTE;
    filter.timeFrom = rand() < 0.8 ? Math.min(a, b) : null;
    filter.timeTo = rand() < 0.8 ? Math.max(a, b) : null;
  }
  return filter;
}

export function randomStore(seed: number): EventStore {
  const rand = random(seed);
  const store = new EventStore(64);
  let idBase = 0;
  for (let chunk = 0; chunk < 6; chunk++) {
    const count = 300 + Math.floor(rand() * 500);
    store.append(
      buildChunk(randomEvents(rand, count, idBase), { reverseDictionaries: chunk % 2 === 1 }),
    );
    idBase += count;
  }
  return store;
}
