/**
 * Records through `@aws-sdk/client-kinesis`: routing by the MD5 of the partition key (or the
 * ExplicitHashKey), per-record PutRecords results, sequence numbers, every iterator type,
 * GetRecords limits, MillisBehindLatest, iterator expiry, retention, and AWS's per-shard limits
 * when they are turned on.
 */
import { createHash } from 'node:crypto';
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { failure } from '../support/baton.js';
import { bytes, readShard, text, uniqueStream, useKinesisBaton } from './support.js';

const t = useKinesisBaton();
const now = { t: Date.now() };
const timed = useKinesisBaton({}, { clock: { now: () => now.t }, streams: { throughput: 'aws', sweepMs: 3_600_000 } });

const md5 = (key: string) => BigInt(`0x${createHash('md5').update(key).digest('hex')}`);

describe('records', () => {
  it('routes each record to the shard whose hash-key range holds the MD5 of its partition key', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 4 }));
    const shards = (await t.kinesis.send(new DescribeStreamCommand({ StreamName }))).StreamDescription!.Shards!;
    const keys = Array.from({ length: 60 }, (_, i) => `rider-${i}`);
    const out = await t.kinesis.send(
      new PutRecordsCommand({ StreamName, Records: keys.map((k) => ({ PartitionKey: k, Data: bytes(k) })) }),
    );
    expect(out.FailedRecordCount).toBe(0);
    out.Records!.forEach((r, i) => {
      const shard = shards.find((s) => s.ShardId === r.ShardId)!;
      const h = md5(keys[i]!);
      expect(h >= BigInt(shard.HashKeyRange!.StartingHashKey!) && h <= BigInt(shard.HashKeyRange!.EndingHashKey!)).toBe(
        true,
      );
      expect(r.SequenceNumber).toMatch(/^\d{56}$/);
    });
    const explicit = await t.kinesis.send(
      new PutRecordCommand({
        StreamName,
        PartitionKey: 'x',
        Data: bytes('e'),
        ExplicitHashKey: shards[3]!.HashKeyRange!.StartingHashKey,
      }),
    );
    expect(explicit.ShardId).toBe('shardId-000000000003');
    const bad = await failure(
      t.kinesis.send(
        new PutRecordCommand({
          StreamName,
          PartitionKey: 'x',
          Data: bytes('e'),
          ExplicitHashKey: (1n << 128n).toString(),
        }),
      ),
    );
    expect(bad).toMatchObject({
      name: 'InvalidArgumentException',
      message: `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${1n << 128n}`,
    });
  });

  it('keeps strict order per shard: sequence numbers increase and read back in order', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const sequences: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await t.kinesis.send(
        new PutRecordCommand({ StreamName, PartitionKey: `k${i % 3}`, Data: bytes(`m${i}`) }),
      );
      sequences.push(r.SequenceNumber!);
    }
    for (let i = 1; i < sequences.length; i++) expect(BigInt(sequences[i]!) > BigInt(sequences[i - 1]!)).toBe(true);
    const { records } = await readShard(t.kinesis, StreamName, 'shardId-000000000000');
    expect(records.map((r) => text(r.Data))).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    expect(records.map((r) => r.SequenceNumber)).toEqual(sequences);
    expect(records[0]!.PartitionKey).toBe('k0');
    expect(records[0]!.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
  });

  it('starts iterators at TRIM_HORIZON, LATEST, AT/AFTER_SEQUENCE_NUMBER and AT_TIMESTAMP', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const ShardId = 'shardId-000000000000';
    const seqs: string[] = [];
    for (let i = 0; i < 5; i++) {
      seqs.push(
        (await t.kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: bytes(`${i}`) })))
          .SequenceNumber!,
      );
    }
    const read = async (input: Record<string, unknown>) => {
      const { ShardIterator } = await t.kinesis.send(
        new GetShardIteratorCommand({ StreamName, ShardId, ...input } as never),
      );
      const page = await t.kinesis.send(new GetRecordsCommand({ ShardIterator }));
      return page.Records!.map((r) => text(r.Data));
    };
    expect(await read({ ShardIteratorType: 'TRIM_HORIZON' })).toEqual(['0', '1', '2', '3', '4']);
    expect(await read({ ShardIteratorType: 'LATEST' })).toEqual([]);
    expect(await read({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: seqs[2] })).toEqual([
      '2',
      '3',
      '4',
    ]);
    expect(await read({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: seqs[2] })).toEqual([
      '3',
      '4',
    ]);
    expect(await read({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() - 60_000) })).toHaveLength(5);
    expect(await read({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() - 10) })).toEqual([]);
    expect(await failure(read({ ShardIteratorType: 'LATEST', StartingSequenceNumber: seqs[0] }))).toMatchObject({
      name: 'InvalidArgumentException',
      message:
        'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified LATEST and also a StartingSequenceNumber.',
    });
    const other = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName: other, ShardCount: 2 }));
    const elsewhere = (
      await t.kinesis.send(
        new PutRecordCommand({
          StreamName: other,
          PartitionKey: 'k',
          Data: bytes('x'),
          ExplicitHashKey: (1n << 127n).toString(),
        }),
      )
    ).SequenceNumber!;
    expect(
      await failure(read({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: elsewhere })),
    ).toMatchObject({
      name: 'InvalidArgumentException',
      message:
        'Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000',
    });
    expect((await failure(read({ ShardIteratorType: 'TRIM_HORIZON', ShardId: 'shardId-000000000009' }))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('limits GetRecords, reports MillisBehindLatest and refuses tokens it did not issue', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    await t.kinesis.send(
      new PutRecordsCommand({
        StreamName,
        Records: Array.from({ length: 30 }, (_, i) => ({ PartitionKey: 'k', Data: bytes(`${i}`) })),
      }),
    );
    const { ShardIterator } = await t.kinesis.send(
      new GetShardIteratorCommand({ StreamName, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const first = await t.kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10 }));
    expect(first.Records).toHaveLength(10);
    expect(first.MillisBehindLatest).toBeGreaterThanOrEqual(0);
    const rest = await t.kinesis.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator, Limit: 100 }));
    expect(rest.Records!.map((r) => text(r.Data))).toEqual(Array.from({ length: 20 }, (_, i) => `${i + 10}`));
    expect(rest.MillisBehindLatest).toBe(0);
    expect(rest.NextShardIterator).toBeDefined();
    expect(await failure(t.kinesis.send(new GetRecordsCommand({ ShardIterator: 'AAAAAAAAAAEAAAAA' })))).toMatchObject({
      name: 'InvalidArgumentException',
      message: 'Invalid ShardIterator.',
    });
    const tooMany = await failure(t.kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10001 })));
    expect(tooMany.message).toBe(
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
  });

  it('validates PutRecords: 1 to 500 records, keys of 1 to 256 characters, data up to 1 MiB', async () => {
    const StreamName = uniqueStream();
    await t.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const many = await failure(
      t.kinesis.send(
        new PutRecordsCommand({
          StreamName,
          Records: Array.from({ length: 501 }, () => ({ PartitionKey: 'k', Data: bytes('x') })),
        }),
      ),
    );
    expect(many).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '[501 members]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500",
    });
    const key = await failure(
      t.kinesis.send(
        new PutRecordsCommand({
          StreamName,
          Records: [
            { PartitionKey: 'k', Data: bytes('x') },
            { PartitionKey: '', Data: bytes('x') },
          ],
        }),
      ),
    );
    expect(key.message).toBe(
      "1 validation error detected: Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const big = await failure(
      t.kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: new Uint8Array(1024 * 1024 + 1) })),
    );
    expect(big.message).toBe(
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    );
    const missing = await failure(
      t.kinesis.send(new PutRecordCommand({ StreamName: 'missing', PartitionKey: 'k', Data: bytes('x') })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('time and limits', () => {
  it("expires iterators after 5 minutes with AWS's message", async () => {
    const StreamName = uniqueStream();
    await timed.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const { ShardIterator } = await timed.kinesis.send(
      new GetShardIteratorCommand({ StreamName, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const issued = now.t;
    now.t += 300_001;
    const expired = await failure(timed.kinesis.send(new GetRecordsCommand({ ShardIterator })));
    expect(expired.name).toBe('ExpiredIteratorException');
    expect(expired.message).toBe(
      `Iterator expired. The iterator was created at time ${amz(issued)} while right now it is ${amz(now.t)} which is further in the future than the tolerated delay of 300000 milliseconds.`,
    );
  });

  it('trims records older than the retention period', async () => {
    const StreamName = uniqueStream();
    await timed.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    await timed.kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: bytes('old') }));
    now.t += 23 * 3_600_000;
    await timed.kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: bytes('new') }));
    now.t += 2 * 3_600_000;
    const { records } = await readShard(timed.kinesis, StreamName, 'shardId-000000000000');
    expect(records.map((r) => text(r.Data))).toEqual(['new']);
    expect(await timed.baton.streams.sweep()).toBeGreaterThanOrEqual(1);
  });

  it("enforces AWS's per-shard limits when turned on: 1,000 records/s written, 5 reads/s", async () => {
    const StreamName = uniqueStream();
    await timed.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    now.t = Math.ceil(now.t / 1000) * 1000;
    const records = Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `k${i}`, Data: bytes('x') }));
    expect((await timed.kinesis.send(new PutRecordsCommand({ StreamName, Records: records }))).FailedRecordCount).toBe(
      0,
    );
    expect((await timed.kinesis.send(new PutRecordsCommand({ StreamName, Records: records }))).FailedRecordCount).toBe(
      0,
    );
    const third = await timed.kinesis.send(new PutRecordsCommand({ StreamName, Records: records.slice(0, 2) }));
    expect(third.FailedRecordCount).toBe(2);
    expect(third.Records![0]).toEqual({
      ErrorCode: 'ProvisionedThroughputExceededException',
      ErrorMessage: `Rate exceeded for shard shardId-000000000000 in stream ${StreamName} under account 123456789012.`,
    });
    const single = await failure(
      timed.kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: bytes('x') })),
    );
    expect(single.name).toBe('ProvisionedThroughputExceededException');
    const { ShardIterator } = await timed.kinesis.send(
      new GetShardIteratorCommand({ StreamName, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }),
    );
    for (let i = 0; i < 5; i++) await timed.kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect((await failure(timed.kinesis.send(new GetRecordsCommand({ ShardIterator })))).name).toBe(
      'ProvisionedThroughputExceededException',
    );
    now.t += 1000;
    await timed.kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: bytes('x') }));
  });
});

function amz(ms: number): string {
  const m = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(new Date(ms).toUTCString())!;
  return `${m[1]} ${m[3]} ${m[2]} ${m[5]} UTC ${m[4]}`;
}
