/**
 * Resharding, as pure functions of a stream's shards: SplitShard, MergeShards and
 * UpdateShardCount's UNIFORM_SCALING. A change closes shards (their log partitions are sealed,
 * so no record lands in a shard after it closed) and opens children that name their parents
 * (ParentShardId, and AdjacentParentShardId for a merge); readers finish parents before
 * children, which keeps per-key order across resharding.
 *
 * UpdateShardCount is a sequence of splits and merges, as on AWS ("performs splits or merges on
 * individual shards. This can cause short-lived shards to be created"): first every open shard
 * that straddles a boundary of the target layout is split at it, then the pieces of each target
 * range are merged left to right. Each step keeps Kinesis's invariant that a shard has at most
 * two parents (a direct re-layout from 5 shards to 3 would give one child three). The
 * short-lived shards are closed in the same change, so they never receive a record.
 */
import type { StreamShardRecord } from '../../store/port.js';
import { MAX_HASH_KEY, uniformRanges } from './hash-keys.js';
import { shardIdOf } from './names.js';

export interface Reshard {
  /** Every shard of the stream after the change (closed ones included). */
  readonly shards: StreamShardRecord[];
  readonly seal: number[];
  readonly open: number[];
}

/** Builds a change step by step: each split or merge closes shards and opens children. */
class Plan {
  readonly shards: StreamShardRecord[];
  readonly seal: number[] = [];
  readonly open: number[] = [];
  private next: number;

  constructor(
    shards: readonly StreamShardRecord[],
    private readonly now: number,
  ) {
    this.shards = [...shards];
    this.next = shards.reduce((max, s) => Math.max(max, s.partition + 1), 0);
  }

  private close(shard: StreamShardRecord): void {
    const i = this.shards.findIndex((s) => s.partition === shard.partition);
    this.shards[i] = { ...shard, closedAt: this.now };
    // A shard opened by this plan and closed again is both: sealed right after it is created.
    this.seal.push(shard.partition);
  }

  private add(fields: Omit<StreamShardRecord, 'shardId' | 'partition' | 'createdAt'>): StreamShardRecord {
    const partition = this.next++;
    const shard: StreamShardRecord = { shardId: shardIdOf(partition), partition, createdAt: this.now, ...fields };
    this.shards.push(shard);
    this.open.push(partition);
    return shard;
  }

  split(shard: StreamShardRecord, newStartingHashKey: bigint): [StreamShardRecord, StreamShardRecord] {
    this.close(shard);
    return [
      this.add({
        parentShardId: shard.shardId,
        startingHashKey: shard.startingHashKey,
        endingHashKey: (newStartingHashKey - 1n).toString(),
      }),
      this.add({
        parentShardId: shard.shardId,
        startingHashKey: newStartingHashKey.toString(),
        endingHashKey: shard.endingHashKey,
      }),
    ];
  }

  merge(shard: StreamShardRecord, adjacent: StreamShardRecord): StreamShardRecord {
    const [low, high] =
      BigInt(shard.startingHashKey) < BigInt(adjacent.startingHashKey) ? [shard, adjacent] : [adjacent, shard];
    this.close(shard);
    this.close(adjacent);
    return this.add({
      parentShardId: shard.shardId,
      adjacentParentShardId: adjacent.shardId,
      startingHashKey: low.startingHashKey,
      endingHashKey: high.endingHashKey,
    });
  }

  result(): Reshard {
    return { shards: this.shards, seal: this.seal, open: this.open };
  }
}

export const openShards = (shards: readonly StreamShardRecord[]) =>
  shards
    .filter((s) => s.closedAt === undefined)
    .sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));

/** Whether SplitShard may split `shard` at `key`: strictly inside, leaving both children non-empty. */
export function splitKeyValid(shard: StreamShardRecord, key: bigint): boolean {
  return key > BigInt(shard.startingHashKey) + 1n && key < BigInt(shard.endingHashKey);
}

export function splitShard(
  shards: readonly StreamShardRecord[],
  shard: StreamShardRecord,
  newStartingHashKey: bigint,
  now: number,
): Reshard {
  const plan = new Plan(shards, now);
  plan.split(shard, newStartingHashKey);
  return plan.result();
}

/** Adjacent: their hash-key ranges meet with no gap, in either order. */
export function adjacent(a: StreamShardRecord, b: StreamShardRecord): boolean {
  return (
    BigInt(a.endingHashKey) + 1n === BigInt(b.startingHashKey) ||
    BigInt(b.endingHashKey) + 1n === BigInt(a.startingHashKey)
  );
}

export function mergeShards(
  shards: readonly StreamShardRecord[],
  shard: StreamShardRecord,
  adjacentShard: StreamShardRecord,
  now: number,
): Reshard {
  const plan = new Plan(shards, now);
  plan.merge(shard, adjacentShard);
  return plan.result();
}

/** UNIFORM_SCALING to `target` open shards of equal width (see the module comment). */
export function scaleUniformly(shards: readonly StreamShardRecord[], target: number, now: number): Reshard {
  const plan = new Plan(shards, now);
  const ranges = uniformRanges(target).map((r) => ({ start: BigInt(r.startingHashKey), end: BigInt(r.endingHashKey) }));
  const boundaries = ranges.slice(1).map((r) => r.start);
  // 1. Split open shards at every target boundary strictly inside them.
  let pieces: StreamShardRecord[] = [];
  for (const shard of openShards(shards)) {
    let current = shard;
    for (const b of boundaries) {
      if (b > BigInt(current.startingHashKey) && b <= BigInt(current.endingHashKey)) {
        const [low, high] = plan.split(current, b);
        pieces.push(low);
        current = high;
      }
    }
    pieces.push(current);
  }
  // 2. Merge the pieces of each target range, left to right.
  for (const range of ranges) {
    const inside = pieces.filter(
      (p) => BigInt(p.startingHashKey) >= range.start && BigInt(p.endingHashKey) <= range.end,
    );
    let merged = inside[0]!;
    for (const piece of inside.slice(1)) merged = plan.merge(merged, piece);
    pieces = pieces.filter((p) => !inside.includes(p));
    pieces.push(merged);
  }
  return plan.result();
}

/** True when the open shards cover the whole hash-key space without gap or overlap (a test invariant). */
export function coversSpace(shards: readonly StreamShardRecord[]): boolean {
  let expected = 0n;
  for (const s of openShards(shards)) {
    if (BigInt(s.startingHashKey) !== expected) return false;
    expected = BigInt(s.endingHashKey) + 1n;
  }
  return expected === MAX_HASH_KEY + 1n;
}
