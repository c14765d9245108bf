import { describe, expect, it } from "vitest";
import { EventStore } from "./eventStore";
import {
  markFirstSeen,
  markFirstSeenSliced,
  networkIds,
  NOVELTY_KINDS,
  warmUpEnd,
} from "./novelty";
import { buildChunk, type TestEvent } from "./testing";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);

describe("first seen", () => {
  it("warms up on a quarter of the span, at least an hour and at most a week", () => {
    expect(warmUpEnd(T0, T0 + 8 * HOUR)).toBe(T0 + 2 * HOUR);
    expect(warmUpEnd(T0, T0 + 2 * HOUR)).toBe(T0 + HOUR);
    expect(warmUpEnd(T0, T0 + 100 * 24 * HOUR)).toBe(T0 + 7 * 24 * HOUR);
  });

  it("marks each pair's first event after the warm-up, as a plain walk in time order does", async () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const events: TestEvent[] = Array.from({ length: 600 }, (_, i) => ({
      eventID: `e${i}`,
      principal: pick(["alice", "bob", "carol", ""]),
      eventName: pick(["GetObject", "PutObject", "ListBuckets", "CreateUser", "StopLogging"]),
      awsRegion: pick(["us-east-1", "eu-west-1", "ap-south-1"]),
      account: pick(["111", "222"]),
      sourceIPAddress: pick([
        "10.1.2.3",
        "10.1.9.9",
        "10.2.0.1",
        "2001:db8::1",
        "ec2.amazonaws.com",
      ]),
      // A few rows share a second; some have no time at all.
      eventTime: i % 97 === 0 ? undefined : T0 + Math.floor(random() * 48) * HOUR + (i % 3) * 1000,
    }));
    const store = new EventStore();
    store.append(buildChunk(events));
    const end = warmUpEnd(T0, T0 + 48 * HOUR);
    const networks = networkIds(store);
    const net = (ip: string) =>
      /^\d+\.\d+\./.test(ip)
        ? ip.split(".").slice(0, 2).join(".")
        : ip.includes(":")
          ? ip.split(":").slice(0, 2).join(":")
          : "";
    for (const kind of NOVELTY_KINDS) {
      const flags = new Uint8Array(store.rows);
      markFirstSeen(store, kind, end, flags, networks);
      // The reference: rows by time ascending (ties by row, as the store orders them), a Set of
      // pairs as text.
      const order = events
        .map((e, r) => ({ e, r }))
        .filter(({ e }) => e.eventTime !== undefined)
        .sort((a, b) => (a.e.eventTime as number) - (b.e.eventTime as number) || b.r - a.r);
      const seen = new Set<string>();
      const expected: number[] = [];
      for (const { e, r } of order) {
        const [a, b] = kind.pair;
        const left = (e as Record<string, unknown>)[a] as string | undefined;
        const right =
          b === "network"
            ? net(e.sourceIPAddress ?? "")
            : ((e as Record<string, unknown>)[b] as string | undefined);
        if (!left || !right) continue;
        const key = `${left}\u0000${right}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if ((e.eventTime as number) >= end) expected.push(r);
      }
      const got: number[] = [];
      for (let r = 0; r < store.rows; r++) if ((flags[r] & kind.bit) !== 0) got.push(r);
      expect({ kind: kind.id, rows: got }).toEqual({
        kind: kind.id,
        rows: expected.sort((x, y) => x - y),
      });
      // In slices of a few rows, pausing between them: the same rows.
      const sliced = new Uint8Array(store.rows);
      let pauses = 0;
      const marked = await markFirstSeenSliced(
        store,
        kind,
        end,
        sliced,
        networks,
        async () => {
          pauses++;
        },
        7,
      );
      expect(marked).toBe(expected.length);
      expect(sliced).toEqual(flags);
      expect(pauses).toBeGreaterThan(store.rows / 10);
    }
  });
});
