/**
 * SQS queue operations through the official SDK client (AWS JSON 1.0): create (idempotent, and
 * refused with other attributes), URLs, attributes with their ranges, lists, tags, purge,
 * delete; errors by the names the SDK surfaces (API reference, "Common Errors" and each action's
 * errors; the JSON error format in the developer guide's "Interpreting Amazon SQS JSON API responses").
 */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type SqsBaton, startSqsBaton } from './support.js';

let t: SqsBaton;
beforeAll(async () => {
  t = await startSqsBaton();
});
afterAll(() => t.close());

const create = (QueueName: string, Attributes?: Record<string, string>, tags?: Record<string, string>) =>
  t.sqs.send(new CreateQueueCommand({ QueueName, Attributes, tags }));

describe('queues', () => {
  it('creates a queue at a URL of Baton, idempotently; other attributes are QueueNameExists', async () => {
    const { QueueUrl } = await create('orders', { VisibilityTimeout: '45' });
    expect(QueueUrl).toBe(`${t.baton.url}/${t.account}/orders`);
    expect((await create('orders', { VisibilityTimeout: '45' })).QueueUrl).toBe(QueueUrl);
    expect((await create('orders')).QueueUrl).toBe(QueueUrl);
    const e = await failure(create('orders', { VisibilityTimeout: '46' }));
    expect(e).toMatchObject({ name: 'QueueNameExists', code: 'QueueAlreadyExists', status: 400 });
    expect((await t.sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(QueueUrl);
  });

  it('reports every attribute with its default, ARN and counts', async () => {
    const { QueueUrl } = await create('defaults');
    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b', DelaySeconds: 60 }));
    const { Attributes } = await t.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:${t.region}:${t.account}:defaults`,
      VisibilityTimeout: '30',
      DelaySeconds: '0',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '1',
    });
    expect(Number(Attributes!.CreatedTimestamp)).toBeGreaterThan(1_600_000_000);
    expect(Attributes!.FifoQueue).toBeUndefined();
    const some = await t.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['DelaySeconds'] }));
    expect(some.Attributes).toEqual({ DelaySeconds: '0' });
  });

  it('validates attributes: unknown names and values out of range', async () => {
    expect(await failure(create('bad', { Nope: '1' }))).toMatchObject({
      name: 'InvalidAttributeName',
      message: 'Unknown Attribute Nope.',
    });
    expect(await failure(create('bad', { VisibilityTimeout: '43201' }))).toMatchObject({
      name: 'InvalidAttributeValue',
      message: 'Invalid value for the parameter VisibilityTimeout.',
    });
    expect(await failure(create('bad', { ContentBasedDeduplication: 'true' }))).toMatchObject({
      name: 'InvalidAttributeName',
    });
    expect(await failure(create('bad.fifo'))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await failure(create('bad name'))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await failure(create('x', { FifoQueue: 'true' }))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failure(
        create('hi.fifo', { FifoQueue: 'true', FifoThroughputLimit: 'perMessageGroupId', DeduplicationScope: 'queue' }),
      ),
    ).toMatchObject({ name: 'InvalidAttributeValue' });
  });

  it('sets attributes, redrive policies included; a missing dead-letter target is refused', async () => {
    const { QueueUrl } = await create('settable');
    const dlq = await create('settable-dlq');
    const dlqArn = `arn:aws:sqs:${t.region}:${t.account}:settable-dlq`;
    await t.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: {
          DelaySeconds: '5',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '3' }),
        },
      }),
    );
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['DelaySeconds', 'RedrivePolicy'] }),
    );
    expect(Attributes).toEqual({
      DelaySeconds: '5',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
    });
    const sources = await t.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.QueueUrl }));
    expect(sources.queueUrls).toEqual([QueueUrl]);
    const missing = JSON.stringify({ deadLetterTargetArn: `${dlqArn}-gone`, maxReceiveCount: 3 });
    expect(
      await failure(t.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: missing } }))),
    ).toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('Dead letter target does not exist'),
    });
    await t.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: '' } }));
    expect((await t.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.QueueUrl }))).queueUrls).toEqual([]);
  });

  it('lists by prefix, pages with MaxResults, tags, purges and deletes', async () => {
    for (const n of ['list-a', 'list-b', 'list-c']) await create(n, {}, { team: n });
    const all = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-' }));
    expect(all.QueueUrls?.map((u) => u.split('/').pop())).toEqual(['list-a', 'list-b', 'list-c']);
    expect(all.NextToken).toBeUndefined();
    const first = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2 }));
    expect(first.QueueUrls).toHaveLength(2);
    const second = await t.sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.QueueUrls?.map((u) => u.split('/').pop())).toEqual(['list-c']);

    const QueueUrl = all.QueueUrls![0]!;
    await t.sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'test' } }));
    await t.sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team'] }));
    expect((await t.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ env: 'test' });

    await t.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    await t.sqs.send(new PurgeQueueCommand({ QueueUrl }));
    expect(await failure(t.sqs.send(new PurgeQueueCommand({ QueueUrl })))).toMatchObject({
      name: 'PurgeQueueInProgress',
      code: 'AWS.SimpleQueueService.PurgeQueueInProgress',
      status: 403,
    });
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes).toEqual({ ApproximateNumberOfMessages: '0' });

    await t.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    expect(await failure(t.sqs.send(new GetQueueUrlCommand({ QueueName: 'list-a' })))).toMatchObject({
      name: 'QueueDoesNotExist',
      code: 'AWS.SimpleQueueService.NonExistentQueue',
      message: 'The specified queue does not exist.',
    });
    expect(await failure(create('list-a'))).toMatchObject({ name: 'QueueDeletedRecently' });
    expect(await failure(t.sqs.send(new DeleteQueueCommand({ QueueUrl })))).toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });
});
