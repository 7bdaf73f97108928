/**
 * Long polls of GetActivityTask: a poller waits until a task of its activity is scheduled, its
 * deadline passes or its client goes away. Scheduling a task wakes one poller of that activity.
 */
export class ActivityWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();
  private closed = false;

  /** True once the server is shutting down: polls answer empty at once, as AWS ends them. */
  get shuttingDown(): boolean {
    return this.closed;
  }

  /** Wakes every poller and refuses further waits. */
  shutdown(): void {
    this.closed = true;
    for (const set of [...this.waiting.values()]) for (const wake of [...set]) wake();
  }

  /** Resolves when `notify(resource)` is called, after `timeoutMs`, or when `signal` aborts. */
  wait(resource: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiting.get(resource) ?? new Set<() => void>();
      this.waiting.set(resource, set);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(resource) === set) this.waiting.delete(resource);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  /** One task was scheduled: wakes the longest-waiting poller (waking all would have all but one claim nothing). */
  notify(resource: string): void {
    const first = this.waiting.get(resource)?.values().next();
    if (first && !first.done) first.value();
  }
}
