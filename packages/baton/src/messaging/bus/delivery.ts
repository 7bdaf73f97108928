/**
 * The delivery worker: drains the outbox (store `event_deliveries`) to the targets, at least once.
 *
 * - Deliveries written by this node are written already leased to it (group commit with the
 *   PutEvents that accepted their events) and dispatched right after the commit: no claim round
 *   trip on the common path.
 * - Everything else — other nodes' rows, retries that came due, rows whose lease ran out because
 *   their node died — is claimed by a poll (SQLite transaction; PostgreSQL FOR UPDATE SKIP LOCKED).
 *   Recovery after a crash is nothing special: the rows are in the store and their leases end.
 * - A lease lasts `leaseMs` and is extended while the dispatch runs; a dispatch gives up after
 *   `attemptTimeoutMs` and counts as a failed attempt.
 * - Delivered rows are deleted; failed ones rescheduled with back-off (retry.ts), or, once their
 *   RetryPolicy is spent, sent to their DeadLetterConfig queue (or dropped) and deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import { GroupCommit } from '../../store/group-commit.js';
import type { BusStore, DeliveryRetry, EventDeliveryRecord, NewEventDelivery } from '../../store/port.js';
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

export interface DeliveryOptions {
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly maxInFlight: number;
  readonly attemptTimeoutMs: number;
  readonly backoff: BackoffOptions;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  leaseMs: 10_000,
  pollMs: 1_000,
  maxInFlight: 512,
  attemptTimeoutMs: 30_000,
  backoff: DEFAULT_BACKOFF,
};

/** Delivers an event to another bus, completing `delivery` in the same transaction. */
export type ForwardToBus = (delivery: EventDeliveryRecord, busArn: string) => Promise<DispatchOutcome>;

interface InFlight {
  readonly delivery: EventDeliveryRecord;
  leaseUntil: number;
  readonly abort: AbortController;
}

interface Write {
  readonly deliveries: readonly NewEventDelivery[];
  readonly completed: readonly string[];
}

