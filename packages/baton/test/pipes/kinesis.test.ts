/**
 * Pipes from a Kinesis stream (user guide, "Amazon Kinesis stream as a source", "Reporting batch
 * item failures", "error handling", "filtering"), through the official clients: per-shard order
 * from each StartingPosition, filters on decoded data, partial batch failures retried from the
 * first record named, AUTOMATIC_BISECT, retries and record age ending in the dead-letter report,
 * ParallelizationFactor, resharding, and a restart that resumes from the checkpoints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, ListShardsCommand, PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import {
  CreatePipeCommand,
  type CreatePipeCommandInput,
  StartPipeCommand,
  StopPipeCommand,
} from '@aws-sdk/client-pipes';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../src/kernel/index.js';
import { eventually, type PipesBaton, sleep, startPipesBaton } from './support.js';

interface Update {
  readonly key: string;
  readonly n: number;
  readonly keep?: boolean;
}

let t: PipesBaton;
const dataDir = mkdtempSync(join(tmpdir(), 'baton-pipes-kinesis-'));
const recorders = ['sink', 'judge', 'poisoned', 'lanes', 'restart'];

beforeAll(async () => {
  t = await startPipesBaton(recorders, { dataDir });
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A record's data, decoded. */
const decoded = (record: Json) =>
  JSON.parse(Buffer.from((record as JsonObject).data as string, 'base64').toString()) as Update;
/** What a recording function received: each record's decoded data. */
const seen = (name: string) => t.batches.get(name)!.flat().map(decoded);

async function stream(name: string, shards = 1): Promise<string> {
  await t.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return t.arn.stream(name);
}

async function put(streamName: string, updates: readonly Update[]): Promise<void> {
  for (let i = 0; i < updates.length; i += 500) {
    await t.kinesis.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: updates.slice(i, i + 500).map((u) => ({ PartitionKey: u.key, Data: Buffer.from(JSON.stringify(u)) })),
      }),
    );
  }
}

async function pipe(input: Omit<CreatePipeCommandInput, 'RoleArn'>): Promise<void> {
  await t.pipes.send(new CreatePipeCommand({ RoleArn: t.role, ...input }));
}

/** Every key's updates arrived in the order they were put (the first time each was seen). */
function inOrder(updates: readonly Update[]): boolean {
  const last = new Map<string, number>();
  const first = new Set<string>();
  for (const u of updates) {
    const id = `${u.key}/${u.n}`;
    if (first.has(id)) continue;
    first.add(id);
    if ((last.get(u.key) ?? -1) > u.n) return false;
    last.set(u.key, u.n);
  }
  return true;
}

const updates = (keys: number, perKey: number, extra: Partial<Update> = {}): Update[] =>
  Array.from({ length: perKey }, (_, n) =>
    Array.from({ length: keys }, (_, k) => ({ key: `k${k}`, n, ...extra })),
  ).flat();

