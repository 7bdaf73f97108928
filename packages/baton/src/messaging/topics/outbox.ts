/**
 * The topics' delivery worker: drains the topic outbox (store `topic_deliveries`) to subscribers,
 * at least once, with the outbox drainer (messaging/outbox: leases, claims, renewals, completion).
 *
 * - A publish writes its deliveries in the group commit that accepts the message; FIFO rows
 *   (lanes) are left for a claim, which the store serves one row per lane in order.
 * - An attempt is the DeliveryHandler's (deliver.ts); it gives up after `attemptTimeoutMs` (SNS
 *   waits 15 s for an HTTP endpoint) and counts as a failure.
 * - Failed rows are rescheduled by their delivery policy (retry.ts), or, once it is spent or the
 *   failure is one no retry fixes, handed to `giveUp` (dead-letter queue or drop) and deleted.
 */
import type { Clock, Instant } from '../../kernel/index.js';
import { GroupCommit } from '../../store/group-commit.js';
import type {
  NewTopicDelivery,
  NewTopicMessage,
  TopicDeliveryRecord,
  TopicPublishOutcome,
  TopicStore,
} from '../../store/port.js';
import { DEFAULT_DRAINER, type DrainerOptions, OutboxDrainer, type Outcome } from '../outbox/index.js';
import { type RetryPolicy, retryDelayMs } from './retry.js';

export interface OutboxOptions extends DrainerOptions {
  /** Multiplies every retry delay (tests shorten SNS's 20-second waits). */
  readonly delayScale: number;
}

export const DEFAULT_OUTBOX: OutboxOptions = {
  ...DEFAULT_DRAINER,
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

type FailedAttempt = Extract<Attempt, { kind: 'failed' }>;

export interface DeliveryHandler {
  attempt(row: TopicDeliveryRecord, signal: AbortSignal): Promise<Attempt>;
  /** The delivery policy of a row (its protocol's, or its HTTP subscription's). */
  policy(row: TopicDeliveryRecord): RetryPolicy;
  /** A row whose retries are spent or whose failure is fatal: dead-letter it or drop it. */
  giveUp(row: TopicDeliveryRecord, failure: FailedAttempt): Promise<void>;
}

export class OutboxWorker extends OutboxDrainer<TopicDeliveryRecord, FailedAttempt> {
  private readonly delayScale: number;
  private readonly publishes: GroupCommit<NewTopicMessage, TopicPublishOutcome>;

  constructor(
    private readonly store: TopicStore,
    clock: Clock,
    private readonly handler: DeliveryHandler,
    options: Partial<OutboxOptions> = {},
    commitsInFlight = 1,
    onError: (error: unknown, context: string) => void = () => undefined,
  ) {
    const { delayScale, ...drainer } = { ...DEFAULT_OUTBOX, ...options };
    super({
      store,
      clock,
      options: drainer,
      rowName: 'topic delivery',
      timedOut: { kind: 'failed', fatal: false, code: 'Timeout', message: 'The endpoint did not answer in time.' },
      commitsInFlight,
      onError,
    });
    this.delayScale = delayScale;
    this.publishes = new GroupCommit((items) => store.publish(items), commitsInFlight);
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
      if (outcome.kind !== 'published') return;
      const { deliveries } = prepared[n]!;
      const { sequence } = outcome;
      this.dispatchWritten(sequence === undefined ? deliveries : deliveries.map((d) => ({ ...d, sequence })));
    });
    return outcomes;
  }

  /** Writes deliveries that belong to no publish (subscription confirmations). */
  async enqueue(deliveries: readonly NewTopicDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const rows = this.leased(deliveries);
    await this.store.enqueue(rows);
    this.dispatchWritten(rows);
  }

  protected override async attempt(row: TopicDeliveryRecord, signal: AbortSignal): Promise<Outcome<FailedAttempt>> {
    try {
      return await this.handler.attempt(row, signal);
    } catch (e) {
      return { kind: 'failed', fatal: false, code: 'InternalError', message: (e as Error).message ?? String(e) };
    }
  }

  protected override async afterFailure(
    row: TopicDeliveryRecord,
    failure: FailedAttempt,
    now: Instant,
  ): Promise<Instant | 'givenUp'> {
    const delay = failure.fatal ? undefined : retryDelayMs(failure.policy ?? this.handler.policy(row), row.attempts);
    if (delay !== undefined) return now + Math.round(delay * this.delayScale);
    await this.handler.giveUp(row, failure).catch((e) => this.onError(e, `giving up topic delivery ${row.id}`));
    return 'givenUp';
  }
}
