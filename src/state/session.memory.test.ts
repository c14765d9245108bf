import { describe, expect, it } from "vitest";
import { computeView, emptyFilter } from "../store/view";
import { invictus, newSession } from "./testing";

describe("Session memory budget", () => {
  it("stops a load that would exceed it, keeps what was loaded, and says why", async () => {
    const files = invictus();
    // A file per message, as a large load's many batches would; the budget is under what the
    // 2,900 events need (about 0.39 MB: 4,096 rows of narrow columns, the table, the strings).
    const session = newSession(1, { memoryBudget: 350_000, batchFiles: 1 });
    await session.load(files);
    expect(session.progress.state).toBe("error");
    expect(session.progress.message).toMatch(/stopped to stay within this browser's memory/);
    expect(session.progress.cancelledFiles).toBeGreaterThan(0);
    const loaded = session.store.rows;
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(2900);
    // What was loaded stays usable.
    expect(computeView(session.store, emptyFilter(), ["eventName"]).shown).toBe(loaded);
    expect(session.files.every((f) => f.outcome !== null)).toBe(true);
  });

  it("a budget that is not reached changes nothing", async () => {
    const files = invictus();
    const session = newSession(2, { memoryBudget: 1 << 30 });
    await session.load(files);
    expect(session.progress.state).toBe("ready");
    expect(session.store.rows).toBe(2900);
  });
});
