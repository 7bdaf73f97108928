/**
 * Contract: queues (QueueStore in port.ts). Both adapters keep queue records, append messages in
 * order with FIFO deduplication, claim atomically (concurrent claims never share a message; a FIFO
 * group is served by one claim at a time and blocked while in flight), honour receipts, and move
 * messages to dead-letter queues and back.
 */
import { describe, expect, it } from 'vitest';
import type { NewQueueMessage, QueueRecord, ReceiveRequest } from '../port.js';
import { T0 } from './fixtures.js';
import type { StoreContext } from './harness.js';

const ARN = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`;

function queue(name: string, overrides: Partial<QueueRecord> = {}): QueueRecord {
  return {
    arn: ARN(name),
    name,
    fifo: name.endsWith('.fifo'),
    attributes: { VisibilityTimeout: '30' },
    tags: {},
    createdAt: T0,
    lastModifiedAt: T0,
    ...overrides,
  };
}

let ids = 0;
function message(queueName: string, body: string, overrides: Partial<NewQueueMessage> = {}): NewQueueMessage {
  return {
    queueArn: ARN(queueName),
    id: `m-${++ids}`,
    body,
    md5OfBody: `md5-${body}`,
    sentAt: T0,
    visibleAt: T0,
    ...overrides,
  };
}

function claim(queueName: string, overrides: Partial<ReceiveRequest> = {}): ReceiveRequest {
  return {
    queueArn: ARN(queueName),
    fifo: queueName.endsWith('.fifo'),
    max: 10,
    now: T0 + 1000,
    visibleUntil: T0 + 31_000,
    receipt: `r${++ids}`.padEnd(16, '0'),
    expiredBefore: 0,
    ...overrides,
  };
}

export function describeQueues(ctx: StoreContext): void {
  const q = () => ctx.store.queues;

  describe('queues', () => {
    it('creates, reads, lists by prefix, updates and deletes queue records', async () => {
      expect(await q().create(queue('b'))).toEqual({ kind: 'created' });
      await q().create(queue('a'));
      await q().create(queue('dlq'));
      await q().create(queue('src', { deadLetterTargetArn: ARN('dlq') }));
      expect(await q().create(queue('a', { tags: { x: 'y' } }))).toEqual({
        kind: 'alreadyExists',
        existing: queue('a'),
      });
      expect(await q().get(ARN('a'))).toEqual(queue('a'));
      const all = await q().list(ARN(''), { limit: 2 });
      expect(all.items.map((r) => r.name)).toEqual(['a', 'b']);
      expect((await q().list(ARN(''), { limit: 10, after: all.next! })).items.map((r) => r.name)).toEqual([
        'dlq',
        'src',
      ]);
      expect((await q().list(ARN('d'), { limit: 10 })).items.map((r) => r.name)).toEqual(['dlq']);
      expect((await q().listDeadLetterSources(ARN('dlq'), { limit: 10 })).items.map((r) => r.name)).toEqual(['src']);
      expect(await q().update({ ...queue('a'), tags: { k: 'v' } })).toBe(true);
      expect((await q().get(ARN('a')))?.tags).toEqual({ k: 'v' });
      expect(await q().update(queue('missing'))).toBe(false);
      await q().send([message('a', 'x')]);
      await q().delete(ARN('a'));
      expect(await q().get(ARN('a'))).toBeUndefined();
      await q().create(queue('a'));
      expect((await q().receive([claim('a')]))[0]!.messages).toEqual([]);
    });

    it('appends in order, refuses unknown queues, and claims oldest visible first', async () => {
      await q().create(queue('s'));
      const out = await q().send([
        message('s', 'one'),
        message('nope', 'lost'),
        message('s', 'two'),
        message('s', 'later', { visibleAt: T0 + 5000 }),
      ]);
      expect(out.map((o) => o.kind)).toEqual(['sent', 'queueDoesNotExist', 'sent', 'sent']);
      expect(await q().counts(ARN('s'), T0 + 1000, 0)).toEqual({ visible: 2, inFlight: 0, delayed: 1 });
      const [first] = await q().receive([claim('s', { max: 1 })]);
      expect(first!.messages.map((m) => [m.body, m.receiveCount])).toEqual([['one', 1]]);
      expect(first!.messages[0]!.firstReceivedAt).toBe(T0 + 1000);
      const [rest] = await q().receive([claim('s')]);
      expect(rest!.messages.map((m) => m.body)).toEqual(['two']);
      expect(await q().counts(ARN('s'), T0 + 1000, 0)).toEqual({ visible: 0, inFlight: 2, delayed: 1 });
      // After the visibility timeout the message is back, with a new receipt and a higher count.
      const [again] = await q().receive([claim('s', { now: T0 + 40_000, visibleUntil: T0 + 70_000 })]);
      expect(again!.messages.map((m) => [m.body, m.receiveCount])).toEqual([
        ['later', 1],
        ['one', 2],
        ['two', 2],
      ]);
    });

    it('concurrent claims never return the same message', async () => {
      await q().create(queue('c'));
      await q().send(Array.from({ length: 50 }, (_, i) => message('c', `m${i}`)));
      const results = await Promise.all(Array.from({ length: 12 }, () => q().receive([claim('c', { max: 5 })])));
      const bodies = results.flatMap((r) => r[0]!.messages.map((m) => m.body));
      expect(bodies).toHaveLength(50);
      expect(new Set(bodies).size).toBe(50);
    });

    it('deletes and changes visibility only with the current receipt', async () => {
      await q().create(queue('d'));
      await q().send([message('d', 'x')]);
      const [r1] = await q().receive([claim('d', { receipt: 'aaaaaaaaaaaaaaaa', visibleUntil: T0 + 2000 })]);
      const m = r1!.messages[0]!;
      const stale = { queueArn: ARN('d'), seq: m.seq, receipt: 'aaaaaaaaaaaaaaaa' };
      const [r2] = await q().receive([
        claim('d', { receipt: 'bbbbbbbbbbbbbbbb', now: T0 + 3000, visibleUntil: T0 + 9000 }),
      ]);
      expect(r2!.messages[0]!.receipt).toBe('bbbbbbbbbbbbbbbb');
      const current = { ...stale, receipt: 'bbbbbbbbbbbbbbbb' };
      expect(await q().changeVisibility([{ ref: stale, visibleAt: T0, now: T0 + 3000 }])).toEqual(['stale']);
      expect(await q().changeVisibility([{ ref: current, visibleAt: T0 + 20_000, now: T0 + 3000 }])).toEqual([
        'changed',
      ]);
      expect(await q().changeVisibility([{ ref: current, visibleAt: T0, now: T0 + 30_000 }])).toEqual(['notInFlight']);
      expect(await q().deleteMessages([stale, current])).toEqual(['stale', 'deleted']);
      expect(await q().counts(ARN('d'), T0 + 30_000, 0)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });

    it('writes sends, receives and deletes of one group commit together, each as if alone', async () => {
      await q().create(queue('w'));
      await q().send([message('w', 'one'), message('w', 'two')]);
      const [held] = await q().receive([claim('w', { receipt: 'cccccccccccccccc' })]);
      const [one, two] = held!.messages;
      const out = await q().write({
        sends: [message('w', 'three'), message('nope', 'lost')],
        receives: [claim('w', { now: T0 + 2000 })],
        deletes: [
          { queueArn: ARN('w'), seq: one!.seq, receipt: 'cccccccccccccccc' },
          { queueArn: ARN('w'), seq: two!.seq, receipt: 'dddddddddddddddd' },
        ],
      });
      expect(out.sends.map((o) => o.kind)).toEqual(['sent', 'queueDoesNotExist']);
      expect(out.deletes).toEqual(['deleted', 'stale']);
      // Concurrent with the send: the claim may or may not take 'three' (it does when the store
      // says its receives ran after its sends), and never 'two' (in flight).
      const first = out.receives[0]!.messages.map((m) => m.body);
      if (out.receivesAfterSends) expect(first).toEqual(['three']);
      const [later] = await q().receive([claim('w', { now: T0 + 3000 })]);
      expect([...first, ...later!.messages.map((m) => m.body)]).toEqual(['three']);
      expect(await q().write({ sends: [], receives: [], deletes: [] })).toMatchObject({
        sends: [],
        receives: [],
        deletes: [],
      });
    });

    it('FIFO: deduplicates within the window, per scope', async () => {
      await q().create(queue('f.fifo'));
      const dedup = (id: string, scope = '', expiresAt = T0 + 300_000) => ({ scope, id, expiresAt });
      const [a, b, c, d] = await q().send([
        message('f.fifo', '1', { groupId: 'g', deduplication: dedup('k') }),
        message('f.fifo', '2', { groupId: 'g', deduplication: dedup('k') }),
        message('f.fifo', '3', { groupId: 'g', deduplication: dedup('k', 'other') }),
        message('f.fifo', '4', { groupId: 'g', deduplication: dedup('j') }),
      ]);
      expect(a!.kind).toBe('sent');
      expect(b).toEqual({ kind: 'duplicate', id: `m-${ids - 3}`, seq: (a as { seq: number }).seq });
      expect([c!.kind, d!.kind]).toEqual(['sent', 'sent']);
      // Past the window the key is free again.
      const [e] = await q().send([
        message('f.fifo', '5', { groupId: 'g', sentAt: T0 + 300_001, deduplication: dedup('k') }),
      ]);
      expect(e!.kind).toBe('sent');
    });

    it('FIFO: one group in order, blocked while in flight; other groups go on', async () => {
      await q().create(queue('o.fifo'));
      await q().send(
        ['a1', 'b1', 'a2', 'a3', 'b2'].map((body) =>
          message('o.fifo', body, { groupId: body[0]!, deduplication: { scope: '', id: body, expiresAt: T0 + 1e6 } }),
        ),
      );
      const [r1] = await q().receive([claim('o.fifo', { max: 2 })]);
      expect(r1!.messages.map((m) => m.body)).toEqual(['a1', 'a2']);
      const [r2] = await q().receive([claim('o.fifo', { max: 10 })]);
      expect(r2!.messages.map((m) => m.body)).toEqual(['b1', 'b2']);
      expect((await q().receive([claim('o.fifo')]))[0]!.messages).toEqual([]);
      // Deleting a1 and a2 unblocks group a at a3.
      await q().deleteMessages(r1!.messages.map((m) => ({ queueArn: ARN('o.fifo'), seq: m.seq, receipt: m.receipt! })));
      expect((await q().receive([claim('o.fifo')]))[0]!.messages.map((m) => m.body)).toEqual(['a3']);
    });

    it('FIFO: a message in flight far down its group keeps the group closed', async () => {
      await q().create(queue('far.fifo'));
      // Ten messages past retention (not yet swept) ahead of three live ones, all in group g.
      await q().send(
        Array.from({ length: 13 }, (_, i) =>
          message('far.fifo', `m${i}`, {
            groupId: 'g',
            sentAt: i < 10 ? T0 - 10_000 : T0,
            deduplication: { scope: '', id: `far${i}`, expiresAt: T0 + 1e6 },
          }),
        ),
      );
      const retention = { expiredBefore: T0 - 5_000 };
      const [taken] = await q().receive([claim('far.fifo', { max: 10, ...retention })]);
      expect(taken!.messages.map((m) => m.body)).toEqual(['m10', 'm11', 'm12']);
      // The first of them becomes visible again; the other two are still in flight.
      const first = taken!.messages[0]!;
      const ref = { queueArn: ARN('far.fifo'), seq: first.seq, receipt: first.receipt! };
      expect(await q().changeVisibility([{ ref, visibleAt: T0 + 1000, now: T0 + 1000 }])).toEqual(['changed']);
      expect((await q().receive([claim('far.fifo', { max: 1, ...retention })]))[0]!.messages).toEqual([]);
    });

    it('FIFO: concurrent claims serve each group once and in order', async () => {
      await q().create(queue('p.fifo'));
      const groups = ['g1', 'g2', 'g3', 'g4'];
      await q().send(
        Array.from({ length: 40 }, (_, i) =>
          message('p.fifo', `${groups[i % 4]}-${i}`, {
            groupId: groups[i % 4]!,
            deduplication: { scope: '', id: String(i), expiresAt: T0 + 1e6 },
          }),
        ),
      );
      const results = await Promise.all(Array.from({ length: 8 }, () => q().receive([claim('p.fifo', { max: 3 })])));
      const claimed = results.map((r) => r[0]!.messages);
      for (const group of groups) {
        const holders = claimed.filter((ms) => ms.some((m) => m.groupId === group));
        expect(holders.length).toBeLessThanOrEqual(1);
        const seqs = (holders[0] ?? []).filter((m) => m.groupId === group).map((m) => m.seq);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      }
    });

    it('FIFO: a group whose messages are dead-lettered leaves room for the next group', async () => {
      await q().create(queue('dlq.fifo'));
      await q().create(queue('poisoned.fifo', { deadLetterTargetArn: ARN('dlq.fifo') }));
      const deadLetter = { targetArn: ARN('dlq.fifo'), maxReceiveCount: 1 };
      await q().send(
        Array.from({ length: 10 }, (_, i) =>
          message('poisoned.fifo', `a${i}`, {
            groupId: 'a',
            deduplication: { scope: '', id: `a${i}`, expiresAt: T0 + 1e6 },
          }),
        ),
      );
      const [first] = await q().receive([claim('poisoned.fifo', { max: 10, deadLetter, visibleUntil: T0 + 2000 })]);
      expect(first!.messages).toHaveLength(10);
      await q().send([
        message('poisoned.fifo', 'b0', {
          groupId: 'b',
          sentAt: T0 + 2500,
          visibleAt: T0 + 2500,
          deduplication: { scope: '', id: 'b0', expiresAt: T0 + 1e6 },
        }),
      ]);
      // Group a's messages are visible again, received once already: moved, and b's message served.
      const [second] = await q().receive([claim('poisoned.fifo', { max: 10, deadLetter, now: T0 + 3000 })]);
      expect(second!.messages.map((m) => m.body)).toEqual(['b0']);
      expect(second!.movedToDeadLetter).toBe(10);
    });

    it('dead-letters messages received maxReceiveCount times, and moves them back', async () => {
      await q().create(queue('dl'));
      await q().create(queue('src', { deadLetterTargetArn: ARN('dl') }));
      await q().send([message('src', 'poison')]);
      const deadLetter = { targetArn: ARN('dl'), maxReceiveCount: 2 };
      let now = T0;
      for (let i = 0; i < 2; i++) {
        now += 100_000;
        const [r] = await q().receive([claim('src', { now, visibleUntil: now + 1000, deadLetter, max: 1 })]);
        expect(r!.messages.map((m) => m.body)).toEqual(['poison']);
      }
      now += 100_000;
      await q().send([message('src', 'fine', { sentAt: now, visibleAt: now })]);
      const [r] = await q().receive([claim('src', { now, visibleUntil: now + 1000, deadLetter, max: 1 })]);
      expect(r!.movedToDeadLetter).toBe(1);
      expect(r!.messages.map((m) => [m.body, m.receiveCount])).toEqual([['fine', 1]]);
      const [d] = await q().receive([claim('dl', { now, visibleUntil: now })]);
      expect(d!.messages.map((m) => [m.body, m.receiveCount, m.deadLetterSourceArn])).toEqual([
        ['poison', 1, ARN('src')],
      ]);
      // Back to where it came from (visible again at `now`).
      expect(await q().moveMessages(ARN('dl'), undefined, 10, now + 1)).toBe(1);
      const [back] = await q().receive([claim('src', { now: now + 2, visibleUntil: now + 10 })]);
      expect(back!.messages.map((m) => [m.body, m.receiveCount])).toEqual([['poison', 1]]);
    });

    it('purges messages sent up to an instant and expires old ones', async () => {
      await q().create(queue('x'));
      await q().send([message('x', 'old', { sentAt: T0 }), message('x', 'new', { sentAt: T0 + 10 })]);
      expect(await q().counts(ARN('x'), T0 + 20, T0 + 5)).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
      expect(
        (await q().receive([claim('x', { now: T0 + 20, expiredBefore: T0 + 5 })]))[0]!.messages.map((m) => m.body),
      ).toEqual(['new']);
      expect(await q().expire(ARN('x'), T0 + 5, T0 + 20)).toBe(1);
      expect(await q().purge(ARN('x'), T0 + 10)).toBe(1);
      expect(await q().counts(ARN('x'), T0 + 20, 0)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });

    it('peeks in the order messages become visible, changing nothing', async () => {
      await q().create(queue('p'));
      await q().send([
        message('p', 'expired', { sentAt: T0 - 10 }),
        message('p', 'first', { sentAt: T0 }),
        message('p', 'delayed', { sentAt: T0, visibleAt: T0 + 60_000 }),
        message('p', 'second', { sentAt: T0 + 1 }),
      ]);
      await q().receive([claim('p', { max: 1, now: T0 + 1000, visibleUntil: T0 + 30_000, expiredBefore: T0 })]);
      const peeked = await q().peek(ARN('p'), 10, T0);
      expect(peeked.map((m) => [m.body, m.receiveCount, m.visibleAt])).toEqual([
        ['second', 0, T0],
        ['first', 1, T0 + 30_000],
        ['delayed', 0, T0 + 60_000],
      ]);
      expect((await q().peek(ARN('p'), 1, T0)).map((m) => m.body)).toEqual(['second']);
      // Peeking again finds the same: no receive count, receipt or visibility moved.
      expect(await q().peek(ARN('p'), 10, T0)).toEqual(peeked);
      expect(await q().counts(ARN('p'), T0 + 1000, T0)).toEqual({ visible: 1, inFlight: 1, delayed: 1 });
    });
  });
}
