/**
 * Long polls of GetActivityTask: a poller waits until a task of its activity is scheduled, its
 * deadline passes or its client goes away. Scheduling a task wakes the pollers of that activity.
 */
export class ActivityWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves when `notify(resource)` is called, after `timeoutMs`, or when `signal` aborts. */
  wait(resource: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
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

  notify(resource: string): void {
    for (const wake of [...(this.waiting.get(resource) ?? [])]) wake();
  }
}
