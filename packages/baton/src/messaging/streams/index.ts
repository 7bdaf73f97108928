/**
 * @module messaging/streams
 * Streams with Kinesis Data Streams' semantics: shards owning ranges of the 128-bit hash-key
 * space, records routed by the MD5 of their partition key, strictly increasing AWS-shaped
 * sequence numbers per shard, iterators that expire after 5 minutes, resharding that closes
 * parents and opens children, retention, registered consumers, and Baton's consumer groups
 * (leases and checkpoints, served by the native API). Each shard is a partition of a durable log
 * (messaging/log, store LogStore); records are group-committed. Imports the store port, the log
 * and the kernel; errors are StreamErrors, which the API layer encodes. Entry point:
 * `StreamService`.
 *
 * @example
 * const streams = new StreamService({ store, clock });
 * const ref = { region: 'us-east-1', account: '123456789012', name: 'rides' };
 * await streams.createStream(ref, { shardCount: 4, mode: 'PROVISIONED', tags: {} });
 * const [r] = await streams.records.put(ref, [{ partitionKey: 'rider-7', data: bytes }]);
 */

export {
  ConsumerGroups,
  DEFAULT_LEASE_MS,
  GroupError,
  type HeartbeatAnswer,
  type HeartbeatRequest,
} from './coordination.js';
export { amzDate, StreamError, type StreamErrorCode, streamErrors } from './errors.js';
export { type Assignment, type GroupShard, heartbeat, type StartPosition } from './groups.js';
export { HASH_KEY_SPACE, hashKeyOf, MAX_HASH_KEY, uniformRanges } from './hash-keys.js';
export { decodeIterator, encodeIterator, ITERATOR_TTL_MS, type ShardIterator } from './iterators.js';
export {
  consumerArn,
  parseConsumerArn,
  parseStreamArn,
  STREAM_NAME,
  type StreamLocation,
  type StreamRef,
  shardIdOf,
  shardIndexOf,
  streamArn,
} from './names.js';
export {
  type IteratorType,
  type PutEntry,
  type PutResult,
  type RecordsPage,
  type StreamRecordOut,
  sequenceOf,
  sequenceRange,
} from './records.js';
export { coversSpace, openShards, scaleUniformly } from './resharding.js';
export { decodeSequence, encodeSequence, MAX_POSITION } from './sequence-numbers.js';
export { type CreateStreamInput, ON_DEMAND_SHARDS, StreamService, type StreamServiceOptions } from './service.js';
export { SHARD_LIMITS } from './throughput.js';
