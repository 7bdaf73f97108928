/**
 * SQS messages through the official SDK client: the SDK itself verifies MD5OfMessageBody and
 * MD5OfMessageAttributes (developer guide, "Calculating the MD5 message digest for message
 * attributes"), so every successful send and receive here also checks the digests. Batches,
 * visibility timeouts, long polling, delays and the errors of each action.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type SqsBaton, sleep, startSqsBaton } from './support.js';

let t: SqsBaton;
beforeAll(async () => {
  t = await startSqsBaton();
});
afterAll(() => t.close());

let n = 0;
async function newQueue(attributes: Record<string, string> = {}): Promise<string> {
  return (await t.sqs.send(new CreateQueueCommand({ QueueName: `m${++n}`, Attributes: attributes }))).QueueUrl!;
}
const receive = (QueueUrl: string, more: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
  t.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, ...more }));

describe('messages', () => {
  it('sends and receives with message and system attributes; digests verified by the SDK', async () => {
    const QueueUrl = await newQueue();
    const MessageAttributes = {
      'order.id': { DataType: 'Number', StringValue: '42' },
      'order.kind': { DataType: 'String.custom', StringValue: 'bulk ✓' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 255]) },
    };
    const sent = await t.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'héllo 😀',
        MessageAttributes,
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } },
      }),
    );
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.MD5OfMessageSystemAttributes).toMatch(/^[0-9a-f]{32}$/);
    const { Messages } = await receive(QueueUrl, {
      MessageAttributeNames: ['order.*'],
      MessageSystemAttributeNames: ['All'],
    });
    expect(Messages).toHaveLength(1);
    const m = Messages![0]!;
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.Body).toBe('héllo 😀');
    expect(Object.keys(m.MessageAttributes!).sort()).toEqual(['order.id', 'order.kind']);
    expect(m.Attributes).toMatchObject({
      ApproximateReceiveCount: '1',
      AWSTraceHeader: 'Root=1-abc',
      SenderId: t.account,
    });
    const all = await receive(QueueUrl, { MessageAttributeNames: ['All'], VisibilityTimeout: 0 });
    expect(all.Messages).toBeUndefined();
  });

  it('refuses bad bodies and attributes with AWS errors', async () => {
    const QueueUrl = await newQueue({ MaximumMessageSize: '1024' });
    const send = (input: Partial<ConstructorParameters<typeof SendMessageCommand>[0]>) =>
      failure(t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', ...input })));
    expect(await send({ MessageBody: '' })).toMatchObject({ name: 'MissingParameter' });
    expect(await send({ MessageBody: 'bad \u0001' })).toMatchObject({ name: 'InvalidMessageContents' });
    expect(await send({ MessageBody: 'x'.repeat(1025) })).toMatchObject({
      name: 'InvalidParameterValue',
      message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
    });
    expect(await send({ DelaySeconds: 901 })).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await send({ MessageDeduplicationId: 'd' })).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await send({ MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } } })).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(await send({ MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } })).toMatchObject({
      name: 'InvalidParameterValue',
    });
    const eleven = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    );
    expect(await send({ MessageAttributes: eleven })).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await failure(receive(QueueUrl, { MaxNumberOfMessages: 11 }))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(await failure(receive(QueueUrl, { WaitTimeSeconds: 21 }))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failure(
        t.sqs.send(new SendMessageCommand({ QueueUrl: `${t.baton.url}/${t.account}/nope`, MessageBody: 'x' })),
      ),
    ).toMatchObject({ name: 'QueueDoesNotExist' });
  });

  it('batches: per-entry results and failures; batch-level errors', async () => {
    const QueueUrl = await newQueue();
    const r = await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: '' },
          { Id: 'c', MessageBody: 'three', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
        ],
      }),
    );
    expect(r.Successful?.map((s) => s.Id)).toEqual(['a', 'c']);
    expect(r.Failed).toEqual([
      {
        Id: 'b',
        SenderFault: true,
        Code: 'MissingParameter',
        Message: 'The request must contain the parameter MessageBody.',
      },
    ]);
    const batch = (Entries: { Id: string; MessageBody: string }[]) =>
      failure(t.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries })));
    expect(await batch([])).toMatchObject({
      name: 'EmptyBatchRequest',
      code: 'AWS.SimpleQueueService.EmptyBatchRequest',
    });
    expect(await batch(Array.from({ length: 11 }, (_, i) => ({ Id: `i${i}`, MessageBody: 'x' })))).toMatchObject({
      name: 'TooManyEntriesInBatchRequest',
      message: 'Maximum number of entries per request are 10. You have sent 11.',
    });
    expect(
      await batch([
        { Id: 'x', MessageBody: 'x' },
        { Id: 'x', MessageBody: 'y' },
      ]),
    ).toMatchObject({
      name: 'BatchEntryIdsNotDistinct',
    });
    expect(await batch([{ Id: 'bad id', MessageBody: 'x' }])).toMatchObject({ name: 'InvalidBatchEntryId' });
    expect(
      await batch([
        { Id: 'big', MessageBody: 'x'.repeat(600_000) },
        { Id: 'big2', MessageBody: 'x'.repeat(600_000) },
      ]),
    ).toMatchObject({ name: 'BatchRequestTooLong' });

    const { Messages } = await receive(QueueUrl);
    expect(Messages?.map((m) => m.Body).sort()).toEqual(['one', 'three']);
    const del = await t.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          ...Messages!.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })),
          { Id: 'junk', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(del.Successful?.map((s) => s.Id)).toEqual(['d0', 'd1']);
    expect(del.Failed?.map((f) => [f.Id, f.Code])).toEqual([['junk', 'ReceiptHandleIsInvalid']]);
  });

  it('visibility: hidden while in flight, back after the timeout, changeable, and deletable', async () => {
    const QueueUrl = await newQueue({ VisibilityTimeout: '1' });
    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'v' }));
    const first = (await receive(QueueUrl)).Messages![0]!;
    expect((await receive(QueueUrl)).Messages).toBeUndefined();
    await sleep(1100);
    const second = (await receive(QueueUrl, { MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))
      .Messages![0]!;
    expect(second.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
    // The earlier receipt is stale: the visibility change is refused, the delete is a no-op.
    expect(
      await failure(
        t.sqs.send(
          new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterValue' });
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    const third = (await receive(QueueUrl)).Messages![0]!;
    const cmv = await t.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'ok', ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 60 },
          { Id: 'old', ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 60 },
        ],
      }),
    );
    expect(cmv.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(cmv.Failed?.map((f) => f.Id)).toEqual(['old']);
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.ReceiptHandle }));
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    expect(
      await failure(
        t.sqs.send(
          new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 5 }),
        ),
      ),
    ).toMatchObject({ name: 'MessageNotInflight', code: 'AWS.SimpleQueueService.MessageNotInflight' });
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: third.ReceiptHandle }));
    expect(await failure(t.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'garbage' })))).toMatchObject({
      name: 'ReceiptHandleIsInvalid',
      status: 404,
    });
    expect((await receive(QueueUrl)).Messages).toBeUndefined();
  });

  it('long polling returns as soon as a message arrives; delays hold messages back', async () => {
    const QueueUrl = await newQueue();
    const started = Date.now();
    const polling = receive(QueueUrl, { WaitTimeSeconds: 5 });
    await sleep(200);
    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake' }));
    expect((await polling).Messages?.[0]?.Body).toBe('wake');
    expect(Date.now() - started).toBeLessThan(2000);

    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 1 }));
    expect((await receive(QueueUrl)).Messages).toBeUndefined();
    const delayed = await receive(QueueUrl, { WaitTimeSeconds: 3 });
    expect(delayed.Messages?.[0]?.Body).toBe('later');
    const empty = Date.now();
    expect((await receive(QueueUrl, { WaitTimeSeconds: 1 })).Messages).toBeUndefined();
    expect(Date.now() - empty).toBeGreaterThanOrEqual(900);
  });
});
