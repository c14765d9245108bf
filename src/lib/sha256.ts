// SHA-256 (FIPS 180-4), synchronous and dependency-free. CloudTrail digests hash log files with it;
// crypto.subtle is asynchronous and absent in plain-HTTP pages, and node:crypto is not in browsers.

// Signed, so that V8 keeps every value a small integer rather than a heap number.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** The 32-byte SHA-256 digest of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  return new Sha256().update(data).digest();
}

/**
 * SHA-256 fed in pieces (a file inflated as a stream): `update` with each piece in order, then
 * `digest` once. `copy` keeps the state as it is, to finish from there later.
 */
export class Sha256 {
  private readonly state = new Int32Array(INITIAL);
  private readonly w = new Int32Array(64);
  /** Bytes of an unfinished block, `pending` of them. */
  private readonly block = new Uint8Array(64);
  private pending = 0;
  private length = 0;

  update(data: Uint8Array): this {
    this.length += data.length;
    let offset = 0;
    if (this.pending > 0) {
      const take = Math.min(64 - this.pending, data.length);
      this.block.set(data.subarray(0, take), this.pending);
      this.pending += take;
      offset = take;
      if (this.pending < 64) return this;
      compress(this.state, this.w, this.block, 0);
      this.pending = 0;
    }
    const full = offset + ((data.length - offset) & ~63);
    for (; offset < full; offset += 64) compress(this.state, this.w, data, offset);
    if (offset < data.length) {
      this.block.set(data.subarray(offset), 0);
      this.pending = data.length - offset;
    }
    return this;
  }

  /** A hasher in the same state: what this one has been fed so far. */
  copy(): Sha256 {
    const other = new Sha256();
    other.state.set(this.state);
    other.block.set(this.block);
    other.pending = this.pending;
    other.length = this.length;
    return other;
  }

  digest(): Uint8Array {
    // Padding: the tail, a 1 bit, zeros, and the message length in bits as a 64-bit big-endian
    // number.
    const tailLength = this.pending;
    const tail = new Uint8Array(tailLength < 56 ? 64 : 128);
    tail.set(this.block.subarray(0, tailLength));
    tail[tailLength] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(this.length / 0x20000000));
    view.setUint32(tail.length - 4, (this.length << 3) >>> 0);
    const state = new Int32Array(this.state);
    for (let offset = 0; offset < tail.length; offset += 64) compress(state, this.w, tail, offset);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setInt32(i * 4, state[i] ?? 0);
    return out;
  }
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Bytes as lowercase hex digits, two per byte. */
export function hexOf(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX_BYTES[byte] ?? "";
  return hex;
}

/** The SHA-256 of `data` as 64 lowercase hex digits, the form CloudTrail digests use. */
export function sha256Hex(data: Uint8Array): string {
  return hexOf(sha256(data));
}

/**
 * One 64-byte block. A small function called per block, rather than one loop over all blocks,
 * because V8 optimizes it early and never has to deoptimize on the exit path.
 */
function compress(state: Int32Array, w: Int32Array, data: Uint8Array, offset: number): void {
  const h0 = state[0] as number;
  const h1 = state[1] as number;
  const h2 = state[2] as number;
  const h3 = state[3] as number;
  const h4 = state[4] as number;
  const h5 = state[5] as number;
  const h6 = state[6] as number;
  const h7 = state[7] as number;
  for (let t = 0; t < 16; t++) {
    const j = offset + (t << 2);
    w[t] =
      ((data[j] as number) << 24) |
      ((data[j + 1] as number) << 16) |
      ((data[j + 2] as number) << 8) |
      (data[j + 3] as number);
  }
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15] as number;
    const y = w[t - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
  }
  let a = h0;
  let b = h1;
  let c = h2;
  let d = h3;
  let e = h4;
  let f = h5;
  let g = h6;
  let h = h7;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[t] as number) + (w[t] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (h0 + a) | 0;
  state[1] = (h1 + b) | 0;
  state[2] = (h2 + c) | 0;
  state[3] = (h3 + d) | 0;
  state[4] = (h4 + e) | 0;
  state[5] = (h5 + f) | 0;
  state[6] = (h6 + g) | 0;
  state[7] = (h7 + h) | 0;
}
