/**
 * Topic operations through the official SNS client (API reference: CreateTopic, DeleteTopic,
 * ListTopics, GetTopicAttributes, SetTopicAttributes, TagResource, UntagResource,
 * ListTagsForResource), with the errors AWS answers as recorded in LocalStack's AWS-validated
 * snapshots (tests/aws/services/sns/test_sns.snapshot.json), and the Query protocol's XML.
 */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type SnsBaton, startSnsBaton } from './support.js';

let t: SnsBaton;
beforeAll(async () => {
  t = await startSnsBaton();
});
afterAll(() => t.close());

const create = (Name: string, Attributes?: Record<string, string>, Tags?: { Key: string; Value: string }[]) =>
  t.sns.send(new CreateTopicCommand({ Name, Attributes, Tags }));
const attributes = async (TopicArn: string) =>
  (await t.sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;

describe('CreateTopic', () => {
  it('creates standard and FIFO topics with AWS default attributes', async () => {
    const { TopicArn } = await create('plain');
    expect(TopicArn).toBe(`arn:aws:sns:${t.region}:${t.account}:plain`);
    const a = await attributes(TopicArn!);
    expect(a).toMatchObject({
      DisplayName: '',
      Owner: t.account,
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      TopicArn,
    });
    expect(a.FifoTopic).toBeUndefined();
    expect(JSON.parse(a.Policy!)).toMatchObject({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [{ Resource: TopicArn, Condition: { StringEquals: { 'AWS:SourceOwner': t.account } } }],
    });
    expect(JSON.parse(a.EffectiveDeliveryPolicy!)).toEqual({
      http: {
        defaultHealthyRetryPolicy: {
          minDelayTarget: 20,
          maxDelayTarget: 20,
          numRetries: 3,
          numMaxDelayRetries: 0,
          numNoDelayRetries: 0,
          numMinDelayRetries: 0,
          backoffFunction: 'linear',
        },
        disableSubscriptionOverrides: false,
        defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
      },
    });
    const fifo = await create('ordered.fifo', { FifoTopic: 'true', DisplayName: 'Ordered', SignatureVersion: '2' });
    expect(await attributes(fifo.TopicArn!)).toMatchObject({
      FifoTopic: 'true',
      ContentBasedDeduplication: 'false',
      DisplayName: 'Ordered',
      SignatureVersion: '2',
    });
  });

  it('is idempotent: the same name answers the same ARN, unless its tags differ', async () => {
    const first = await create('again', { DisplayName: 'AlreadySet' }, [{ Key: 'team', Value: 'a' }]);
    const second = await create('again', {}, [{ Key: 'team', Value: 'a' }]);
    expect(second.TopicArn).toBe(first.TopicArn);
    expect((await attributes(first.TopicArn!)).DisplayName).toBe('AlreadySet');
    expect(await failure(create('again', {}, [{ Key: 'team', Value: 'b' }]))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Tags Reason: Topic already exists with different tags',
      status: 400,
    });
  });

  it('refuses names AWS refuses', async () => {
    for (const name of ['', 'a'.repeat(257), 'a:b', 'a b', 'x.fifo']) {
      expect(await failure(create(name)), name).toMatchObject({
        name: 'InvalidParameterException',
        message: 'Invalid parameter: Topic Name',
      });
    }
    expect((await create('a'.repeat(256))).TopicArn).toContain('a'.repeat(256));
    expect((await failure(create('no-suffix', { FifoTopic: 'true' }))).message).toMatch(/must end with \.fifo/);
    expect(
      await failure(
        create('dup', {}, [
          { Key: 'k', Value: '1' },
          { Key: 'k', Value: '2' },
        ]),
      ),
    ).toMatchObject({
      message: 'Invalid parameter: Duplicated keys are not allowed.',
    });
  });
});

