/**
 * The storage port for logs and streams (re-exported by port.ts; kept in its own file because
 * port.ts is long already). Two layers:
 *
 * - **LogStore**: the primitive. A log is durable, append-only and partitioned: each partition
 *   numbers its records 1, 2, 3, … (`seq`, dense: records only leave by trimming a prefix),
 *   stamps them with a non-decreasing arrival time, and can be sealed (no more appends). Streams
 *   keep one partition per shard; the event bus's archives can keep one log per archive and
 *   replay it from a position or an instant; a pipe reads a log from a checkpointed seq.
 * - **StreamStore**: what is specific to Kinesis streams (the stream record with its shards,
 *   consumers and scaling history) and consumer-group coordination (members, shard leases,
 *   checkpoints). It shares the log's tables so resharding seals and opens partitions in the
 *   transaction that changes the shards.
 *
 * Contracts are pinned by store/contract/streams.ts, which both adapters pass.
 */
import type { Instant } from '../kernel/index.js';
import type { Page, PageRequest } from './port.js';

// ---------------------------------------------------------------------------------------------
// The log
// ---------------------------------------------------------------------------------------------

export interface LogRecordInput {
  /** What the writer keys the record by (a stream's partition key, an event's id); not unique. */
  readonly key: string;
  readonly data: Uint8Array;
}

/** Records to append to one partition, in order. */
export interface LogAppend {
  readonly log: number;
  readonly partition: number;
  readonly records: readonly LogRecordInput[];
  /** The writer's clock; the records' arrival time is max(now, the partition's last arrival). */
  readonly now: Instant;
}

export type LogAppendOutcome =
  /** The records got seqs firstSeq, firstSeq + 1, … and arrival time `at`. */
  | { readonly kind: 'appended'; readonly firstSeq: number; readonly at: Instant }
  /** The partition is sealed (a resharded stream closed it): nothing appended. */
  | { readonly kind: 'sealed' }
  /** No such log or partition (deleted meanwhile): nothing appended. */
  | { readonly kind: 'noPartition' };

export interface LogRecord {
  readonly seq: number;
  readonly at: Instant;
  readonly key: string;
  readonly data: Uint8Array;
}

export interface LogRead {
  readonly log: number;
  readonly partition: number;
  /** The first seq wanted (inclusive). */
  readonly from: number;
  readonly limit: number;
  /** Stop once the records read reach this many bytes of data and keys (at least one is returned). */
  readonly maxBytes: number;
  /** Records that arrived before this instant are past retention: skipped. */
  readonly notBefore: Instant;
}

export interface LogPartitionState {
  readonly partition: number;
  /** The seq the next append will get (1 for an empty partition). */
  readonly nextSeq: number;
  /** The arrival time of the latest append (0 for none). */
  readonly lastAt: Instant;
  readonly sealed: boolean;
}

