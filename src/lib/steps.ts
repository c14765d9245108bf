// Work written once as a generator that yields between slices, run either at once or with a
// pause between slices where the page gets a turn (store/correlate.ts, store/novelty.ts).

/** Runs `steps` to its end in this task; returns its value. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Runs `steps` to its end, awaiting `pause` wherever it yields; resolves with its value. */
export async function runStepsPaused<T>(
  steps: Generator<void, T>,
  pause: () => Promise<void>,
): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await pause();
  }
}

/**
 * Runs `steps` to its end, as many steps a task as fit in `budgetMs`, awaiting `pause` between
 * tasks; resolves with its value. Fewer, fuller tasks than a pause at every step, each still short.
 */
export async function runStepsBudgeted<T>(
  steps: Generator<void, T>,
  pause: () => Promise<void>,
  budgetMs: number,
  now: () => number = () => performance.now(),
): Promise<T> {
  for (;;) {
    const started = now();
    do {
      const step = steps.next();
      if (step.done === true) return step.value;
    } while (now() - started < budgetMs);
    await pause();
  }
}
