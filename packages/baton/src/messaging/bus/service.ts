/**
 * The event bus service: EventBridge semantics over the BusStore port, addressed by ARN (the AWS
 * protocol — names, shapes, paging tokens — is the API layer's business). It owns the buses and
 * wires the rest, each in its own file:
 *
 * - `rules` (rules.ts): rules and targets, the control plane; each bus's rules compile into one
 *   matcher (rule-sets.ts);
 * - PutEvents (routing.ts): entries matched and written as outbox rows in one group commit, then
 *   delivered at least once by the delivery worker (delivery.ts) to the TargetDispatcher — behind
 *   the bus's own targets: archives and API destinations (bus-targets.ts);
 * - `archives`, `replays`, scheduled rules (scheduler.ts), `connections`, `apiDestinations`;
 * - housekeeping: rule sets refreshed from the store (other nodes' changes), archives trimmed to
 *   their retention.
 */
import type { Clock } from '../../kernel/index.js';
import type { BusStore, EventBusRecord, Page, PageRequest, Store, TagStore } from '../../store/port.js';
import { ApiDestinations } from './api-destinations.js';
import { Archives } from './archives.js';
import { BusTargets } from './bus-targets.js';
import { Connections } from './connections.js';
import { DEFAULT_DELIVERY, type DeliveryOptions, DeliveryWorker } from './delivery.js';
import type { EventEnvelope, PutEventsEntry } from './envelope.js';
import { busErrors, type EntryError } from './errors.js';
import { type BusLocation, type BusRef, busArn, busArnPrefix, DEFAULT_BUS } from './names.js';
import { Replays } from './replays.js';
import { EventRouter, type PutEventsResult } from './routing.js';
import { RuleSets } from './rule-sets.js';
import { Rules } from './rules.js';
import { Scheduler } from './scheduler.js';
import { ResourceTags } from './tags.js';
import type { TargetDispatcher } from './targets.js';

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

const REFRESH_MS = 1000;

export class EventBusService {
  readonly rules: Rules;
  readonly tags: ResourceTags;
  readonly archives: Archives;
  readonly replays: Replays;
  readonly connections: Connections;
  readonly apiDestinations: ApiDestinations;
  private readonly worker: DeliveryWorker;
  private readonly router: EventRouter;
  private readonly scheduler: Scheduler;
  private readonly ruleSets: RuleSets;
  private readonly store: BusStore;
  private readonly clock: Clock;
  private readonly onError: (error: unknown, context: string) => void;
  /** Buses known to exist (their ARNs): PutEvents needs no read to find its bus. */
  private readonly known = new Set<string>();
  private readonly refresher: NodeJS.Timeout;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventBusServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.onError = options.onError ?? (() => undefined);
    this.ruleSets = new RuleSets(this.store);
    this.tags = new ResourceTags(options.tags);
    const commitsInFlight = options.commitsInFlight ?? 1;
    const delivery = { ...DEFAULT_DELIVERY, ...options.delivery };
    const busExists = (ref: BusRef) => this.exists(ref);
    const checkUrl = options.checkUrl ?? (async () => undefined);
    const onError = this.onError;
    this.scheduler = new Scheduler({
      schedules: options.stores.eventSchedules,
      bus: this.store,
      clock: this.clock,
      pollMs: delivery.pollMs,
      onError,
    });
    this.archives = new Archives({
      archives: options.stores.eventArchives,
      log: options.stores.log,
      bus: this.store,
      clock: this.clock,
      rulesChanged: (arn) => this.ruleSets.reload(arn),
      busExists,
      commitsInFlight,
    });
    this.replays = new Replays({
      replays: options.stores.eventReplays,
      log: options.stores.log,
      archives: this.archives,
      clock: this.clock,
      pollMs: delivery.pollMs,
      busExists,
      redeliver: (arn, events, ruleArns) => this.router.redeliver(arn, events, ruleArns),
      onError,
    });
    this.connections = new Connections({ table: options.stores.connections, clock: this.clock, checkUrl, onError });
    this.apiDestinations = new ApiDestinations({
      table: options.stores.apiDestinations,
      connections: this.connections,
      clock: this.clock,
      checkUrl,
    });
    const targets = new BusTargets(options.dispatcher, this.archives, this.apiDestinations);
    this.worker = new DeliveryWorker(
      this.store,
      this.clock,
      targets,
      (row, arn) => this.router.forward(row, arn),
      delivery,
      commitsInFlight,
      onError,
    );
    this.router = new EventRouter({
      clock: this.clock,
      ruleSets: this.ruleSets,
      worker: this.worker,
      exists: busExists,
      ...(options.admission ? { admission: options.admission } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    this.rules = new Rules({
      store: this.store,
      schedules: options.stores.eventSchedules,
      clock: this.clock,
      tags: this.tags,
      ruleSets: this.ruleSets,
      scheduler: this.scheduler,
      targets,
      bus: (ref) => this.bus(ref),
    });
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
    await this.tags.add(record.arn, tags);
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
    for (const arn of [ref.arn, ...rules.map((r) => r.rule.arn)]) await this.tags.drop(arn);
    this.known.delete(ref.arn);
    this.ruleSets.forget(ref.arn);
  }

  // --- events -------------------------------------------------------------------------------

  /** PutEvents (routing.ts): results in entry order, once every accepted event's deliveries are durable. */
  putEvents(
    at: BusLocation,
    entries: readonly PutEventsEntry[],
    options: { readonly internal?: boolean } = {},
  ): Promise<PutEventsResult[]> {
    return this.router.putEvents(at, entries, options);
  }

  /** Resolves once no delivery is being dispatched by this node (tests and benchmarks). */
  whenIdle(): Promise<void> {
    return this.worker.whenIdle();
  }

  // ------------------------------------------------------------------ internals

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

  private async sweep(): Promise<void> {
    try {
      await this.archives.sweep();
    } catch (e) {
      this.onError(e, 'trimming event archives to their retention');
    }
  }

  private async refresh(): Promise<void> {
    try {
      await this.ruleSets.refresh();
    } catch (e) {
      this.onError(e, 'refreshing event rules');
    }
  }
}
