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
  void waiters.wait(ARN, 10_000, controller.signal, wants, waiters.notifications(ARN)).then(() => {
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

  it('does not sleep past a notification that came after the receiver looked', async () => {
    const waiters = new QueueWaiters();
    const seen = waiters.notifications(ARN);
    waiters.notify(ARN, 1); // nobody waits yet: the receiver's look is still on its way back
    const started = Date.now();
    await waiters.wait(ARN, 10_000, new AbortController().signal, 1, seen);
    expect(Date.now() - started).toBeLessThan(100);
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
  /**
   * A store whose write answers each receive with `claimed[i]` messages (and `deadLettered`
   * moved) and deletes every message.
   */
  function storeClaiming(claimed: number[], receivesAfterSends: boolean, deadLettered = 0): QueueStore {
    return {
      async write(w: StoreWrites): Promise<QueueWriteOutcomes> {
        return {
          sends: w.sends.map((_, i) => ({ kind: 'sent', seq: i + 1 })),
          receives: w.receives.map((_, i) => ({
            messages: Array.from({ length: claimed[i] ?? 0 }, () => ({}) as never),
            movedToDeadLetter: deadLettered,
          })),
          deletes: w.deletes.map(() => 'deleted'),
          receivesAfterSends,
        };
      },
    } as unknown as QueueStore;
  }
  const message = (arn: string, at: number, delay = 0) => ({
    queueArn: arn,
    id: `m${at}`,
    body: 'b',
    md5OfBody: 'x',
    sentAt: at,
    visibleAt: at + delay,
  });
  const request = (arn: string, now: number, max: number) => ({
    queueArn: arn,
    fifo: arn.endsWith('.fifo'),
    max,
    now,
    visibleUntil: now + 30_000,
    receipt: 'r',
    expiredBefore: 0,
  });

  it('wakes receivers for what the batch made available, and not for what its receives took', async () => {
    const cases: {
      why: string;
      claimed: number[];
      sentAt?: number;
      delay?: number;
      receiveAt?: number;
      concurrent?: boolean;
      fifoDelete?: boolean;
      deadLettered?: number;
      expected: boolean;
    }[] = [
      { why: 'no receive in the batch', claimed: [], sentAt: 100, expected: true },
      { why: 'a short receive took it', claimed: [1], sentAt: 100, receiveAt: 100, expected: false },
      { why: 'a full receive may have left it', claimed: [2], sentAt: 100, receiveAt: 100, expected: true },
      { why: 'sent after the short receive’s now', claimed: [0], sentAt: 101, receiveAt: 100, expected: true },
      { why: 'a delayed message', claimed: [], sentAt: 100, delay: 5_000, expected: false },
      {
        why: 'the receive ran beside the send',
        claimed: [0],
        sentAt: 100,
        receiveAt: 100,
        concurrent: true,
        expected: true,
      },
      { why: 'a full receive, nothing sent', claimed: [2], receiveAt: 100, expected: false },
      { why: 'a short receive, nothing sent', claimed: [1], receiveAt: 100, expected: false },
      { why: 'a FIFO delete frees its group', claimed: [], fifoDelete: true, expected: true },
      {
        why: 'a short receive that dead-lettered may have stopped early',
        claimed: [0],
        sentAt: 100,
        receiveAt: 100,
        deadLettered: 10,
        expected: true,
      },
      {
        why: 'a FIFO delete after the short receive',
        claimed: [0],
        sentAt: 100,
        receiveAt: 100,
        fifoDelete: true,
        expected: true,
      },
    ];
    for (const c of cases) {
      const arn = c.fifoDelete ? `${ARN}.fifo` : ARN;
      const waiters = new QueueWaiters();
      const writes = new QueueWrites(storeClaiming(c.claimed, !c.concurrent, c.deadLettered), 1, waiters);
      let woken = false;
      const poller = new AbortController();
      void waiters.wait(arn, 10_000, poller.signal, 10, waiters.notifications(arn)).then(() => {
        woken = true;
      });
      await Promise.all([
        c.sentAt === undefined ? undefined : writes.send([message(arn, c.sentAt, c.delay)]),
        c.receiveAt === undefined ? undefined : writes.receive(request(arn, c.receiveAt, 2)),
        c.fifoDelete ? writes.delete([{ queueArn: arn, seq: 1, receipt: 'r' }]) : undefined,
      ]);
      await settle();
      expect(woken && !poller.signal.aborted, c.why).toBe(c.expected);
      poller.abort();
    }
  });

  it('wakes the long polls of the dead-letter queue for the messages a receive moved there', async () => {
    const waiters = new QueueWaiters();
    const dlq = `${ARN}-dlq`;
    const writes = new QueueWrites(storeClaiming([0], true, 3), 1, waiters);
    let woken = false;
    const poller = new AbortController();
    void waiters.wait(dlq, 10_000, poller.signal, 1, waiters.notifications(dlq)).then(() => {
      woken = true;
    });
    await writes.receive({ ...request(ARN, 100, 10), deadLetter: { targetArn: dlq, maxReceiveCount: 1 } });
    await settle();
    expect(woken && !poller.signal.aborted).toBe(true);
    poller.abort();
  });

  it('a FIFO delete that frees a group wakes a long poll for its next message at once', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const queues = new QueueService({ store: store.queues, clock: { now: () => Date.now() } });
    const q = await queues.createQueue(
      { region: 'us-east-1', account: '123456789012' },
      'freed.fifo',
      { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      {},
    );
    const options = (waitSeconds: number, signal = new AbortController().signal) => ({
      max: 10,
      waitSeconds,
      systemAttributeNames: [],
      messageAttributeNames: [],
      senderId: 'test',
      signal,
    });
    await queues.send(q.arn, [{ body: 'm1', groupId: 'g' }]);
    const [m1] = await queues.receive(q.arn, options(0));
    const stop = new AbortController();
    const polling = queues.receive(q.arn, options(5, stop.signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // In one turn, one group commit: a short look, the group's next message, and m1's delete.
    const started = Date.now();
    await Promise.all([
      queues.receive(q.arn, options(0)),
      queues.send(q.arn, [{ body: 'm2', groupId: 'g' }]),
      queues.deleteMessages(q.arn, [m1!.receiptHandle]),
    ]);
    const got = await polling;
    expect(got.map((m) => m.body)).toEqual(['m2']);
    expect(Date.now() - started).toBeLessThan(500);
    stop.abort();
    queues.close();
    await store.close();
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
