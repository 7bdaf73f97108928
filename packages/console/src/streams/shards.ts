/**
 * Shards as the console lists them: open or closed (a closed shard was split or merged away and
 * keeps its records until they expire), its parents, and its hash key range as a share of the
 * 128-bit key space, which says more at a glance than two 39-digit numbers.
 */
import type { Shard } from '../api/kinesis.js';

export interface ShardRow {
  readonly shard: Shard;
  readonly open: boolean;
  /** ParentShardId and AdjacentParentShardId, when the shard came from a split or a merge. */
  readonly parents: readonly string[];
  /** The children of a closed shard (the shards naming it as a parent). */
  readonly children: readonly string[];
  /** The range as percentages of the key space: `0–50%`. */
  readonly share: string;
}

const KEY_SPACE = 2n ** 128n;

/** A hash key as a percentage of the key space, to one decimal when that is needed. */
function percent(key: string, end: boolean): string {
  let n: bigint;
  try {
    n = BigInt(key);
  } catch {
    return '?';
  }
  // An ending key is inclusive: 2^128 − 1 is the end of the whole space, 100%.
  const tenths = Number(((end ? n + 1n : n) * 1000n) / KEY_SPACE);
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

export function hashKeyShare(range: Shard['HashKeyRange']): string {
  return `${percent(range.StartingHashKey, false)}–${percent(range.EndingHashKey, true)}%`;
}

/** Open shards first, each group by shard id. */
export function shardRows(shards: readonly Shard[]): ShardRow[] {
  const children = new Map<string, string[]>();
  for (const s of shards) {
    for (const parent of [s.ParentShardId, s.AdjacentParentShardId]) {
      if (parent) children.set(parent, [...(children.get(parent) ?? []), s.ShardId]);
    }
  }
  return shards
    .map((shard) => ({
      shard,
      open: shard.SequenceNumberRange.EndingSequenceNumber === undefined,
      parents: [shard.ParentShardId, shard.AdjacentParentShardId].filter((p): p is string => Boolean(p)),
      children: (children.get(shard.ShardId) ?? []).sort(),
      share: hashKeyShare(shard.HashKeyRange),
    }))
    .sort((a, b) => Number(b.open) - Number(a.open) || a.shard.ShardId.localeCompare(b.shard.ShardId));
}
