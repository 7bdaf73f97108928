/**
 * The delivery worker: drains the topic outbox (store `topic_deliveries`) to subscribers, at
 * least once.
 *
 * - A publish writes its deliveries in the group commit that accepts the message. Rows without a
 *   lane are written already leased to this node and dispatched right after the commit: no claim
 *   round trip on the common path. FIFO rows (lanes) are left for a claim, which the store serves
 *   one row per lane in order, and a claim is started at once.
 * - Everything else — other nodes' rows, retries that came due, rows whose lease ran out because
 *   their node died — is claimed by a poll (SQLite transaction; PostgreSQL FOR UPDATE SKIP LOCKED).
 *   Recovery after a crash is nothing special: the rows are in the store and their leases end.
 * - A lease lasts `leaseMs` and is extended while the attempt runs; an attempt gives up after
 *   `attemptTimeoutMs` (SNS waits 15 s for an HTTP endpoint) and counts as a failure.
 * - Delivered rows are deleted; failed ones are rescheduled by their delivery policy (retry.ts),
 *   or, once it is spent or the failure is one no retry fixes, handed to `giveUp` (dead-letter
 *   queue or drop) and deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import { GroupCommit } from '../../store/group-commit.js';
import type {
  DeliveryRetry,
  NewTopicDelivery,
  NewTopicMessage,
  TopicDeliveryRecord,
  TopicPublishOutcome,
  TopicStore,
} from '../../store/port.js';
import { type RetryPolicy, retryDelayMs } from './retry.js';

export interface OutboxOptions {
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly maxInFlight: number;
  readonly attemptTimeoutMs: number;
  /** Multiplies every retry delay (tests shorten SNS's 20-second waits). */
  readonly delayScale: number;
}

export const DEFAULT_OUTBOX: OutboxOptions = {
  leaseMs: 10_000,
  pollMs: 1_000,
  maxInFlight: 512,
  attemptTimeoutMs: 15_000,
  delayScale: 1,
};

/** How an attempt ended; `fatal` failures (client-side errors) are not retried, as on AWS. */
export type Attempt =
  | { readonly kind: 'delivered' }
  | {
      readonly kind: 'failed';
      readonly fatal: boolean;
      readonly code: string;
      readonly message: string;
      /** Retries by this policy instead of the row's own (functions that fail: Lambda's async retries). */
      readonly policy?: RetryPolicy;
    };

export interface DeliveryHandler {
  attempt(row: TopicDeliveryRecord, signal: AbortSignal): Promise<Attempt>;
  /** The delivery policy of a row (its protocol's, or its HTTP subscription's). */
  policy(row: TopicDeliveryRecord): RetryPolicy;
  /** A row whose retries are spent or whose failure is fatal: dead-letter it or drop it. */
  giveUp(row: TopicDeliveryRecord, failure: Extract<Attempt, { kind: 'failed' }>): Promise<void>;
}

interface InFlight {
  readonly row: TopicDeliveryRecord;
  leaseUntil: number;
  readonly abort: AbortController;
}

