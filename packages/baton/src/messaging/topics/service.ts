/**
 * The topic service: SNS semantics over the TopicStore port. Topics and subscriptions are records
 * in the store; each topic's subscriptions are compiled into filter matchers (subscription-sets.ts);
 * Publish writes one outbox row per matching subscription before it answers (publish.ts), and the
 * outbox worker delivers them (outbox.ts, deliver.ts). HTTP/S subscriptions are confirmed by their
 * endpoint: Subscribe sends a SubscriptionConfirmation with a SubscribeURL and a Token, and the
 * subscription receives messages once ConfirmSubscription is called with that token. Addressed by
 * ARN; the Query protocol is the API layer's business.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock, JsonObject } from '../../kernel/index.js';
import type { Page, SubscriptionRecord, TagStore, TopicRecord, TopicStore } from '../../store/port.js';
import type { QueueService } from '../queues/index.js';
import { Deliverer, type TopicTargets } from './deliver.js';
import { confirmationMessage, type EnvelopeContext } from './envelope.js';
import { topicErrors } from './errors.js';
import type { PublishInput } from './messages.js';
import {
  checkSubscriptionArn,
  checkTopicName,
  type TopicLocation,
  type TopicRef,
  topicArn,
  topicArnPrefix,
} from './names.js';
import { DEFAULT_OUTBOX, type OutboxOptions, OutboxWorker } from './outbox.js';
import { CONFIRMED_BY_ENDPOINT, checkEndpoint, type Protocol } from './protocols.js';
import { type PublishResult, publishMessages, snapshotOf } from './publish.js';
import { MessageSigner } from './signing.js';
import { applyAttributes, readSubscriptionAttributes } from './subscription-attributes.js';
import { SubscriptionSets } from './subscription-sets.js';
import { createAttributes, readAttributes, setAttribute } from './topic-attributes.js';

export interface TopicServiceOptions {
  readonly store: TopicStore;
  readonly tags: TagStore;
  readonly queues: QueueService;
  readonly clock: Clock;
  readonly targets: TopicTargets;
  /** Baton's own endpoint (known once the server listens): SubscribeURL, UnsubscribeURL, SigningCertURL. */
  readonly endpoint: () => string;
  /** Why an HTTP/S endpoint may not be called (the HTTP Task's private-address rule), or undefined. */
  readonly checkUrl?: (url: URL) => Promise<string | undefined>;
  /** Group-commit batches written at once (1 for SQLite; PostgreSQL overlaps several). */
  readonly commitsInFlight?: number;
  readonly delivery?: Partial<OutboxOptions>;
  readonly onError?: (error: unknown, context: string) => void;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

const PAGE = 100;
const MAX_TAGS = 50;
const REFRESH_MS = 1000;
const SWEEP_MS = 60_000;
const CACHE_MS = 1000;

