// A 32-bit fingerprint of a whole parsed record, to tell a record delivered twice (identical)
// from two records that share an eventID but not their content (one of them altered).
//
// Object members are combined by addition of per-member hashes, so the same fields in another
// order give the same fingerprint with no sorting; arrays keep their order. It runs once per
// record in the workers, next to JSON.parse, and allocates nothing on the common path.
//
// It is not a cryptographic hash: someone who writes records on purpose can find an altered
// record with the same 32 bits. It catches edits, not a forger who also forges the fingerprint.

import type { FileShape } from "./chunk";

/** Past this depth a subtree is fingerprinted through its JSON text (or as unprintable). */
const MAX_DEPTH = 64;

const NULL_HASH = 0x6a09e667;
const TRUE_HASH = 0xbb67ae85;
const FALSE_HASH = 0x3c6ef372;
const UNDEFINED_HASH = 0xa54ff53a;

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// Two UTF-16 units per step: the loop over characters is most of the cost.
function stringHash(s: string, seed: number): number {
  let h = seed ^ s.length;
  const last = s.length - 1;
  let i = 0;
  for (; i < last; i += 2) {
    h = Math.imul(h ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 0x5bd1e995);
    h ^= h >>> 15;
  }
  if (i === last) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return finish(h);
}

const STRING_SEED = 0x9747b28c;

/** The hash a string value has in a fingerprint: for a caller that keeps it (see `knowValue`). */
export function stringValueHash(value: string): number {
  return stringHash(value, STRING_SEED);
}

/**
 * The members whose value's hash a caller may know already, by slot, with the member's name: the
 * parser interns these strings into dictionaries and keeps each entry's hash, so a value repeated
 * in thousands of records (a user agent, an ARN) is hashed once per dictionary entry, not once
 * per record.
 */
const SLOT_KEYS = {
  eventName: "eventName",
  eventSource: "eventSource",
  sourceIPAddress: "sourceIPAddress",
  awsRegion: "awsRegion",
  errorCode: "errorCode",
  recipientAccountId: "recipientAccountId",
  eventType: "eventType",
  eventCategory: "eventCategory",
  userAgent: "userAgent",
  readOnly: "readOnly",
  // userIdentity's
  userType: "type",
  userArn: "arn",
  accessKeyId: "accessKeyId",
  // userIdentity.sessionContext.sessionIssuer's
  issuerArn: "arn",
  issuerType: "type",
  // requestParameters'
  userName: "userName",
  roleArn: "roleArn",
  bucketName: "bucketName",
  // additionalEventData's
  mfaUsed: "MFAUsed",
  // responseElements' (and of its credentials and accessKey)
  consoleLogin: "ConsoleLogin",
  credentialsKeyId: "accessKeyId",
  createdKeyId: "accessKeyId",
} as const;

type SlotName = keyof typeof SLOT_KEYS;

/** Each slot's number (see `knowValue`). */
export const SLOT = Object.fromEntries(
  Object.keys(SLOT_KEYS).map((name, slot) => [name, slot]),
) as Record<SlotName, number>;

const SLOTS = Object.keys(SLOT_KEYS).length;

/** Per slot: the object whose member's value hash is known (null: none), and that hash. */
const knownObjects: (object | null)[] = new Array<object | null>(SLOTS).fill(null);
const knownHashes = new Float64Array(SLOTS);

/**
 * Says that `object`'s member of the slot (SLOT) is a string whose `stringValueHash` is `hash`,
 * until the slot is set again. The hash is only used for that very object, so a slot left from an
 * earlier record is never wrong.
 */
export function knowValue(slot: number, object: object, hash: number): void {
  knownObjects[slot] = object;
  knownHashes[slot] = hash;
}

/** A member name's hash, and the slots (SLOT) of that name. */
interface KeyInfo {
  hash: number;
  slots: readonly number[] | null;
}