describe('topic attributes', () => {
  it('sets attributes, refuses FifoTopic and unknown names, and answers NotFound for a missing topic', async () => {
    const { TopicArn } = await create('settable');
    await t.sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Nice' }));
    const policy = JSON.stringify({
      http: { defaultHealthyRetryPolicy: { minDelayTarget: 5, maxDelayTarget: 6, numRetries: 1 } },
    });
    await t.sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DeliveryPolicy', AttributeValue: policy }),
    );
    const a = await attributes(TopicArn!);
    expect(a.DisplayName).toBe('Nice');
    expect(JSON.parse(a.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy).toMatchObject({
      minDelayTarget: 5,
      maxDelayTarget: 6,
      numRetries: 1,
    });
    for (const AttributeName of ['FifoTopic', 'Bogus']) {
      expect(
        await failure(t.sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue: 'false' }))),
      ).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: AttributeName' });
    }
    const missing = `arn:aws:sns:${t.region}:${t.account}:missing`;
    expect(await failure(t.sns.send(new GetTopicAttributesCommand({ TopicArn: missing })))).toMatchObject({
      name: 'NotFoundException',
      code: 'NotFound',
      message: 'Topic does not exist',
      status: 404,
    });
  });

  it('checks topic ARNs as AWS does', async () => {
    expect(await failure(t.sns.send(new GetTopicAttributesCommand({ TopicArn: 'nope' })))).toMatchObject({
      message: 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    });
    const elsewhere = `arn:aws:sns:eu-west-1:${t.account}:plain`;
    expect(await failure(t.sns.send(new GetTopicAttributesCommand({ TopicArn: elsewhere })))).toMatchObject({
      message: 'Invalid parameter: TopicArn',
    });
  });
});

describe('ListTopics and DeleteTopic', () => {
  it('pages by 100 with NextToken and deletes idempotently with the subscriptions', async () => {
    const names = Array.from({ length: 105 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
    for (const name of names) await create(name);
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await t.sns.send(new ListTopicsCommand({ NextToken }));
      seen.push(...page.Topics!.map((x) => x.TopicArn!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const name of names) expect(seen).toContain(`arn:aws:sns:${t.region}:${t.account}:${name}`);
    const { TopicArn } = await create('doomed');
    const q = await t.queue('doomed-q');
    const sub = await t.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    await t.sns.send(new DeleteTopicCommand({ TopicArn }));
    await t.sns.send(new DeleteTopicCommand({ TopicArn }));
    expect((await failure(attributes(TopicArn!))).name).toBe('NotFoundException');
    expect(await t.baton.store.topics.getSubscription(sub.SubscriptionArn!)).toBeUndefined();
    expect(await failure(t.sns.send(new ListTopicsCommand({ NextToken: 'garbage' })))).toMatchObject({
      message: 'Invalid parameter: NextToken',
    });
  });
});

describe('tags', () => {
  it('tags, lists and untags a topic; refuses duplicates and missing topics', async () => {
    const { TopicArn } = await create('tagged', {}, [{ Key: 'k1', Value: 'v1' }]);
    await t.sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k2', Value: 'v2' }] }));
    const list = async () => (await t.sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags;
    expect(await list()).toEqual([
      { Key: 'k1', Value: 'v1' },
      { Key: 'k2', Value: 'v2' },
    ]);
    await t.sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['k1'] }));
    await t.sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k2', Value: 'v2b' }] }));
    expect(await list()).toEqual([{ Key: 'k2', Value: 'v2b' }]);
    const dup = [
      { Key: 'a', Value: '1' },
      { Key: 'a', Value: '2' },
    ];
    expect(await failure(t.sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: dup })))).toMatchObject({
      message: 'Invalid parameter: Duplicated keys are not allowed.',
    });
    const missing = `arn:aws:sns:${t.region}:${t.account}:untaggable`;
    expect(await failure(t.sns.send(new ListTagsForResourceCommand({ ResourceArn: missing })))).toMatchObject({
      code: 'ResourceNotFound',
      status: 404,
    });
    await t.sns.send(new DeleteTopicCommand({ TopicArn }));
    await create('tagged');
    expect(await list()).toEqual([]);
  });
});

describe('Query protocol', () => {
  const form = (params: Record<string, string>) =>
    fetch(`${t.baton.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Version: '2010-03-31', ...params }).toString(),
    });

  it("answers SNS's XML, wrapped lists and maps, and Sender errors", async () => {
    const created = await (await form({ Action: 'CreateTopic', Name: 'xml-topic' })).text();
    expect(created).toContain('<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">');
    const arn = `arn:aws:sns:${t.region}:${t.account}:xml-topic`;
    const attrs = await (await form({ Action: 'GetTopicAttributes', TopicArn: arn })).text();
    expect(attrs).toMatch(/<Attributes><entry><key>[A-Za-z]+<\/key><value>/);
    const missing = await form({ Action: 'GetTopicAttributes', TopicArn: `${arn}-missing` });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>NotFound<\/Code><Message>Topic does not exist<\/Message>/,
    );
    const noName = await (await form({ Action: 'CreateTopic' })).text();
    expect(noName).toContain(
      '<Code>ValidationError</Code><Message>1 validation error detected: Value null at &#39;name&#39; failed to satisfy constraint: Member must not be null</Message>',
    );
  });
});
