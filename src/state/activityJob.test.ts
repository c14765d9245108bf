import { describe, expect, it } from "vitest";
import { buildChunk, type TestEvent } from "../store/testing";
import { WorkerPool, type WorkerLike } from "../worker/pool";
import { BUCKET_TARGET, chartRange, type Activity, type StackField } from "./activity";
import { activityJob, activityOf, shownActivity, type ActivityJob } from "./activityJob";
import { deriveView } from "./derive";
import { Session } from "./session";
import { emptyView, type ViewState } from "./viewState";

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);
const FIELDS = ["eventName", "eventSource", "principal", "errorCode", "awsRegion"] as const;

/** A worker that is never asked anything: these sessions get their rows straight into the store. */
class IdleWorker implements WorkerLike {
  onmessage: WorkerLike["onmessage"] = null;
  onerror: WorkerLike["onerror"] = null;
  postMessage(): void {}
  terminate(): void {}
}

/** 600 events over ten hours, out of time order, some with an error and some with no time. */
function events(): TestEvent[] {
  const out: TestEvent[] = [];
  for (let i = 0; i < 600; i++) {
    const k = (i * 7919) % 600;
    out.push({
      eventID: `e${i}`,
      eventTime: i % 97 === 5 ? undefined : T0 + k * MINUTE,
      eventName: ["GetObject", "PutObject", "ListBuckets", "AssumeRole"][k % 4],
      eventSource: k % 3 === 0 ? "s3.amazonaws.com" : "sts.amazonaws.com",
      principal: ["alice", "bob", "svc"][k % 3],
      errorCode: k % 11 === 0 ? "AccessDenied" : undefined,
      // Thirteen regions of uneven counts: which come on top depends on every row counted.
      awsRegion: `r${(k * k) % 13}`,
    });
  }
  return out;
}

function session(): Session {
  const s = new Session(new WorkerPool(() => new IdleWorker(), 1));
  s.store.append(buildChunk(events()));
  return s;
}

/** A clock that moves on a millisecond at each reading: a budget of 0 runs one step a call. */
function ticking(): () => number {
  let t = 0;
  return () => t++;
}

/** Runs `job` a step at a time to its end; the number of calls it took. */
function runByStep(job: ActivityJob): number {
  const now = ticking();
  let calls = 1;
  while (!job.run(0, now)) calls++;
  return calls;
}

const VIEWS: [string, ViewState, StackField][] = [
  [
    "regions, the stacked field filtered, sorted by principal",
    {
      ...emptyView(),
      sort: { column: "principal", direction: "desc" },
      include: { awsRegion: ["r0", "r1", "r3", "r4", "r9", "r10", "r12", "r2", "r5", "r6"] },
    },
    "awsRegion",
  ],
  ["everything", emptyView(), "eventName"],
  ["a principal", { ...emptyView(), include: { principal: ["alice", "svc"] } }, "eventName"],
  [
    "oldest first",
    { ...emptyView(), sort: { column: "time", direction: "asc" }, exclude: { errorCode: [""] } },
    "eventSource",
  ],
  [
    "sorted by name, the stacked field filtered",
    {
      ...emptyView(),
      sort: { column: "eventName", direction: "asc" },
      include: { eventName: ["GetObject", "PutObject"] },
    },
    "eventName",
  ],
];

describe("the chart's data as a job", () => {
  it.each(VIEWS)(
    "works %s out in steps of a few rows to the chart made at once",
    (_, view, field) => {
      const s = session();
      const job = activityJob(s, view, deriveView(s, view, FIELDS), field, BUCKET_TARGET, 7);
      expect(job.done).toBe(false);
      expect(runByStep(job)).toBeGreaterThan(1);
      expect(job.done).toBe(true);
      const fresh = session();
      const atOnce = activityOf(fresh, view, deriveView(fresh, view, FIELDS), field);
      expect(job.activity).not.toBeNull();
      expect(job.activity).toEqual(atOnce);
    },
  );

  it("finds a running job again for the same selection and resumes it", () => {
    const s = session();
    const alice: ViewState = { ...emptyView(), include: { principal: ["alice"] } };
    const jobOf = (view: ViewState) =>
      activityJob(s, view, deriveView(s, view, FIELDS), "eventName", BUCKET_TARGET, 5);
    const first = jobOf(emptyView());
    const now = ticking();
    expect(first.run(0, now)).toBe(false);
    expect(first.run(0, now)).toBe(false);
    // Another selection meanwhile, then everything again (another view object, the same rows).
    const other = jobOf(alice);
    expect(other).not.toBe(first);
    const again = jobOf({ ...emptyView() });
    expect(again).toBe(first);
    runByStep(again);
    const fresh = session();
    expect(again.activity).toEqual(
      activityOf(fresh, emptyView(), deriveView(fresh, emptyView(), FIELDS), "eventName"),
    );
  });

  it("shows the chart done last while a job runs, then the job's own", () => {
    const s = session();
    const all = activityOf(s, emptyView(), deriveView(s, emptyView(), FIELDS), "eventName");
    const bob: ViewState = { ...emptyView(), include: { principal: ["bob"] } };
    const job = activityJob(s, bob, deriveView(s, bob, FIELDS), "eventName", BUCKET_TARGET, 3);
    job.run(0, ticking());
    expect(job.done).toBe(false);
    expect(shownActivity(job, s, bob, BUCKET_TARGET)).toBe(all);
    runByStep(job);
    const shown = shownActivity(job, s, bob, BUCKET_TARGET);
    expect(shown).toBe(job.activity);
    expect(shown).not.toBe(all);
    const bobs = events().filter((e) => e.principal === "bob" && e.eventTime !== undefined);
    expect(total(shown)).toBe(bobs.length);
  });

  it("shows the loaded range with no bars before any chart is done", () => {
    const s = session();
    const job = activityJob(s, emptyView(), deriveView(s, emptyView(), FIELDS), "principal", 40, 3);
    job.run(0, ticking());
    const shown = shownActivity(job, s, emptyView(), 40);
    const range = chartRange(null, null, s.store.timeRange(), 40);
    expect(shown).not.toBeNull();
    expect(range).not.toBeNull();
    expect([shown?.from, shown?.to, shown?.bucketMs]).toEqual([
      range?.from,
      range?.to,
      range?.bucketMs,
    ]);
    expect(shown?.buckets.length).toBe(
      ((range?.to ?? 0) - (range?.from ?? 0)) / (range?.bucketMs ?? 1),
    );
    expect(shown?.series).toEqual([]);
    expect(total(shown)).toBe(0);
    expect(shown?.field).toBe("principal");
  });
});

function total(activity: Activity | null): number {
  return activity?.totals.reduce((a, b) => a + b, 0) ?? -1;
}
