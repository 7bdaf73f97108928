/**
 * Resharding through `@aws-sdk/client-kinesis`: SplitShard, MergeShards and UpdateShardCount
 * close parents and open children that name them; a closed shard read to its end answers no
 * NextShardIterator and its ChildShards; and under concurrent writers, reading parents before
 * children gives every partition key its records in the order they were written.
 */
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type Shard,
  SplitShardCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { failure } from '../support/baton.js';
import { bytes, readShard, text, uniqueStream, useKinesisBaton } from './support.js';

const t = useKinesisBaton();

async function shards(kinesis: KinesisClient, StreamName: string): Promise<Shard[]> {
  return (await kinesis.send(new ListShardsCommand({ StreamName }))).Shards!;
}

describe('resharding', () => {
  it('splits a shard: the parent closes with an ending sequence number, writes go to the children', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    await t.kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'a', Data: bytes('before') }));
    const middle = (1n << 127n).toString();
    await t.kinesis.send(
      new SplitShardCommand({ StreamName, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: middle }),
    );
    const [parent, low, high] = await shards(t.kinesis, StreamName);
    expect(parent!.SequenceNumberRange!.EndingSequenceNumber).toMatch(/^\d{56}$/);
    expect(low).toMatchObject({
      ShardId: 'shardId-000000000001',
      ParentShardId: 'shardId-000000000000',
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: ((1n << 127n) - 1n).toString() },
    });
    expect(high!.HashKeyRange!.StartingHashKey).toBe(middle);
    const after = await t.kinesis.send(
      new PutRecordCommand({ StreamName, PartitionKey: 'a', Data: bytes('after'), ExplicitHashKey: middle }),
    );
    expect(after.ShardId).toBe('shardId-000000000002');
    // The parent, read to its end: its records, then no NextShardIterator and the children.
    const { ShardIterator } = await t.kinesis.send(
      new GetShardIteratorCommand({ StreamName, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const page = await t.kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect(page.Records!.map((r) => text(r.Data))).toEqual(['before']);
    expect(page.NextShardIterator).toBeUndefined();
    expect(page.ChildShards!.map((c) => [c.ShardId, c.ParentShards])).toEqual([
      ['shardId-000000000001', ['shardId-000000000000']],
      ['shardId-000000000002', ['shardId-000000000000']],
    ]);
    const tooSmall = await failure(
      t.kinesis.send(
        new SplitShardCommand({ StreamName, ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '1' }),
      ),
    );
    expect(tooSmall).toMatchObject({
      name: 'InvalidArgumentException',
      message: `NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000001 in stream ${StreamName} under account 123456789012 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey ${(1n << 127n) - 1n}.`,
    });
    const closed = await failure(
      t.kinesis.send(
        new SplitShardCommand({ StreamName, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '12345' }),
      ),
    );
    expect(closed.name).toBe('InvalidArgumentException');
  });

  it('merges two adjacent shards into a child naming both', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 3 }));
    const apart = await failure(
      t.kinesis.send(
        new MergeShardsCommand({
          StreamName,
          ShardToMerge: 'shardId-000000000000',
          AdjacentShardToMerge: 'shardId-000000000002',
        }),
      ),
    );
    expect(apart).toMatchObject({
      name: 'InvalidArgumentException',
      message: `Shards shardId-000000000000 and shardId-000000000002 in stream ${StreamName} under account 123456789012 are not an adjacent pair of shards eligible for merging`,
    });
    await t.kinesis.send(
      new MergeShardsCommand({
        StreamName,
        ShardToMerge: 'shardId-000000000001',
        AdjacentShardToMerge: 'shardId-000000000002',
      }),
    );
    const child = (await shards(t.kinesis, StreamName))[3]!;
    expect(child).toMatchObject({
      ShardId: 'shardId-000000000003',
      ParentShardId: 'shardId-000000000001',
      AdjacentParentShardId: 'shardId-000000000002',
      HashKeyRange: {
        StartingHashKey: '113427455640312821154458202477256070485',
        EndingHashKey: ((1n << 128n) - 1n).toString(),
      },
    });
  });

  it('updates the shard count uniformly, within half to double', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));
    const out = await t.kinesis.send(
      new UpdateShardCountCommand({ StreamName, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }),
    );
    expect(out).toMatchObject({ StreamName, CurrentShardCount: 2, TargetShardCount: 3 });
    const { StreamDescription } = await t.kinesis.send(new DescribeStreamCommand({ StreamName }));
    const open = StreamDescription!.Shards!.filter((s) => !s.SequenceNumberRange!.EndingSequenceNumber);
    open.sort((x, y) => (BigInt(x.HashKeyRange!.StartingHashKey!) < BigInt(y.HashKeyRange!.StartingHashKey!) ? -1 : 1));
    expect(open.map((s) => s.HashKeyRange!.EndingHashKey)).toEqual([
      '113427455640312821154458202477256070484',
      '226854911280625642308916404954512140969',
      '340282366920938463463374607431768211455',
    ]);
    const tooMany = await failure(
      t.kinesis.send(new UpdateShardCountCommand({ StreamName, TargetShardCount: 7, ScalingType: 'UNIFORM_SCALING' })),
    );
    expect(tooMany.name).toBe('LimitExceededException');
    const onDemand = uniqueStream();
    await t.kinesis.send(
      new CreateStreamCommand({ StreamName: onDemand, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
    );
    const refused = await failure(
      t.kinesis.send(
        new UpdateShardCountCommand({ StreamName: onDemand, TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' }),
      ),
    );
    expect(refused.name).toBe('ValidationException');
  });

  it('keeps every key in order across splits, merges and rescaling under concurrent writers', {
    timeout: 60_000,
  }, async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));
    const KEYS = 40;
    const next = new Array<number>(KEYS).fill(0);
    let stop = false;
    let reshards = 0;
    // Eight writers, each owning five keys, each key's records written one after the other.
    const writers = Array.from({ length: 8 }, async (_, w) => {
      while (!stop) {
        const keys = Array.from({ length: 5 }, (_, i) => w * 5 + i);
        await t.kinesis.send(
          new PutRecordsCommand({
            StreamName,
            Records: keys.flatMap((k) =>
              [0, 1].map(() => ({ PartitionKey: `key-${k}`, Data: bytes(String(next[k]!++)) })),
            ),
          }),
        );
      }
    });
    const pause = () => new Promise((r) => setTimeout(r, 60));
    const reshard = async (call: () => Promise<unknown>) => {
      await pause();
      await call();
      reshards++;
    };
    await reshard(() =>
      t.kinesis.send(new UpdateShardCountCommand({ StreamName, TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' })),
    );
    await reshard(() =>
      t.kinesis.send(new UpdateShardCountCommand({ StreamName, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' })),
    );
    const open = (await shards(t.kinesis, StreamName))
      .filter((s) => !s.SequenceNumberRange!.EndingSequenceNumber)
      .sort((x, y) => (BigInt(x.HashKeyRange!.StartingHashKey!) < BigInt(y.HashKeyRange!.StartingHashKey!) ? -1 : 1));
    const [a, b] = open;
    await reshard(() =>
      t.kinesis.send(
        new SplitShardCommand({
          StreamName,
          ShardToSplit: a!.ShardId!,
          NewStartingHashKey: (
            (BigInt(a!.HashKeyRange!.StartingHashKey!) + BigInt(a!.HashKeyRange!.EndingHashKey!)) /
            2n
          ).toString(),
        }),
      ),
    );
    await reshard(() =>
      t.kinesis.send(
        new MergeShardsCommand({ StreamName, ShardToMerge: b!.ShardId!, AdjacentShardToMerge: open[2]!.ShardId! }),
      ),
    );
    await reshard(() =>
      t.kinesis.send(new UpdateShardCountCommand({ StreamName, TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' })),
    );
    await pause();
    stop = true;
    await Promise.all(writers);
    expect(reshards).toBe(5);

    // Children have higher shard numbers than their parents: reading shards in number order reads parents first.
    const all = (await shards(t.kinesis, StreamName)).sort((x, y) => (x.ShardId! < y.ShardId! ? -1 : 1));
    const seen = new Map<string, number[]>();
    for (const shard of all) {
      const { records } = await readShard(t.kinesis, StreamName, shard.ShardId!);
      for (const r of records) {
        const list = seen.get(r.PartitionKey!) ?? [];
        list.push(Number(text(r.Data)));
        seen.set(r.PartitionKey!, list);
      }
    }
    let total = 0;
    for (let k = 0; k < KEYS; k++) {
      const values = seen.get(`key-${k}`) ?? [];
      total += values.length;
      expect(values, `key-${k}`).toEqual(Array.from({ length: next[k]! }, (_, i) => i));
    }
    expect(total).toBeGreaterThan(400);
  });
});
