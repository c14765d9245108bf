// Seeded pseudo-random numbers for everything that must be reproducible (the data generator,
// property tests). Math.random and Date.now would make two runs with the same seed differ.

/** Mixes 32-bit integers into one well-spread 32-bit hash (murmur3 finalizer per word). */
export function hash32(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    let k = Math.imul(word | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A hash of the arguments as a float in [0, 1): stateless randomness keyed by position. */
export function hashUnit(...words: number[]): number {
  return hash32(...words) / 4294967296;
}

/** Folds a label into a 32-bit number, so that sub-streams can be named rather than numbered. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = "0123456789abcdef";
export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes
 * PractRand, and needs only 32-bit integer operations, which V8 keeps unboxed.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = hash32(seed, stream, 1);
    this.b = hash32(seed, stream, 2);
    this.c = hash32(seed, stream, 3);
    this.d = 1;
    // The first outputs of a freshly seeded sfc32 are correlated with the seed.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent generator whose sequence depends only on this seed and the label. */
  static derive(seed: number, label: string): Random {
    return new Random(seed, hashString(label));
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both ends included. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError("pick from an empty list");
    return item;
  }

  /** `length` characters drawn uniformly from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars(length, HEX);
  }

  /** A random (version 4, variant 1) UUID in lowercase, as CloudTrail writes eventID. */
  uuid(): string {
    const x = this.uint32();
    const y = this.uint32();
    const z = this.uint32();
    const w = this.uint32();
    return (
      hexByte(x >>> 24) +
      hexByte((x >>> 16) & 255) +
      hexByte((x >>> 8) & 255) +
      hexByte(x & 255) +
      "-" +
      hexByte(y >>> 24) +
      hexByte((y >>> 16) & 255) +
      "-4" +
      HEX[(y >>> 8) & 15] +
      hexByte(y & 255) +
      "-" +
      HEX[8 | (z >>> 30)] +
      HEX[(z >>> 24) & 15] +
      hexByte((z >>> 16) & 255) +
      "-" +
      hexByte((z >>> 8) & 255) +
      hexByte(z & 255) +
      hexByte(w >>> 24) +
      hexByte((w >>> 16) & 255) +
      hexByte((w >>> 8) & 255) +
      hexByte(w & 255)
    );
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hexByte(byte: number): string {
  return HEX_BYTES[byte] ?? "00";
}

/**
 * Draws indices in proportion to fixed weights in O(log n), from a cumulative table built once.
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError("a weighted table needs at least one entry");
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0)) throw new RangeError(`weight ${weight} must be a number >= 0`);
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError("a weighted table needs a positive total weight");
    this.total = sum;
  }

  draw(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
