/**
 * Internal idempotent sends: a workflow's sqs:sendMessage task re-run after a crash carries the
 * same key (its task token) and must not send a second message, on standard and FIFO queues.
 */
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { QueueService } from './index.js';

describe('idempotent sends', () => {
  it('stores one message for repeated sends with the same key and answers the same id', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const queues = new QueueService({ store: store.queues, clock: { now: () => Date.now() } });
    const at = { region: 'us-east-1', account: '123456789012' };
    for (const [name, attributes] of [
      ['plain', {}],
      ['ordered.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'false' }],
    ] as const) {
      const q = await queues.createQueue(at, name, attributes, {});
      const fifo = name.endsWith('.fifo') ? { groupId: 'g', deduplicationId: 'user-dedup' } : {};
      const [first] = await queues.send(q.arn, [{ body: 'hello', ...fifo, idempotencyKey: 'token-1' }]);
      const [again] = await queues.send(q.arn, [{ body: 'hello', ...fifo, idempotencyKey: 'token-1' }]);
      const [other] = await queues.send(q.arn, [
        {
          body: 'hello',
          ...(fifo.groupId ? { groupId: 'g', deduplicationId: 'other' } : {}),
          idempotencyKey: 'token-2',
        },
      ]);
      expect(again).toMatchObject({ id: (first as { id: string }).id });
      expect((other as { id: string }).id).not.toBe((first as { id: string }).id);
      const counts = await store.queues.counts(q.arn, Date.now(), 0);
      expect(counts.visible, name).toBe(2);
      // The key is Baton's own: receivers see the FIFO deduplication id they sent, or none.
      const [received] = await queues.receive(q.arn, {
        max: 1,
        waitSeconds: 0,
        systemAttributeNames: ['All'],
        messageAttributeNames: [],
        senderId: 'test',
        signal: new AbortController().signal,
      });
      expect(received?.attributes?.MessageDeduplicationId, name).toBe(fifo.deduplicationId);
      expect(received?.attributes?.SequenceNumber === undefined, name).toBe(!fifo.groupId);
    }
    queues.close();
    await store.close();
  });
});
