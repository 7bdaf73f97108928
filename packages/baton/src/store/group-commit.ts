/**
 * Group commit: writes submitted while a batch is being written (or in the same event-loop turn)
 * are written together by the next batch, so concurrent callers (executions' transitions,
 * queue sends, outbox rows) share one storage transaction and one fsync. Each caller learns its
 * own outcome. At most `inFlight` batches are written at a time: 1 for SQLite (one writer),
 * more for PostgreSQL, where the caller must keep dependent writes out of concurrent batches
 * (the engine never has two transitions of one execution in flight).
 */
interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (outcome: O) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private flushing = 0;
  private scheduled = false;

  constructor(
    /** Writes a batch; one outcome per item, in order. */
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly inFlight = 1,
    /** Upper bound on one batch, to keep transactions and their latency bounded. */
    private readonly maxBatch = 256,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Several items of one caller, kept together in one batch when they fit. */
  submitAll(items: readonly I[]): Promise<O[]> {
    return Promise.all(items.map((item) => this.submit(item)));
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
      const outcomes = await this.write(batch.map((w) => w.item));
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(outcomes[i]!);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.flushing--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
