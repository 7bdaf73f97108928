/**
 * `GET /baton/queues/peek` through a real server, the queue driven with the official SQS client:
 * a peek shows visible, in-flight and delayed messages and changes nothing a consumer can see.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, startTestBaton, type TestBaton } from '../../../test/support/baton.js';

describe('GET /baton/queues/peek', () => {
  let t: TestBaton;
  let sqs: SQSClient;
  beforeAll(async () => {
    t = await startTestBaton();
    sqs = new SQSClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    sqs.destroy();
    await t.close();
  });

  const peek = async (query: string) => {
    const response = await fetch(`${t.baton.url}/baton/queues/peek?${query}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lists visible, in-flight and delayed messages without receiving them', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    const arn = attributes.Attributes!.QueueArn!;
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"order":1}' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"order":2}' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"order":3}', DelaySeconds: 60 }));
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 30 }),
    );
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{"order":1}']);

    const first = await peek(`queueArn=${encodeURIComponent(arn)}`);
    expect(first.status).toBe(200);
    const messages = first.body.messages as Record<string, unknown>[];
    expect(messages.map((m) => [m.body, m.state, m.receiveCount])).toEqual([
      ['{"order":2}', 'visible', 0],
      ['{"order":1}', 'inFlight', 1],
      ['{"order":3}', 'delayed', 0],
    ]);
    expect(messages[1]).toMatchObject({
      messageId: received.Messages![0]!.MessageId,
      md5OfBody: received.Messages![0]!.MD5OfBody,
    });
    expect((await peek(`queueArn=${encodeURIComponent(arn)}&max=1`)).body.messages).toEqual([messages[0]]);

    // The peeked message was never received: its first receive is receive number 1.
    const next = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, MessageSystemAttributeNames: ['All'] }),
    );
    expect(next.Messages?.[0]?.Body).toBe('{"order":2}');
    expect(next.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('answers an unknown queue and a bad max with the SQS JSON protocol’s errors', async () => {
    const missing = await peek(`queueArn=${encodeURIComponent(`arn:aws:sqs:${t.region}:${t.account}:nope`)}`);
    expect(missing).toMatchObject({ status: 400, body: { __type: 'QueueDoesNotExist' } });
    const bad = await peek('queueArn=not-an-arn');
    expect(bad).toMatchObject({ status: 400, body: { __type: 'InvalidParameterValue' } });
    const tooMany = await peek(`queueArn=${encodeURIComponent(`arn:aws:sqs:${t.region}:${t.account}:orders`)}&max=101`);
    expect(tooMany).toMatchObject({ status: 400, body: { __type: 'InvalidParameterValue' } });
  });
});
