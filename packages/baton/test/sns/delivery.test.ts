/**
 * Delivery to every protocol and what happens when it fails (developer guide: "Fanout to Lambda
 * functions", "Amazon SNS message filtering", "Amazon SNS message delivery retries", "Amazon SNS
 * dead-letter queues", "Message ordering and deduplication for FIFO topics"): one publish fanned
 * out to many filtered subscriptions, functions (Lambda's event shape), workflows and event buses
 * (Baton's `states` and `events` protocols), HTTP retries by the delivery policy, dead-letter
 * queues, policies changed between publishes, and FIFO order and deduplication into FIFO queues.
 */

import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  PublishCommand,
  type PublishCommandInput,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, eventually } from '../support/baton.js';
import { httpEndpoint, type SnsBaton, startSnsBaton } from './support.js';

let t: SnsBaton;
let brokenCalls = 0;
beforeAll(async () => {
  const broken = () => {
    brokenCalls++;
    throw Object.assign(new Error('cannot handle this'), { name: 'Broken' });
  };
  t = await startSnsBaton(['onPost'], {}, { functions: { broken } });
});
afterAll(() => t.close());

const topic = async (Name: string, Attributes?: Record<string, string>) =>
  (await t.sns.send(new CreateTopicCommand({ Name, Attributes }))).TopicArn!;
const subscribe = async (TopicArn: string, Protocol: string, Endpoint: string, Attributes?: Record<string, string>) =>
  (await t.sns.send(new SubscribeCommand({ TopicArn, Protocol, Endpoint, Attributes }))).SubscriptionArn!;
const publish = (input: PublishCommandInput) => t.sns.send(new PublishCommand(input));

describe('fan-out with filter policies', () => {
  it('delivers one publish to every subscription whose policy matches, and only those', async () => {
    const arn = await topic('orders');
    const queues = {
      all: await t.queue('f-all'),
      eu: await t.queue('f-eu'),
      big: await t.queue('f-big'),
      notCancelled: await t.queue('f-not-cancelled'),
      paidBody: await t.queue('f-paid-body'),
    };
    await subscribe(arn, 'sqs', queues.all.arn);
    await subscribe(arn, 'sqs', queues.eu.arn, { FilterPolicy: JSON.stringify({ region: [{ prefix: 'eu-' }] }) });
    await subscribe(arn, 'sqs', queues.big.arn, {
      FilterPolicy: JSON.stringify({ total: [{ numeric: ['>=', 100] }], region: [{ exists: true }] }),
    });
    await subscribe(arn, 'sqs', queues.notCancelled.arn, {
      FilterPolicy: JSON.stringify({ status: [{ 'anything-but': ['cancelled'] }] }),
    });
    await subscribe(arn, 'sqs', queues.paidBody.arn, {
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: JSON.stringify({ order: { status: ['paid'], lines: { sku: ['A-1'] } } }),
      RawMessageDelivery: 'true',
    });
    const order = (n: number, region: string, total: number, status: string) =>
      publish({
        TopicArn: arn,
        Message: JSON.stringify({ order: { n, status, lines: [{ sku: 'A-1' }, { sku: 'B-2' }] } }),
        MessageAttributes: {
          region: { DataType: 'String', StringValue: region },
          total: { DataType: 'Number', StringValue: String(total) },
          status: { DataType: 'String', StringValue: status },
        },
      });
    await order(1, 'eu-west-1', 250, 'paid');
    await order(2, 'us-east-1', 20, 'cancelled');
    await order(3, 'eu-central-1', 99.5, 'paid');
    const numbers = async (url: string, count: number, raw = false) =>
      (await t.receive(url, count))
        .map((m) => JSON.parse(raw ? m.Body! : JSON.parse(m.Body!).Message) as { order: { n: number } })
        .map((o) => o.order.n)
        .sort();
    expect(await numbers(queues.all.url, 3)).toEqual([1, 2, 3]);
    expect(await numbers(queues.eu.url, 2)).toEqual([1, 3]);
    expect(await numbers(queues.big.url, 1)).toEqual([1]);
    expect(await numbers(queues.notCancelled.url, 2)).toEqual([1, 3]);
    expect(await numbers(queues.paidBody.url, 2, true)).toEqual([1, 3]);
    await t.baton.topics.whenIdle();
    for (const q of Object.values(queues)) expect(await t.depth(q.url)).toBe(0);
  });
});

