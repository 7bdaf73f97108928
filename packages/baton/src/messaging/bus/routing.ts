/**
 * The bus's data plane: PutEvents checks and envelopes each entry, asks the admission hook
 * (schema enforcement), matches the event against its bus's compiled rules and writes one outbox
 * row per (rule, target) — all entries of a call, and of concurrent calls, in one group commit
 * before it answers. The same matching serves events forwarded from another bus (in the
 * transaction that completes the forwarding row) and replayed events (to the replay's rules).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import type { EventDeliveryRecord, NewEventDelivery } from '../../store/port.js';
import type { DeliveryWorker } from './delivery.js';
import {
  buildEnvelope,
  checkEntry,
  type EventEnvelope,
  entrySize,
  envelopeOfText,
  MAX_ENTRIES,
  MAX_ENTRY_BYTES,
  MAX_REQUEST_BYTES,
  type PutEventsEntry,
} from './envelope.js';
import { busErrors, type EntryError, entryErrors } from './errors.js';
import { type BusLocation, type BusRef, busRef, parseBusArn } from './names.js';
import type { RuleSets } from './rule-sets.js';
import type { DispatchOutcome } from './targets.js';

export interface PutEventsResult {
  readonly eventId?: string;
  readonly error?: EntryError;
}

export interface EventRouterOptions {
  readonly clock: Clock;
  readonly ruleSets: RuleSets;
  readonly worker: DeliveryWorker;
  /** Whether the bus exists (known buses answer without a read). */
  readonly exists: (ref: BusRef) => Promise<boolean>;
  /** See EventBusServiceOptions.admission. */
  readonly admission?: (bus: BusRef, event: EventEnvelope) => Promise<EntryError | undefined>;
  /** See EventBusServiceOptions.onEvent. */
  readonly onEvent?: (busArn: string, event: EventEnvelope, matchedRuleArns: readonly string[]) => void;
}

type Delivery = Omit<NewEventDelivery, 'lease' | 'dueAt'>;

export class EventRouter {
  constructor(private readonly options: EventRouterOptions) {}

  /**
   * PutEvents: each entry is checked, enveloped and matched on its own; the deliveries of all of
   * them are committed together (with other concurrent calls') before the results are returned.
   * An entry for a bus that does not exist gets an EventId and reaches no rule, as on AWS.
   * `internal` entries (Baton's own, e.g. workflow status changes) may use `aws.` sources.
   */
  async putEvents(
    at: BusLocation,
    entries: readonly PutEventsEntry[],
    options: { readonly internal?: boolean } = {},
  ): Promise<PutEventsResult[]> {
    if (entries.length > MAX_ENTRIES) throw busErrors.tooManyEntries('entries', MAX_ENTRIES);
    const sizes = entries.map(entrySize);
    if (sizes.some((s) => s > MAX_ENTRY_BYTES) || sizes.reduce((a, b) => a + b, 0) > MAX_REQUEST_BYTES) {
      throw busErrors.requestTooLarge();
    }
    const now = this.options.clock.now();
    const results: PutEventsResult[] = [];
    const deliveries: Delivery[] = [];
    for (const entry of entries) {
      const problem = checkEntry(entry, options.internal);
      if (problem) {
        results.push({ error: problem });
        continue;
      }
      const ref = busRef(at, entry.eventBusName);
      const envelope = buildEnvelope(
        entry,
        { region: ref.region, account: ref.account, now, id: randomUUID() },
        options.internal,
      );
      if ('code' in envelope) {
        results.push({ error: envelope });
        continue;
      }
      if (await this.options.exists(ref)) {
        const refusal = await this.options.admission?.(ref, envelope);
        if (refusal) {
          results.push({ error: refusal });
          continue;
        }
        deliveries.push(...(await this.deliveriesOf(ref.arn, envelope, now)));
      }
      results.push({ eventId: envelope.id });
    }
    await this.options.worker.enqueue(deliveries);
    return results;
  }

  /** A delivery to another bus: the event is matched there, in the transaction that completes it. */
  async forward(delivery: EventDeliveryRecord, targetBusArn: string): Promise<DispatchOutcome> {
    const ref = parseBusArn(targetBusArn);
    const envelope = envelopeOfText(delivery.event);
    if (!ref || !envelope) {
      return { kind: 'failed', fatal: true, code: 'INVALID_PARAMETER', message: `Cannot forward to ${targetBusArn}.` };
    }
    if (!(await this.options.exists(ref))) {
      return {
        kind: 'failed',
        fatal: true,
        code: 'RESOURCE_NOT_FOUND',
        message: entryErrors.busNotFound(ref.name).message,
      };
    }
    const deliveries = await this.deliveriesOf(ref.arn, envelope, this.options.clock.now());
    await this.options.worker.enqueue(deliveries, [delivery.id]);
    return { kind: 'completed' };
  }

  /** Replayed events, matched on their bus against the given rules only (all when undefined), written durably. */
  async redeliver(busArn: string, events: readonly EventEnvelope[], ruleArns?: readonly string[]): Promise<void> {
    const now = this.options.clock.now();
    const deliveries: Delivery[] = [];
    for (const event of events) deliveries.push(...(await this.deliveriesOf(busArn, event, now, ruleArns)));
    await this.options.worker.enqueue(deliveries);
  }

  /** The outbox rows of an event on a bus: one per target of each matching rule (of `onlyRules`, when given). */
  private async deliveriesOf(
    busArn: string,
    envelope: EventEnvelope,
    now: number,
    onlyRules?: readonly string[],
  ): Promise<Delivery[]> {
    const all = await this.options.ruleSets.match(busArn, envelope);
    const matched = onlyRules ? all.filter((m) => onlyRules.includes(m.rule.arn)) : all;
    this.options.onEvent?.(
      busArn,
      envelope,
      matched.map((m) => m.rule.arn),
    );
    return matched.flatMap(({ rule, targets }) =>
      targets.map((target) => ({
        id: randomUUID(),
        ruleArn: rule.arn,
        targetId: target.id,
        target: target.target,
        event: envelope.text,
        ingestedAt: now,
      })),
    );
  }
}
