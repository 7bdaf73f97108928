/**
 * Group commit: transitions submitted while a commit is in progress (or in the same event-loop
 * turn) are written together, so many executions share one storage transaction and one fsync.
 * Each submitter learns its own outcome. At most `inFlight` commits run at a time; that is safe
 * because the engine never has two transitions of one execution in flight.
 */
import type { CommitItem, CommitOutcome, ExecutionStore } from '../store/port.js';

interface Waiting {
  readonly item: CommitItem;
  readonly resolve: (outcome: CommitOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommitter {
  private queue: Waiting[] = [];
  private flushing = 0;
  private scheduled = false;

  constructor(
    private readonly store: ExecutionStore,
    private readonly inFlight = 1,
    /** Upper bound on one batch, to keep transactions and their latency bounded. */
    private readonly maxBatch = 512,
  ) {}

  submit(item: CommitItem): Promise<CommitOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing >= this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing >= this.inFlight || this.queue.length === 0) return;
    this.flushing++;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const outcomes = await this.store.commit(batch.map((w) => w.item));
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(outcomes[i]!);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.flushing--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