export class OutboxWorker {
  /** This process's lease: rows it claims or writes for itself carry it. */
  readonly lease = randomUUID();
  private readonly options: OutboxOptions;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly publishes: GroupCommit<NewTopicMessage, TopicPublishOutcome>;
  private readonly completions: GroupCommit<string, undefined>;
  private readonly retries: GroupCommit<DeliveryRetry, undefined>;
  private pollTimer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private renewTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private pollAgain = false;
  private started = false;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly store: TopicStore,
    private readonly clock: Clock,
    private readonly handler: DeliveryHandler,
    options: Partial<OutboxOptions> = {},
    commitsInFlight = 1,
    private readonly onError: (error: unknown, context: string) => void = () => undefined,
  ) {
    this.options = { ...DEFAULT_OUTBOX, ...options };
    this.publishes = new GroupCommit((items) => this.store.publish(items), commitsInFlight);
    const each =
      <T>(write: (items: T[]) => Promise<void>) =>
      async (items: T[]) => {
        await write(items);
        return items.map(() => undefined);
      };
    this.completions = new GroupCommit(
      each((ids: string[]) => this.store.complete(ids)),
      commitsInFlight,
    );
    this.retries = new GroupCommit(
      each((r: DeliveryRetry[]) => this.store.retry(r)),
      commitsInFlight,
    );
  }

  start(): void {
    this.started = true;
    this.schedulePoll(0);
    this.renewTimer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    this.renewTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.renewTimer);
    // Unfinished attempts keep their rows: their leases end and another start delivers them.
    for (const f of this.inFlight.values()) f.abort.abort();
  }

  /**
   * Writes messages with their deliveries in the next group commit; once committed, dispatches
   * the deliveries of the messages that were published (not duplicates). Resolves after the
   * commit: the messages are durable.
   */
  async publish(messages: readonly NewTopicMessage[]): Promise<TopicPublishOutcome[]> {
    const room = this.room();
    const prepared = messages.map((m) => ({ ...m, deliveries: this.leased(m.deliveries, room) }));
    const outcomes = await this.publishes.submitAll(prepared);
    outcomes.forEach((outcome, n) => {
      if (outcome.kind === 'published') this.dispatchWritten(prepared[n]!.deliveries, outcome.sequence);
    });
    return outcomes;
  }

  /** Writes deliveries that belong to no publish (subscription confirmations). */
  async enqueue(deliveries: readonly NewTopicDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const rows = this.leased(deliveries, this.room());
    await this.store.enqueue(rows);
    this.dispatchWritten(rows, undefined);
  }

  /** Resolves once nothing is in flight (tests and benchmarks). */
  whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  // ------------------------------------------------------------------ internals

  /** How many rows this node may still dispatch at once (none before start: rows wait for the first claim). */
  private room(): { left: number } {
    return { left: this.started ? this.options.maxInFlight - this.inFlight.size : 0 };
  }

  /** Leases lane-less rows to this node while it has room to dispatch them at once. */
  private leased(deliveries: readonly NewTopicDelivery[], room: { left: number }): NewTopicDelivery[] {
    const now = this.clock.now();
    return deliveries.map((d) =>
      d.lane === undefined && room.left-- > 0
        ? { ...d, lease: this.lease, dueAt: now + this.options.leaseMs }
        : { ...d, dueAt: now },
    );
  }

  private dispatchWritten(rows: readonly NewTopicDelivery[], sequence: number | undefined): void {
    for (const row of rows) {
      if (row.lease !== undefined)
        this.dispatch({ ...row, attempts: 1, ...(sequence !== undefined ? { sequence } : {}) });
    }
    if (rows.some((r) => r.lease === undefined)) this.schedulePoll(0);
  }

  private schedulePoll(delayMs: number): void {
    if (this.closed || !this.started) return;
    if (this.polling && delayMs === 0) {
      this.pollAgain = true;
      return;
    }
    const at = this.clock.now() + delayMs;
    if (this.pollTimer !== undefined && at >= this.wakeAt) return;
    clearTimeout(this.pollTimer);
    this.wakeAt = at;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      void this.poll();
    }, delayMs);
    this.pollTimer.unref();
  }

  private async poll(): Promise<void> {
    if (this.closed || this.polling) return;
    this.polling = true;
    this.pollAgain = false;
    let full = false;
    try {
      const room = this.options.maxInFlight - this.inFlight.size;
      if (room > 0) {
        const now = this.clock.now();
        const limit = Math.min(room, 256);
        const claimed = await this.store.claim({
          now,
          leaseUntil: now + this.options.leaseMs,
          lease: this.lease,
          limit,
        });
        for (const row of claimed) this.dispatch(row);
        full = claimed.length === limit;
      }
    } catch (e) {
      if (!this.closed) this.onError(e, 'claiming topic deliveries');
    } finally {
      this.polling = false;
      this.schedulePoll(full || this.pollAgain ? 0 : this.options.pollMs);
    }
  }

  private dispatch(row: TopicDeliveryRecord): void {
    if (this.inFlight.has(row.id) || this.closed) return;
    const abort = new AbortController();
    this.inFlight.set(row.id, { row, leaseUntil: row.dueAt, abort });
    void this.attempt(row, abort)
      .then((outcome) => this.settle(row, outcome))
      .catch((e) => {
        if (!this.closed) this.onError(e, `topic delivery ${row.id}`);
      })
      .finally(() => {
        this.inFlight.delete(row.id);
        // The next row of a FIFO lane may go now.
        if (row.lane !== undefined) this.schedulePoll(0);
        if (this.inFlight.size === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
  }

  private async attempt(row: TopicDeliveryRecord, abort: AbortController): Promise<Attempt> {
    const timeout = setTimeout(() => abort.abort(), this.options.attemptTimeoutMs);
    try {
      const timedOut = new Promise<Attempt>((resolve) =>
        abort.signal.addEventListener('abort', () =>
          resolve({ kind: 'failed', fatal: false, code: 'Timeout', message: 'The endpoint did not answer in time.' }),
        ),
      );
      return await Promise.race([this.handler.attempt(row, abort.signal), timedOut]);
    } catch (e) {
      return { kind: 'failed', fatal: false, code: 'InternalError', message: (e as Error).message ?? String(e) };
    } finally {
      clearTimeout(timeout);
    }
  }

  private async settle(row: TopicDeliveryRecord, outcome: Attempt): Promise<void> {
    if (this.closed) return;
    if (outcome.kind === 'delivered') {
      await this.completions.submit(row.id);
      return;
    }
    const delay = outcome.fatal ? undefined : retryDelayMs(outcome.policy ?? this.handler.policy(row), row.attempts);
    if (delay !== undefined) {
      const now = this.clock.now();
      const dueAt = now + Math.round(delay * this.options.delayScale);
      const lastError = `${outcome.code}: ${outcome.message}`.slice(0, 2048);
      await this.retries.submit({ id: row.id, lease: this.lease, dueAt, lastError });
      this.schedulePoll(Math.max(0, dueAt - now));
      return;
    }
    await this.handler.giveUp(row, outcome).catch((e) => this.onError(e, `giving up topic delivery ${row.id}`));
    await this.completions.submit(row.id);
  }

  /** Extends the leases of attempts still running near the end of their lease. */
  private async renew(): Promise<void> {
    const now = this.clock.now();
    const until = now + this.options.leaseMs;
    const due = [...this.inFlight.values()].filter((f) => f.leaseUntil - now < this.options.leaseMs / 2);
    if (due.length === 0 || this.closed) return;
    try {
      await this.store.extend(
        due.map((f) => f.row.id),
        this.lease,
        until,
      );
      for (const f of due) f.leaseUntil = until;
    } catch (e) {
      if (!this.closed) this.onError(e, 'extending topic delivery leases');
    }
  }
}
