/**
 * Publish and PublishBatch through the official SNS client (API reference), the message envelope
 * SQS subscribers receive (developer guide, "Amazon SNS message formats") with a signature that
 * verifies against the certificate at SigningCertURL, RawMessageDelivery, MessageStructure=json,
 * and AWS's errors as recorded in LocalStack's snapshots.
 */
import { verify, X509Certificate } from 'node:crypto';
import {
  CreateTopicCommand,
  type MessageAttributeValue,
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  PublishCommand,
  type PublishCommandInput,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type SnsBaton, startSnsBaton } from './support.js';

let t: SnsBaton;
let topicArn = '';
let envelopeQueue = { url: '', arn: '' };
let rawQueue = { url: '', arn: '' };
beforeAll(async () => {
  t = await startSnsBaton();
  topicArn = (await t.sns.send(new CreateTopicCommand({ Name: 'news' }))).TopicArn!;
  envelopeQueue = await t.queue('news-envelope');
  rawQueue = await t.queue('news-raw');
  await t.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: envelopeQueue.arn }));
  await t.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: rawQueue.arn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
});
afterAll(() => t.close());

const publish = (input: Partial<PublishCommandInput>) =>
  t.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'm', ...input }));

async function drain(url: string, count: number) {
  const got = await t.receive(url, count);
  return got;
}

describe('Publish', () => {
  it('delivers the envelope AWS delivers, signed verifiably, and the bare message with raw delivery', async () => {
    const attributes: Record<string, MessageAttributeValue> = {
      attr1: { DataType: 'Number', StringValue: '99.12' },
      bin: { DataType: 'Binary', BinaryValue: new Uint8Array([2, 3, 4]) },
    };
    const { MessageId } = await publish({ Message: 'Test msg', Subject: 'Hi', MessageAttributes: attributes });
    const [enveloped] = await drain(envelopeQueue.url, 1);
    const body = JSON.parse(enveloped!.Body!) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    expect(body).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn: topicArn,
      Subject: 'Hi',
      Message: 'Test msg',
      SignatureVersion: '1',
      MessageAttributes: { attr1: { Type: 'Number', Value: '99.12' }, bin: { Type: 'Binary', Value: 'AgME' } },
    });
    expect(body.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.UnsubscribeURL).toMatch(new RegExp(`/\\?Action=Unsubscribe&SubscriptionArn=${topicArn}:`));
    // The signature verifies against the certificate Baton serves at SigningCertURL.
    const cert = new X509Certificate(await (await fetch(body.SigningCertURL as string)).text());
    const canonical = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      .map((k) => `${k}\n${body[k]}\n`)
      .join('');
    expect(
      verify('sha1', Buffer.from(canonical), cert.publicKey, Buffer.from(body.Signature as string, 'base64')),
    ).toBe(true);
    const [raw] = await drain(rawQueue.url, 1);
    expect(raw!.Body).toBe('Test msg');
    expect(raw!.MessageAttributes).toEqual({
      attr1: { DataType: 'Number', StringValue: '99.12' },
      bin: { DataType: 'Binary', BinaryValue: new Uint8Array([2, 3, 4]) },
    });
  });

  it('sends each protocol its own entry of a MessageStructure=json message', async () => {
    const topic = (await t.sns.send(new CreateTopicCommand({ Name: 'structured' }))).TopicArn!;
    const q = await t.queue('structured-q');
    await t.sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: q.arn }));
    await t.sns.send(
      new PublishCommand({
        TopicArn: topic,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: 'default field', sqs: '{"field": "value"}', lambda: 'for functions' }),
      }),
    );
    const [m] = await drain(q.url, 1);
    expect(JSON.parse(m!.Body!).Message).toBe('{"field": "value"}');
  });

  it("answers AWS's errors for bad messages", async () => {
    const big = 'x'.repeat(262_145);
    const cases: [Partial<PublishCommandInput>, string, string][] = [
      [{ Subject: '' }, 'InvalidParameter', 'Invalid parameter: Subject'],
      [{ Message: '' }, 'InvalidParameter', 'Invalid parameter: Empty message'],
      [{ Message: big }, 'InvalidParameter', 'Invalid parameter: Message too long'],
      [
        { MessageAttributes: { a: { DataType: 'Custom', StringValue: 'v' } } },
        'ParameterValueInvalid',
        "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
      ],
      [
        { MessageAttributes: { attr1: { DataType: 'String', StringValue: '' } } },
        'ParameterValueInvalid',
        "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.",
      ],
      [
        { MessageAttributes: { attr1: { DataType: 'Binary', StringValue: 'abc' } } },
        'ParameterValueInvalid',
        "The message attribute 'attr1' with type 'Binary' must use field 'Binary'.",
      ],
      [
        { MessageAttributes: { 'a^b': { DataType: 'String', StringValue: 'v' } } },
        'ParameterValueInvalid',
        "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.",
      ],
      [
        { MessageAttributes: { 'a..b': { DataType: 'String', StringValue: 'v' } } },
        'ParameterValueInvalid',
        "Message attribute name can not have successive '.' character.",
      ],
      [
        { MessageStructure: 'json', Message: '{"sqs": "x"}' },
        'InvalidParameter',
        'Invalid parameter: Message Structure - No default entry in JSON message body',
      ],
      [
        { MessageStructure: 'json', Message: 'not json' },
        'InvalidParameter',
        'Invalid parameter: Message Structure - JSON message body failed to parse',
      ],
      [
        { MessageDeduplicationId: 'd' },
        'InvalidParameter',
        'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      ],
      [{ TopicArn: `arn:aws:sns:${'eu-west-1'}:123456789012:news` }, 'InvalidParameter', 'Invalid parameter: TopicArn'],
      [{ TopicArn: `arn:aws:sns:us-east-1:123456789012:gone` }, 'NotFound', 'Topic does not exist'],
    ];
    for (const [input, code, message] of cases) {
      expect(await failure(publish(input)), message).toMatchObject({ code, message });
    }
    // Nothing of a refused message was delivered.
    expect(await t.depth(envelopeQueue.url)).toBe(0);
  });

  it('publishes to a topic named by TargetArn', async () => {
    await t.sns.send(new PublishCommand({ TargetArn: topicArn, Message: 'by target' }));
    const [m] = await drain(rawQueue.url, 1);
    expect(m!.Body).toBe('by target');
    await drain(envelopeQueue.url, 1);
  });
});