export class TopicService {
  readonly signer = new MessageSigner();
  readonly worker: OutboxWorker;
  private readonly store: TopicStore;
  private readonly clock: Clock;
  private readonly sets: SubscriptionSets;
  private readonly checkUrl: (url: URL) => Promise<string | undefined>;
  /** Topic records read in the last second: a publish needs its topic's attributes, not a read per message. */
  private readonly cache = new Map<string, { at: number; record: TopicRecord }>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: TopicServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.sets = new SubscriptionSets(this.store);
    this.checkUrl = options.checkUrl ?? (async () => undefined);
    const onError = options.onError ?? (() => undefined);
    const envelope = (): EnvelopeContext => ({ endpoint: options.endpoint(), signer: this.signer });
    const deliverer = new Deliverer({
      queues: options.queues,
      targets: options.targets,
      envelope,
      checkUrl: this.checkUrl,
      exists: (topic, subscription) => this.sets.exists(topic, subscription),
      onError,
    });
    this.worker = new OutboxWorker(
      this.store,
      this.clock,
      deliverer,
      { ...DEFAULT_OUTBOX, ...options.delivery },
      options.commitsInFlight ?? 1,
      onError,
    );
  }

  start(): void {
    this.worker.start();
    const every = (ms: number, work: () => Promise<unknown>, context: string) => {
      const timer = setInterval(() => void work().catch((e) => this.options.onError?.(e, context)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(REFRESH_MS, () => this.sets.refresh(), 'refreshing topic subscriptions');
    every(SWEEP_MS, () => this.store.expireDeduplication(this.clock.now()), 'expiring topic deduplication keys');
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.worker.close();
  }

  /** Resolves once no delivery is being attempted by this node (tests and benchmarks). */
  whenIdle(): Promise<void> {
    return this.worker.whenIdle();
  }

  // --- topics -------------------------------------------------------------------------------

  /** CreateTopic: an existing topic's ARN is returned unchanged, unless the tags given differ from its own. */
  async createTopic(at: TopicLocation, name: string, given: Readonly<Record<string, string>>, tags: readonly Tag[]) {
    const { fifo, attributes } = createAttributes(given);
    checkTopicName(name, fifo);
    checkTags(tags);
    const record: TopicRecord = { arn: topicArn(at, name), name, fifo, attributes, createdAt: this.clock.now() };
    const created = await this.store.createTopic(record);
    if (created.kind === 'alreadyExists') {
      const existing = await this.options.tags.list(record.arn);
      if (tags.some((t) => existing[t.Key] !== t.Value)) throw topicErrors.differentTags();
      return created.existing;
    }
    if (tags.length > 0) await this.options.tags.put(record.arn, tagMap(tags));
    return record;
  }

  /** The topic, or NotFound. */
  async topic(ref: TopicRef): Promise<TopicRecord> {
    const now = this.clock.now();
    const hit = this.cache.get(ref.arn);
    if (hit && now - hit.at < CACHE_MS) return hit.record;
    const record = await this.store.getTopic(ref.arn);
    if (!record) {
      this.cache.delete(ref.arn);
      throw topicErrors.topicNotFound();
    }
    this.cache.set(ref.arn, { at: now, record });
    return record;
  }

  listTopics(at: TopicLocation, after: string | undefined): Promise<Page<TopicRecord>> {
    return this.store.listTopics(topicArnPrefix(at), { limit: PAGE, ...(after ? { after } : {}) });
  }

  async topicAttributes(ref: TopicRef): Promise<Record<string, string>> {
    const topic = await this.fresh(ref);
    return readAttributes(topic, ref.account, await this.store.subscriptionCounts(ref.arn));
  }

  async setTopicAttribute(ref: TopicRef, name: string, value: string): Promise<void> {
    const topic = await this.fresh(ref);
    if (!(await this.store.updateTopic(setAttribute(topic, name, value)))) throw topicErrors.topicNotFound();
    this.cache.delete(ref.arn);
  }

  /** DeleteTopic: its subscriptions and tags go with it; deleting a topic that does not exist succeeds. */
  async deleteTopic(ref: TopicRef): Promise<void> {
    await this.store.deleteTopic(ref.arn);
    await this.dropTags(ref.arn);
    this.cache.delete(ref.arn);
    this.sets.forget(ref.arn);
  }

  // --- subscriptions ------------------------------------------------------------------------

  /**
   * Subscribe: idempotent per (topic, protocol, endpoint) — the same subscription is returned,
   * unless an attribute given differs from its own. HTTP/S subscriptions start pending and are
   * sent a SubscriptionConfirmation (again on each Subscribe while pending).
   */
  async subscribe(
    ref: TopicRef,
    protocolName: string,
    endpoint: string | undefined,
    given: Readonly<Record<string, string>>,
  ): Promise<SubscriptionRecord> {
    const topic = await this.topic(ref);
    if (endpoint === undefined || endpoint === '') throw topicErrors.invalid('Endpoint');
    const protocol = checkEndpoint(protocolName, endpoint, topic.fifo);
    const attributes = applyAttributes({}, given, { protocol, endpoint, topic }, 'Subscribe');
    const confirmedByEndpoint = CONFIRMED_BY_ENDPOINT.has(protocol);
    if (confirmedByEndpoint && (await this.checkUrl(new URL(endpoint)))) throw topicErrors.unreachable();
    const record: SubscriptionRecord = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      protocol,
      endpoint,
      owner: ref.account,
      attributes,
      pendingConfirmation: confirmedByEndpoint,
      confirmationWasAuthenticated: !confirmedByEndpoint,
      ...(confirmedByEndpoint ? { token: randomBytes(64).toString('hex') } : {}),
      createdAt: this.clock.now(),
    };
    const outcome = await this.store.subscribe(record);
    if (outcome.kind === 'topicNotFound') throw topicErrors.topicNotFound();
    const subscription = outcome.kind === 'exists' ? outcome.existing : record;
    if (outcome.kind === 'exists') {
      for (const name of Object.keys(given)) {
        if ((subscription.attributes[name] ?? '') !== (attributes[name] ?? '')) throw topicErrors.differentAttributes();
      }
    } else {
      await this.sets.reload(topic.arn);
    }
    if (subscription.pendingConfirmation) await this.sendConfirmation(subscription, topic);
    return subscription;
  }

  /** ConfirmSubscription: the token a SubscriptionConfirmation carried confirms its subscription (idempotent). */
  async confirm(ref: TopicRef, token: string, authenticated: boolean): Promise<SubscriptionRecord> {
    const subscription = await this.store.subscriptionByToken(token);
    if (!subscription) throw topicErrors.token();
    if (subscription.topicArn !== ref.arn) throw topicErrors.topicMismatch();
    if (!subscription.pendingConfirmation) return subscription;
    const confirmed = { ...subscription, pendingConfirmation: false, confirmationWasAuthenticated: authenticated };
    if (!(await this.store.updateSubscription(confirmed))) throw topicErrors.token();
    await this.sets.reload(subscription.topicArn);
    return confirmed;
  }

  /** Unsubscribe: idempotent; a subscription ARN of the wrong shape is InvalidParameter. */
  async unsubscribe(arn: string): Promise<void> {
    checkSubscriptionArn(arn);
    const subscription = await this.store.getSubscription(arn);
    if (subscription && (await this.store.unsubscribe(arn))) await this.sets.reload(subscription.topicArn);
  }

  async subscription(arn: string): Promise<SubscriptionRecord> {
    const subscription = await this.store.getSubscription(arn);
    if (!subscription) throw topicErrors.subscriptionNotFound();
    return subscription;
  }

  async subscriptionAttributes(arn: string): Promise<Record<string, string>> {
    const subscription = await this.subscription(arn);
    return readSubscriptionAttributes(subscription, await this.store.getTopic(subscription.topicArn));
  }

  async setSubscriptionAttribute(arn: string, name: string, value: string): Promise<void> {
    const subscription = await this.subscription(arn);
    const topic = await this.store.getTopic(subscription.topicArn);
    if (!topic) throw topicErrors.subscriptionNotFound();
    const ctx = { protocol: subscription.protocol as Protocol, endpoint: subscription.endpoint, topic };
    const attributes = applyAttributes(subscription.attributes, { [name]: value }, ctx, 'SetSubscriptionAttributes');
    if (!(await this.store.updateSubscription({ ...subscription, attributes })))
      throw topicErrors.subscriptionNotFound();
    await this.sets.reload(subscription.topicArn);
  }

  listSubscriptions(at: TopicLocation, after: string | undefined): Promise<Page<SubscriptionRecord>> {
    return this.store.listSubscriptions(topicArnPrefix(at), { limit: PAGE, ...(after ? { after } : {}) });
  }

  async listSubscriptionsByTopic(ref: TopicRef, after: string | undefined): Promise<Page<SubscriptionRecord>> {
    await this.topic(ref);
    return this.store.listSubscriptionsByTopic(ref.arn, { limit: PAGE, ...(after ? { after } : {}) });
  }

  // --- tags ---------------------------------------------------------------------------------

  async tags(ref: TopicRef): Promise<Tag[]> {
    await this.resource(ref);
    return Object.entries(await this.options.tags.list(ref.arn)).map(([Key, Value]) => ({ Key, Value }));
  }

  async tag(ref: TopicRef, tags: readonly Tag[]): Promise<void> {
    await this.resource(ref);
    checkTags(tags);
    const existing = await this.options.tags.list(ref.arn);
    if (new Set([...Object.keys(existing), ...tags.map((t) => t.Key)]).size > MAX_TAGS) throw topicErrors.tooManyTags();
    await this.options.tags.put(ref.arn, tagMap(tags));
  }

  async untag(ref: TopicRef, keys: readonly string[]): Promise<void> {
    await this.resource(ref);
    await this.options.tags.remove(ref.arn, keys);
  }

  // --- messages -----------------------------------------------------------------------------

  /** Publish (one input) or PublishBatch (`batch`): every message is durable in the outbox when this resolves. */
  async publish(ref: TopicRef, inputs: readonly PublishInput[], batch = false): Promise<PublishResult[]> {
    const topic = await this.topic(ref);
    try {
      return await publishMessages(topic, inputs, {
        sets: this.sets,
        worker: this.worker,
        now: this.clock.now(),
        batch,
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFound') this.cache.delete(ref.arn);
      throw e;
    }
  }

  // ------------------------------------------------------------------ internals

  private async sendConfirmation(subscription: SubscriptionRecord, topic: TopicRecord): Promise<void> {
    const message = confirmationMessage(randomUUID(), topic.arn, subscription.token!, this.clock.now());
    await this.worker.enqueue([
      {
        id: randomUUID(),
        subscriptionArn: subscription.arn,
        subscription: snapshotOf(subscription, topic) as unknown as JsonObject,
        message: JSON.stringify(message),
        dueAt: this.clock.now(),
      },
    ]);
  }

  /** The stored record, never the cached one: what a read-modify-write starts from. */
  private async fresh(ref: TopicRef): Promise<TopicRecord> {
    const topic = await this.store.getTopic(ref.arn);
    if (!topic) throw topicErrors.topicNotFound();
    return topic;
  }

  /** Tagging names a topic that must exist (ResourceNotFound otherwise). */
  private async resource(ref: TopicRef): Promise<void> {
    if (!(await this.store.getTopic(ref.arn))) throw topicErrors.resourceNotFound();
  }

  private async dropTags(arn: string): Promise<void> {
    const keys = Object.keys(await this.options.tags.list(arn));
    if (keys.length > 0) await this.options.tags.remove(arn, keys);
  }
}

function checkTags(tags: readonly Tag[]): void {
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw topicErrors.duplicateTagKeys();
  if (tags.length > MAX_TAGS) throw topicErrors.tooManyTags();
}

function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}
