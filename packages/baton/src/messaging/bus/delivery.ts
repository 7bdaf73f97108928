/**
 * The delivery worker: drains the bus's outbox (store `event_deliveries`) to the targets, at least
 * once, with the outbox drainer (messaging/outbox: leases, claims, renewals, completion).
 *
 * - Deliveries are written by the group commit of the PutEvents that accepted their events.
 * - An attempt renders the target's input and hands it to the TargetDispatcher; a delivery to
 *   another bus is forwarded by the bus itself, which completes the row in its own transaction.
 * - Failed deliveries are rescheduled with back-off (retry.ts), or, once their RetryPolicy is
 *   spent, sent to their DeadLetterConfig queue (or dropped) and deleted.
 */
import type { Clock, Instant } from '../../kernel/index.js';
import { GroupCommit } from '../../store/group-commit.js';
import type { BusStore, EventDeliveryRecord, NewEventDelivery } from '../../store/port.js';
import { DEFAULT_DRAINER, type DrainerOptions, OutboxDrainer, type Outcome } from '../outbox/index.js';
import { ruleNameOf } from './names.js';
import { afterFailure, type BackoffOptions, DEFAULT_BACKOFF } from './retry.js';
import {
  type DispatchOutcome,
  type TargetDispatcher,
  type TargetSettings,
  targetKind,
  targetSettings,
} from './targets.js';
import { type CompiledInput, compileTargetInput } from './transform.js';

export interface DeliveryOptions extends DrainerOptions {
  readonly backoff: BackoffOptions;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  ...DEFAULT_DRAINER,
  attemptTimeoutMs: 30_000,
  backoff: DEFAULT_BACKOFF,
};

/** Delivers an event to another bus, completing `delivery` in the same transaction. */
export type ForwardToBus = (delivery: EventDeliveryRecord, busArn: string) => Promise<DispatchOutcome>;

type DispatchFailure = Extract<DispatchOutcome, { kind: 'failed' }>;

interface Write {
  readonly deliveries: readonly NewEventDelivery[];
  readonly completed: readonly string[];
}

export class DeliveryWorker extends OutboxDrainer<EventDeliveryRecord, DispatchFailure> {
  private readonly backoff: BackoffOptions;
  private readonly writes: GroupCommit<Write, undefined>;
  private readonly inputs = new Map<string, CompiledInput>();

  constructor(
    store: BusStore,
    clock: Clock,
    private readonly dispatcher: TargetDispatcher,
    private readonly forward: ForwardToBus,
    options: Partial<DeliveryOptions> = {},
    commitsInFlight = 1,
    onError: (error: unknown, context: string) => void = () => undefined,
  ) {
    const { backoff, ...drainer } = { ...DEFAULT_DELIVERY, ...options };
    super({
      store,
      clock,
      options: drainer,
      rowName: 'event delivery',
      timedOut: { kind: 'failed', fatal: false, code: 'TIMEOUT', message: 'The target did not answer in time.' },
      commitsInFlight,
      onError,
    });
    this.backoff = backoff;
    this.writes = new GroupCommit(async (items) => {
      await store.enqueue(
        items.flatMap((w) => w.deliveries),
        items.flatMap((w) => w.completed),
      );
      return items.map(() => undefined);
    }, commitsInFlight);
  }

  /**
   * Writes deliveries to the outbox (and deletes `completed` ones) in the next group commit; once
   * committed, dispatches the new ones here. Resolves after the commit: the events are durable.
   */
  async enqueue(deliveries: readonly Omit<NewEventDelivery, 'lease' | 'dueAt'>[], completed: readonly string[] = []) {
    if (deliveries.length === 0 && completed.length === 0) return;
    const rows = this.leased(deliveries);
    await this.writes.submit({ deliveries: rows, completed });
    this.dispatchWritten(rows);
  }

  protected override async attempt(
    delivery: EventDeliveryRecord,
    signal: AbortSignal,
  ): Promise<Outcome<DispatchFailure>> {
    let settings: TargetSettings;
    let input: string;
    try {
      settings = targetSettings(delivery.target);
      input = this.compiled(settings).render(delivery.event, {
        ruleArn: delivery.ruleArn,
        ruleName: ruleNameOf(delivery.ruleArn),
        ingestedAt: delivery.ingestedAt,
      });
    } catch (e) {
      return { kind: 'failed', fatal: true, code: 'INVALID_PARAMETER', message: (e as Error).message };
    }
    const kind = targetKind(settings.arn) ?? 'other';
    if (kind === 'eventBus') return this.forward(delivery, settings.arn);
    try {
      return await this.dispatcher.deliver({
        kind,
        target: settings,
        input,
        event: delivery.event,
        deliveryId: delivery.id,
        ruleArn: delivery.ruleArn,
        signal,
      });
    } catch (e) {
      return { kind: 'failed', fatal: false, code: 'SDK_CLIENT_ERROR', message: (e as Error).message ?? String(e) };
    }
  }

  protected override async afterFailure(
    delivery: EventDeliveryRecord,
    failure: DispatchFailure,
    now: Instant,
  ): Promise<Instant | 'givenUp'> {
    const settings = targetSettings(delivery.target);
    const decision = afterFailure(
      settings.retryPolicy,
      this.backoff,
      { attempts: delivery.attempts, ingestedAt: delivery.ingestedAt, now, fatal: failure.fatal },
      Math.random(),
    );
    if (decision.kind === 'retry') return decision.at;
    if (settings.deadLetterArn) {
      // A dead-letter queue that cannot take the event (deleted, say) leaves it dropped, as on AWS.
      await this.dispatcher
        .deadLetter({
          queueArn: settings.deadLetterArn,
          body: delivery.event,
          attributes: {
            RULE_ARN: delivery.ruleArn,
            TARGET_ARN: settings.arn,
            ERROR_CODE: failure.code,
            ERROR_MESSAGE: failure.message.slice(0, 1024),
            EXHAUSTED_RETRY_CONDITION: decision.condition,
            RETRY_ATTEMPTS: String(delivery.attempts - 1),
          },
        })
        .catch((e) => this.onError(e, `dead-lettering event ${delivery.id} to ${settings.deadLetterArn}`));
    } else {
      this.onError(
        new Error(`${failure.code}: ${failure.message}`),
        `event ${delivery.id} dropped for target ${settings.id} of ${delivery.ruleArn} (${decision.condition}, no DeadLetterConfig)`,
      );
    }
    return 'givenUp';
  }

  private compiled(settings: TargetSettings): CompiledInput {
    const key = JSON.stringify([settings.id, settings.input, settings.inputPath, settings.inputTransformer]);
    let compiled = this.inputs.get(key);
    if (!compiled) {
      const result = compileTargetInput(settings, settings.id);
      if (!result.ok) throw new Error(result.error);
      compiled = result.value;
      if (this.inputs.size > 10_000) this.inputs.clear();
      this.inputs.set(key, compiled);
    }
    return compiled;
  }
}
