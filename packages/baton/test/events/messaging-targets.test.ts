/**
 * Rules that deliver to SNS topics and Kinesis streams, through the official SDKs (user guide,
 * "Event bus targets": an SNS topic, not a FIFO one; a Kinesis stream, keyed per the API
 * reference's KinesisParameters: PartitionKeyPath, or the event's id without it). The event (or
 * its transformation) is the message or the record's data; a topic or stream that does not exist
 * fails the delivery at once (RESOURCE_NOT_FOUND in the dead-letter queue).
 */
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readShard, text } from '../kinesis/support.js';
import { credentials, eventually } from '../support/baton.js';
import { type EventsBaton, failure, receiveMessages, startEventsBaton } from './support.js';

let t: EventsBaton;
let sqs: SQSClient;
let sns: SNSClient;
let kinesis: KinesisClient;

beforeAll(async () => {
  t = await startEventsBaton();
  const client = { endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 };
  sqs = new SQSClient(client);
  sns = new SNSClient(client);
  kinesis = new KinesisClient(client);
});
afterAll(async () => {
  sqs.destroy();
  sns.destroy();
  kinesis.destroy();
  await t.close();
});

const arnOf = (service: string, resource: string) => `arn:aws:${service}:${t.region}:${t.account}:${resource}`;

async function route(name: string, source: string, targets: Target[]) {
  await t.events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify({ source: [source] }) }));
  await t.events.send(new PutTargetsCommand({ Rule: name, Targets: targets }));
}

async function put(source: string, detail: object): Promise<string> {
  const out = await t.events.send(
    new PutEventsCommand({ Entries: [{ Source: source, DetailType: 'Test', Detail: JSON.stringify(detail) }] }),
  );
  return out.Entries![0]!.EventId!;
}

async function queue(name: string): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
}

/** A stream with one shard, once ACTIVE. */
async function stream(name: string): Promise<string> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await eventually(async () => {
    const d = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined;
  });
  return arnOf('kinesis', `stream/${name}`);
}

async function records(name: string, count: number) {
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: name }));
  return eventually(async () => {
    const { records } = await readShard(kinesis, name, Shards![0]!.ShardId!);
    return records.length >= count ? records : undefined;
  });
}

describe('SNS topic targets', () => {
  it('publishes the event, or its transformation, as the message', async () => {
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'bus-topic' }))).TopicArn!;
    const inbox = await queue('bus-topic-inbox');
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: arnOf('sqs', 'bus-topic-inbox'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await route('to-topic', 'topic.source', [
      { Id: 'whole', Arn: topicArn },
      {
        Id: 'text',
        Arn: topicArn,
        InputTransformer: { InputPathsMap: { n: '$.detail.n' }, InputTemplate: '"order <n> placed"' },
      },
    ]);
    const id = await put('topic.source', { n: 7 });
    const bodies = (await receiveMessages(sqs, inbox, 2)).map((m) => m.Body!);
    expect(bodies).toContain('order 7 placed');
    const whole = bodies.find((b) => b.startsWith('{'))!;
    expect(JSON.parse(whole)).toMatchObject({ id, source: 'topic.source', detail: { n: 7 } });
  });

  it('refuses FIFO topics, which EventBridge does not support as targets', async () => {
    const fifo = arnOf('sns', 'orders.fifo');
    await t.events.send(new PutRuleCommand({ Name: 'to-fifo-topic', EventPattern: '{"source":["x"]}' }));
    expect(
      await failure(t.events.send(new PutTargetsCommand({ Rule: 'to-fifo-topic', Targets: [{ Id: 'f', Arn: fifo }] }))),
    ).toMatchObject({
      name: 'ValidationException',
      message: `Parameter ${fifo} is not valid. Reason: Amazon SNS FIFO topics are not supported.`,
    });
  });
});

describe('Kinesis stream targets', () => {
  it("puts the event as a record keyed by the event's id, or by PartitionKeyPath", async () => {
    const arn = await stream('bus-stream');
    await route('to-stream', 'stream.source', [
      { Id: 'by-id', Arn: arn },
      { Id: 'by-order', Arn: arn, KinesisParameters: { PartitionKeyPath: '$.detail.order' }, InputPath: '$.detail' },
    ]);
    const id = await put('stream.source', { order: 'o-42', total: 3 });
    const got = await records('bus-stream', 2);
    const byKey = Object.fromEntries(got.map((r) => [r.PartitionKey!, text(r.Data)]));
    expect(JSON.parse(byKey[id]!)).toMatchObject({ id, source: 'stream.source', detail: { order: 'o-42' } });
    expect(JSON.parse(byKey['o-42']!)).toEqual({ order: 'o-42', total: 3 });
  });

  it('checks KinesisParameters as the API reference constrains them', async () => {
    await t.events.send(new PutRuleCommand({ Name: 'kinesis-checks', EventPattern: '{"source":["x"]}' }));
    const putTarget = (KinesisParameters: Target['KinesisParameters']) =>
      failure(
        t.events.send(
          new PutTargetsCommand({
            Rule: 'kinesis-checks',
            Targets: [{ Id: 'k', Arn: arnOf('kinesis', 'stream/any'), KinesisParameters }],
          }),
        ),
      );
    expect(await putTarget({ PartitionKeyPath: `$.${'a'.repeat(256)}` })).toMatchObject({
      name: 'ValidationException',
      message: `1 validation error detected: Value '$.${'a'.repeat(256)}' at 'targets.1.member.kinesisParameters.partitionKeyPath' failed to satisfy constraint: Member must have length less than or equal to 256`,
    });
    expect((await putTarget({ PartitionKeyPath: 'not a path' })).message).toBe(
      'Parameter PartitionKeyPath is not valid. Reason: not a path is not a valid JSON path.',
    );
  });
});

describe('failed deliveries to topics and streams', () => {
  it('dead-letters at once when the topic or stream does not exist, or the key path selects nothing', async () => {
    const dlq = await queue('messaging-dlq');
    const stream404 = arnOf('kinesis', 'stream/no-such-stream');
    const topic404 = arnOf('sns', 'no-such-topic');
    await stream('keyless');
    const deadLetter = { Arn: arnOf('sqs', 'messaging-dlq') };
    await route('to-missing', 'missing.source', [
      { Id: 'topic', Arn: topic404, DeadLetterConfig: deadLetter },
      { Id: 'stream', Arn: stream404, DeadLetterConfig: deadLetter },
      {
        Id: 'keyless',
        Arn: arnOf('kinesis', 'stream/keyless'),
        KinesisParameters: { PartitionKeyPath: '$.detail.absent' },
        DeadLetterConfig: deadLetter,
      },
    ]);
    await put('missing.source', { k: 1 });
    const byTarget = Object.fromEntries(
      (await receiveMessages(sqs, dlq, 3)).map((m) => [
        m.MessageAttributes?.TARGET_ARN?.StringValue,
        m.MessageAttributes,
      ]),
    );
    for (const arn of [topic404, stream404]) {
      expect(byTarget[arn]?.ERROR_CODE?.StringValue).toBe('RESOURCE_NOT_FOUND');
      expect(byTarget[arn]?.RETRY_ATTEMPTS?.StringValue).toBe('0');
    }
    const keyless = byTarget[arnOf('kinesis', 'stream/keyless')];
    expect(keyless?.ERROR_CODE?.StringValue).toBe('INVALID_PARAMETER');
    expect(keyless?.ERROR_MESSAGE?.StringValue).toBe('PartitionKeyPath $.detail.absent selects nothing in the event.');
  });
});
