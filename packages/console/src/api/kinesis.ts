/**
 * A small typed client for the Kinesis Data Streams API (AWS JSON 1.1, `X-Amz-Target:
 * Kinesis_20131202.*`): streams and their summaries, shards, registered consumers, and reading a
 * shard (GetShardIterator, GetRecords). Member names are AWS's; timestamps are epoch seconds and
 * record data is base64, as the JSON protocol carries them.
 */
import { allPages, awsJson, page } from './http.js';
import type { EpochSeconds } from './sfn.js';

const call = awsJson('Kinesis_20131202', '1.1');

export type StreamStatus = 'CREATING' | 'DELETING' | 'ACTIVE' | 'UPDATING';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

/** DescribeStreamSummary's StreamDescriptionSummary. */
export interface StreamSummary {
  readonly StreamName: string;
  readonly StreamARN: string;
  readonly StreamStatus: StreamStatus;
  readonly StreamModeDetails?: { readonly StreamMode: StreamMode };
  readonly RetentionPeriodHours: number;
  readonly StreamCreationTimestamp: EpochSeconds;
  readonly OpenShardCount: number;
  readonly ConsumerCount?: number;
  readonly EncryptionType?: 'NONE' | 'KMS';
}

export interface Shard {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly AdjacentParentShardId?: string;
  readonly HashKeyRange: { readonly StartingHashKey: string; readonly EndingHashKey: string };
  /** A closed shard (split or merged away) has an EndingSequenceNumber. */
  readonly SequenceNumberRange: { readonly StartingSequenceNumber: string; readonly EndingSequenceNumber?: string };
}

export interface Consumer {
  readonly ConsumerName: string;
  readonly ConsumerARN: string;
  readonly ConsumerStatus: 'CREATING' | 'DELETING' | 'ACTIVE';
  readonly ConsumerCreationTimestamp: EpochSeconds;
}

export interface StreamRecord {
  readonly SequenceNumber: string;
  readonly ApproximateArrivalTimestamp?: EpochSeconds;
  /** Base64. */
  readonly Data: string;
  readonly PartitionKey: string;
}

/** Where a shard iterator starts: the oldest record kept, or the first record at or after a time. */
export type IteratorStart =
  | { readonly type: 'TRIM_HORIZON' }
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: EpochSeconds };

export interface RecordsPage {
  readonly records: StreamRecord[];
  /** Absent once a closed shard has been read to its end. */
  readonly nextShardIterator?: string;
  /** 0 when the read reached the newest record of the shard. */
  readonly millisBehindLatest: number;
}

const token = (nextToken?: string) => (nextToken ? { NextToken: nextToken } : {});

export const kinesis = {
  /** Every stream's name and ARN (ListStreams' StreamSummaries). */
  streams: () =>
    allPages(async (nextToken) => {
      const out = await call<{
        StreamSummaries?: { StreamName: string; StreamARN: string }[];
        NextToken?: string;
        HasMoreStreams?: boolean;
      }>('ListStreams', { Limit: 100, ...token(nextToken) });
      return page(out.StreamSummaries, out.HasMoreStreams ? out.NextToken : undefined);
    }),

  async summary(streamArn: string): Promise<StreamSummary> {
    const out = await call<{ StreamDescriptionSummary: StreamSummary }>('DescribeStreamSummary', {
      StreamARN: streamArn,
    });
    return out.StreamDescriptionSummary;
  },

  /** Every stream with its summary (shard count, retention, mode). */
  async summaries(): Promise<StreamSummary[]> {
    const streams = await kinesis.streams();
    return Promise.all(streams.map((s) => kinesis.summary(s.StreamARN)));
  },

  /** Every shard the stream still lists: open ones, and closed ones within the retention period. */
  shards: (streamArn: string) =>
    allPages(async (nextToken) => {
      // A ListShards page after the first names the stream only through its NextToken.
      const out = await call<{ Shards?: Shard[]; NextToken?: string }>(
        'ListShards',
        nextToken ? { NextToken: nextToken } : { StreamARN: streamArn, MaxResults: 1000 },
      );
      return page(out.Shards, out.NextToken);
    }),

  consumers: (streamArn: string) =>
    allPages(async (nextToken) => {
      const out = await call<{ Consumers?: Consumer[]; NextToken?: string }>('ListStreamConsumers', {
        StreamARN: streamArn,
        MaxResults: 100,
        ...token(nextToken),
      });
      return page(out.Consumers, out.NextToken);
    }),

  async shardIterator(streamArn: string, shardId: string, start: IteratorStart): Promise<string> {
    const out = await call<{ ShardIterator: string }>('GetShardIterator', {
      StreamARN: streamArn,
      ShardId: shardId,
      ShardIteratorType: start.type,
      ...(start.type === 'AT_TIMESTAMP' ? { Timestamp: start.timestamp } : {}),
    });
    return out.ShardIterator;
  },

  /** One GetRecords call: at most `limit` records from the iterator on. */
  async records(streamArn: string, shardIterator: string, limit: number): Promise<RecordsPage> {
    const out = await call<{ Records?: StreamRecord[]; NextShardIterator?: string; MillisBehindLatest?: number }>(
      'GetRecords',
      { StreamARN: streamArn, ShardIterator: shardIterator, Limit: limit },
    );
    return {
      records: out.Records ?? [],
      ...(out.NextShardIterator ? { nextShardIterator: out.NextShardIterator } : {}),
      millisBehindLatest: out.MillisBehindLatest ?? 0,
    };
  },
};
