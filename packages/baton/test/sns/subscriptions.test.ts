/**
 * Subscription operations through the official SNS client (API reference: Subscribe,
 * ConfirmSubscription, Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic,
 * GetSubscriptionAttributes, SetSubscriptionAttributes), the HTTP/S confirmation handshake
 * (developer guide, "Fanout to HTTP/S endpoints": a SubscriptionConfirmation POST with SubscribeURL
 * and Token, then ConfirmSubscription), with AWS's errors as recorded in LocalStack's snapshots.
 */
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, httpEndpoint, type SnsBaton, startSnsBaton } from './support.js';

let t: SnsBaton;
let topicArn = '';
beforeAll(async () => {
  t = await startSnsBaton();
  topicArn = (await t.sns.send(new CreateTopicCommand({ Name: 'subs' }))).TopicArn!;
});
afterAll(() => t.close());

const subscribe = (Protocol: string, Endpoint: string, Attributes?: Record<string, string>, TopicArn = topicArn) =>
  t.sns.send(new SubscribeCommand({ TopicArn, Protocol, Endpoint, Attributes }));
const subAttributes = async (SubscriptionArn: string) =>
  (await t.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
const setSub = (SubscriptionArn: string, AttributeName: string, AttributeValue: string) =>
  t.sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));

describe('Subscribe', () => {
  it('subscribes a queue, confirmed at once, idempotently unless attributes differ', async () => {
    const q = await t.queue('sub-q');
    const first = await subscribe('sqs', q.arn, { RawMessageDelivery: 'True' });
    expect(first.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
    expect((await subscribe('sqs', q.arn)).SubscriptionArn).toBe(first.SubscriptionArn);
    expect(await subAttributes(first.SubscriptionArn!)).toEqual({
      ConfirmationWasAuthenticated: 'true',
      Endpoint: q.arn,
      Owner: t.account,
      PendingConfirmation: 'false',
      Protocol: 'sqs',
      RawMessageDelivery: 'true',
      SubscriptionArn: first.SubscriptionArn,
      SubscriptionPrincipal: `arn:aws:iam::${t.account}:root`,
      TopicArn: topicArn,
    });
    expect(await failure(subscribe('sqs', q.arn, { RawMessageDelivery: 'false' }))).toMatchObject({
      message: 'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
    });
  });

  it('refuses protocols, endpoints and attributes AWS refuses', async () => {
    const cases: [Promise<unknown>, string][] = [
      [
        subscribe('test-protocol', 'x'),
        'Invalid parameter: Amazon SNS does not support this protocol string: test-protocol',
      ],
      [subscribe('sqs', 'http://127.0.0.1/123456789012/q'), 'Invalid parameter: SQS endpoint ARN'],
      [subscribe('http', 'https://example.com'), 'Invalid parameter: Endpoint must match the specified protocol'],
      [
        subscribe('sqs', `arn:aws:sqs:${t.region}:${t.account}:x.fifo`),
        'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
      ],
      [
        subscribe('sqs', `arn:aws:sqs:${t.region}:${t.account}:x`, { RawMessageDelivery: 'wrongvalue' }),
        'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.',
      ],
      [
        subscribe('sqs', `arn:aws:sqs:${t.region}:${t.account}:x`, { Bogus: '1' }),
        'Invalid parameter: Attributes Reason: AttributeName',
      ],
    ];
    for (const [call, message] of cases)
      expect(await failure(call)).toMatchObject({ name: 'InvalidParameterException', message });
    expect((await failure(subscribe('email', 'a@example.com'))).message).toMatch(/does not deliver to email/);
    const unknown = `arn:aws:sns:${t.region}:${t.account}:nowhere`;
    expect(await failure(subscribe('sqs', `arn:aws:sqs:${t.region}:${t.account}:x`, {}, unknown))).toMatchObject({
      name: 'NotFoundException',
      message: 'Topic does not exist',
    });
    // A queue that does not exist yet may be subscribed, as on AWS.
    expect((await subscribe('sqs', `arn:aws:sqs:${t.region}:${t.account}:later`)).SubscriptionArn).toContain(topicArn);
  });
});

describe('subscription attributes', () => {
  it('sets and checks FilterPolicy, FilterPolicyScope, RawMessageDelivery and RedrivePolicy', async () => {
    const q = await t.queue('attrs-q');
    const { SubscriptionArn } = await subscribe('sqs', q.arn);
    const arn = SubscriptionArn!;
    await setSub(arn, 'FilterPolicy', JSON.stringify({ attr1: [{ numeric: ['>', 0, '<=', 100] }] }));
    await setSub(
      arn,
      'RedrivePolicy',
      JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${t.region}:${t.account}:dlq` }),
    );
    expect(await subAttributes(arn)).toMatchObject({
      FilterPolicy: '{"attr1":[{"numeric":[">",0,"<=",100]}]}',
      FilterPolicyScope: 'MessageAttributes',
      RedrivePolicy: `{"deadLetterTargetArn":"arn:aws:sqs:${t.region}:${t.account}:dlq"}`,
    });
    const errors: [string, string, string][] = [
      ['Fake', 'x', 'Invalid parameter: AttributeName'],
      [
        'RawMessageDelivery',
        'test-ValUe',
        'Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.',
      ],
      ['RawMessageDelivery', '', 'Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false.'],
      [
        'RedrivePolicy',
        '{"deadLetterTargetArn": "fake-arn"}',
        'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn',
      ],
      [
        'FilterPolicyScope',
        'Nope',
        'Invalid parameter: FilterPolicyScope: Invalid value [Nope]. Please use either MessageBody or MessageAttributes',
      ],
    ];
    for (const [name, value, message] of errors) {
      expect(await failure(setSub(arn, name, value)), name).toMatchObject({ message });
    }
    expect((await failure(setSub(arn, 'FilterPolicy', '{invalid'))).message).toMatch(
      /^Invalid parameter: FilterPolicy: failed to parse JSON/,
    );
    // A nested policy needs the MessageBody scope.
    await setSub(arn, 'FilterPolicyScope', 'MessageBody');
    await setSub(arn, 'FilterPolicy', JSON.stringify({ order: { status: ['paid'] } }));
    expect(await failure(setSub(arn, 'FilterPolicyScope', 'MessageAttributes'))).toMatchObject({
      message: 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    });
    await setSub(arn, 'FilterPolicy', '');
    const after = await subAttributes(arn);
    expect(after.FilterPolicy).toBeUndefined();
    expect(after.FilterPolicyScope).toBeUndefined();
    const missing = `${topicArn}:00000000-0000-0000-0000-000000000000`;
    expect(await failure(subAttributes(missing))).toMatchObject({
      name: 'NotFoundException',
      message: 'Subscription does not exist',
      status: 404,
    });
    expect(await failure(setSub(missing, 'RawMessageDelivery', 'true'))).toMatchObject({ status: 404 });
  });

  it('refuses raw delivery to a function, as AWS does', async () => {
    const { SubscriptionArn } = await subscribe('lambda', t.arn('lambda', 'raw-refused'));
    expect((await failure(setSub(SubscriptionArn!, 'RawMessageDelivery', 'true'))).message).toBe(
      'Invalid parameter: Delivery protocol [lambda] does not support raw message delivery.',
    );
  });
});

describe('Unsubscribe and lists', () => {
  it('lists subscriptions by topic and overall, unsubscribes idempotently and counts deleted ones', async () => {
    const topic = (await t.sns.send(new CreateTopicCommand({ Name: 'listed' }))).TopicArn!;
    const arns: string[] = [];
    for (let i = 0; i < 3; i++)
      arns.push((await subscribe('sqs', `arn:aws:sqs:${t.region}:${t.account}:l${i}`, {}, topic)).SubscriptionArn!);
    const byTopic = await t.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    expect(byTopic.Subscriptions!.map((s) => s.SubscriptionArn).sort()).toEqual([...arns].sort());
    expect(byTopic.Subscriptions![0]).toMatchObject({ Owner: t.account, Protocol: 'sqs', TopicArn: topic });
    const all = await t.sns.send(new ListSubscriptionsCommand({}));
    for (const arn of arns) expect(all.Subscriptions!.map((s) => s.SubscriptionArn)).toContain(arn);
    await t.sns.send(new UnsubscribeCommand({ SubscriptionArn: arns[0] }));
    await t.sns.send(new UnsubscribeCommand({ SubscriptionArn: arns[0] }));
    const attrs = (await t.sns.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!;
    expect(attrs).toMatchObject({ SubscriptionsConfirmed: '2', SubscriptionsDeleted: '1' });
    const wrong: [string, string][] = [
      ['randomstring', 'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1'],
      [
        'arn:aws:sns:us-east-1:111',
        'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5',
      ],
      [`arn:aws:sns:${t.region}:${t.account}:listed`, 'Invalid parameter: SubscriptionId'],
    ];
    for (const [SubscriptionArn, message] of wrong) {
      expect(await failure(t.sns.send(new UnsubscribeCommand({ SubscriptionArn })))).toMatchObject({ message });
    }
  });
});

describe('HTTP/S confirmation handshake', () => {
  it('posts a SubscriptionConfirmation, confirms through the SubscribeURL, then delivers', async () => {
    const endpoint = await httpEndpoint();
    try {
      const topic = (await t.sns.send(new CreateTopicCommand({ Name: 'web' }))).TopicArn!;
      const pending = await subscribe('http', `${endpoint.url}/hook`, {}, topic);
      expect(pending.SubscriptionArn).toBe('pending confirmation');
      const [post] = await endpoint.waitFor(1, 'SubscriptionConfirmation');
      expect(post!.path).toBe('/hook');
      expect(post!.headers).toMatchObject({
        'content-type': 'text/plain; charset=UTF-8',
        'user-agent': 'Amazon Simple Notification Service Agent',
        'x-amz-sns-message-type': 'SubscriptionConfirmation',
        'x-amz-sns-topic-arn': topic,
      });
      expect(post!.headers['x-amz-sns-subscription-arn']).toBeUndefined();
      const body = JSON.parse(post!.body) as Record<string, string>;
      expect(Object.keys(body)).toEqual([
        'Type',
        'MessageId',
        'Token',
        'TopicArn',
        'Message',
        'SubscribeURL',
        'Timestamp',
        'SignatureVersion',
        'Signature',
        'SigningCertURL',
      ]);
      expect(body.Message).toBe(
        `You have chosen to subscribe to the topic ${topic}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      );
      const listed = await t.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
      expect(listed.Subscriptions![0]!.SubscriptionArn).toBe('PendingConfirmation');
      // Nothing reaches a pending subscription.
      await t.sns.send(new PublishCommand({ TopicArn: topic, Message: 'too early' }));
      expect(
        await failure(t.sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: 'nope' }))),
      ).toMatchObject({
        message: 'Invalid parameter: Token',
      });
      // Following the SubscribeURL (a plain GET, as an endpoint would) confirms the subscription.
      const confirmed = await fetch(body.SubscribeURL!);
      expect(confirmed.status).toBe(200);
      const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await confirmed.text())![1]!;
      expect(arn).toMatch(new RegExp(`^${topic}:`));
      const again = await t.sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: body.Token }));
      expect(again.SubscriptionArn).toBe(arn);
      expect(await subAttributes(arn)).toMatchObject({ PendingConfirmation: 'false', Protocol: 'http' });
      await t.sns.send(new PublishCommand({ TopicArn: topic, Message: 'hello web', Subject: 'Greeting' }));
      const [note] = await endpoint.waitFor(1, 'Notification');
      expect(note!.headers).toMatchObject({ 'x-amz-sns-subscription-arn': arn, 'x-amz-sns-topic-arn': topic });
      expect(JSON.parse(note!.body)).toMatchObject({ Type: 'Notification', Message: 'hello web', Subject: 'Greeting' });
      expect(endpoint.posts.filter((p) => p.body.includes('too early'))).toEqual([]);
      // ReturnSubscriptionArn names a pending subscription.
      const other = await httpEndpoint();
      const named = await t.sns.send(
        new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: other.url, ReturnSubscriptionArn: true }),
      );
      expect(named.SubscriptionArn).toMatch(new RegExp(`^${topic}:`));
      expect((await subAttributes(named.SubscriptionArn!)).PendingConfirmation).toBe('true');
      await other.close();
    } finally {
      await endpoint.close();
    }
  });

  it('lets an endpoint follow its SubscribeURL unsigned when signatures are required', async () => {
    const signed = await startSnsBaton([], { auth: true, accessKeys: 'AKIDTEST:secret' });
    const endpoint = await httpEndpoint();
    try {
      const topic = (await signed.sns.send(new CreateTopicCommand({ Name: 'signed' }))).TopicArn!;
      await signed.sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: endpoint.url }));
      const [post] = await endpoint.waitFor(1, 'SubscriptionConfirmation');
      const { SubscribeURL } = JSON.parse(post!.body) as { SubscribeURL: string };
      expect((await fetch(SubscribeURL)).status).toBe(200);
      // Every other action still wants a signature.
      const unsigned = await fetch(`${signed.baton.url}/?Action=ListTopics&Version=2010-03-31`);
      expect(unsigned.status).toBe(403);
    } finally {
      await endpoint.close();
      await signed.close();
    }
  });

  it('refuses endpoints on private addresses unless their host is allowed', async () => {
    const strict = await startSnsBaton([], { allowPrivateHosts: [] });
    try {
      const topic = (await strict.sns.send(new CreateTopicCommand({ Name: 'strict' }))).TopicArn!;
      expect(
        await failure(
          strict.sns.send(
            new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: 'http://127.0.0.1:9/x' }),
          ),
        ),
      ).toMatchObject({ message: 'Invalid parameter: Unreachable Endpoint' });
    } finally {
      await strict.close();
    }
  });
});