describe('a Kinesis source', () => {
  it('reads every shard from TRIM_HORIZON in order, records in AWS’s shape, filtered on their decoded data', async () => {
    const arn = await stream('ordered', 2);
    const kept = updates(6, 10, { keep: true });
    await put('ordered', [...kept, ...updates(3, 2, { keep: false })]);
    await pipe({
      Name: 'ordered',
      Source: arn,
      Target: t.arn.fn('sink'),
      SourceParameters: {
        KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 7 },
        FilterCriteria: { Filters: [{ Pattern: '{"data":{"keep":[true]}}' }] },
      },
    });
    await eventually(async () => (seen('sink').length >= kept.length ? true : undefined), 10_000);
    await sleep(200);
    expect(seen('sink')).toHaveLength(kept.length);
    expect(seen('sink').every((u) => u.keep)).toBe(true);
    expect(inOrder(seen('sink'))).toBe(true);
    expect(t.batches.get('sink')!.every((b) => b.length <= 7)).toBe(true);
    const record = t.batches.get('sink')![0]![0] as JsonObject;
    expect(record).toEqual({
      kinesisSchemaVersion: '1.0',
      partitionKey: expect.stringMatching(/^k\d$/),
      sequenceNumber: expect.stringMatching(/^\d+$/),
      data: expect.any(String),
      approximateArrivalTimestamp: expect.any(Number),
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${String(record.eventID).split(':')[0]}:${record.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: t.role,
      awsRegion: t.region,
      eventSourceARN: arn,
    });
    expect(String(record.eventID)).toMatch(/^shardId-\d{12}:\d+$/);
    await t.pipes.send(new StopPipeCommand({ Name: 'ordered' }));
    t.batches.get('sink')!.length = 0;
  });

  it('starts at LATEST with the records that arrive after the pipe was created, or AT_TIMESTAMP', async () => {
    const arn = await stream('latest');
    await put('latest', [{ key: 'a', n: 0 }]);
    await sleep(20);
    const middle = Date.now();
    await sleep(20);
    await put('latest', [{ key: 'a', n: 1 }]);
    await sleep(20);
    await pipe({
      Name: 'latest',
      Source: arn,
      Target: t.arn.fn('sink'),
      SourceParameters: { KinesisStreamParameters: { StartingPosition: 'LATEST' } },
    });
    await pipe({
      Name: 'at-timestamp',
      Source: arn,
      Target: t.arn.fn('judge'),
      SourceParameters: {
        KinesisStreamParameters: { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: new Date(middle) },
      },
    });
    await put('latest', [{ key: 'a', n: 2 }]);
    await eventually(async () => (seen('sink').length === 1 && seen('judge').length === 2 ? true : undefined));
    expect(seen('sink').map((u) => u.n)).toEqual([2]);
    expect(seen('judge').map((u) => u.n)).toEqual([1, 2]);
    for (const Name of ['latest', 'at-timestamp']) await t.pipes.send(new StopPipeCommand({ Name }));
    t.batches.get('sink')!.length = 0;
    t.batches.get('judge')!.length = 0;
  });

  it('retries a partly failed batch from the first record named, in order', async () => {
    const arn = await stream('partial');
    let failedOnce = false;
    t.behaviour.set('judge', (batch) => {
      if (failedOnce) return null;
      failedOnce = true;
      return { batchItemFailures: [{ itemIdentifier: (batch[2] as JsonObject).eventID as string }] };
    });
    await put('partial', updates(1, 6));
    await pipe({
      Name: 'partial',
      Source: arn,
      Target: t.arn.fn('judge'),
      SourceParameters: {
        KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 6, MaximumBatchingWindowInSeconds: 1 },
      },
    });
    await eventually(async () => (t.batches.get('judge')!.length === 2 ? true : undefined));
    await sleep(100);
    expect(t.batches.get('judge')!.length).toBe(2);
    const [first, second] = t.batches.get('judge')!.map((b) => b.map((r) => decoded(r).n));
    expect(first).toEqual([0, 1, 2, 3, 4, 5]);
    expect(second).toEqual([2, 3, 4, 5]);
    await t.pipes.send(new StopPipeCommand({ Name: 'partial' }));
    t.behaviour.delete('judge');
    t.batches.get('judge')!.length = 0;
  });

  it('bisects a failing batch down to the poison record, retries it, then reports it to the dead-letter queue and goes on', async () => {
    const arn = await stream('poison');
    await t.sqs.send(new CreateQueueCommand({ QueueName: 'poison-dlq' }));
    t.behaviour.set('poisoned', (batch) => {
      if (batch.some((r) => decoded(r).n === 2)) {
        throw new Error('poison');
      }
      return null;
    });
    await put('poison', updates(1, 4));
    await pipe({
      Name: 'poison',
      Source: arn,
      Target: t.arn.fn('poisoned'),
      SourceParameters: {
        KinesisStreamParameters: {
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 4,
          MaximumBatchingWindowInSeconds: 1,
          OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          MaximumRetryAttempts: 1,
          DeadLetterConfig: { Arn: t.arn.queue('poison-dlq') },
        },
      },
    });
    const [report] = await eventually(async () => {
      const got = await t.drain('poison-dlq', 50);
      return got.length ? got : undefined;
    }, 10_000);
    const reported = JSON.parse(report!) as JsonObject;
    expect(reported).toMatchObject({
      requestContext: { pipeArn: t.arn.pipe('poison'), condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      version: '1.0',
      KinesisBatchInfo: { shardId: 'shardId-000000000000', batchSize: 1, streamArn: arn },
    });
    const info = reported.KinesisBatchInfo as JsonObject;
    expect(info.startSequenceNumber).toBe(info.endSequenceNumber);
    // Whole batch, halves, the poison alone and its retry: [0,1,2,3] ✗, [0,1] ✓, [2,3] ✗, [2] ✗, [2] ✗, [3] ✓.
    const sizes = t.batches.get('poisoned')!.map((b) => b.length);
    expect(sizes).toEqual([4, 2, 2, 1, 1, 1]);
    // The pipe goes on past the record it gave up on.
    await put('poison', [{ key: 'k0', n: 4 }]);
    await eventually(async () => (t.batches.get('poisoned')!.length === 7 ? true : undefined));
    await t.pipes.send(new StopPipeCommand({ Name: 'poison' }));
    t.behaviour.delete('poisoned');
  });

  it('reports a whole batch once its retries run out, and records older than MaximumRecordAgeInSeconds unsent', async () => {
    const arn = await stream('exhausted');
    await t.sqs.send(new CreateQueueCommand({ QueueName: 'exhausted-dlq' }));
    t.behaviour.set('judge', () => {
      throw new Error('always');
    });
    await put('exhausted', updates(2, 1));
    await pipe({
      Name: 'exhausted',
      Source: arn,
      Target: t.arn.fn('judge'),
      SourceParameters: {
        KinesisStreamParameters: {
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 10,
          MaximumBatchingWindowInSeconds: 1,
          MaximumRetryAttempts: 2,
          DeadLetterConfig: { Arn: t.arn.queue('exhausted-dlq') },
        },
      },
    });
    const [report] = await eventually(async () => {
      const got = await t.drain('exhausted-dlq', 50);
      return got.length ? got : undefined;
    }, 10_000);
    expect(JSON.parse(report!)).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      KinesisBatchInfo: { batchSize: 2 },
    });
    expect(t.batches.get('judge')!.length).toBe(3);
    await t.pipes.send(new StopPipeCommand({ Name: 'exhausted' }));
    t.behaviour.delete('judge');
    t.batches.get('judge')!.length = 0;

    await stream('aged');
    await put('aged', [{ key: 'old', n: 0 }]);
    await pipe({
      Name: 'aged',
      Source: t.arn.stream('aged'),
      Target: t.arn.fn('judge'),
      DesiredState: 'STOPPED',
      SourceParameters: {
        KinesisStreamParameters: {
          StartingPosition: 'TRIM_HORIZON',
          MaximumRecordAgeInSeconds: 1,
          DeadLetterConfig: { Arn: t.arn.queue('exhausted-dlq') },
        },
      },
    });
    await sleep(1100);
    await t.pipes.send(new StartPipeCommand({ Name: 'aged' }));
    const [aged] = await eventually(async () => {
      const got = await t.drain('exhausted-dlq', 50);
      return got.length ? got : undefined;
    });
    expect(JSON.parse(aged!)).toMatchObject({
      requestContext: { condition: 'RecordAgeExceeded', approximateInvokeCount: 0 },
      KinesisBatchInfo: { batchSize: 1 },
    });
    expect(t.batches.get('judge')!).toHaveLength(0);
    await t.pipes.send(new StopPipeCommand({ Name: 'aged' }));
  });

  it('processes a shard’s keys in parallel lanes (ParallelizationFactor), each key in order', async () => {
    const arn = await stream('lanes');
    let inFlight = 0;
    let most = 0;
    t.behaviour.set('lanes', async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Answered later: lanes overlap while one waits.
      await sleep(30);
      inFlight--;
      return null;
    });
    const sent = updates(12, 8);
    await put('lanes', sent);
    await pipe({
      Name: 'lanes',
      Source: arn,
      Target: t.arn.fn('lanes'),
      SourceParameters: {
        KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 24, ParallelizationFactor: 4 },
      },
    });
    await eventually(async () => (seen('lanes').length === sent.length ? true : undefined), 15_000);
    expect(inOrder(seen('lanes'))).toBe(true);
    expect(most).toBeGreaterThan(1);
    await t.pipes.send(new StopPipeCommand({ Name: 'lanes' }));
    t.behaviour.delete('lanes');
  });

  it('follows a resharding: children are read after their parent, each key in order', async () => {
    const arn = await stream('resharded');
    await pipe({
      Name: 'resharded',
      Source: arn,
      Target: t.arn.fn('sink'),
      SourceParameters: { KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 } },
    });
    const before = updates(8, 5);
    await put('resharded', before);
    const { Shards = [] } = await t.kinesis.send(new ListShardsCommand({ StreamName: 'resharded' }));
    await t.kinesis.send(
      new SplitShardCommand({
        StreamName: 'resharded',
        ShardToSplit: Shards[0]!.ShardId!,
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    const after = updates(8, 5).map((u) => ({ ...u, n: u.n + 5 }));
    await put('resharded', after);
    await eventually(async () => (seen('sink').length >= before.length + after.length ? true : undefined), 15_000);
    expect(inOrder(seen('sink'))).toBe(true);
    expect(new Set(seen('sink').map((u) => `${u.key}/${u.n}`)).size).toBe(before.length + after.length);
    await t.pipes.send(new StopPipeCommand({ Name: 'resharded' }));
    t.batches.get('sink')!.length = 0;
  });
});

describe('a restart', () => {
  it('resumes a Kinesis pipe from its checkpoints: nothing lost, nothing read twice', async () => {
    const arn = await stream('restarted', 2);
    await pipe({
      Name: 'restarted',
      Source: arn,
      Target: t.arn.fn('restart'),
      SourceParameters: { KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
    });
    const first = updates(5, 4);
    await put('restarted', first);
    await eventually(async () => (seen('restart').length === first.length ? true : undefined));
    await sleep(100);
    await t.close();
    t = await startPipesBaton(recorders, { dataDir });
    const second = updates(5, 4).map((u) => ({ ...u, n: u.n + 4 }));
    await put('restarted', second);
    await eventually(async () => (seen('restart').length === second.length ? true : undefined));
    await sleep(300);
    expect(
      seen('restart')
        .map((u) => `${u.key}/${u.n}`)
        .sort(),
    ).toEqual(second.map((u) => `${u.key}/${u.n}`).sort());
    expect(inOrder(seen('restart'))).toBe(true);
  });
});