describe('functions, workflows and event buses', () => {
  it("invokes a function with Lambda's SNS event", async () => {
    const arn = await topic('to-function');
    const sub = await subscribe(arn, 'lambda', t.arn('lambda', 'onPost'));
    const { MessageId } = await publish({
      TopicArn: arn,
      Message: 'Hello world.',
      MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } },
    });
    const [event] = await eventually(async () =>
      t.received.get('onPost')!.length > 0 ? t.received.get('onPost') : undefined,
    );
    expect(event).toMatchObject({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: sub,
          Sns: {
            Type: 'Notification',
            MessageId,
            TopicArn: arn,
            Subject: null,
            Message: 'Hello world.',
            SignatureVersion: '1',
            MessageAttributes: { a: { Type: 'String', Value: 'x' } },
          },
        },
      ],
    });
    const sns = (event as { Records: { Sns: Record<string, unknown> }[] }).Records[0]!.Sns;
    expect(Object.keys(sns)).toEqual(
      expect.arrayContaining(['SigningCertUrl', 'UnsubscribeUrl', 'Signature', 'Timestamp']),
    );
  });

  it('starts a workflow execution per message (states protocol, a Baton extension)', async () => {
    const machine = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'on-message',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
        roleArn: `arn:aws:iam::${t.account}:role/r`,
      }),
    );
    const arn = await topic('to-workflow');
    await subscribe(arn, 'states', machine.stateMachineArn!);
    const raw = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'on-message-raw',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
        roleArn: `arn:aws:iam::${t.account}:role/r`,
      }),
    );
    await subscribe(arn, 'states', raw.stateMachineArn!, { RawMessageDelivery: 'true' });
    const { MessageId } = await publish({ TopicArn: arn, Message: '{"orderId": 7}' });
    const execution = await eventually(async () => {
      const list = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn }));
      return list.executions?.[0];
    });
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
    expect(JSON.parse(described.input!)).toMatchObject({ Type: 'Notification', MessageId, Message: '{"orderId": 7}' });
    const rawExecution = await eventually(async () => {
      const list = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: raw.stateMachineArn }));
      return list.executions?.[0];
    });
    const rawInput = await t.sfn.send(new DescribeExecutionCommand({ executionArn: rawExecution.executionArn }));
    expect(JSON.parse(rawInput.input!)).toEqual({ orderId: 7 });
  });

  it('puts each message on an event bus (events protocol, a Baton extension)', async () => {
    const events = new EventBridgeClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
    try {
      const q = await t.queue('from-bus');
      await events.send(
        new PutRuleCommand({ Name: 'sns-in', EventPattern: JSON.stringify({ source: ['baton.sns'] }) }),
      );
      await events.send(new PutTargetsCommand({ Rule: 'sns-in', Targets: [{ Id: 'q', Arn: q.arn }] }));
      const arn = await topic('to-bus');
      await subscribe(arn, 'events', t.arn('events', 'default'));
      const { MessageId } = await publish({ TopicArn: arn, Message: 'to the bus' });
      const [m] = await t.receive(q.url, 1);
      const event = JSON.parse(m!.Body!) as Record<string, unknown>;
      expect(event).toMatchObject({
        source: 'baton.sns',
        'detail-type': 'SNS Notification',
        resources: [arn],
        detail: { Type: 'Notification', MessageId, TopicArn: arn, Message: 'to the bus' },
      });
      // Raw delivery: a JSON object message is the detail itself, any other text is wrapped.
      const rawArn = await topic('to-bus-raw');
      await subscribe(rawArn, 'events', t.arn('events', 'default'), { RawMessageDelivery: 'true' });
      await publish({ TopicArn: rawArn, Message: '{"orderId":7}' });
      await publish({ TopicArn: rawArn, Message: 'plain text' });
      const details = (await t.receive(q.url, 2)).map((r) => (JSON.parse(r.Body!) as { detail: unknown }).detail);
      expect(details).toEqual(expect.arrayContaining([{ orderId: 7 }, { Message: 'plain text' }]));
    } finally {
      events.destroy();
    }
  });
});