export interface LogStore {
  /** Contract: creates a log with these (empty, open) partitions; returns its id (never reused). */
  create(name: string, partitions: readonly number[]): Promise<number>;
  /** Contract: adds empty, open partitions (existing ones are left alone). */
  extend(log: number, partitions: readonly number[]): Promise<void>;
  /** Contract: seals partitions: later appends to them report 'sealed'. */
  seal(log: number, partitions: readonly number[]): Promise<void>;
  /**
   * Contract: appends each batch to its partition, all in one transaction (one fsync for a group
   * commit); one outcome per batch, in order. Within a partition, seqs follow the order of the
   * batches and of the records in them; a reader never sees seq n+1 before n (PostgreSQL: the
   * partition's row lock orders concurrent appends and their commits).
   */
  append(appends: readonly LogAppend[]): Promise<LogAppendOutcome[]>;
  /** Records of one partition from `from` on, in seq order, within the limits (see LogRead). */
  read(request: LogRead): Promise<LogRecord[]>;
  partition(log: number, partition: number): Promise<LogPartitionState | undefined>;
  /** The seq of the first retained record that arrived at or after `at` (nextSeq when none did). */
  seqAt(log: number, partition: number, at: Instant): Promise<number>;
  /** Contract: deletes the records that arrived before `before`; returns how many. */
  trim(log: number, partition: number, before: Instant): Promise<number>;
  /** Contract: deletes the log, its partitions and records. */
  drop(log: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Streams (Kinesis Data Streams)
// ---------------------------------------------------------------------------------------------

export type StreamStatus = 'CREATING' | 'DELETING' | 'ACTIVE' | 'UPDATING';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface StreamShardRecord {
  readonly shardId: string;
  /** The shard's partition in the stream's log (the number in its id). */
  readonly partition: number;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  /** Decimal, inclusive. */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly createdAt: Instant;
  /** When a split or merge closed it (its partition is sealed). */
  readonly closedAt?: Instant;
}

export interface StreamConsumerRecord {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: Instant;
}

export interface StreamRecord {
  /** `arn:aws:kinesis:<region>:<account>:stream/<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  readonly status: StreamStatus;
  readonly mode: StreamMode;
  readonly retentionHours: number;
  readonly createdAt: Instant;
  /** Every shard the stream has had, open and closed, by partition. */
  readonly shards: readonly StreamShardRecord[];
  readonly consumers: readonly StreamConsumerRecord[];
  /** When UpdateShardCount ran: AWS allows a bounded number per rolling 24 hours. */
  readonly scalings: readonly Instant[];
  /** The stream's log (one partition per shard). */
  readonly logId: number;
  /** Bumped by every update: the optimistic concurrency check. */
  readonly version: number;
}

export type NewStream = Omit<StreamRecord, 'logId' | 'version'>;

/** Partitions a stream update seals (closed shards) and opens (new shards), with the record. */
export interface StreamPartitionChange {
  readonly seal: readonly number[];
  readonly open: readonly number[];
}

export interface GroupKey {
  readonly streamArn: string;
  readonly group: string;
}

export interface GroupMember {
  readonly id: string;
  /** The member is gone (its leases void) once this passes without a heartbeat. */
  readonly expiresAt: Instant;
}

export interface ShardLease {
  readonly shardId: string;
  readonly owner?: string;
  readonly leaseUntil: Instant;
  /** The sequence number of the last record processed: the group resumes after it. */
  readonly checkpoint?: string;
  /** The shard is closed and every record of it processed: its children may start. */
  readonly finished: boolean;
}

export interface GroupState {
  readonly members: readonly GroupMember[];
  readonly leases: readonly ShardLease[];
}

export interface CheckpointRequest {
  readonly key: GroupKey;
  readonly shardId: string;
  readonly member: string;
  readonly now: Instant;
  readonly checkpoint: string;
  readonly finished: boolean;
}

export interface StreamStore {
  /** Contract: inserts the record with a new log holding one partition per shard; 'alreadyExists' changes nothing. */
  create(
    stream: NewStream,
  ): Promise<{ kind: 'created'; record: StreamRecord } | { kind: 'alreadyExists'; existing: StreamRecord }>;
  get(arn: string): Promise<StreamRecord | undefined>;
  /** Ordered by ARN; only those whose ARN starts with `arnPrefix`. */
  list(arnPrefix: string, page: PageRequest): Promise<Page<StreamRecord>>;
  /**
   * Contract: replaces the record if its stored version is still `record.version` (stored as
   * version + 1), sealing and opening the given partitions in the same transaction; 'conflict'
   * changes nothing.
   */
  update(record: StreamRecord, partitions?: StreamPartitionChange): Promise<'updated' | 'conflict'>;
  /** Contract: removes the record, its log and its consumer groups; false when there was none. */
  delete(arn: string): Promise<boolean>;

  /**
   * Contract: atomically reads the group's state (empty for a new group), applies `decide` (a
   * pure, synchronous function) and stores members, lease owners and lease ends as it returns
   * them. Checkpoints and `finished` only change through `checkpoint`, except on leases the
   * group had no row for (their initial checkpoint is stored). Concurrent calls for one group
   * are serialized, with each other and with `checkpoint`.
   */
  coordinate(key: GroupKey, decide: (state: GroupState) => GroupState): Promise<GroupState>;
  /**
   * Contract: stores each checkpoint (and `finished`) of a shard only while its member holds the
   * shard's lease and the lease has not ended at `now`; 'leaseLost' changes nothing. All in one
   * transaction (one fsync for a group of checkpoints); one outcome per request, in order.
   */
  checkpoint(requests: readonly CheckpointRequest[]): Promise<('stored' | 'leaseLost')[]>;
  group(key: GroupKey): Promise<GroupState | undefined>;
  /** The names of a stream's consumer groups, ordered. */
  groups(streamArn: string): Promise<string[]>;
  deleteGroup(key: GroupKey): Promise<void>;
}