const SLOTS_BY_KEY = new Map<string, number[]>();
Object.values(SLOT_KEYS).forEach((key, slot) => {
  const slots = SLOTS_BY_KEY.get(key);
  if (slots === undefined) SLOTS_BY_KEY.set(key, [slot]);
  else slots.push(slot);
});

// Member names repeat across records (a few hundred distinct in a load): their hashes are kept.
const KEY_CACHE_LIMIT = 8192;
const keyInfos = new Map<string, KeyInfo>();

function keyInfo(key: string): KeyInfo {
  let info = keyInfos.get(key);
  if (info === undefined) {
    info = { hash: stringHash(key, 0x1f83d9ab), slots: SLOTS_BY_KEY.get(key) ?? null };
    if (keyInfos.size >= KEY_CACHE_LIMIT) keyInfos.clear();
    keyInfos.set(key, info);
  }
  return info;
}

/** The value hash of `object[key]` (a string) when a caller said it, else -1. */
function knownHash(object: object, slots: readonly number[]): number {
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (knownObjects[slot] === object) return knownHashes[slot]!;
  }
  return -1;
}

const numberView = new Float64Array(1);
const numberWords = new Uint32Array(numberView.buffer);

function numberHash(value: number): number {
  numberView[0] = value;
  return finish(Math.imul(numberWords[0] ^ 0x27d4eb2f, 0x165667b1) ^ numberWords[1]);
}

function valueHash(value: unknown, depth: number): number {
  if (typeof value === "string") return stringHash(value, STRING_SEED);
  if (typeof value === "number") return numberHash(value);
  if (typeof value === "boolean") return value ? TRUE_HASH : FALSE_HASH;
  if (value === null) return NULL_HASH;
  if (typeof value !== "object") return UNDEFINED_HASH;
  if (depth >= MAX_DEPTH) return deepHash(value);
  if (Array.isArray(value)) {
    let h = 0x510e527f ^ value.length;
    for (let i = 0; i < value.length; i++) {
      h = Math.imul(h ^ valueHash(value[i], depth + 1), 0x5bd1e995);
      h ^= h >>> 15;
    }
    return finish(h);
  }
  const object = value as Record<string, unknown>;
  let sum = 0x9b05688c;
  let members = 0;
  // JSON.parse makes plain objects: for..in sees their own members only.
  for (const key in object) {
    const info = keyInfo(key);
    const item = object[key];
    let hash = -1;
    if (info.slots !== null && typeof item === "string") hash = knownHash(object, info.slots);
    if (hash < 0) hash = valueHash(item, depth + 1);
    const member = info.hash ^ Math.imul(hash, 0x9e3779b1);
    // Addition is order-free: the same members in any order give the same sum.
    sum = (sum + finish(member)) | 0;
    members++;
  }
  return finish(sum ^ Math.imul(members, 0x5be0cd19));
}

// A record nested past MAX_DEPTH is odd on its face; its deep part is still covered by its text.
function deepHash(value: object): number {
  try {
    return stringHash(JSON.stringify(value), 0x2545f491);
  } catch {
    return UNDEFINED_HASH;
  }
}

/**
 * The 32-bit content fingerprint of a parsed record: equal for records whose fields and values
 * are equal (whatever the order of an object's members), different otherwise except by chance.
 * Never 0, which means "content not comparable" (see `comparableShape`).
 */
export function recordFingerprint(record: unknown): number {
  return valueHash(record, 0) || 1;
}

/**
 * Whether records of a file of this shape are the delivered records themselves. Query engines'
 * results (CSV, Lake, Athena) are rebuilt from columns, with other types and fewer fields: the
 * same event read from them would never be equal to its delivered record, so their rows get
 * fingerprint 0 and are deduplicated on eventID alone.
 */
export function comparableShape(shape: FileShape): boolean {
  return shape !== "csv" && shape !== "lake" && shape !== "athena";
}
