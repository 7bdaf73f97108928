/**
 * Stream control plane through `@aws-sdk/client-kinesis` (HTTP/2, JSON 1.1): create, describe,
 * list, delete, shards, retention, tags, registered consumers, and the errors of the Kinesis API
 * reference with AWS's messages (as measured by kinesalite against AWS).
 */
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  ListTagsForResourceCommand,
  ListTagsForStreamCommand,
  RegisterStreamConsumerCommand,
  RemoveTagsFromStreamCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { failure } from '../support/baton.js';
import { uniqueStream, useKinesisBaton } from './support.js';

const t = useKinesisBaton();
const ACCOUNT = '123456789012';

describe('streams', () => {
  it('creates a provisioned stream whose shards split the hash-key space evenly', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 3 }));
    const { StreamDescription: d } = await t.kinesis.send(new DescribeStreamCommand({ StreamName }));
    expect(d).toMatchObject({
      StreamName,
      StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${StreamName}`,
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      RetentionPeriodHours: 24,
      HasMoreShards: false,
      EncryptionType: 'NONE',
    });
    expect(d!.StreamCreationTimestamp).toBeInstanceOf(Date);
    expect(d!.Shards!.map((s) => [s.ShardId, s.HashKeyRange!.StartingHashKey, s.HashKeyRange!.EndingHashKey])).toEqual([
      ['shardId-000000000000', '0', '113427455640312821154458202477256070484'],
      ['shardId-000000000001', '113427455640312821154458202477256070485', '226854911280625642308916404954512140969'],
      ['shardId-000000000002', '226854911280625642308916404954512140970', '340282366920938463463374607431768211455'],
    ]);
    for (const s of d!.Shards!) expect(s.SequenceNumberRange!.StartingSequenceNumber).toMatch(/^\d{56}$/);
    const page = await t.kinesis.send(new DescribeStreamCommand({ StreamName, Limit: 2 }));
    expect(page.StreamDescription!.Shards).toHaveLength(2);
    expect(page.StreamDescription!.HasMoreShards).toBe(true);
    const rest = await t.kinesis.send(
      new DescribeStreamCommand({ StreamName, ExclusiveStartShardId: 'shardId-000000000001' }),
    );
    expect(rest.StreamDescription!.Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000002']);
  });

  it('creates an on-demand stream with four shards and summarizes it', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    const { StreamDescriptionSummary: s } = await t.kinesis.send(new DescribeStreamSummaryCommand({ StreamName }));
    expect(s).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, OpenShardCount: 4, ConsumerCount: 0 });
    const both = await failure(
      t.kinesis.send(
        new CreateStreamCommand({
          StreamName: uniqueStream(),
          ShardCount: 2,
          StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        }),
      ),
    );
    expect(both.name).toBe('ValidationException');
  });

  it('answers the API reference errors with AWS messages', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    expect(await failure(t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 })))).toMatchObject({
      name: 'ResourceInUseException',
      message: `Stream ${StreamName} under account ${ACCOUNT} already exists.`,
    });
    expect(await failure(t.kinesis.send(new DescribeStreamCommand({ StreamName: 'nope' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Stream nope under account ${ACCOUNT} not found.`,
    });
    expect(
      await failure(t.kinesis.send(new CreateStreamCommand({ StreamName: 'bad name!', ShardCount: 0 }))),
    ).toMatchObject({
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    expect((await failure(t.kinesis.send(new DescribeStreamCommand({})))).name).toBe('InvalidArgumentException');
    const limit = await failure(
      t.kinesis.send(new CreateStreamCommand({ StreamName: uniqueStream(), ShardCount: 600 })),
    );
    expect(limit.name).toBe('LimitExceededException');
    expect(limit.message).toMatch(
      /^This request would exceed the shard limit for the account 123456789012 in us-east-1\./,
    );
  });

  it('addresses a stream by ARN as well as by name', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const StreamARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${StreamName}`;
    const { StreamDescriptionSummary } = await t.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN }));
    expect(StreamDescriptionSummary!.StreamName).toBe(StreamName);
    const mismatch = await failure(
      t.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN, StreamName: 'other' })),
    );
    expect(mismatch.name).toBe('InvalidArgumentException');
  });

  it('lists streams in pages and deletes them', async () => {
    const names = [uniqueStream('list'), uniqueStream('list'), uniqueStream('list')].sort();
    for (const StreamName of names) await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await t.kinesis.send(new ListStreamsCommand({ Limit: 2, ...(NextToken ? { NextToken } : {}) }));
      seen.push(...page.StreamNames!);
      expect(page.StreamSummaries!.map((s) => s.StreamName)).toEqual(page.StreamNames);
      NextToken = page.NextToken;
      expect(page.HasMoreStreams).toBe(NextToken !== undefined);
    } while (NextToken);
    for (const n of names) expect(seen).toContain(n);
    await t.kinesis.send(new DeleteStreamCommand({ StreamName: names[0]! }));
    expect((await failure(t.kinesis.send(new DescribeStreamCommand({ StreamName: names[0]! })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('lists shards with a filter and a NextToken', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 5 }));
    const first = await t.kinesis.send(new ListShardsCommand({ StreamName, MaxResults: 3 }));
    expect(first.Shards!.map((s) => s.ShardId)).toEqual([0, 1, 2].map((i) => `shardId-00000000000${i}`));
    const second = await t.kinesis.send(new ListShardsCommand({ NextToken: first.NextToken }));
    expect(second.Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000003', 'shardId-000000000004']);
    expect(second.NextToken).toBeUndefined();
    const both = await failure(t.kinesis.send(new ListShardsCommand({ StreamName, NextToken: first.NextToken })));
    expect(both.name).toBe('InvalidArgumentException');
    const after = await t.kinesis.send(
      new ListShardsCommand({ StreamName, ShardFilter: { Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000003' } }),
    );
    expect(after.Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000004']);
  });

  it('increases and decreases the retention period within 24 to 8760 hours', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    await t.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName, RetentionPeriodHours: 168 }));
    expect(
      (await t.kinesis.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary!
        .RetentionPeriodHours,
    ).toBe(168);
    expect(
      await failure(t.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName, RetentionPeriodHours: 48 }))),
    ).toMatchObject({
      name: 'InvalidArgumentException',
      message: `Requested retention period (48 hours) for stream ${StreamName} can not be shorter than existing retention period (168 hours). Use DecreaseRetentionPeriod API.`,
    });
    expect(
      await failure(
        t.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName, RetentionPeriodHours: 9000 })),
      ),
    ).toMatchObject({
      name: 'InvalidArgumentException',
      message: 'Maximum allowed retention period is 8760 hours. Requested retention period (9000 hours) is too long.',
    });
    await t.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName, RetentionPeriodHours: 24 }));
    expect(
      await failure(t.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName, RetentionPeriodHours: 12 }))),
    ).toMatchObject({
      name: 'InvalidArgumentException',
      message: 'Minimum allowed retention period is 24 hours. Requested retention period (12 hours) is too short.',
    });
  });

  it('tags streams by name and by ARN', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1, Tags: { team: 'rides' } }));
    const ResourceARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${StreamName}`;
    await t.kinesis.send(new AddTagsToStreamCommand({ StreamName, Tags: { env: 'dev', tier: 'gold' } }));
    await t.kinesis.send(new TagResourceCommand({ ResourceARN, Tags: { owner: 'ops' } }));
    const page = await t.kinesis.send(new ListTagsForStreamCommand({ StreamName, Limit: 2 }));
    expect(page.Tags).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'owner', Value: 'ops' },
    ]);
    expect(page.HasMoreTags).toBe(true);
    await t.kinesis.send(new RemoveTagsFromStreamCommand({ StreamName, TagKeys: ['env'] }));
    await t.kinesis.send(new UntagResourceCommand({ ResourceARN, TagKeys: ['tier'] }));
    expect((await t.kinesis.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags).toEqual([
      { Key: 'owner', Value: 'ops' },
      { Key: 'team', Value: 'rides' },
    ]);
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    for (let i = 0; i < 4; i++) {
      await t.kinesis.send(
        new AddTagsToStreamCommand({
          StreamName,
          Tags: Object.fromEntries(Object.entries(many).map(([k, v]) => [`${k}-${i}`, v])),
        }),
      );
    }
    const tooMany = await failure(t.kinesis.send(new AddTagsToStreamCommand({ StreamName, Tags: many })));
    expect(tooMany.name).toBe('InvalidArgumentException');
  });

  it('registers, describes, lists and deregisters stream consumers', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const StreamARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${StreamName}`;
    const { Consumer } = await t.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'app' }));
    expect(Consumer).toMatchObject({ ConsumerName: 'app', ConsumerStatus: 'ACTIVE' });
    expect(Consumer!.ConsumerARN).toMatch(new RegExp(`^${StreamARN}/consumer/app:\\d+$`));
    const again = await failure(t.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'app' })));
    expect(again.name).toBe('ResourceInUseException');
    const byArn = await t.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN }));
    expect(byArn.ConsumerDescription).toMatchObject({ ConsumerName: 'app', StreamARN });
    await t.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'other' }));
    const listed = await t.kinesis.send(new ListStreamConsumersCommand({ StreamARN, MaxResults: 1 }));
    expect(listed.Consumers!.map((c) => c.ConsumerName)).toEqual(['app']);
    expect(listed.NextToken).toBeDefined();
    const inUse = await failure(t.kinesis.send(new DeleteStreamCommand({ StreamName })));
    expect(inUse.name).toBe('ResourceInUseException');
    await t.kinesis.send(new DeregisterStreamConsumerCommand({ StreamARN, ConsumerName: 'app' }));
    const gone = await failure(t.kinesis.send(new DescribeStreamConsumerCommand({ StreamARN, ConsumerName: 'app' })));
    expect(gone.name).toBe('ResourceNotFoundException');
    await t.kinesis.send(new DeleteStreamCommand({ StreamName, EnforceConsumerDeletion: true }));
  });
});