export class DeliveryWorker {
  /** This process's lease: rows it claims or writes for itself carry it. */
  readonly lease = randomUUID();
  private readonly options: DeliveryOptions;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly writes: GroupCommit<Write, undefined>;
  private readonly completions: GroupCommit<string, undefined>;
  private readonly retries: GroupCommit<DeliveryRetry, undefined>;
  private readonly inputs = new Map<string, CompiledInput>();
  private pollTimer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private renewTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private started = false;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly store: BusStore,
    private readonly clock: Clock,
    private readonly dispatcher: TargetDispatcher,
    private readonly forward: ForwardToBus,
    options: Partial<DeliveryOptions> = {},
    commitsInFlight = 1,
    private readonly onError: (error: unknown, context: string) => void = () => undefined,
  ) {
    this.options = { ...DEFAULT_DELIVERY, ...options };
    this.writes = new GroupCommit(async (items) => {
      await this.store.enqueue(
        items.flatMap((w) => w.deliveries),
        items.flatMap((w) => w.completed),
      );
      return items.map(() => undefined);
    }, commitsInFlight);
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
    const every = Math.max(50, Math.floor(this.options.leaseMs / 3));
    this.renewTimer = setInterval(() => void this.renew(), every);
    this.renewTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.renewTimer);
    // Unfinished dispatches keep their rows: their leases end and another start delivers them.
    for (const f of this.inFlight.values()) f.abort.abort();
  }

  /**
   * Writes deliveries to the outbox (and deletes `completed` ones) in the next group commit; once
   * committed, dispatches the new ones here. Resolves after the commit: the events are durable.
   */
  async enqueue(deliveries: readonly Omit<NewEventDelivery, 'lease' | 'dueAt'>[], completed: readonly string[] = []) {
    if (deliveries.length === 0 && completed.length === 0) return;
    const now = this.clock.now();
    // Before start (a workflow recovering at boot puts events), rows wait for the first claim.
    const room = this.started ? this.options.maxInFlight - this.inFlight.size : 0;
    // Leased to this node when it has room to dispatch them at once; otherwise left for a claim.
    const rows: NewEventDelivery[] = deliveries.map((d, i) =>
      i < room ? { ...d, lease: this.lease, dueAt: now + this.options.leaseMs } : { ...d, dueAt: now },
    );
    await this.writes.submit({ deliveries: rows, completed });
    for (const row of rows) {
      if (row.lease !== undefined) this.dispatch({ ...row, attempts: 1 });
    }
    if (rows.some((r) => r.lease === undefined)) this.schedulePoll(0);
  }

  /** Resolves once nothing is in flight (tests and benchmarks). */
  whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  // ------------------------------------------------------------------ internals

  private schedulePoll(delayMs: number): void {
    if (this.closed) return;
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
        for (const d of claimed) this.dispatch(d);
        full = claimed.length === limit;
      }
    } catch (e) {
      if (!this.closed) this.onError(e, 'claiming event deliveries');
    } finally {
      this.polling = false;
      this.schedulePoll(full ? 0 : this.options.pollMs);
    }
  }

  private dispatch(delivery: EventDeliveryRecord): void {
    if (this.inFlight.has(delivery.id) || this.closed) return;
    const abort = new AbortController();
    const entry: InFlight = { delivery, leaseUntil: delivery.dueAt, abort };
    this.inFlight.set(delivery.id, entry);
    void this.attempt(delivery, abort)
      .then((outcome) => this.settle(delivery, outcome))
      .catch((e) => {
        if (!this.closed) this.onError(e, `event delivery ${delivery.id}`);
      })
      .finally(() => {
        this.inFlight.delete(delivery.id);
        if (this.inFlight.size === 0) for (const resolve of this.idle) resolve();
        if (this.inFlight.size === 0) this.idle.clear();
      });
  }

  private async attempt(delivery: EventDeliveryRecord, abort: AbortController): Promise<DispatchOutcome> {
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
    const timeout = setTimeout(() => abort.abort(), this.options.attemptTimeoutMs);
    try {
      const work = this.dispatcher.deliver({
        kind,
        target: settings,
        input,
        deliveryId: delivery.id,
        ruleArn: delivery.ruleArn,
        signal: abort.signal,
      });
      const timedOut = new Promise<DispatchOutcome>((resolve) =>
        abort.signal.addEventListener('abort', () =>
          resolve({ kind: 'failed', fatal: false, code: 'TIMEOUT', message: 'The target did not answer in time.' }),
        ),
      );
      return await Promise.race([work, timedOut]);
    } catch (e) {
      return { kind: 'failed', fatal: false, code: 'SDK_CLIENT_ERROR', message: (e as Error).message ?? String(e) };
    } finally {
      clearTimeout(timeout);
    }
  }

  private async settle(delivery: EventDeliveryRecord, outcome: DispatchOutcome): Promise<void> {
    if (this.closed) return;
    if (outcome.kind === 'delivered') {
      // A forward to another bus completed the row in its own transaction.
      if (targetKind((delivery.target as { Arn?: string }).Arn ?? '') !== 'eventBus') {
        await this.completions.submit(delivery.id);
      }
      return;
    }
    const settings = targetSettings(delivery.target);
    const now = this.clock.now();
    const decision = afterFailure(
      settings.retryPolicy,
      this.options.backoff,
      { attempts: delivery.attempts, ingestedAt: delivery.ingestedAt, now, fatal: outcome.fatal },
      Math.random(),
    );
    if (decision.kind === 'retry') {
      const lastError = `${outcome.code}: ${outcome.message}`.slice(0, 2048);
      await this.retries.submit({ id: delivery.id, lease: this.lease, dueAt: decision.at, lastError });
      this.schedulePoll(Math.max(0, decision.at - now));
      return;
    }
    if (settings.deadLetterArn) {
      // A dead-letter queue that cannot take the event (deleted, say) leaves it dropped, as on AWS.
      await this.dispatcher
        .deadLetter({
          queueArn: settings.deadLetterArn,
          body: delivery.event,
          attributes: {
            RULE_ARN: delivery.ruleArn,
            TARGET_ARN: settings.arn,
            ERROR_CODE: outcome.code,
            ERROR_MESSAGE: outcome.message.slice(0, 1024),
            EXHAUSTED_RETRY_CONDITION: decision.condition,
            RETRY_ATTEMPTS: String(delivery.attempts - 1),
          },
        })
        .catch((e) => this.onError(e, `dead-lettering event ${delivery.id} to ${settings.deadLetterArn}`));
    } else {
      this.onError(
        new Error(`${outcome.code}: ${outcome.message}`),
        `event ${delivery.id} dropped for target ${settings.id} of ${delivery.ruleArn} (${decision.condition}, no DeadLetterConfig)`,
      );
    }
    await this.completions.submit(delivery.id);
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

  /** Extends the leases of dispatches still running near the end of their lease. */
  private async renew(): Promise<void> {
    const now = this.clock.now();
    const until = now + this.options.leaseMs;
    const due = [...this.inFlight.values()].filter((f) => f.leaseUntil - now < this.options.leaseMs / 2);
    if (due.length === 0 || this.closed) return;
    try {
      await this.store.extend(
        due.map((f) => f.delivery.id),
        this.lease,
        until,
      );
      for (const f of due) f.leaseUntil = until;
    } catch (e) {
      if (!this.closed) this.onError(e, 'extending event delivery leases');
    }
  }
}
