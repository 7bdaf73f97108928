/**
 * Stream operations: CreateStream, DescribeStream, DescribeStreamSummary, ListStreams,
 * DeleteStream, ListShards, the retention periods, UpdateShardCount, SplitShard, MergeShards and
 * DescribeLimits, shaped as the Kinesis API reference returns them.
 */
import type { JsonObject } from '../../../kernel/index.js';
import {
  openShards,
  parseStreamArn,
  type StreamService,
  sequenceRange,
  shardIndexOf,
  streamErrors,
} from '../../../messaging/streams/index.js';
import type { StreamRecord, StreamShardRecord } from '../../../store/port.js';
import type { Operation } from '../json-protocol.js';
import { HASH_KEY_RULE, Members, readStream, SHARD_ID_RULE, seconds, streamOf } from './input.js';

export function shardOutput(shard: StreamShardRecord): JsonObject {
  const range = sequenceRange(shard);
  return {
    ShardId: shard.shardId,
    ...(shard.parentShardId !== undefined ? { ParentShardId: shard.parentShardId } : {}),
    ...(shard.adjacentParentShardId !== undefined ? { AdjacentParentShardId: shard.adjacentParentShardId } : {}),
    HashKeyRange: { StartingHashKey: shard.startingHashKey, EndingHashKey: shard.endingHashKey },
    SequenceNumberRange: {
      StartingSequenceNumber: range.starting,
      ...(range.ending !== undefined ? { EndingSequenceNumber: range.ending } : {}),
    },
  };
}

function common(record: StreamRecord): JsonObject {
  return {
    StreamName: record.name,
    StreamARN: record.arn,
    StreamStatus: record.status,
    StreamModeDetails: { StreamMode: record.mode },
    RetentionPeriodHours: record.retentionHours,
    StreamCreationTimestamp: seconds(record.createdAt),
    EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
    EncryptionType: 'NONE',
  };
}

/** Shards sorted by id after an exclusive start id, for DescribeStream and ListShards pages. */
function shardsAfter(shards: readonly StreamShardRecord[], after: string | undefined): StreamShardRecord[] {
  const from = after === undefined ? -1 : (shardIndexOf(after) ?? -1);
  return [...shards].sort((a, b) => a.partition - b.partition).filter((s) => s.partition > from);
}

const SHARD_FILTERS = [
  'AFTER_SHARD_ID',
  'AT_TRIM_HORIZON',
  'FROM_TRIM_HORIZON',
  'AT_LATEST',
  'AT_TIMESTAMP',
  'FROM_TIMESTAMP',
];

