import { describe, expect, it } from "vitest";
import { compileSigma } from "../query/sigma";
import { correlateRows, correlateRowsSliced } from "./correlate";
import { EventStore } from "./eventStore";
import { buildChunk, type TestEvent } from "./testing";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 8);

const CORRELATION = `title: Base
name: base
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName|startswith: Get}
  condition: selection
---
title: Many reads
id: many-reads
correlation:
  type: event_count
  rules: [base]
  group-by: [userIdentity.arn]
  timespan: 10m
  condition: {gte: 3}
`;

describe("correlateRows", () => {
  it("marks the rows of every window holding enough of a group's rows, as a plain sweep does", async () => {
    // A seeded spread of reads and writes by four identities over two hours.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const arns = ["arn:a", "arn:b", "arn:c", ""];
    const events: TestEvent[] = Array.from({ length: 400 }, (_, i) => ({
      eventID: `e${i}`,
      eventName: random() < 0.7 ? "GetObject" : "PutObject",
      userArn: arns[Math.floor(random() * arns.length)],
      eventTime: T0 + Math.floor(random() * 120) * MINUTE,
    }));
    const store = new EventStore();
    store.append(buildChunk(events));
    const compiled = compileSigma(CORRELATION, "c.yml");
    expect(compiled.errors).toEqual([]);
    const correlation = compiled.correlations[0];
    const members: number[] = [];
    events.forEach((e, r) => {
      if (e.eventName!.startsWith("Get")) members.push(r);
    });
    const result = correlateRows(store, correlation, [Uint32Array.from(members)]);
    if (typeof result === "string") throw new Error(result);

    // The reference: every member row closes a window reaching back 10 minutes (inclusive); a
    // window with at least 3 rows of the same identity marks them all.
    const expected = new Set<number>();
    for (const r of members) {
      const { userArn, eventTime } = events[r];
      if (!userArn) continue;
      const t = eventTime as number;
      const window = members.filter((q) => {
        const e = events[q];
        return (
          e.userArn === userArn &&
          (e.eventTime as number) <= t &&
          (e.eventTime as number) >= t - 10 * MINUTE
        );
      });
      if (window.length >= 3) for (const q of window) expected.add(q);
    }
    expect(Array.from(result.rows)).toEqual([...expected].sort((a, b) => a - b));
    expect(expected.size).toBeGreaterThan(0);

    // In slices of a few rows, pausing between them: the same rows and bursts.
    let pauses = 0;
    const sliced = await correlateRowsSliced(
      store,
      correlation,
      [Uint32Array.from(members)],
      async () => {
        pauses++;
      },
      16,
    );
    expect(sliced).toEqual(result);
    expect(pauses).toBeGreaterThan(400 / 16);
  });

  it("value_count: distinct values of the rows that have one, in one large group walked in steps", async () => {
    // One identity, 3,000 reads over five hours from a few addresses, some with none.
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const ips = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", ""];
    const events: TestEvent[] = Array.from({ length: 3000 }, (_, i) => ({
      eventID: `v${i}`,
      eventName: "GetObject",
      userArn: "arn:a",
      sourceIPAddress: ips[Math.floor(random() * random() * ips.length)],
      eventTime: T0 + Math.floor(random() * 300) * MINUTE,
    }));
    const store = new EventStore();
    store.append(buildChunk(events));
    const text = CORRELATION.replace("type: event_count", "type: value_count").replace(
      "condition: {gte: 3}",
      "condition: {field: sourceIPAddress, gte: 4}",
    );
    const compiled = compileSigma(text, "c.yml");
    expect(compiled.errors).toEqual([]);
    const correlation = compiled.correlations[0];
    const all = Uint32Array.from(events.keys());
    const result = correlateRows(store, correlation, [all]);
    if (typeof result === "string") throw new Error(result);

    // The reference: a row with an address closes a window reaching back 10 minutes; one with
    // 4 distinct addresses marks its rows that have one.
    const expected = new Set<number>();
    events.forEach(({ sourceIPAddress, eventTime }) => {
      if (!sourceIPAddress) return;
      const t = eventTime as number;
      const window = [...events.keys()].filter((q) => {
        const e = events[q];
        const at = e.eventTime as number;
        return e.sourceIPAddress !== "" && at <= t && at >= t - 10 * MINUTE;
      });
      if (new Set(window.map((q) => events[q].sourceIPAddress)).size >= 4)
        for (const q of window) expected.add(q);
    });
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(events.length);
    expect(Array.from(result.rows)).toEqual([...expected].sort((a, b) => a - b));

    for (const slice of [1, 7, 500]) {
      let pauses = 0;
      const sliced = await correlateRowsSliced(
        store,
        correlation,
        [all],
        async () => {
          pauses++;
        },
        slice,
      );
      expect(sliced).toEqual(result);
      // The group's own walk pauses too: more than the rows walked before it.
      expect(pauses).toBeGreaterThan((3 * events.length) / slice);
    }
  });

  it("says why when a group-by field is not indexed", () => {
    const store = new EventStore();
    store.append(buildChunk([{ eventID: "x", eventName: "GetObject", eventTime: T0 }]));
    const text = CORRELATION.replace("[userIdentity.arn]", "[requestParameters.instanceId]");
    const correlation = compileSigma(text, "c.yml").correlations[0];
    expect(correlateRows(store, correlation, [Uint32Array.of(0)])).toMatch(/not an indexed field/);
  });
});