describe('failures', () => {
  it('retries an HTTP endpoint by its delivery policy, then dead-letters the message', async () => {
    const endpoint = await httpEndpoint((post) =>
      post.headers['x-amz-sns-message-type'] === 'Notification' ? 500 : 200,
    );
    try {
      const arn = await topic('flaky-web');
      const dlq = await t.queue('web-dlq');
      await subscribe(arn, 'http', endpoint.url, {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }),
        DeliveryPolicy: JSON.stringify({ healthyRetryPolicy: { numRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 } }),
      });
      const [confirmation] = await endpoint.waitFor(1, 'SubscriptionConfirmation');
      await fetch(JSON.parse(confirmation!.body).SubscribeURL);
      const { MessageId } = await publish({ TopicArn: arn, Message: 'never accepted' });
      const [dead] = await t.receive(dlq.url, 1);
      expect(JSON.parse(dead!.Body!)).toMatchObject({ Type: 'Notification', MessageId, Message: 'never accepted' });
      // The first attempt and two retries.
      expect((await endpoint.waitFor(3, 'Notification')).length).toBe(3);
      await t.baton.topics.whenIdle();
      expect(endpoint.posts.filter((p) => p.headers['x-amz-sns-message-type'] === 'Notification')).toHaveLength(3);
    } finally {
      await endpoint.close();
    }
  });

  it('retries a failing function as Lambda retries asynchronous invocations, then dead-letters the message', async () => {
    const arn = await topic('to-broken-function');
    const dlq = await t.queue('function-dlq');
    await subscribe(arn, 'lambda', t.arn('lambda', 'broken'), {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }),
    });
    const { MessageId } = await publish({ TopicArn: arn, Message: 'unprocessable' });
    const [dead] = await t.receive(dlq.url, 1);
    expect(JSON.parse(dead!.Body!)).toMatchObject({ MessageId, Message: 'unprocessable' });
    // The first attempt and Lambda's two retries.
    expect(brokenCalls).toBe(3);
  });

  it('does not retry a client-side error: a 4xx answer or a queue that no longer exists', async () => {
    const endpoint = await httpEndpoint((post) =>
      post.headers['x-amz-sns-message-type'] === 'Notification' ? 404 : 200,
    );
    try {
      const arn = await topic('gone-endpoints');
      const dlq = await t.queue('gone-dlq');
      const redrive = { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) };
      await subscribe(arn, 'sqs', `arn:aws:sqs:${t.region}:${t.account}:never-created`, {
        ...redrive,
        RawMessageDelivery: 'true',
      });
      await subscribe(arn, 'http', endpoint.url, redrive);
      const [confirmation] = await endpoint.waitFor(1, 'SubscriptionConfirmation');
      await fetch(JSON.parse(confirmation!.body).SubscribeURL);
      await publish({
        TopicArn: arn,
        Message: 'lost',
        MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
      });
      const dead = await t.receive(dlq.url, 2);
      const raw = dead.find((m) => m.Body === 'lost');
      expect(raw?.MessageAttributes).toEqual({ k: { DataType: 'String', StringValue: 'v' } });
      expect(dead.some((m) => m.Body!.startsWith('{"Type":"Notification"'))).toBe(true);
      expect(endpoint.posts.filter((p) => p.headers['x-amz-sns-message-type'] === 'Notification')).toHaveLength(1);
    } finally {
      await endpoint.close();
    }
  });
});

describe('policies changed between publishes', () => {
  it("follow a subscription's RedrivePolicy and DeliveryPolicy, and its topic's DeliveryPolicy", async () => {
    const endpoint = await httpEndpoint();
    try {
      const arn = await topic('changing-policies');
      const [first, second] = [await t.queue('changing-dlq-1'), await t.queue('changing-dlq-2')];
      const redrive = (dlq: { arn: string }) => JSON.stringify({ deadLetterTargetArn: dlq.arn });
      const gone = await subscribe(arn, 'sqs', `arn:aws:sqs:${t.region}:${t.account}:never-created-either`, {
        RedrivePolicy: redrive(first),
        RawMessageDelivery: 'true',
      });
      await subscribe(arn, 'http', endpoint.url);
      const [confirmation] = await endpoint.waitFor(1, 'SubscriptionConfirmation');
      const { Token } = JSON.parse(confirmation!.body) as { Token: string };
      const web = (await t.sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token }))).SubscriptionArn!;
      const set = (SubscriptionArn: string, AttributeName: string, AttributeValue: string) =>
        t.sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));
      const contentTypes = async (count: number) =>
        (await endpoint.waitFor(count, 'Notification')).map((p) => p.headers['content-type']);

      await publish({ TopicArn: arn, Message: 'one' });
      expect((await t.receive(first.url, 1, { consume: true })).map((m) => m.Body)).toEqual(['one']);
      expect(await contentTypes(1)).toEqual(['text/plain; charset=UTF-8']);

      // The topic changes, its subscriptions do not.
      await t.sns.send(
        new SetTopicAttributesCommand({
          TopicArn: arn,
          AttributeName: 'DeliveryPolicy',
          AttributeValue: JSON.stringify({ http: { defaultRequestPolicy: { headerContentType: 'application/json' } } }),
        }),
      );
      await publish({ TopicArn: arn, Message: 'two' });
      expect((await contentTypes(2))[1]).toBe('application/json');
      expect((await t.receive(first.url, 1, { consume: true })).map((m) => m.Body)).toEqual(['two']);

      await set(gone, 'RedrivePolicy', redrive(second));
      await set(web, 'DeliveryPolicy', JSON.stringify({ requestPolicy: { headerContentType: 'text/xml' } }));
      await publish({ TopicArn: arn, Message: 'three' });
      expect((await contentTypes(3))[2]).toBe('text/xml');
      expect((await t.receive(second.url, 1, { consume: true })).map((m) => m.Body)).toEqual(['three']);
      await t.baton.topics.whenIdle();
      expect(await t.depth(first.url)).toBe(0);
    } finally {
      await endpoint.close();
    }
  });
});

