// The chart's data per selection as jobs: worked out in slices of a time budget, kept for the
// last few selections, and what the chart shows while one runs.
import { histogram } from "../store/histogram";
import type { Derived } from "./derive";
import type { Session } from "./session";
import type { ViewState } from "./viewState";
import {
  activitySteps,
  BUCKET_TARGET,
  chartRange,
  ownFilter,
  type Activity,
  type StackField,
} from "./activity";

/** What an activity is worked out from; two equal keys give the same activity. */
interface ActivityKey {
  version: number;
  /** The selection: the same list object for the same rows (the unfiltered view keeps its own). */
  ordered: Derived["ordered"];
  /** The stacked field's facet counts when the view has them (else the rows are counted). */
  facet: Uint32Array | null;
  timeFrom: number | null;
  timeTo: number | null;
  sort: string;
  /** Whether the stacked field has a filter of its own. */
  filtered: boolean;
  field: StackField;
  target: number;
}

function keyOf(
  session: Session,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target: number,
): ActivityKey {
  const facet = derived.facets[field];
  return {
    version: session.viewVersion,
    ordered: derived.ordered,
    facet: facet.length > 0 ? facet : null,
    timeFrom: view.timeFrom,
    timeTo: view.timeTo,
    sort: `${view.sort.column} ${view.sort.direction}`,
    filtered: ownFilter(view, field),
    field,
    target,
  };
}

/** Every part the same value or the same object. */
function sameKey(a: ActivityKey, b: ActivityKey): boolean {
  return (Object.keys(a) as (keyof ActivityKey)[]).every((part) => a[part] === b[part]);
}

/**
 * An activity being worked out, or worked out: a job for one key. Counting a selection of millions
 * of rows in time order reads the columns at random (hundreds of milliseconds at ten million
 * rows), so a job runs in slices of a time budget (`run`) until it is done.
 */
export class ActivityJob {
  /** The chart's data once done; null when nothing selected has a time. */
  activity: Activity | null = null;
  private steps: Generator<void, Activity | null> | null;

  constructor(
    readonly key: ActivityKey,
    steps: Generator<void, Activity | null>,
    private readonly session: Session,
  ) {
    this.steps = steps;
  }

  get done(): boolean {
    return this.steps === null;
  }

  /**
   * Works on for about `budgetMs` (one step at least; Infinity: to the end); true once done.
   * `now` is the clock (tests pass their own).
   */
  run(budgetMs: number, now: () => number = () => performance.now()): boolean {
    const steps = this.steps;
    if (steps === null) return true;
    const started = now();
    for (;;) {
      const step = steps.next();
      if (step.done === true) {
        this.steps = null;
        this.activity = step.value;
        lastDone.set(this.session, step.value);
        return true;
      }
      if (now() - started >= budgetMs) return false;
    }
  }
}

/**
 * The last few jobs per session, newest first, done or not. More than one, so that going back to
 * a selection (a facet value clicked off again: everything, whose list and counts are kept) finds
 * its chart without counting every row again.
 */
const cache = new WeakMap<Session, ActivityJob[]>();
const CACHED = 3;
/** Per session, the activity of the job done last, whatever its key: shown while one runs. */
const lastDone = new WeakMap<Session, Activity | null>();

/**
 * The job for the current selection's chart: found again for the same key (done, or as far as it
 * got), else a new one. `target` is the number of buckets aimed at (bucketTarget of the plot's
 * width); `stepRows`, the rows a step of the job reads at most (a default of a few milliseconds).
 */
export function activityJob(
  session: Session,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target = BUCKET_TARGET,
  stepRows?: number,
): ActivityJob {
  const key = keyOf(session, view, derived, field, target);
  // Only the views' current version: an older entry can never be found again, and its selection
  // holds on to that version's time order (4 bytes a row).
  const jobs = (cache.get(session) ?? []).filter((job) => job.key.version === key.version);
  const at = jobs.findIndex((job) => sameKey(job.key, key));
  const job =
    at >= 0
      ? jobs.splice(at, 1)[0]
      : new ActivityJob(
          key,
          activitySteps(session.store, view, derived, field, target, stepRows),
          session,
        );
  jobs.unshift(job);
  jobs.length = Math.min(jobs.length, CACHED);
  cache.set(session, jobs);
  return job;
}

/**
 * The chart's data for the current selection, worked out to the end at once; null when nothing
 * loaded has a time.
 */
export function activityOf(
  session: Session,
  view: ViewState,
  derived: Derived,
  field: StackField,
  target = BUCKET_TARGET,
): Activity | null {
  const job = activityJob(session, view, derived, field, target);
  job.run(Infinity);
  return job.activity;
}

/** A selection of no rows. */
const NO_ROWS = new Uint32Array(0);

/**
 * What the chart shows for `job`: its activity once done; while it runs, the activity done last
 * for the session (the chart as it was before the click), else the range of everything loaded
 * with no bars yet. Null when nothing loaded has a time.
 */
export function shownActivity(
  job: ActivityJob,
  session: Session,
  view: ViewState,
  target: number,
): Activity | null {
  if (job.done) return job.activity;
  const last = lastDone.get(session);
  if (last !== undefined) return last;
  const range = chartRange(view.timeFrom, view.timeTo, session.store.timeRange(), target);
  if (range === null) return null;
  const { from, to, bucketMs } = range;
  // The histogram of no rows: every bucket, each empty.
  const { buckets, counts, errors } = histogram(session.store, NO_ROWS, from, to, bucketMs);
  return {
    from,
    to,
    bucketMs,
    buckets,
    field: job.key.field,
    series: [],
    counts: [],
    totals: counts[0],
    errors,
    zoomed: view.timeFrom !== null || view.timeTo !== null,
  };
}

/** How many activities are kept for `session` (for tests: what the cache holds on to). */
export function cachedActivities(session: Session): number {
  return cache.get(session)?.length ?? 0;
}
