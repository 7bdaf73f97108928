/**
 * The event bus service: EventBridge semantics over the BusStore port. Buses, rules and targets
 * are records in the store; each bus's rules are compiled into one matcher (rule-sets.ts);
 * PutEvents matches every entry and writes one outbox row per (event, rule, target) in one group
 * commit before it answers (delivery.ts then delivers them). Addressed by ARN; the AWS protocol
 * (names, shapes, paging tokens) is the API layer's business.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import { parseEventPattern } from '../../patterns/index.js';
import type {
  BusStore,
  EventBusRecord,
  EventDeliveryRecord,
  EventRuleRecord,
  EventRuleState,
  EventTargetRecord,
  NewEventDelivery,
  Page,
  PageRequest,
  Store,
  TagStore,
} from '../../store/port.js';
import { ApiDestinations } from './api-destinations.js';
import { Archives } from './archives.js';
import { BusTargets } from './bus-targets.js';
import { Connections } from './connections.js';
import { DEFAULT_DELIVERY, type DeliveryOptions, DeliveryWorker } from './delivery.js';
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
import {
  type BusLocation,
  type BusRef,
  busArn,
  busArnPrefix,
  busRef,
  DEFAULT_BUS,
  parseBusArn,
  ruleArn,
} from './names.js';
import { Replays } from './replays.js';
import { RuleSets } from './rule-sets.js';
import { parseScheduleExpression } from './schedule-expressions.js';
import { Scheduler } from './scheduler.js';
import { type DispatchOutcome, type TargetDispatcher, targetKind, targetSettings } from './targets.js';
import { compileTargetInput } from './transform.js';

export interface EventBusServiceOptions {
  readonly store: BusStore;
  readonly tags: TagStore;
  readonly clock: Clock;
  readonly dispatcher: TargetDispatcher;
  /** Group-commit batches written at once (1 for SQLite; PostgreSQL overlaps several). */
  readonly commitsInFlight?: number;
  readonly delivery?: Partial<DeliveryOptions>;
  readonly onError?: (error: unknown, context: string) => void;
  /**
   * Told of every event matched on an existing bus (put, or forwarded from another bus) with the
   * ARNs of the rules it matched that have targets; for observers such as the console's event
   * map. Called synchronously on the PutEvents path: it must be cheap and must not throw.
   */
  readonly onEvent?: (busArn: string, event: EventEnvelope, matchedRuleArns: readonly string[]) => void;
  /** Where scheduled rules, archives (with the log they keep events in), replays, connections and API destinations live. */
  readonly stores: Pick<
    Store,
    'eventSchedules' | 'eventArchives' | 'eventReplays' | 'connections' | 'apiDestinations' | 'log'
  >;
  /** Why an outbound call to this URL is not allowed (API destinations, OAuth endpoints), or undefined. */
  readonly checkUrl?: (url: URL) => Promise<string | undefined>;
  /** How often archives are trimmed to their RetentionDays (default: every minute). */
  readonly retentionSweepMs?: number;
  /**
   * Asked about each PutEvents entry bound for an existing bus, before it is matched: an error
   * refuses that entry alone (the schema registry's enforcement, which also samples accepted
   * events for discovery: messaging/schemas).
   */
  readonly admission?: (bus: BusRef, event: EventEnvelope) => Promise<EntryError | undefined>;
}

export interface RuleInput {
  readonly name: string;
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly state?: EventRuleState;
  readonly description?: string;
  readonly roleArn?: string;
}

export interface TargetInput {
  readonly id: string;
  readonly arn: string;
  /** The whole Target member as given (stored and listed back as is). */
  readonly target: EventTargetRecord['target'];
}

export interface PutEventsResult {
  readonly eventId?: string;
  readonly error?: EntryError;
}

/** At most 5 targets per rule (user guide, "EventBridge quotas"). */
export const MAX_TARGETS_PER_RULE = 5;
const MAX_TAGS = 50;
const REFRESH_MS = 1000;

