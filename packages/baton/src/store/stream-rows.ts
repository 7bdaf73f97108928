/**
 * The rows both SQL adapters read log partitions and shard leases from, and how they become
 * records: one mapping, so the adapters cannot drift apart. They differ only in how a flag comes
 * back: SQLite keeps it as 0 or 1, PostgreSQL as a boolean.
 */
import type { LogPartitionState, ShardLease } from './port.js';

type Flag = number | boolean;

export interface PartitionRow {
  next_seq: number;
  last_at: number;
  sealed: Flag;
}

export interface LeaseRow {
  shard_id: string;
  owner: string | null;
  lease_until: number;
  checkpoint: string | null;
  finished: Flag;
}

export function partitionOf(partition: number, row: PartitionRow): LogPartitionState {
  return { partition, nextSeq: row.next_seq, lastAt: row.last_at, sealed: Boolean(row.sealed) };
}

export function leaseOf(row: LeaseRow): ShardLease {
  return {
    shardId: row.shard_id,
    ...(row.owner !== null ? { owner: row.owner } : {}),
    leaseUntil: row.lease_until,
    ...(row.checkpoint !== null ? { checkpoint: row.checkpoint } : {}),
    finished: Boolean(row.finished),
  };
}