describe('PublishBatch', () => {
  const entry = (Id: string, Message = `message ${Id}`): PublishBatchRequestEntry => ({ Id, Message });
  const batch = (entries: PublishBatchRequestEntry[], TopicArn = topicArn) =>
    t.sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries }));

  it('publishes every entry and answers each one', async () => {
    const out = await batch([
      entry('1'),
      { Id: '2', Message: 'with attribute', MessageAttributes: { a: { DataType: 'String', StringValue: 'v' } } },
      entry('3'),
    ]);
    expect(out.Successful!.map((s) => s.Id)).toEqual(['1', '2', '3']);
    expect(out.Failed).toEqual([]);
    const raw = await drain(rawQueue.url, 3);
    expect(raw.map((m) => m.Body).sort()).toEqual(['message 1', 'message 3', 'with attribute']);
    await drain(envelopeQueue.url, 3);
  });

  it('refuses the batches AWS refuses, before publishing any of it', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => entry(String(i)));
    expect(await failure(batch(eleven))).toMatchObject({
      code: 'TooManyEntriesInBatchRequest',
      message: 'The batch request contains more entries than permissible.',
    });
    expect(await failure(batch([entry('1'), entry('1')]))).toMatchObject({
      code: 'BatchEntryIdsNotDistinct',
      message: 'Two or more batch entries in the request have the same Id.',
    });
    expect((await failure(batch([entry('bad id!')]))).code).toBe('InvalidBatchEntryId');
    expect((await failure(batch([]))).code).toBe('EmptyBatchRequest');
    const half = 'x'.repeat(140_000);
    expect(await failure(batch([entry('a', half), entry('b', half)]))).toMatchObject({
      code: 'BatchRequestTooLong',
      message: 'The length of all the messages put together is more than the limit.',
    });
    expect(
      await failure(
        batch([
          entry('ok'),
          { Id: 'bad', Message: 'm', MessageAttributes: { a: { DataType: 'String', StringValue: '' } } },
        ]),
      ),
    ).toMatchObject({ code: 'ParameterValueInvalid' });
    expect(await t.depth(rawQueue.url)).toBe(0);
  });
});
