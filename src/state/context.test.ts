import { describe, expect, it } from "vitest";
import {
  CONTEXT_SPANS,
  PRINCIPAL_WINDOW_MS,
  contextView,
  contextWindow,
  idQuery,
  isApplied,
  quoteQueryValue,
  relatedIdView,
  relatedPrincipalView,
} from "./context";
import { emptyView, hashToView, viewToHash, type ViewState } from "./viewState";

const MINUTE = 60_000;
const AT = Date.UTC(2024, 4, 1, 12, 0, 37);

/** A busy view: filters, a range, a query and a full-text search, sorted and in local time. */
const BUSY: ViewState = {
  ...emptyView(),
  include: { eventName: ["AssumeRole"], awsRegion: ["eu-west-1"] },
  exclude: { errorCode: [""] },
  timeFrom: Date.UTC(2023, 0, 1),
  timeTo: Date.UTC(2025, 0, 1),
  sort: { column: "principal", direction: "asc" },
  query: "eventSource:sts.amazonaws.com AND NOT error:*",
  text: "i-0abc123",
  event: "6b54e0ad-c23c-4850-b896-7533a3558526",
  timeZone: "local",
};

/** What every context view keeps: how the user looks, and the open event. */
const kept = (view: ViewState) => ({
  sort: view.sort,
  event: view.event,
  timeZone: view.timeZone,
});

describe("the time window around an event", () => {
  it("is [at − span, at + span): the event inside, the far edge out", () => {
    expect(contextWindow(AT, 5 * MINUTE)).toEqual({ from: AT - 5 * MINUTE, to: AT + 5 * MINUTE });
    const hour = contextWindow(AT, 60 * MINUTE)!;
    expect(hour.to - hour.from).toBe(2 * 60 * MINUTE);
    expect(AT >= hour.from && AT < hour.to).toBe(true);
  });

  it("does not exist for an event without a time, or for no span", () => {
    expect(contextWindow(Number.NaN, 5 * MINUTE)).toBeNull();
    expect(contextWindow(AT, 0)).toBeNull();
    expect(contextView(BUSY, Number.NaN, 5 * MINUTE)).toBeNull();
  });

  it("offers ±5 min and ±1 h, with the test ids of their buttons", () => {
    expect(CONTEXT_SPANS.map((s) => [`context-${s.id}`, s.ms])).toEqual([
      ["context-5m", 5 * MINUTE],
      ["context-1h", 60 * MINUTE],
    ]);
  });
});

describe("everyone's events around an event", () => {
  it("sets the window and clears every other filter, the query and the full-text search", () => {
    for (const span of CONTEXT_SPANS) {
      const next = contextView(BUSY, AT, span.ms);
      expect(next).toEqual({
        ...emptyView(),
        ...kept(BUSY),
        timeFrom: AT - span.ms,
        timeTo: AT + span.ms,
      });
    }
  });

  it("keeps the event open (so it stays marked in the table), through the URL too", () => {
    const next = contextView(BUSY, AT, 5 * MINUTE)!;
    expect(next.event).toBe(BUSY.event);
    expect(hashToView(viewToHash(next))).toEqual(next);
  });

  it("reads as applied once set, and no longer once another filter is added", () => {
    const next = contextView(BUSY, AT, 5 * MINUTE)!;
    expect(isApplied(BUSY, next)).toBe(false);
    expect(isApplied(next, contextView(next, AT, 5 * MINUTE))).toBe(true);
    expect(isApplied(next, contextView(next, AT, 60 * MINUTE))).toBe(false);
    const narrowed = { ...next, include: { eventName: ["GetObject"] } };
    expect(isApplied(narrowed, contextView(narrowed, AT, 5 * MINUTE))).toBe(false);
    expect(isApplied(next, null)).toBe(false);
  });
});

describe("related events as filters", () => {
  it("quotes a value, escaping quotes and backslashes with a backslash", () => {
    expect(quoteQueryValue("abc-123")).toBe('"abc-123"');
    expect(quoteQueryValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteQueryValue("C:\\temp\\")).toBe('"C:\\\\temp\\\\"');
    expect(quoteQueryValue('\\"')).toBe('"\\\\\\""');
    expect(quoteQueryValue("")).toBe('""');
    expect(quoteQueryValue("a OR b:c")).toBe('"a OR b:c"');
  });

  it("finds every event of a request or shared event by query, at any time", () => {
    const id = "7d1f2c3b-aaaa-4bbb-8ccc-0123456789ab";
    expect(idQuery("requestID", id)).toBe(`requestID:"${id}"`);
    expect(relatedIdView(BUSY, "requestID", id)).toEqual({
      ...emptyView(),
      ...kept(BUSY),
      query: `requestID:"${id}"`,
    });
    expect(relatedIdView(BUSY, "sharedEventID", 'odd"id\\')?.query).toBe(
      'sharedEventID:"odd\\"id\\\\"',
    );
    expect(relatedIdView(BUSY, "requestID", "")).toBeNull();
  });

  it("finds the principal's events five minutes either side, with the include filter", () => {
    const principal = "AssumedRole/admin/alice@example.com";
    expect(relatedPrincipalView(BUSY, principal, AT)).toEqual({
      ...emptyView(),
      ...kept(BUSY),
      include: { principal: [principal] },
      timeFrom: AT - PRINCIPAL_WINDOW_MS,
      timeTo: AT + PRINCIPAL_WINDOW_MS,
    });
    expect(PRINCIPAL_WINDOW_MS).toBe(5 * MINUTE);
    // The missing principal is no identity, and without a time there is no window.
    expect(relatedPrincipalView(BUSY, "", AT)).toBeNull();
    expect(relatedPrincipalView(BUSY, principal, Number.NaN)).toBeNull();
  });
});
