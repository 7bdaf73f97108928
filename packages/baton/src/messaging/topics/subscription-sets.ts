/**
 * Each topic's subscriptions with their filter policies compiled into matchers (patterns/
 * createMatcher): one for the MessageAttributes scope and one for the MessageBody scope, so
 * matching a message costs the same however many filtered subscriptions the topic has (DESIGN
 * principle 3). A node loads a topic on first use and follows changes: the store versions each
 * topic's subscription set; a reload (after a change through this node, or when a poll sees
 * another node's) adds, replaces or removes only the subscriptions that differ.
 */
import {
  attributesEvent,
  bodyEvent,
  createMatcher,
  type PatternMatcher,
  parseFilterPolicy,
} from '../../patterns/index.js';
import type { SubscriptionRecord, TopicStore } from '../../store/port.js';
import type { SnsAttribute } from './messages.js';
import { scopeOf } from './subscription-attributes.js';

interface CompiledTopic {
  readonly subscriptions: Map<string, SubscriptionRecord>;
  readonly fingerprints: Map<string, string>;
  readonly attributes: PatternMatcher<string>;
  readonly body: PatternMatcher<string>;
  /** Subscriptions without a filter policy: every message reaches them. */
  readonly unfiltered: Set<string>;
  version: number;
  /** Reloads of one topic run one after another, so an older snapshot never lands after a newer one. */
  tail: Promise<void>;
}

export class SubscriptionSets {
  private readonly topics = new Map<string, Promise<CompiledTopic>>();

  constructor(private readonly store: TopicStore) {}

  /**
   * The confirmed subscriptions of a topic a message reaches. The body scope matches the message
   * as published (its `default` entry with MessageStructure=json); a body that is not a JSON
   * object matches no body-scope policy.
   */
  async match(
    topicArn: string,
    message: { readonly text: string; readonly attributes?: Readonly<Record<string, SnsAttribute>> },
  ): Promise<SubscriptionRecord[]> {
    const topic = await this.load(topicArn);
    const ids = new Set(topic.unfiltered);
    if (topic.attributes.size > 0) {
      for (const id of topic.attributes.match(attributesEvent(message.attributes ?? {}))) ids.add(id);
    }
    // The body is parsed only when some subscription filters on it.
    const body = topic.body.size > 0 ? bodyEvent(message.text) : undefined;
    if (body) for (const id of topic.body.match(body)) ids.add(id);
    const out: SubscriptionRecord[] = [];
    for (const id of ids) {
      const s = topic.subscriptions.get(id);
      if (s && !s.pendingConfirmation) out.push(s);
    }
    return out;
  }

  /** Whether the subscription still exists (deliveries to removed subscriptions are dropped). */
  async exists(topicArn: string, subscriptionArn: string): Promise<boolean> {
    return (await this.load(topicArn)).subscriptions.has(subscriptionArn);
  }

  /** Re-reads a topic's subscriptions now (after a change made through this node). */
  async reload(topicArn: string): Promise<void> {
    if (!this.topics.has(topicArn)) return;
    const topic = await this.load(topicArn);
    await this.serialized(topicArn, topic);
  }

  /** Reloads the topics whose version moved (changes made through other nodes); forgets deleted topics. */
  async refresh(): Promise<void> {
    const versions = await this.store.versions();
    for (const [arn, pending] of [...this.topics]) {
      const version = versions[arn];
      if (version === undefined) {
        this.topics.delete(arn);
        continue;
      }
      const topic = await pending;
      if (topic.version !== version) await this.serialized(arn, topic);
    }
  }

  forget(topicArn: string): void {
    this.topics.delete(topicArn);
  }

  private load(topicArn: string): Promise<CompiledTopic> {
    let pending = this.topics.get(topicArn);
    if (!pending) {
      const topic: CompiledTopic = {
        subscriptions: new Map(),
        fingerprints: new Map(),
        attributes: createMatcher<string>(),
        body: createMatcher<string>(),
        unfiltered: new Set(),
        version: -1,
        tail: Promise.resolve(),
      };
      pending = this.serialized(topicArn, topic).then(() => topic);
      this.topics.set(topicArn, pending);
      pending.catch(() => this.topics.delete(topicArn));
    }
    return pending;
  }

  private serialized(topicArn: string, topic: CompiledTopic): Promise<void> {
    const next = topic.tail.then(() => this.apply(topicArn, topic));
    topic.tail = next.catch(() => undefined);
    return next;
  }

  /** Brings `topic` up to the store's subscription set, touching only the subscriptions that changed. */
  private async apply(topicArn: string, topic: CompiledTopic): Promise<void> {
    const set = await this.store.subscriptionSet(topicArn);
    const seen = new Set<string>();
    for (const s of set?.subscriptions ?? []) {
      seen.add(s.arn);
      topic.subscriptions.set(s.arn, s);
      const fingerprint = JSON.stringify([s.attributes.FilterPolicy, scopeOf(s.attributes)]);
      if (topic.fingerprints.get(s.arn) === fingerprint) continue;
      topic.fingerprints.set(s.arn, fingerprint);
      this.unindex(topic, s.arn);
      if (s.attributes.FilterPolicy === undefined) {
        topic.unfiltered.add(s.arn);
        continue;
      }
      const scope = scopeOf(s.attributes);
      const ir = parseFilterPolicy(s.attributes.FilterPolicy, { scope });
      // A stored policy was checked when it was set; one that no longer parses matches nothing.
      if (ir.ok) (scope === 'MessageBody' ? topic.body : topic.attributes).add(s.arn, ir.value);
    }
    for (const arn of [...topic.subscriptions.keys()]) {
      if (seen.has(arn)) continue;
      topic.subscriptions.delete(arn);
      topic.fingerprints.delete(arn);
      this.unindex(topic, arn);
    }
    topic.version = set?.version ?? 0;
  }

  private unindex(topic: CompiledTopic, arn: string): void {
    topic.unfiltered.delete(arn);
    topic.attributes.remove(arn);
    topic.body.remove(arn);
  }
}
