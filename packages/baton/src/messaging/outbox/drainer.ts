/**
 * The outbox drainer: drains a store outbox — rows written in the transaction that accepted their
 * work — to wherever they go, at least once. The bus's deliveries and the topics' are this one
 * machine; a subclass says how one row is attempted and what a failure leads to.
 *
 * - Rows written by this node are written already leased to it (in the group commit that accepts
 *   their work) and dispatched right after the commit: no claim round trip on the common path.
 *   Rows of a FIFO lane are left for a claim, which the store serves one row per lane in order.
 * - Everything else — other nodes' rows, retries that came due, rows whose lease ran out because
 *   their node died, rows written beyond the node's in-flight limit — is claimed by a poll (SQLite
 *   transaction; PostgreSQL FOR UPDATE SKIP LOCKED). Recovery after a crash is nothing special:
 *   the rows are in the store and their leases end.
 * - A poll that finds no room leaves rows waiting: the next one runs as soon as a quarter of the
 *   in-flight limit is free again, not a whole poll interval later.
 * - A lease lasts `leaseMs` and is extended while the attempt runs; an attempt gives up after
 *   `attemptTimeoutMs` and counts as a failure.
 * - Delivered rows are deleted; failed ones are rescheduled, or given up (dead-lettered or dropped
 *   by the subclass) and deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, Instant } from '../../kernel/index.js';
import { GroupCommit } from '../../store/group-commit.js';
import type { DeliveryClaim, DeliveryRetry } from '../../store/port.js';

export interface DrainerOptions {
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly maxInFlight: number;
  readonly attemptTimeoutMs: number;
}

/** Rows claimed by one poll at most. */
const CLAIM_LIMIT = 256;

export const DEFAULT_DRAINER: Omit<DrainerOptions, 'attemptTimeoutMs'> = {
  leaseMs: 10_000,
  pollMs: 1_000,
  maxInFlight: 512,
};

/** What the drainer reads of an outbox row. */
export interface OutboxRow {
  readonly id: string;
  /** When it may be claimed; while it is leased, when the lease ends. */
  readonly dueAt: Instant;
  readonly lease?: string;
  /** FIFO order: the rows of a lane are claimed one at a time. Undefined: no order. */
  readonly lane?: string;
  /** Attempts started, this claim's included. */
  readonly attempts: number;
}

/** The store's outbox operations (BusStore and TopicStore have them, with their contracts). */
export interface OutboxStore<Row extends OutboxRow> {
  claim(request: DeliveryClaim): Promise<Row[]>;
  complete(ids: readonly string[]): Promise<void>;
  retry(retries: readonly DeliveryRetry[]): Promise<void>;
  extend(ids: readonly string[], lease: string, leaseUntil: Instant): Promise<void>;
}

export interface Failure {
  readonly kind: 'failed';
  readonly code: string;
  readonly message: string;
}

/** How an attempt ended. */
export type Outcome<F extends Failure> =
  | { readonly kind: 'delivered' }
  /** Delivered, and the row deleted in the same transaction (a forward to another bus). */
  | { readonly kind: 'completed' }
  | F;

export interface DrainerSettings<Row extends OutboxRow, F extends Failure> {
  readonly store: OutboxStore<Row>;
  readonly clock: Clock;
  readonly options: DrainerOptions;
  /** What a row is called in error reports ('event delivery'). */
  readonly rowName: string;
  /** The failure of an attempt that ran out of time. */
  readonly timedOut: F;
  /** How many group commits of completions (and of retries) may be written at once. */
  readonly commitsInFlight: number;
  readonly onError: (error: unknown, context: string) => void;
}

interface InFlight<Row> {
  readonly row: Row;
  leaseUntil: number;
  readonly abort: AbortController;
}

/** The rows this node may still dispatch at once: a budget shared by the writes of one call. */
export interface DispatchRoom {
  left: number;
}