export class EventBusService {
  readonly worker: DeliveryWorker;
  readonly archives: Archives;
  readonly replays: Replays;
  readonly connections: Connections;
  readonly apiDestinations: ApiDestinations;
  private readonly scheduler: Scheduler;
  /** The wired dispatcher behind the targets the bus reaches itself (archives, API destinations). */
  private readonly targets: TargetDispatcher;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly store: BusStore;
  private readonly clock: Clock;
  private readonly rules: RuleSets;
  /** Buses known to exist (their ARNs): PutEvents needs no read to find its bus. */
  private readonly known = new Set<string>();
  private readonly refresher: NodeJS.Timeout;

  constructor(private readonly options: EventBusServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.rules = new RuleSets(this.store);
    const onError = options.onError ?? (() => undefined);
    const commitsInFlight = options.commitsInFlight ?? 1;
    const pollMs = options.delivery?.pollMs ?? DEFAULT_DELIVERY.pollMs;
    const busExists = (ref: BusRef) => this.exists(ref);
    const checkUrl = options.checkUrl ?? (async () => undefined);
    this.scheduler = new Scheduler({
      schedules: options.stores.eventSchedules,
      bus: this.store,
      clock: this.clock,
      pollMs,
      onError,
    });
    this.archives = new Archives({
      archives: options.stores.eventArchives,
      log: options.stores.log,
      bus: this.store,
      clock: this.clock,
      rulesChanged: (arn) => this.rules.reload(arn),
      busExists,
      commitsInFlight,
    });
    this.replays = new Replays({
      replays: options.stores.eventReplays,
      log: options.stores.log,
      archives: this.archives,
      clock: this.clock,
      pollMs,
      busExists,
      redeliver: (arn, events, ruleArns) => this.redeliver(arn, events, ruleArns),
      onError,
    });
    this.connections = new Connections({ table: options.stores.connections, clock: this.clock, checkUrl, onError });
    this.apiDestinations = new ApiDestinations({
      table: options.stores.apiDestinations,
      connections: this.connections,
      clock: this.clock,
      checkUrl,
    });
    this.targets = new BusTargets(options.dispatcher, this.archives, this.apiDestinations);
    this.worker = new DeliveryWorker(
      this.store,
      this.clock,
      this.targets,
      (delivery, arn) => this.forward(delivery, arn),
      { ...DEFAULT_DELIVERY, ...options.delivery },
      options.commitsInFlight ?? 1,
      options.onError,
    );
    this.refresher = setInterval(() => void this.refresh(), REFRESH_MS);
    this.refresher.unref();
  }

