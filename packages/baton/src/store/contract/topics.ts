/**
 * Contract: topics (TopicStore in port.ts). Both adapters keep topic and subscription records
 * with their paging, make Subscribe idempotent per (topic, protocol, endpoint), version each
 * topic's subscription set, and run the publish outbox: deduplication keys, FIFO sequence numbers
 * handed out in commit order, lanes served one row at a time in the order written, claims that
 * never overlap, and retries only the current lease may make.
 */
import { describe, expect, it } from 'vitest';
import type { NewTopicDelivery, NewTopicMessage, SubscriptionRecord, TopicRecord } from '../port.js';
import { T0 } from './fixtures.js';
import { allPages, type StoreContext } from './harness.js';

const PREFIX = 'arn:aws:sns:us-east-1:123456789012:';
const TOPIC = (name: string) => `${PREFIX}${name}`;

function topic(name: string, overrides: Partial<TopicRecord> = {}): TopicRecord {
  return { arn: TOPIC(name), name, fifo: name.endsWith('.fifo'), attributes: {}, createdAt: T0, ...overrides };
}

function subscription(topicName: string, id: string, overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    arn: `${TOPIC(topicName)}:${id}`,
    topicArn: TOPIC(topicName),
    protocol: 'sqs',
    endpoint: `arn:aws:sqs:us-east-1:123456789012:${id}`,
    owner: '123456789012',
    attributes: {},
    pendingConfirmation: false,
    confirmationWasAuthenticated: true,
    createdAt: T0,
    ...overrides,
  };
}

