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

// Member names repeat across records (a few hundred distinct in a load): their hashes are kept.
const KEY_CACHE_LIMIT = 8192;
const keyHashes = new Map<string, number>();

function keyHash(key: string): number {
  let h = keyHashes.get(key);
  if (h === undefined) {
    h = stringHash(key, 0x1f83d9ab);
    if (keyHashes.size >= KEY_CACHE_LIMIT) keyHashes.clear();
    keyHashes.set(key, h);
  }
  return h;
}

const numberView = new Float64Array(1);
const numberWords = new Uint32Array(numberView.buffer);

function numberHash(value: number): number {
  numberView[0] = value;
  return finish(Math.imul(numberWords[0] ^ 0x27d4eb2f, 0x165667b1) ^ numberWords[1]);
}

function valueHash(value: unknown, depth: number): number {
  if (typeof value === "string") return stringHash(value, 0x9747b28c);
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
    const member = keyHash(key) ^ Math.imul(valueHash(object[key], depth + 1), 0x9e3779b1);
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
