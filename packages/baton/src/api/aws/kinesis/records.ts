/**
 * Record operations: PutRecord, PutRecords (per-record results and failures), GetShardIterator
 * and GetRecords, with the API reference's limits: partition keys of 1 to 256 characters, data
 * up to 1 MiB per record, 1 to 500 records and 5 MiB (data and partition keys) per PutRecords,
 * 1 to 10,000 records per GetRecords.
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import {
  type IteratorType,
  type PutEntry,
  type StreamService,
  streamErrors,
} from '../../../messaging/streams/index.js';
import { AwsError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import { HASH_KEY_RULE, Members, SEQUENCE_RULE, SHARD_ID_RULE, seconds, streamOf } from './input.js';
import { shardOutput } from './streams.js';

const MAX_DATA = 1024 * 1024;
const MAX_REQUEST = 5 * 1024 * 1024;
const KEY_RULE = { required: true as const, min: 1, max: 256 };
const ITERATOR_TYPES: IteratorType[] = [
  'AT_SEQUENCE_NUMBER',
  'AFTER_SEQUENCE_NUMBER',
  'TRIM_HORIZON',
  'LATEST',
  'AT_TIMESTAMP',
];

function entryOf(m: Members): PutEntry {
  const partitionKey = m.string('PartitionKey', KEY_RULE);
  const data = m.blob('Data', MAX_DATA);
  const explicitHashKey = m.string('ExplicitHashKey', HASH_KEY_RULE);
  return { partitionKey, data, ...(explicitHashKey !== undefined ? { explicitHashKey } : {}) };
}

export function recordOperations(streams: StreamService): Record<string, Operation> {
  return {
    async PutRecord(input, ctx) {
      const m = new Members(input);
      const entry = entryOf(m);
      const ordering = m.string('SequenceNumberForOrdering', SEQUENCE_RULE);
      const ref = streamOf(m, ctx);
      m.done();
      const stream = ref();
      // Order per shard is always strict here, so SequenceNumberForOrdering only has to be well-formed.
      if (ordering !== undefined && !/^[1-9]\d{55}$/.test(ordering) && ordering !== '0') {
        throw streamErrors.invalidOrderingSequence(ordering, stream.name, stream.account);
      }
      const [result] = await streams.records.put(stream, [entry]);
      if ('error' in result!) throw result.error;
      return { ShardId: result.shardId, SequenceNumber: result.sequenceNumber, EncryptionType: 'NONE' };
    },

    async PutRecords(input, ctx) {
      const m = new Members(input);
      const list = m.list('Records', { required: true, min: 1, max: 500 }) ?? [];
      const entries: PutEntry[] = [];
      let bytes = 0;
      list.forEach((item, i) => {
        if (!isJsonObject(item)) throw new AwsError('SerializationException', 'Expected a structure in Records');
        const em = new Members(item as JsonObject, `records.${i + 1}.member.`);
        const entry = entryOf(em);
        m.adopt(em);
        bytes += entry.data.length + Buffer.byteLength(entry.partitionKey);
        entries.push(entry);
      });
      const ref = streamOf(m, ctx);
      m.done();
      if (bytes > MAX_REQUEST) throw streamErrors.requestTooLarge(bytes);
      const results = await streams.records.put(ref(), entries);
      return {
        FailedRecordCount: results.filter((r) => 'error' in r).length,
        Records: results.map(
          (r): JsonObject =>
            'error' in r
              ? { ErrorCode: r.error.code, ErrorMessage: r.error.message }
              : { SequenceNumber: r.sequenceNumber, ShardId: r.shardId },
        ),
        EncryptionType: 'NONE',
      };
    },

    async GetShardIterator(input, ctx) {
      const m = new Members(input);
      const shardId = m.string('ShardId', { ...SHARD_ID_RULE, required: true });
      const type = m.string('ShardIteratorType', { required: true, values: ITERATOR_TYPES });
      const sequenceNumber = m.string('StartingSequenceNumber', SEQUENCE_RULE);
      const timestamp = m.timestamp('Timestamp');
      const ref = streamOf(m, ctx);
      m.done();
      const iterator = await streams.records.shardIterator(ref(), shardId, type as IteratorType, {
        ...(sequenceNumber !== undefined ? { sequenceNumber } : {}),
        ...(timestamp !== undefined ? { timestamp } : {}),
      });
      return { ShardIterator: iterator };
    },

    async GetRecords(input) {
      const m = new Members(input);
      const iterator = m.string('ShardIterator', { required: true, min: 1, max: 512 });
      const limit = m.integer('Limit', { min: 1, max: 10000 }) ?? 10000;
      m.string('StreamARN');
      m.done();
      const page = await streams.records.getRecords(iterator, limit);
      return {
        Records: page.records.map((r) => ({
          SequenceNumber: r.sequenceNumber,
          ApproximateArrivalTimestamp: seconds(r.at),
          Data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('base64'),
          PartitionKey: r.key,
        })),
        ...(page.nextShardIterator !== undefined ? { NextShardIterator: page.nextShardIterator } : {}),
        MillisBehindLatest: page.millisBehindLatest,
        ...(page.childShards
          ? {
              ChildShards: page.childShards.map((c) => {
                const out = shardOutput(c);
                return {
                  ShardId: c.shardId,
                  ParentShards: [c.parentShardId, c.adjacentParentShardId].filter((p) => p !== undefined),
                  HashKeyRange: out.HashKeyRange!,
                };
              }),
            }
          : {}),
      };
    },
  };
}
