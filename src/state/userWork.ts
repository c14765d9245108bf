// The worker requests made for the user (a record opened, a search, a query's scan, rules run
// over the loaded files, an export), and the user's input (a key or a pointer pressed), so that
// background work (the integrity check) can wait for a quiet moment and step aside while the
// user is waiting on an answer or working in the page.

export class UserWork {
  /** Requests started and not yet settled. */
  inFlight = 0;
  /** performance.now() of the last start or end of a request (-Infinity: none yet). */
  private lastActivity = -Infinity;
  /** performance.now() of the user's last input (-Infinity: none yet). */
  private lastInput = -Infinity;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Counts `request` as the user's work until it settles; returns it unchanged. */
  track<T>(request: Promise<T>): Promise<T> {
    this.inFlight++;
    this.lastActivity = this.now();
    const settled = () => {
      this.inFlight--;
      this.lastActivity = this.now();
      for (const listener of this.listeners) listener();
    };
    request.then(settled, settled);
    return request;
  }

  /** ms since the user's last request started or ended; 0 while one is in flight. */
  idleFor(): number {
    return this.inFlight > 0 ? 0 : this.now() - this.lastActivity;
  }

  /** The user pressed a key or a pointer in the page. */
  noteInput(): void {
    this.lastInput = this.now();
  }

  /** ms since the user's last input. */
  inputIdleFor(): number {
    return this.now() - this.lastInput;
  }

  /** Called whenever a request settles. Returns unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