describe('FIFO topics', () => {
  it('keep each message group in order into a FIFO queue and number the messages', async () => {
    const arn = await topic('orders.fifo', { FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    const q = await t.queue('orders-processing.fifo', { FifoQueue: 'true' });
    const standard = await t.queue('orders-audit');
    await subscribe(arn, 'sqs', q.arn);
    await subscribe(arn, 'sqs', standard.arn);
    const groups = ['o-1', 'o-2', 'o-3'];
    const sequences: bigint[] = [];
    // Groups publish concurrently; each group's messages one after another.
    await Promise.all(
      groups.map(async (group) => {
        for (let i = 0; i < 8; i++) {
          const r = await publish({ TopicArn: arn, Message: `${group}:${i}`, MessageGroupId: group });
          sequences.push(BigInt(r.SequenceNumber!));
        }
      }),
    );
    expect(new Set(sequences).size).toBe(24);
    const received = await receiveFifo(q.url, 24);
    for (const group of groups) {
      const mine = received.filter((m) => m.group === group);
      expect(mine.map((m) => m.message)).toEqual(Array.from({ length: 8 }, (_, i) => `${group}:${i}`));
      const numbers = mine.map((m) => BigInt(m.sequence));
      expect([...numbers].sort((a, b) => (a < b ? -1 : 1))).toEqual(numbers);
    }
    const [first] = received;
    expect(first!.envelope.Signature).toBeUndefined();
    expect(Object.keys(first!.envelope).slice(0, 3)).toEqual(['Type', 'MessageId', 'SequenceNumber']);
    expect(first!.attributes.MessageGroupId).toBe(first!.group);
    expect(first!.attributes.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.receive(standard.url, 24)).length).toBe(24);
  });

  it('deduplicate within five minutes: a duplicate answers the first id and is not delivered again', async () => {
    const arn = await topic('dedup.fifo', { FifoTopic: 'true' });
    const q = await t.queue('dedup.fifo', { FifoQueue: 'true' });
    await subscribe(arn, 'sqs', q.arn);
    const send = (id: string, message: string) =>
      publish({ TopicArn: arn, Message: message, MessageGroupId: 'g', MessageDeduplicationId: id });
    const first = await send('same', 'one');
    const again = await send('same', 'one again');
    const other = await send('other', 'two');
    expect(again.MessageId).toBe(first.MessageId);
    expect(again.SequenceNumber).toBe(first.SequenceNumber);
    expect(other.MessageId).not.toBe(first.MessageId);
    const received = await receiveFifo(q.url, 2);
    expect(received.map((m) => m.message)).toEqual(['one', 'two']);
    await t.baton.topics.whenIdle();
    expect(await t.depth(q.url)).toBe(0);
    const errors = [
      [{ MessageDeduplicationId: 'x' }, 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics'],
      [
        { MessageGroupId: 'g' },
        'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      ],
    ] as const;
    for (const [input, message] of errors) {
      await expect(publish({ TopicArn: arn, Message: 'm', ...input })).rejects.toMatchObject({ message });
    }
    await expect(
      t.sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: t.arn('lambda', 'onPost') })),
    ).rejects.toMatchObject({
      message: 'Invalid parameter: Protocol Reason: FIFO topics deliver only to sqs endpoints, not lambda',
    });
  });
});

async function receiveFifo(url: string, count: number) {
  const messages = await t.receive(url, count, { consume: true });
  return messages.map((m) => {
    const envelope = JSON.parse(m.Body!) as Record<string, string>;
    return {
      envelope,
      message: envelope.Message!,
      sequence: envelope.SequenceNumber!,
      group: m.Attributes!.MessageGroupId!,
      attributes: m.Attributes!,
    };
  });
}
