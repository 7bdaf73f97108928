/**
 * FIFO queues and dead-letter queues through the SDK (developer guide: "FIFO queue delivery
 * logic", "Exactly-once processing", "Using dead-letter queues", "Configuring a dead-letter queue
 * redrive"): strict order per message group under concurrent consumers, deduplication by id and
 * by content within five minutes, high-throughput scope, maxReceiveCount and redrive back, and a
 * RedrivePolicy changed while messages wait.
 */
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/baton.js';
import { failure, type SqsBaton, startSqsBaton } from './support.js';

let t: SqsBaton;
beforeAll(async () => {
  t = await startSqsBaton();
});
afterAll(() => t.close());

const create = async (QueueName: string, Attributes: Record<string, string> = {}) =>
  (await t.sqs.send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl!;
const arn = (name: string) => `arn:aws:sqs:${t.region}:${t.account}:${name}`;

describe('FIFO queues', () => {
  it('keeps each group in order under concurrent consumers, one consumer per group at a time', async () => {
    const QueueUrl = await create('orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const groups = ['g0', 'g1', 'g2', 'g3', 'g4'];
    const perGroup = 40;
    for (let i = 0; i < perGroup; i++) {
      await t.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: groups.map((g) => ({ Id: g, MessageBody: `${g}:${i}`, MessageGroupId: g })),
        }),
      );
    }
    const seen = new Map<string, number[]>(groups.map((g) => [g, []]));
    const inFlight = new Map<string, number>();
    let received = 0;
    const consumer = async () => {
      let idle = 0;
      while (received < groups.length * perGroup && idle < 20) {
        const { Messages } = await t.sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 3, MessageSystemAttributeNames: ['All'] }),
        );
        if (!Messages) {
          idle++;
          continue;
        }
        idle = 0;
        const mine = new Set(Messages.map((m) => m.Attributes!.MessageGroupId!));
        for (const g of mine) {
          expect(inFlight.get(g) ?? 0, `group ${g} handed to two consumers`).toBe(0);
          inFlight.set(g, 1);
        }
        for (const m of Messages) {
          const [g, i] = m.Body!.split(':') as [string, string];
          seen.get(g)!.push(Number(i));
          await t.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
          received++;
        }
        for (const g of mine) inFlight.set(g, 0);
      }
    };
    await Promise.all(Array.from({ length: 6 }, consumer));
    for (const g of groups) expect(seen.get(g)).toEqual(Array.from({ length: perGroup }, (_, i) => i));
  });

  it('deduplicates by id and by content hash within the window; sequence numbers increase', async () => {
    const QueueUrl = await create('dedup.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const a = await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'g' }));
    const b = await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'g' }));
    expect(b.MessageId).toBe(a.MessageId);
    expect(b.SequenceNumber).toBe(a.SequenceNumber);
    const c = await t.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'same',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'explicit',
      }),
    );
    expect(c.MessageId).not.toBe(a.MessageId);
    expect(BigInt(c.SequenceNumber!)).toBeGreaterThan(BigInt(a.SequenceNumber!));
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages?.length).toBe(2);
    // Deleting the message does not reopen its deduplication window.
    for (const m of Messages!) await t.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    const d = await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'g' }));
    expect(d.MessageId).toBe(a.MessageId);

    const plain = await create('nodedup.fifo', { FifoQueue: 'true' });
    expect(
      await failure(t.sqs.send(new SendMessageCommand({ QueueUrl: plain, MessageBody: 'x', MessageGroupId: 'g' }))),
    ).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failure(
        t.sqs.send(new SendMessageCommand({ QueueUrl: plain, MessageBody: 'x', MessageDeduplicationId: 'd' })),
      ),
    ).toMatchObject({ name: 'MissingParameter', message: 'The request must contain the parameter MessageGroupId.' });
    expect(
      await failure(
        t.sqs.send(
          new SendMessageCommand({
            QueueUrl: plain,
            MessageBody: 'x',
            MessageGroupId: 'g',
            MessageDeduplicationId: 'd',
            DelaySeconds: 5,
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('high throughput: deduplication per message group', async () => {
    const QueueUrl = await create('ht.fifo', {
      FifoQueue: 'true',
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
    });
    const send = (g: string) =>
      t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: g, MessageGroupId: g, MessageDeduplicationId: 'k' }));
    const [a, b, a2] = [await send('a'), await send('b'), await send('a')];
    expect(b.MessageId).not.toBe(a.MessageId);
    expect(a2.MessageId).toBe(a.MessageId);
  });
});

describe('dead-letter queues', () => {
  it('moves a message received maxReceiveCount times, then redrives it back with a move task', async () => {
    const dlq = await create('poison-dlq');
    const QueueUrl = await create('work', {
      VisibilityTimeout: '0',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn('poison-dlq'), maxReceiveCount: 2 }),
    });
    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
    for (let i = 1; i <= 2; i++) {
      const { Messages } = await t.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      );
      expect(Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(i));
    }
    expect((await t.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    const dead = await t.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq,
        MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'],
        VisibilityTimeout: 0,
      }),
    );
    expect(dead.Messages?.[0]).toMatchObject({ Body: 'poison', Attributes: { DeadLetterQueueSourceArn: arn('work') } });

    expect(await failure(t.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn('work') })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    const { TaskHandle } = await t.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn('poison-dlq') }));
    expect(TaskHandle).toBeTruthy();
    const done = await eventually(async () => {
      const { Results } = await t.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arn('poison-dlq') }));
      return Results?.[0]?.Status === 'COMPLETED' ? Results[0] : undefined;
    });
    expect(done).toMatchObject({ ApproximateNumberOfMessagesMoved: 1, ApproximateNumberOfMessagesToMove: 1 });
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('1');
    const back = await t.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    expect(back.Messages?.[0]).toMatchObject({ Body: 'poison', Attributes: { ApproximateReceiveCount: '1' } });
  });

  it('follows a RedrivePolicy changed by SetQueueAttributes from the next receive on', async () => {
    const first = await create('changing-dlq-first');
    const second = await create('changing-dlq-second');
    const redrive = (dlq: string, maxReceiveCount: number) =>
      JSON.stringify({ deadLetterTargetArn: arn(dlq), maxReceiveCount });
    const QueueUrl = await create('changing-redrive', {
      VisibilityTimeout: '0',
      RedrivePolicy: redrive('changing-dlq-first', 5),
    });
    const receive = async (url = QueueUrl) =>
      (await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }))).Messages ?? [];
    const depth = async (url: string) =>
      (
        await t.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
        )
      ).Attributes?.ApproximateNumberOfMessages;

    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'moved' }));
    expect(await receive()).toHaveLength(1);
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: redrive('changing-dlq-second', 1) } }),
    );
    expect(await receive()).toEqual([]);
    expect(await depth(first)).toBe('0');
    expect((await receive(second)).map((m) => m.Body)).toEqual(['moved']);

    await t.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: '' } }));
    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'kept' }));
    for (let i = 0; i < 3; i++) expect((await receive()).map((m) => m.Body)).toEqual(['kept']);
  });
});