export abstract class OutboxDrainer<Row extends OutboxRow, F extends Failure> {
  /** This process's lease: rows it claims or writes for itself carry it. */
  readonly lease = randomUUID();
  protected readonly clock: Clock;
  protected readonly onError: (error: unknown, context: string) => void;
  private readonly outbox: OutboxStore<Row>;
  private readonly options: DrainerOptions;
  private readonly rowName: string;
  private readonly timedOut: F;
  private readonly inFlight = new Map<string, InFlight<Row>>();
  private readonly completions: GroupCommit<string, undefined>;
  private readonly retries: GroupCommit<DeliveryRetry, undefined>;
  private pollTimer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private renewTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private pollAgain = false;
  /** A poll found no room for due rows: poll again once `refill` slots are free. */
  private backlog = false;
  private readonly refill: number;
  private started = false;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(settings: DrainerSettings<Row, F>) {
    this.outbox = settings.store;
    this.clock = settings.clock;
    this.options = settings.options;
    this.rowName = settings.rowName;
    this.timedOut = settings.timedOut;
    this.onError = settings.onError;
    // Slots freed one by one would each cost a claim of one row: wait for a batch's worth.
    this.refill = Math.max(1, Math.min(CLAIM_LIMIT, Math.floor(this.options.maxInFlight / 4)));
    const each =
      <T>(write: (items: T[]) => Promise<void>) =>
      async (items: T[]) => {
        await write(items);
        return items.map(() => undefined);
      };
    this.completions = new GroupCommit(
      each((ids: string[]) => this.outbox.complete(ids)),
      settings.commitsInFlight,
    );
    this.retries = new GroupCommit(
      each((r: DeliveryRetry[]) => this.outbox.retry(r)),
      settings.commitsInFlight,
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

  /** Resolves once nothing is in flight (tests and benchmarks). */
  whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  // ------------------------------------------------------------------ for subclasses

  /**
   * Attempts one row. `signal` aborts when the attempt runs out of time (it then fails with
   * `timedOut`) or the drainer closes. A throw is reported and leaves the row to its lease.
   */
  protected abstract attempt(row: Row, signal: AbortSignal): Promise<Outcome<F>>;

  /**
   * What becomes of a row whose attempt failed at `now`: when to try it again, or 'givenUp' once
   * it is dead-lettered or dropped (reporting, not throwing, what goes wrong); it is then deleted.
   */
  protected abstract afterFailure(row: Row, failure: F, now: Instant): Promise<Instant | 'givenUp'>;

  /** How many rows this node may still dispatch at once (none before start: rows wait for the first claim). */
  protected room(): DispatchRoom {
    return { left: this.started ? this.options.maxInFlight - this.inFlight.size : 0 };
  }

  /**
   * Readies rows to be written: lane-less ones are leased to this node while `room` lasts (to be
   * dispatched right after the commit); the others are due now, for a claim.
   */
  protected leased<T extends Pick<OutboxRow, 'id' | 'lane'>>(
    rows: readonly T[],
    room = this.room(),
  ): (T & { readonly dueAt: Instant; readonly lease?: string })[] {
    const now = this.clock.now();
    return rows.map((row) =>
      row.lane === undefined && room.left-- > 0
        ? { ...row, lease: this.lease, dueAt: now + this.options.leaseMs }
        : { ...row, dueAt: now },
    );
  }

  /** After the commit that wrote `rows`: dispatches those leased to this node, and claims the others. */
  protected dispatchWritten(rows: readonly Omit<Row, 'attempts'>[]): void {
    // A row written leased counts as claimed once.
    for (const row of rows) if (row.lease !== undefined) this.dispatch({ ...row, attempts: 1 } as Row);
    if (rows.some((row) => row.lease === undefined)) this.schedulePoll(0);
  }

  // ------------------------------------------------------------------ internals

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
      this.backlog = room <= 0;
      if (!this.backlog) {
        const now = this.clock.now();
        const limit = Math.min(room, CLAIM_LIMIT);
        const claimed = await this.outbox.claim({
          now,
          leaseUntil: now + this.options.leaseMs,
          lease: this.lease,
          limit,
        });
        for (const row of claimed) this.dispatch(row);
        full = claimed.length === limit;
      }
    } catch (e) {
      if (!this.closed) this.onError(e, `claiming ${this.rowName}s`);
    } finally {
      this.polling = false;
      this.schedulePoll(full || this.pollAgain ? 0 : this.options.pollMs);
    }
  }

  private dispatch(row: Row): void {
    if (this.inFlight.has(row.id) || this.closed) return;
    const abort = new AbortController();
    this.inFlight.set(row.id, { row, leaseUntil: row.dueAt, abort });
    void this.attemptInTime(row, abort)
      .then((outcome) => this.settle(row, outcome))
      .catch((e) => {
        if (!this.closed) this.onError(e, `${this.rowName} ${row.id}`);
      })
      .finally(() => {
        this.inFlight.delete(row.id);
        // The next row of a FIFO lane may go now; rows left waiting for room may go once there is some.
        const roomAgain = this.backlog && this.options.maxInFlight - this.inFlight.size >= this.refill;
        if (row.lane !== undefined || roomAgain) this.schedulePoll(0);
        if (this.inFlight.size === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
  }

  private async attemptInTime(row: Row, abort: AbortController): Promise<Outcome<F>> {
    const timeout = setTimeout(() => abort.abort(), this.options.attemptTimeoutMs);
    try {
      const timedOut = new Promise<F>((resolve) =>
        abort.signal.addEventListener('abort', () => resolve(this.timedOut)),
      );
      return await Promise.race([this.attempt(row, abort.signal), timedOut]);
    } finally {
      clearTimeout(timeout);
    }
  }

  private async settle(row: Row, outcome: Outcome<F>): Promise<void> {
    if (this.closed || outcome.kind === 'completed') return;
    if (outcome.kind === 'delivered') {
      await this.completions.submit(row.id);
      return;
    }
    const now = this.clock.now();
    const retryAt = await this.afterFailure(row, outcome, now);
    if (retryAt === 'givenUp') {
      await this.completions.submit(row.id);
      return;
    }
    const lastError = `${outcome.code}: ${outcome.message}`.slice(0, 2048);
    await this.retries.submit({ id: row.id, lease: this.lease, dueAt: retryAt, lastError });
    this.schedulePoll(Math.max(0, retryAt - now));
  }

  /** Extends the leases of attempts still running near the end of their lease. */
  private async renew(): Promise<void> {
    const now = this.clock.now();
    const until = now + this.options.leaseMs;
    const due = [...this.inFlight.values()].filter((f) => f.leaseUntil - now < this.options.leaseMs / 2);
    if (due.length === 0 || this.closed) return;
    try {
      await this.outbox.extend(
        due.map((f) => f.row.id),
        this.lease,
        until,
      );
      for (const f of due) f.leaseUntil = until;
    } catch (e) {
      if (!this.closed) this.onError(e, `extending ${this.rowName} leases`);
    }
  }
}
