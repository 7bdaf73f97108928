/**
 * Scheduled rules firing (user guide, "Creating rules that run on a schedule"): each scheduled
 * rule's next fire time is a row of the store; every node polls for due rows and fires them. A
 * fire claims its due time with a conditional update in the transaction that writes the
 * Scheduled Event's outbox rows (EventScheduleStore.fire), so each due time yields one event
 * however many nodes poll, and none is lost to a crash: uncommitted, the time is still due.
 *
 * After downtime (no node running when a time came due), the rule fires once, for the earliest
 * missed time, and its schedule resumes from now: the times missed in between are skipped.
 * AWS has no downtime to compare with; EventBridge Scheduler's flexible windows and the
 * at-least-once delivery of scheduled rules suggest neither a burst of catch-up events nor none.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import type {
  BusStore,
  EventRuleRecord,
  EventScheduleRecord,
  EventScheduleStore,
  NewEventDelivery,
} from '../../store/port.js';
import { buildEnvelope } from './envelope.js';
import { parseRuleArn } from './names.js';
import { nextFireTime, parseScheduleExpression } from './schedule-expressions.js';

export interface SchedulerOptions {
  readonly schedules: EventScheduleStore;
  readonly bus: BusStore;
  readonly clock: Clock;
  readonly pollMs: number;
  readonly onError: (error: unknown, context: string) => void;
}

/** Rules fired per poll at most; a poll that finds this many looks again at once. */
const BATCH = 100;

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.wake(0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /**
   * Follows a rule that was put: its schedule is kept when the expression did not change, started
   * now when it did, and removed when the rule has none.
   */
  async track(rule: EventRuleRecord): Promise<void> {
    const expression = rule.scheduleExpression;
    if (expression === undefined) return this.options.schedules.delete(rule.arn);
    const existing = await this.options.schedules.get(rule.arn);
    if (existing?.expression === expression) return;
    const parsed = parseScheduleExpression(expression);
    if (!parsed) throw new Error(`invalid schedule expression ${expression} stored for ${rule.arn}`);
    const now = this.options.clock.now();
    const next = nextFireTime(parsed, now, now);
    await this.options.schedules.put({
      ruleArn: rule.arn,
      expression,
      ...(next !== undefined ? { nextFireAt: next } : {}),
    });
  }

  private wake(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fireDue(), delayMs);
    this.timer.unref();
  }

  private async fireDue(): Promise<void> {
    let full = false;
    try {
      const due = await this.options.schedules.due(this.options.clock.now(), BATCH);
      for (const schedule of due) await this.fire(schedule);
      full = due.length === BATCH;
    } catch (e) {
      if (!this.closed) this.options.onError(e, 'firing scheduled rules');
    } finally {
      this.wake(full ? 0 : this.options.pollMs);
    }
  }

  private async fire(schedule: EventScheduleRecord): Promise<void> {
    const due = schedule.nextFireAt!;
    const rule = await this.options.bus.getRule(schedule.ruleArn);
    const parsed = parseScheduleExpression(schedule.expression);
    if (!rule || rule.scheduleExpression !== schedule.expression || !parsed) {
      // The rule was deleted or changed while this poll ran: its schedule follows it.
      if (rule) await this.track(rule);
      else await this.options.schedules.delete(schedule.ruleArn);
      return;
    }
    const now = this.options.clock.now();
    const next = nextFireTime(parsed, Math.max(due, now), due);
    const deliveries = rule.state === 'DISABLED' ? [] : await this.deliveries(rule, due, now);
    await this.options.schedules.fire({
      ruleArn: rule.arn,
      due,
      ...(next !== undefined ? { next } : {}),
      deliveries,
    });
  }

  /** The Scheduled Event (user guide, "Amazon EventBridge events": scheduled events) for each target. */
  private async deliveries(rule: EventRuleRecord, due: number, now: number): Promise<NewEventDelivery[]> {
    const at = parseRuleArn(rule.arn)!.bus;
    const envelope = buildEnvelope(
      { source: 'aws.events', detailType: 'Scheduled Event', detail: '{}', resources: [rule.arn], time: due },
      { region: at.region, account: at.account, now, id: randomUUID() },
    );
    if ('code' in envelope) throw new Error(`cannot build the Scheduled Event of ${rule.arn}: ${envelope.message}`);
    const targets = await this.options.bus.listTargets(rule.arn, { limit: 100 });
    return targets.items.map((t) => ({
      id: randomUUID(),
      ruleArn: rule.arn,
      targetId: t.id,
      target: t.target,
      event: envelope.text,
      ingestedAt: now,
      dueAt: now,
    }));
  }
}
