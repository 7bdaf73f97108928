/**
 * Long polling (ReceiveMessage WaitTimeSeconds): a receiver that found nothing waits until a
 * message is sent to its queue, a slice of its wait passes (messages also become visible when
 * delays and visibility timeouts run out, and other nodes sharing PostgreSQL send without telling
 * this one), or its client goes away. New messages wake receivers oldest first, only as many as
 * it takes to ask for them all: each receiver takes up to its maximum, so waking one per message
 * would send most of them to find the queue emptied by the first. Each queue counts its
 * notifications, so a receiver that looked before one (its claim still on its way back, in a
 * batch that overlapped the one that sent) does not go to sleep past it.
 */
interface Waiter {
  readonly wants: number;
  readonly wake: () => void;
}

export class QueueWaiters {
  private readonly waiting = new Map<string, Set<Waiter>>();
  private readonly notified = new Map<string, number>();

  /** How many times the queue's waiters have been notified: read before looking, passed to `wait`. */
  notifications(queueArn: string): number {
    return this.notified.get(queueArn) ?? 0;
  }

  /**
   * Resolves on a `notify` of the queue, after `timeoutMs`, or when `signal` aborts; at once when
   * the queue was notified since `seen` (its `notifications` before the receiver looked). `wants`
   * is how many messages the receiver takes.
   */
  wait(queueArn: string, timeoutMs: number, signal: AbortSignal, wants: number, seen: number): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || this.notifications(queueArn) !== seen) return resolve();
      const set = this.waiting.get(queueArn) ?? new Set<Waiter>();
      this.waiting.set(queueArn, set);
      const waiter = { wants, wake: () => done() };
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(waiter);
        if (set.size === 0 && this.waiting.get(queueArn) === set) this.waiting.delete(queueArn);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      signal.addEventListener('abort', done, { once: true });
      set.add(waiter);
    });
  }

  /** Drops a deleted queue's count. */
  forget(queueArn: string): void {
    this.notified.delete(queueArn);
  }

  /** Wakes the oldest waiters of the queue (a Set iterates in insertion order) until they want `messages` in all. */
  notify(queueArn: string, messages: number): void {
    this.notified.set(queueArn, this.notifications(queueArn) + 1);
    const set = this.waiting.get(queueArn);
    if (!set) return;
    let left = messages;
    for (const waiter of [...set]) {
      if (left <= 0) break;
      left -= waiter.wants;
      waiter.wake();
    }
  }
}
