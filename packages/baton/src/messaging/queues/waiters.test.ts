/**
 * Long-poll wake-ups: new messages wake only as many receivers as it takes to ask for them, and
 * none for messages a receive of the same group commit already took.
 */
import { describe, expect, it } from 'vitest';
import type { QueueStore, QueueWriteOutcomes, QueueWrites as StoreWrites } from '../../store/port.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { QueueService } from './index.js';
import { QueueWaiters } from './waiters.js';
import { QueueWrites } from './writes.js';

const ARN = 'arn:aws:sqs:us-east-1:123456789012:q';

/** Starts a waiter; `woken` turns true when it resolves. */
function waiter(waiters: QueueWaiters, wants: number, controller = new AbortController()) {
  const state = { woken: false, controller };
  void waiters.wait(ARN, 10_000, controller.signal, wants).then(() => {
    state.woken = true;
  });
  return state;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('QueueWaiters', () => {
  it('wakes the oldest waiters until they want as many messages as arrived', async () => {
    const waiters = new QueueWaiters();
    const [a, b, c] = [waiter(waiters, 10), waiter(waiters, 10), waiter(waiters, 1)];
    waiters.notify(ARN, 3);
    await settle();
    expect([a.woken, b.woken, c.woken]).toEqual([true, false, false]);
    waiters.notify(ARN, 11);
    await settle();
    expect([b.woken, c.woken]).toEqual([true, true]);
    const d = waiter(waiters, 1);
    const e = waiter(waiters, 1);
    waiters.notify(ARN, 2);
    await settle();
    expect([d.woken, e.woken]).toEqual([true, true]);
  });

  it('forgets a waiter whose client went away', async () => {
    const waiters = new QueueWaiters();
    const gone = waiter(waiters, 1);
    const next = waiter(waiters, 1);
    gone.controller.abort();
    await settle();
    expect(gone.woken).toBe(true);
    waiters.notify(ARN, 1);
    await settle();
    expect(next.woken).toBe(true);
  });
});

describe('QueueWrites wake-ups', () => {
  /** A store whose write answers each receive with `claimed[i]` messages, and counts nothing else. */
  function storeClaiming(claimed: number[]): QueueStore {
    return {
      async write(w: StoreWrites): Promise<QueueWriteOutcomes> {
        return {
          sends: w.sends.map((_, i) => ({ kind: 'sent', seq: i + 1 })),
          receives: w.receives.map((_, i) => ({
            messages: Array.from({ length: claimed[i] ?? 0 }, () => ({}) as never),
            movedToDeadLetter: 0,
          })),
          deletes: [],
        };
      },
    } as unknown as QueueStore;
  }
  const message = (at: number, delay = 0) => ({
    queueArn: ARN,
    id: `m${at}`,
    body: 'b',
    md5OfBody: 'x',
    sentAt: at,
    visibleAt: at + delay,
  });
  const request = (now: number, max: number) => ({
    queueArn: ARN,
    fifo: false,
    max,
    now,
    visibleUntil: now + 30_000,
    receipt: 'r',
    expiredBefore: 0,
  });

  it('wakes receivers for visible messages no receive of the batch left behind', async () => {
    const cases: { claimed: number[]; sentAt: number; delay?: number; receiveAt?: number; expected: boolean }[] = [
      // No receive in the batch: the message waits for a receiver.
      { claimed: [], sentAt: 100, expected: true },
      // A receive that came back short took what was visible at its `now`.
      { claimed: [1], sentAt: 100, receiveAt: 100, expected: false },
      // A receive that filled up may have left messages behind.
      { claimed: [2], sentAt: 100, receiveAt: 100, expected: true },
      // A message sent after the short receive's `now` was not visible to it.
      { claimed: [0], sentAt: 101, receiveAt: 100, expected: true },
      // A delayed message wakes nobody now.
      { claimed: [], sentAt: 100, delay: 5_000, expected: false },
    ];
    for (const c of cases) {
      const waiters = new QueueWaiters();
      const writes = new QueueWrites(storeClaiming(c.claimed), 1, waiters);
      const poller = waiter(waiters, 10);
      const sent = writes.send([message(c.sentAt, c.delay)]);
      const received = c.receiveAt === undefined ? undefined : writes.receive(request(c.receiveAt, 2));
      await Promise.all([sent, received]);
      await settle();
      expect(poller.woken, JSON.stringify(c)).toBe(c.expected);
      poller.controller.abort();
    }
  });

  it('a batch of messages wakes one long poll that wants them all, not one per message', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    let claims = 0;
    const counting: QueueStore = {
      ...store.queues,
      write: (w) => {
        claims += w.receives.length;
        return store.queues.write(w);
      },
    };
    const queues = new QueueService({ store: counting, clock: { now: () => Date.now() } });
    const q = await queues.createQueue({ region: 'us-east-1', account: '123456789012' }, 'polled', {}, {});
    const aborts = Array.from({ length: 4 }, () => new AbortController());
    const polls = aborts.map((controller) =>
      queues.receive(q.arn, {
        max: 10,
        waitSeconds: 5,
        systemAttributeNames: [],
        messageAttributeNames: [],
        senderId: 'test',
        signal: controller.signal,
      }),
    );
    while (claims < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await queues.send(q.arn, [{ body: 'one' }, { body: 'two' }, { body: 'three' }]);
    const first = await Promise.race(polls);
    expect(first.map((m) => m.body).sort()).toEqual(['one', 'three', 'two']);
    // Four empty first looks, then one woken receiver's claim.
    expect(claims).toBe(5);
    for (const controller of aborts) controller.abort();
    expect((await Promise.all(polls)).flat()).toHaveLength(3);
    queues.close();
    await store.close();
  });
});
