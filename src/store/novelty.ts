// "First seen": events whose pair (principal, API), (principal, region), (principal, network),
// (account, region) appears for the first time in the loaded data, after a warm-up during which
// everything is learnt and nothing is flagged. Rows are walked oldest first; a pair is two
// dictionary ids, kept in an open-addressing table of typed arrays (no strings, no objects).
import { runSteps, runStepsPaused } from "../lib/steps";
import type { DictField } from "../ingest/chunk";
import { MISSING_ID } from "./dictionary";
import type { EventStore } from "./eventStore";
import { timeOrder } from "./timeOrder";

export interface NoveltyKind {
  bit: number;
  id: string;
  title: string;
  /** The two columns of the pair; "network" is the source address's /16 (IPv4) or /32 (IPv6). */
  pair: readonly [DictField, DictField | "network"];
}

export const NOVELTY_KINDS: readonly NoveltyKind[] = [
  {
    bit: 1,
    id: "first-seen-api",
    title: "New API for a principal",
    pair: ["principal", "eventName"],
  },
  {
    bit: 2,
    id: "first-seen-principal-region",
    title: "New region for a principal",
    pair: ["principal", "awsRegion"],
  },
  {
    bit: 4,
    id: "first-seen-network",
    title: "New network (/16) for a principal",
    pair: ["principal", "network"],
  },
  {
    bit: 8,
    id: "first-seen-account-region",
    title: "New region for an account",
    pair: ["account", "awsRegion"],
  },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The rule, in words, for the UI. */
export const WARM_UP_RULE =
  "A pair counts as new when it first appears after the warm-up: the first quarter of the " +
  "loaded time span (at least 1 hour, at most 7 days), during which every pair is only learnt.";

/** The end of the warm-up for data spanning [min, max]. */
export function warmUpEnd(min: number, max: number): number {
  const quarter = (max - min) / 4;
  return min + Math.min(7 * DAY, Math.max(HOUR, quarter));
}

/**
 * Per dictionary entry of sourceIPAddress, an id of its network: the first two octets of an
 * IPv4 address, the first two groups of an IPv6 one; 0 for names and `AWS Internal`.
 */
export function networkIds(store: EventStore): Uint32Array {
  const values = store.dict("sourceIPAddress").values();
  const ids = new Uint32Array(values.length);
  const nets = new Map<string, number>();
  for (let id = 1; id < values.length; id++) {
    const net = networkOf(values[id]);
    if (net === "") continue;
    let netId = nets.get(net);
    if (netId === undefined) {
      netId = nets.size + 1;
      nets.set(net, netId);
    }
    ids[id] = netId;
  }
  return ids;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/;

function networkOf(address: string): string {
  const v4 = IPV4.exec(address);
  if (v4 !== null) return `${v4[1]}.${v4[2]}`;
  if (address.includes(":") && /^[0-9a-f:.]+$/i.test(address)) {
    const groups = address.toLowerCase().split(":");
    if (groups.length >= 3 && groups[0] !== "" && groups[1] !== "")
      return `${groups[0]}:${groups[1]}`;
  }
  return "";
}

/** An open-addressing set of id pairs. */
class PairSet {
  private slots: Int32Array;
  private a: Uint32Array;
  private b: Uint32Array;
  private size = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.a = new Uint32Array(capacity / 2);
    this.b = new Uint32Array(capacity / 2);
  }

  /** Adds the pair; true when it was not there. */
  add(x: number, y: number): boolean {
    if (this.size * 2 >= this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let slot = hash(x, y) & mask;
    for (;;) {
      const at = this.slots[slot];
      if (at === -1) break;
      if (this.a[at] === x && this.b[at] === y) return false;
      slot = (slot + 1) & mask;
    }
    if (this.size === this.a.length) {
      const a = new Uint32Array(this.a.length * 2);
      const b = new Uint32Array(this.b.length * 2);
      a.set(this.a);
      b.set(this.b);
      this.a = a;
      this.b = b;
    }
    this.a[this.size] = x;
    this.b[this.size] = y;
    this.slots[slot] = this.size++;
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = hash(this.a[i], this.b[i]) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = i;
    }
    this.slots = slots;
  }
}

function hash(x: number, y: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Marks, in `flags` (one byte per row, `kind.bit` set), the rows whose pair of `kind` appears
 * for the first time, oldest first, after `warmUp` (ms). Rows with no time, or with either side
 * of the pair missing, are never new. Returns how many rows were marked.
 */
export function markFirstSeen(
  store: EventStore,
  kind: NoveltyKind,
  warmUp: number,
  flags: Uint8Array,
  networks: Uint32Array | null = null,
): number {
  return runSteps(firstSeenSteps(store, kind, warmUp, flags, networks, Number.POSITIVE_INFINITY));
}

/**
 * markFirstSeen in slices: `pause` is awaited every `sliceRows` rows walked, where the page gets
 * a turn. The store must not change until it resolves.
 */
export function markFirstSeenSliced(
  store: EventStore,
  kind: NoveltyKind,
  warmUp: number,
  flags: Uint8Array,
  networks: Uint32Array | null,
  pause: () => Promise<void>,
  sliceRows = 1 << 18,
): Promise<number> {
  return runStepsPaused(firstSeenSteps(store, kind, warmUp, flags, networks, sliceRows), pause);
}

function* firstSeenSteps(
  store: EventStore,
  kind: NoveltyKind,
  warmUp: number,
  flags: Uint8Array,
  networks: Uint32Array | null,
  sliceRows: number,
): Generator<void, number> {
  const order = timeOrder(store);
  const timed = store.rows - store.noTime;
  const time = store.time;
  const left = store.column(kind.pair[0]);
  const second = kind.pair[1];
  const right = second === "network" ? store.column("sourceIPAddress") : store.column(second);
  const translate = second === "network" ? (networks ?? networkIds(store)) : null;
  const seen = new PairSet(Math.min(timed, 1 << 16));
  let marked = 0;
  // The time order is newest first: walk it backwards, a slice at a time.
  for (let end = timed; end > 0; end -= sliceRows) {
    const start = Math.max(0, end - sliceRows);
    for (let p = end - 1; p >= start; p--) {
      const r = order[p];
      const x = left[r];
      const raw = right[r];
      const y = translate === null ? raw : translate[raw];
      if (x === MISSING_ID || y === MISSING_ID) continue;
      if (seen.add(x, y) && time[r] >= warmUp) {
        flags[r] |= kind.bit;
        marked++;
      }
    }
    if (start > 0) yield;
  }
  return marked;
}