export function streamOperations(streams: StreamService): Record<string, Operation> {
  return {
    async CreateStream(input, ctx) {
      const m = new Members(input);
      const name = m.string('StreamName', {
        required: true,
        min: 1,
        max: 128,
        pattern: /^[a-zA-Z0-9_.-]+$/,
        patternText: '[a-zA-Z0-9_.-]+',
      });
      const shardCount = m.integer('ShardCount', { min: 1 });
      const mode = m.object('StreamModeDetails');
      const modeMembers = new Members(mode ?? {}, 'streamModeDetails.');
      const streamMode = modeMembers.string('StreamMode', {
        required: mode !== undefined,
        values: ['PROVISIONED', 'ON_DEMAND'],
      });
      m.adopt(modeMembers);
      const tags = m.map('Tags', { min: 1, max: 50 });
      m.done();
      await streams.createStream(
        { region: ctx.region, account: ctx.account, name },
        {
          ...(shardCount !== undefined ? { shardCount } : {}),
          mode: (streamMode ?? 'PROVISIONED') as 'PROVISIONED',
          tags: tags ?? {},
        },
      );
      return {};
    },

    async DescribeStream(input, ctx) {
      const m = new Members(input);
      const limit = m.integer('Limit', { min: 1, max: 10000 }) ?? 100;
      const after = m.string('ExclusiveStartShardId', SHARD_ID_RULE);
      const ref = streamOf(m, ctx);
      m.done();
      const record = await streams.describe(ref());
      const shards = shardsAfter(streams.visibleShards(record), after);
      return {
        StreamDescription: {
          ...common(record),
          Shards: shards.slice(0, limit).map(shardOutput),
          HasMoreShards: shards.length > limit,
        },
      };
    },

    async DescribeStreamSummary(input, ctx) {
      const record = await streams.describe(readStream(input, ctx));
      return {
        StreamDescriptionSummary: {
          ...common(record),
          OpenShardCount: openShards(record.shards).length,
          ConsumerCount: record.consumers.length,
        },
      };
    },

    async ListStreams(input, ctx) {
      const m = new Members(input);
      const limit = m.integer('Limit', { min: 1, max: 10000 }) ?? 100;
      const start = m.string('ExclusiveStartStreamName', { min: 1, max: 128 });
      const token = m.string('NextToken', { min: 1, max: 1048576 });
      m.done();
      let after = start;
      if (token !== undefined) {
        try {
          after = JSON.parse(Buffer.from(token, 'base64').toString('utf8')).after;
        } catch {
          throw streamErrors.invalidNextToken();
        }
        if (typeof after !== 'string') throw streamErrors.invalidNextToken();
      }
      const page = await streams.list(ctx, { limit, ...(after !== undefined ? { after } : {}) });
      const names = page.items.map((s) => s.name);
      return {
        StreamNames: names,
        HasMoreStreams: page.next !== undefined,
        ...(page.next !== undefined
          ? { NextToken: Buffer.from(JSON.stringify({ after: names[names.length - 1] })).toString('base64') }
          : {}),
        StreamSummaries: page.items.map((s) => ({
          StreamName: s.name,
          StreamARN: s.arn,
          StreamStatus: s.status,
          StreamModeDetails: { StreamMode: s.mode },
          StreamCreationTimestamp: seconds(s.createdAt),
        })),
      };
    },

    async DeleteStream(input, ctx) {
      const m = new Members(input);
      const enforce = m.boolean('EnforceConsumerDeletion') ?? false;
      const ref = streamOf(m, ctx);
      m.done();
      await streams.deleteStream(ref(), enforce);
      return {};
    },

    async ListShards(input, ctx) {
      const m = new Members(input);
      const token = m.string('NextToken', { min: 1, max: 1048576 });
      const after = m.string('ExclusiveStartShardId', SHARD_ID_RULE);
      const limit = m.integer('MaxResults', { min: 1, max: 10000 }) ?? 1000;
      m.timestamp('StreamCreationTimestamp');
      const filter = m.object('ShardFilter');
      const fm = new Members(filter ?? {}, 'shardFilter.');
      const type = fm.string('Type', { required: filter !== undefined, values: SHARD_FILTERS });
      const filterShard = fm.string('ShardId', SHARD_ID_RULE);
      const filterAt = fm.timestamp('Timestamp');
      m.adopt(fm);
      const named = input.StreamName !== undefined || input.StreamARN !== undefined;
      const ref = streamOf(m, ctx);
      m.done();
      let stream = token === undefined ? ref() : undefined;
      let start = after;
      if (token !== undefined) {
        if (named) throw streamErrors.nextTokenWithName();
        const decoded = decodeShardToken(token);
        stream = parseStreamArn(decoded.arn);
        start = decoded.after;
        if (!stream) throw streamErrors.invalidNextToken();
      }
      const record = await streams.describe(stream!);
      let shards = shardsAfter(streams.visibleShards(record), type === 'AFTER_SHARD_ID' ? filterShard : start);
      if (type === 'AT_LATEST') shards = shards.filter((s) => s.closedAt === undefined);
      if ((type === 'AT_TIMESTAMP' || type === 'FROM_TIMESTAMP') && filterAt !== undefined) {
        shards = shards.filter(
          (s) =>
            (s.closedAt === undefined || s.closedAt > filterAt) &&
            (type === 'FROM_TIMESTAMP' || s.createdAt <= filterAt),
        );
      }
      const page = shards.slice(0, limit);
      return {
        Shards: page.map(shardOutput),
        ...(shards.length > limit ? { NextToken: encodeShardToken(record.arn, page[page.length - 1]!.shardId) } : {}),
      };
    },

    async IncreaseStreamRetentionPeriod(input, ctx) {
      const m = new Members(input);
      const hours = m.integer('RetentionPeriodHours', { required: true, min: 1, max: 2147483647 });
      const ref = streamOf(m, ctx);
      m.done();
      await streams.changeRetention(ref(), hours, 'increase');
      return {};
    },

    async DecreaseStreamRetentionPeriod(input, ctx) {
      const m = new Members(input);
      const hours = m.integer('RetentionPeriodHours', { required: true, min: 1, max: 2147483647 });
      const ref = streamOf(m, ctx);
      m.done();
      await streams.changeRetention(ref(), hours, 'decrease');
      return {};
    },

    async UpdateShardCount(input, ctx) {
      const m = new Members(input);
      const target = m.integer('TargetShardCount', { required: true, min: 1, max: 100000 });
      m.string('ScalingType', { required: true, values: ['UNIFORM_SCALING'] });
      const ref = streamOf(m, ctx);
      m.done();
      const stream = ref();
      const out = await streams.updateShardCount(stream, target);
      return {
        StreamName: stream.name,
        StreamARN: out.arn,
        CurrentShardCount: out.current,
        TargetShardCount: out.target,
      };
    },

    async SplitShard(input, ctx) {
      const m = new Members(input);
      const shard = m.string('ShardToSplit', { ...SHARD_ID_RULE, required: true });
      const key = m.string('NewStartingHashKey', { ...HASH_KEY_RULE, required: true });
      const ref = streamOf(m, ctx);
      m.done();
      await streams.splitShard(ref(), shard, key);
      return {};
    },

    async MergeShards(input, ctx) {
      const m = new Members(input);
      const shard = m.string('ShardToMerge', { ...SHARD_ID_RULE, required: true });
      const adjacent = m.string('AdjacentShardToMerge', { ...SHARD_ID_RULE, required: true });
      const ref = streamOf(m, ctx);
      m.done();
      await streams.mergeShards(ref(), shard, adjacent);
      return {};
    },

    async DescribeLimits(_input, ctx) {
      const page = await streams.list(ctx, { limit: 10000 });
      return {
        ShardLimit: 500,
        OpenShardCount: page.items.reduce((n, s) => n + openShards(s.shards).length, 0),
        OnDemandStreamCount: page.items.filter((s) => s.mode === 'ON_DEMAND').length,
        OnDemandStreamCountLimit: 50,
      };
    },
  };
}

/** ListShards' NextToken: the stream and the last shard served, valid for 300 seconds as on AWS. */
function encodeShardToken(arn: string, after: string): string {
  return Buffer.from(JSON.stringify({ arn, after, at: Date.now() })).toString('base64');
}

function decodeShardToken(token: string): { arn: string; after: string } {
  let decoded: { arn?: unknown; after?: unknown; at?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw streamErrors.invalidNextToken();
  }
  if (typeof decoded.arn !== 'string' || typeof decoded.after !== 'string' || typeof decoded.at !== 'number') {
    throw streamErrors.invalidNextToken();
  }
  if (Date.now() - decoded.at > 300_000) throw streamErrors.expiredNextToken(token);
  return { arn: decoded.arn, after: decoded.after };
}
