/**
 * Long polling (ReceiveMessage WaitTimeSeconds): a receiver that found nothing waits until a
 * message is sent to its queue, a slice of its wait passes (messages also become visible when
 * delays and visibility timeouts run out, and other nodes sharing PostgreSQL send without telling
 * this one), or its client goes away. A send wakes as many waiters as it added messages, oldest
 * first, so one message does not stampede every poller.
 */
export class QueueWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves on `notify(queueArn)`, after `timeoutMs`, or when `signal` aborts. */
  wait(queueArn: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const set = this.waiting.get(queueArn) ?? new Set<() => void>();
      this.waiting.set(queueArn, set);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(queueArn) === set) this.waiting.delete(queueArn);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  /** Wakes up to `count` waiters of the queue (a Set iterates in insertion order: oldest first). */
  notify(queueArn: string, count = Number.POSITIVE_INFINITY): void {
    const set = this.waiting.get(queueArn);
    if (!set) return;
    let woken = 0;
    for (const wake of [...set]) {
      if (woken++ >= count) break;
      wake();
    }
  }
}