let seq = 0;
function delivery(overrides: Partial<NewTopicDelivery> = {}): NewTopicDelivery {
  seq++;
  return {
    id: `d-${String(seq).padStart(6, '0')}`,
    subscriptionArn: `${TOPIC('t')}:s`,
    subscription: { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:123456789012:q' },
    message: `{"id":"m${seq}","text":"caf\\u00e9 ${seq}"}`,
    dueAt: T0,
    ...overrides,
  };
}

function message(topicName: string, overrides: Partial<NewTopicMessage> = {}): NewTopicMessage {
  seq++;
  return {
    topicArn: TOPIC(topicName),
    messageId: `m-${seq}`,
    sequenced: topicName.endsWith('.fifo'),
    deduplication: [],
    deliveries: [],
    publishedAt: T0,
    ...overrides,
  };
}

const claimAll = (s: () => import('../port.js').TopicStore, now: number, lease: string) =>
  s().claim({ now, leaseUntil: now + 1_000_000, lease, limit: 100 });

export function describeTopics(ctx: StoreContext): void {
  const s = () => ctx.store.topics;

  describe('topics', () => {
    it('creates, reads, lists by prefix with paging, updates and deletes topics with their subscriptions', async () => {
      expect(await s().createTopic(topic('b'))).toEqual({ kind: 'created' });
      await s().createTopic(topic('a', { attributes: { DisplayName: 'A' } }));
      await s().createTopic(topic('c.fifo'));
      expect(await s().createTopic(topic('b', { attributes: { DisplayName: 'x' } }))).toEqual({
        kind: 'alreadyExists',
        existing: topic('b'),
      });
      const pages = await allPages((p) => s().listTopics(PREFIX, p), 2);
      expect(pages.map((p) => p.items.map((t) => t.name))).toEqual([['a', 'b'], ['c.fifo']]);
      expect((await s().listTopics('arn:aws:sns:eu-west-1:123456789012:', { limit: 10 })).items).toEqual([]);
      expect(await s().updateTopic(topic('a', { attributes: { DisplayName: 'B' } }))).toBe(true);
      expect((await s().getTopic(TOPIC('a')))?.attributes).toEqual({ DisplayName: 'B' });
      expect(await s().updateTopic(topic('nope'))).toBe(false);
      await s().subscribe(subscription('a', 's1'));
      await s().deleteTopic(TOPIC('a'));
      expect(await s().getTopic(TOPIC('a'))).toBeUndefined();
      expect(await s().getSubscription(`${TOPIC('a')}:s1`)).toBeUndefined();
    });

    it('subscribes once per (topic, protocol, endpoint), finds by token, counts and versions every change', async () => {
      await s().createTopic(topic('t'));
      expect(await s().subscribe(subscription('nope', 'x'))).toEqual({ kind: 'topicNotFound' });
      const v0 = (await s().versions())[TOPIC('t')]!;
      expect(await s().subscribe(subscription('t', 's1'))).toEqual({ kind: 'created' });
      expect(await s().subscribe(subscription('t', 's9', { endpoint: subscription('t', 's1').endpoint }))).toEqual({
        kind: 'exists',
        existing: subscription('t', 's1'),
      });
      const pending = subscription('t', 's2', {
        protocol: 'http',
        endpoint: 'http://example.com/',
        pendingConfirmation: true,
        confirmationWasAuthenticated: false,
        token: 'tok',
      });
      await s().subscribe(pending);
      expect(await s().subscriptionByToken('tok')).toEqual(pending);
      expect(await s().subscriptionCounts(TOPIC('t'))).toEqual({ confirmed: 1, pending: 1, deleted: 0 });
      const v1 = (await s().versions())[TOPIC('t')]!;
      expect(v1).toBeGreaterThan(v0);
      const confirmed = { ...pending, pendingConfirmation: false };
      expect(await s().updateSubscription(confirmed)).toBe(true);
      expect(await s().getSubscription(pending.arn)).toEqual(confirmed);
      expect((await s().versions())[TOPIC('t')]!).toBeGreaterThan(v1);
      expect(await s().unsubscribe(pending.arn)).toBe(true);
      expect(await s().unsubscribe(pending.arn)).toBe(false);
      expect(await s().updateSubscription(confirmed)).toBe(false);
      expect(await s().subscriptionCounts(TOPIC('t'))).toEqual({ confirmed: 1, pending: 0, deleted: 1 });
      const set = await s().subscriptionSet(TOPIC('t'));
      expect(set?.subscriptions.map((x) => x.arn)).toEqual([`${TOPIC('t')}:s1`]);
      expect(set?.version).toBe((await s().versions())[TOPIC('t')]);
      expect(await s().subscriptionSet(TOPIC('nope'))).toBeUndefined();
    });

    it('lists subscriptions by ARN prefix and by topic with paging', async () => {
      await s().createTopic(topic('t1'));
      await s().createTopic(topic('t2'));
      for (const id of ['c', 'a', 'b']) await s().subscribe(subscription('t1', id));
      await s().subscribe(subscription('t2', 'a'));
      const all = await allPages((p) => s().listSubscriptions(PREFIX, p), 3);
      expect(all.map((p) => p.items.map((x) => x.arn.slice(PREFIX.length)))).toEqual([
        ['t1:a', 't1:b', 't1:c'],
        ['t2:a'],
      ]);
      const byTopic = await allPages((p) => s().listSubscriptionsByTopic(TOPIC('t1'), p), 2);
      expect(byTopic.flatMap((p) => p.items.map((x) => x.arn.slice(-1)))).toEqual(['a', 'b', 'c']);
      expect(byTopic).toHaveLength(2);
    });
  });

  describe('topic outbox', () => {
    it('publishes with deliveries in one call, pre-leased rows counted as attempt 1, and skips missing topics', async () => {
      await s().createTopic(topic('t'));
      const leased = delivery({ lease: 'L1', dueAt: T0 + 10_000 });
      const free = delivery();
      const outcomes = await s().publish([
        message('t', { deliveries: [leased, free] }),
        message('missing', { deliveries: [delivery()] }),
      ]);
      expect(outcomes).toEqual([{ kind: 'published' }, { kind: 'topicDoesNotExist' }]);
      expect(await s().pending()).toBe(2);
      const claimed = await claimAll(s, T0, 'L2');
      expect(claimed.map((d) => d.id)).toEqual([free.id]);
      expect(claimed[0]).toMatchObject({ attempts: 1, lease: 'L2', dueAt: T0 + 1_000_000, message: free.message });
      expect(claimed[0]!.subscription).toEqual(free.subscription);
      await s().extend([leased.id], 'L1', T0 + 20_000);
      await s().retry([{ id: leased.id, lease: 'stale', dueAt: T0, lastError: 'nope' }]);
      expect(await claimAll(s, T0 + 15_000, 'L3')).toEqual([]);
      await s().retry([{ id: leased.id, lease: 'L1', dueAt: T0 + 500, lastError: 'boom' }]);
      const [again] = await claimAll(s, T0 + 500, 'L4');
      expect(again).toMatchObject({ id: leased.id, attempts: 2, lastError: 'boom', lease: 'L4' });
      await s().complete([leased.id, free.id]);
      expect(await s().pending()).toBe(0);
      expect(await s().nextDue()).toBeUndefined();
    });

    it('deduplicates by key within its window, across calls and within one batch, and returns the first id', async () => {
      await s().createTopic(topic('t'));
      const key = (id: string, expiresAt = T0 + 300_000) => [{ scope: '', id, expiresAt }];
      const [first, twin] = await s().publish([
        message('t', { messageId: 'first', deduplication: key('k'), deliveries: [delivery()] }),
        message('t', { messageId: 'twin', deduplication: key('k'), deliveries: [delivery()] }),
      ]);
      expect(first).toEqual({ kind: 'published' });
      expect(twin).toEqual({ kind: 'duplicate', messageId: 'first' });
      const [later] = await s().publish([message('t', { deduplication: key('k'), deliveries: [delivery()] })]);
      expect(later).toEqual({ kind: 'duplicate', messageId: 'first' });
      expect(await s().pending()).toBe(1);
      // Past its expiry the key is free again; expired keys are swept.
      const [fresh] = await s().publish([
        message('t', { messageId: 'fresh', publishedAt: T0 + 400_000, deduplication: key('k', T0 + 700_000) }),
      ]);
      expect(fresh).toEqual({ kind: 'published' });
      await s().publish([message('t', { deduplication: key('old', T0 + 1) })]);
      expect(await s().expireDeduplication(T0 + 500_000)).toBe(1);
    });

    it('numbers FIFO messages per topic, keeps the number of a duplicate, and serves each lane in order', async () => {
      await s().createTopic(topic('f.fifo'));
      await s().createTopic(topic('g.fifo'));
      const lane =
        (name: string) =>
        (overrides: Partial<NewTopicDelivery> = {}) =>
          delivery({ lane: name, ...overrides });
      const a = lane('sub|group-a');
      const b = lane('sub|group-b');
      const [a1, a2, b1] = [a(), a(), b()];
      const outcomes = await s().publish([
        message('f.fifo', { deliveries: [a1], deduplication: [{ scope: '', id: 'x', expiresAt: T0 + 1000 }] }),
        message('g.fifo', { deliveries: [] }),
        message('f.fifo', { deliveries: [a2, b1] }),
        message('f.fifo', { deduplication: [{ scope: '', id: 'x', expiresAt: T0 + 1000 }] }),
      ]);
      expect(outcomes.map((o) => ('sequence' in o ? o.sequence : undefined))).toEqual([1, 1, 2, 1]);
      expect(outcomes[3]!.kind).toBe('duplicate');
      // Only the head of each lane is claimable; the next follows once the head is done.
      const first = await claimAll(s, T0, 'L1');
      expect(first.map((d) => [d.id, d.sequence])).toEqual([
        [a1.id, 1],
        [b1.id, 2],
      ]);
      expect(await claimAll(s, T0 + 5_000, 'L2')).toEqual([]);
      // A head waiting for a retry still blocks its lane.
      await s().retry([{ id: a1.id, lease: 'L1', dueAt: T0 + 60_000, lastError: 'later' }]);
      expect(await claimAll(s, T0 + 30_000, 'L3')).toEqual([]);
      await s().complete([a1.id]);
      expect((await claimAll(s, T0 + 30_000, 'L4')).map((d) => d.id)).toEqual([a2.id]);
    });

    it('enqueues confirmations outside any publish and never hands the same row to two concurrent claims', async () => {
      await s().enqueue(Array.from({ length: 40 }, () => delivery()));
      await s().enqueue(Array.from({ length: 20 }, (_, i) => delivery({ lane: `lane-${i % 4}` })));
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => s().claim({ now: T0, leaseUntil: T0 + 1000, lease: `L${i}`, limit: 15 })),
      );
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Every plain row, and exactly one head per lane.
      expect(ids.length).toBe(44);
    });
  });
}