  start(): void {
    this.worker.start();
    this.scheduler.start();
    this.replays.start();
    this.sweeper = setInterval(() => void this.sweep(), this.options.retentionSweepMs ?? 60_000);
    this.sweeper.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.refresher);
    clearInterval(this.sweeper);
    this.scheduler.close();
    this.replays.close();
    await this.worker.close();
  }

  // --- buses --------------------------------------------------------------------------------

  async createBus(
    at: BusLocation,
    name: string,
    fields: Pick<EventBusRecord, 'description' | 'kmsKeyIdentifier' | 'deadLetterConfig'>,
    tags: Record<string, string>,
  ): Promise<EventBusRecord> {
    await this.ensureDefault(at);
    const now = this.clock.now();
    const record: EventBusRecord = { arn: busArn(at, name), name, ...fields, createdAt: now, lastModifiedAt: now };
    const created = await this.store.createBus(record);
    if (created.kind === 'alreadyExists') throw busErrors.busExists(name);
    this.known.add(record.arn);
    if (Object.keys(tags).length > 0) await this.options.tags.put(record.arn, tags);
    return record;
  }

  /** The bus, or ResourceNotFound; the default bus exists in every region and account. */
  async bus(ref: BusRef): Promise<EventBusRecord> {
    if (ref.name === DEFAULT_BUS) await this.ensureDefault(ref);
    const record = await this.store.getBus(ref.arn);
    if (!record) throw busErrors.busNotFound(ref.name);
    this.known.add(record.arn);
    return record;
  }

  async listBuses(at: BusLocation, namePrefix: string, page: PageRequest): Promise<Page<EventBusRecord>> {
    await this.ensureDefault(at);
    return this.store.listBuses(busArnPrefix(at) + namePrefix, page);
  }

  /** Deleting a bus that does not exist succeeds, as on AWS. */
  async deleteBus(ref: BusRef): Promise<void> {
    if (ref.name === DEFAULT_BUS) throw busErrors.cannotDeleteDefault();
    const existing = await this.store.getBus(ref.arn);
    if (!existing) return;
    const rules = await this.store.ruleSet(ref.arn);
    await this.store.deleteBus(ref.arn);
    for (const arn of [ref.arn, ...rules.map((r) => r.rule.arn)]) await this.dropTags(arn);
    this.known.delete(ref.arn);
    this.rules.forget(ref.arn);
  }

  // --- rules --------------------------------------------------------------------------------

  async putRule(ref: BusRef, input: RuleInput, tags: Record<string, string>): Promise<string> {
    await this.bus(ref);
    if (input.eventPattern === undefined && input.scheduleExpression === undefined) throw busErrors.patternOrSchedule();
    if (input.scheduleExpression !== undefined) {
      if (ref.name !== DEFAULT_BUS) throw busErrors.scheduleOnDefaultOnly();
      if (!parseScheduleExpression(input.scheduleExpression)) throw busErrors.scheduleInvalid();
    }
    if (input.eventPattern !== undefined) {
      const parsed = parseEventPattern(input.eventPattern);
      if (!parsed.ok) throw busErrors.invalidPattern(parsed.error.message);
    }
    const arn = ruleArn(ref, input.name);
    const existing = await this.store.getRule(arn);
    if (existing?.managedBy) throw busErrors.managedRule(input.name);
    const record: EventRuleRecord = {
      arn,
      name: input.name,
      busArn: ref.arn,
      ...(input.eventPattern !== undefined ? { eventPattern: input.eventPattern } : {}),
      ...(input.scheduleExpression !== undefined ? { scheduleExpression: input.scheduleExpression } : {}),
      state: input.state ?? 'ENABLED',
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.roleArn !== undefined ? { roleArn: input.roleArn } : {}),
      createdAt: existing?.createdAt ?? this.clock.now(),
    };
    await this.store.putRule(record);
    await this.scheduler.track(record);
    if (Object.keys(tags).length > 0) await this.tag(arn, tags);
    await this.rules.reload(ref.arn);
    return arn;
  }

  async rule(ref: BusRef, name: string): Promise<EventRuleRecord> {
    await this.bus(ref);
    const record = await this.store.getRule(ruleArn(ref, name));
    if (!record) throw busErrors.ruleNotFound(name, ref.name);
    return record;
  }

  async listRules(ref: BusRef, namePrefix: string, page: PageRequest): Promise<Page<EventRuleRecord>> {
    await this.bus(ref);
    return this.store.listRules(ref.arn, namePrefix, page);
  }

  /**
   * Deleting a rule that does not exist succeeds, as on AWS; one with targets is refused, and a
   * managed one (an archive's) is deleted only with `force`.
   */
  async deleteRule(ref: BusRef, name: string, force = false): Promise<void> {
    await this.bus(ref);
    const arn = ruleArn(ref, name);
    if (!force && (await this.store.getRule(arn))?.managedBy) throw busErrors.managedRule(name);
    const outcome = await this.store.deleteRule(arn);
    if (outcome === 'hasTargets') throw busErrors.ruleHasTargets();
    if (outcome === 'deleted') {
      await this.options.stores.eventSchedules.delete(arn);
      await this.dropTags(arn);
      await this.rules.reload(ref.arn);
    }
  }

  async setRuleState(ref: BusRef, name: string, state: EventRuleState): Promise<void> {
    const record = await this.unmanagedRule(ref, name);
    await this.store.putRule({ ...record, state });
    await this.rules.reload(ref.arn);
  }

  // --- targets ------------------------------------------------------------------------------

  /** Adds or replaces targets; each target's input settings and kind are checked first. */
  async putTargets(ref: BusRef, ruleName: string, targets: readonly TargetInput[]): Promise<void> {
    const rule = await this.unmanagedRule(ref, ruleName);
    for (const t of targets) {
      const kind = targetKind(t.arn);
      if (kind === undefined) throw busErrors.invalidArn(t.arn);
      if (kind === 'eventBus' && parseBusArn(t.arn)?.arn === ref.arn) {
        throw busErrors.validation(`Parameter ${t.arn} is not valid. Reason: a rule cannot target its own event bus.`);
      }
      const unsupported = this.targets.unsupported(kind, t.arn);
      if (unsupported) throw busErrors.validation(unsupported);
      const compiled = compileTargetInput(targetSettings({ ...t.target, Id: t.id, Arn: t.arn }), t.id);
      if (!compiled.ok) throw busErrors.validation(compiled.error);
    }
    const records = targets.map((t) => ({ ruleArn: rule.arn, id: t.id, arn: t.arn, target: t.target }));
    const outcome = await this.store.putTargets(rule.arn, records, MAX_TARGETS_PER_RULE);
    if (outcome === 'ruleNotFound') throw busErrors.ruleNotFound(ruleName, ref.name);
    if (outcome === 'limitExceeded') throw busErrors.tooManyTargets();
    await this.rules.reload(ref.arn);
  }

  /** Removes targets; returns the ids the rule did not have. */
  async removeTargets(ref: BusRef, ruleName: string, ids: readonly string[], force = false): Promise<string[]> {
    const rule = force ? await this.rule(ref, ruleName) : await this.unmanagedRule(ref, ruleName);
    const removed = new Set(await this.store.removeTargets(rule.arn, ids));
    await this.rules.reload(ref.arn);
    return ids.filter((id) => !removed.has(id));
  }

  async listTargets(ref: BusRef, ruleName: string, page: PageRequest): Promise<Page<EventTargetRecord>> {
    const rule = await this.rule(ref, ruleName);
    return this.store.listTargets(rule.arn, page);
  }

  async ruleNamesByTarget(ref: BusRef, targetArn: string, page: PageRequest): Promise<Page<string>> {
    await this.bus(ref);
    return this.store.ruleNamesByTarget(ref.arn, targetArn, page);
  }

  // --- tags ---------------------------------------------------------------------------------

  async tags(arn: string): Promise<Record<string, string>> {
    return this.options.tags.list(arn);
  }

  async tag(arn: string, tags: Record<string, string>): Promise<void> {
    const existing = await this.options.tags.list(arn);
    if (new Set([...Object.keys(existing), ...Object.keys(tags)]).size > MAX_TAGS) throw busErrors.tooManyTags();
    await this.options.tags.put(arn, tags);
  }

  async untag(arn: string, keys: readonly string[]): Promise<void> {
    await this.options.tags.remove(arn, keys);
  }

  // --- events -------------------------------------------------------------------------------

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
    const now = this.clock.now();
    const results: PutEventsResult[] = [];
    const deliveries: Omit<NewEventDelivery, 'lease' | 'dueAt'>[] = [];
    for (const entry of entries) {
      const problem = checkEntry(entry, options.internal);
      if (problem) {
        results.push({ error: problem });
        continue;
      }
      const ref = busRef(at, entry.eventBusName);
      const envelope = buildEnvelope(entry, { region: ref.region, account: ref.account, now, id: randomUUID() });
      if ('code' in envelope) {
        results.push({ error: envelope });
        continue;
      }
      if (await this.exists(ref)) {
        const refusal = await this.options.admission?.(ref, envelope);
        if (refusal) {
          results.push({ error: refusal });
          continue;
        }
        deliveries.push(...(await this.deliveriesOf(ref.arn, envelope, now)));
      }
      results.push({ eventId: envelope.id });
    }
    await this.worker.enqueue(deliveries);
    return results;
  }

  /** Resolves once no delivery is being dispatched by this node (tests and benchmarks). */
  whenIdle(): Promise<void> {
    return this.worker.whenIdle();
  }

  // ------------------------------------------------------------------ internals

  /** The outbox rows of an event on a bus: one per target of each matching rule (of `onlyRules`, when given). */
  private async deliveriesOf(busArnText: string, envelope: EventEnvelope, now: number, onlyRules?: readonly string[]) {
    const out: Omit<NewEventDelivery, 'lease' | 'dueAt'>[] = [];
    const all = await this.rules.match(busArnText, envelope.parsed);
    const matched = onlyRules ? all.filter((m) => onlyRules.includes(m.rule.arn)) : all;
    this.options.onEvent?.(
      busArnText,
      envelope,
      matched.map((m) => m.rule.arn),
    );
    for (const { rule, targets } of matched) {
      for (const target of targets) {
        out.push({
          id: randomUUID(),
          ruleArn: rule.arn,
          targetId: target.id,
          target: target.target,
          event: envelope.text,
          ingestedAt: now,
        });
      }
    }
    return out;
  }

  /** A delivery to another bus: the event is matched there, in the transaction that completes it. */
  private async forward(delivery: EventDeliveryRecord, targetBusArn: string): Promise<DispatchOutcome> {
    const ref = parseBusArn(targetBusArn);
    const envelope = envelopeOfText(delivery.event);
    if (!ref || !envelope) {
      return { kind: 'failed', fatal: true, code: 'INVALID_PARAMETER', message: `Cannot forward to ${targetBusArn}.` };
    }
    if (!(await this.exists(ref))) {
      return {
        kind: 'failed',
        fatal: true,
        code: 'RESOURCE_NOT_FOUND',
        message: entryErrors.busNotFound(ref.name).message,
      };
    }
    await this.worker.enqueue(await this.deliveriesOf(ref.arn, envelope, this.clock.now()), [delivery.id]);
    return { kind: 'delivered' };
  }

  /** Replayed events, matched on their bus against the given rules only (all when undefined), written durably. */
  private async redeliver(busArnText: string, events: readonly EventEnvelope[], ruleArns?: readonly string[]) {
    const now = this.clock.now();
    const deliveries: Omit<NewEventDelivery, 'lease' | 'dueAt'>[] = [];
    for (const event of events) deliveries.push(...(await this.deliveriesOf(busArnText, event, now, ruleArns)));
    await this.worker.enqueue(deliveries);
  }

  /** The rule, unless a service manages it (user guide: managed rules change only through their service, or with Force). */
  private async unmanagedRule(ref: BusRef, name: string): Promise<EventRuleRecord> {
    const record = await this.rule(ref, name);
    if (record.managedBy) throw busErrors.managedRule(name);
    return record;
  }

  private async sweep(): Promise<void> {
    try {
      await this.archives.sweep();
    } catch (e) {
      this.options.onError?.(e, 'trimming event archives to their retention');
    }
  }

  private async exists(ref: BusRef): Promise<boolean> {
    if (this.known.has(ref.arn)) return true;
    if (ref.name === DEFAULT_BUS) await this.ensureDefault(ref);
    const found = (await this.store.getBus(ref.arn)) !== undefined;
    if (found) this.known.add(ref.arn);
    return found;
  }

  private async ensureDefault(at: BusLocation): Promise<void> {
    const arn = busArn(at, DEFAULT_BUS);
    if (this.known.has(arn)) return;
    const now = this.clock.now();
    await this.store.createBus({ arn, name: DEFAULT_BUS, createdAt: now, lastModifiedAt: now });
    this.known.add(arn);
  }

  private async dropTags(arn: string): Promise<void> {
    const keys = Object.keys(await this.options.tags.list(arn));
    if (keys.length > 0) await this.options.tags.remove(arn, keys);
  }

  private async refresh(): Promise<void> {
    try {
      await this.rules.refresh();
    } catch (e) {
      this.options.onError?.(e, 'refreshing event rules');
    }
  }
}
