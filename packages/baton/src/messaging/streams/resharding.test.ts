import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamShardRecord } from '../../store/port.js';
import { uniformRanges } from './hash-keys.js';
import { shardIdOf } from './names.js';
import { coversSpace, mergeShards, openShards, scaleUniformly, splitShard } from './resharding.js';

const initial = (count: number): StreamShardRecord[] =>
  uniformRanges(count).map((r, i) => ({ shardId: shardIdOf(i), partition: i, ...r, createdAt: 0 }));

describe('resharding', () => {
  it('splits a shard into two children naming it, sealing it', () => {
    const shards = initial(1);
    const out = splitShard(shards, shards[0]!, 2n, 10);
    expect(out.seal).toEqual([0]);
    expect(out.open).toEqual([1, 2]);
    expect(out.shards.map((s) => [s.shardId, s.parentShardId, s.startingHashKey, s.endingHashKey, s.closedAt])).toEqual(
      [
        ['shardId-000000000000', undefined, '0', '340282366920938463463374607431768211455', 10],
        ['shardId-000000000001', 'shardId-000000000000', '0', '1', undefined],
        ['shardId-000000000002', 'shardId-000000000000', '2', '340282366920938463463374607431768211455', undefined],
      ],
    );
    expect(coversSpace(out.shards)).toBe(true);
  });

  it('merges adjacent shards into a child with both parents', () => {
    const shards = initial(2);
    const out = mergeShards(shards, shards[1]!, shards[0]!, 10);
    const child = out.shards[2]!;
    expect([child.parentShardId, child.adjacentParentShardId]).toEqual([
      'shardId-000000000001',
      'shardId-000000000000',
    ]);
    expect(openShards(out.shards)).toEqual([child]);
    expect(coversSpace(out.shards)).toBe(true);
  });

  it('scales uniformly to any count from half to double, each shard with at most two parents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 100 }), (count, pick) => {
        const shards = initial(count);
        const lo = Math.ceil(count / 2);
        const target = lo + (pick % (count * 2 - lo + 1));
        const out = scaleUniformly(shards, target, 10);
        const open = openShards(out.shards);
        expect(open).toHaveLength(target);
        expect(open.map((s) => [s.startingHashKey, s.endingHashKey])).toEqual(
          uniformRanges(target).map((r) => [r.startingHashKey, r.endingHashKey]),
        );
        expect(coversSpace(out.shards)).toBe(true);
        // Every shard created names existing parents, and every sealed partition is a closed shard.
        const ids = new Set(out.shards.map((s) => s.shardId));
        for (const s of out.shards.slice(count)) {
          for (const p of [s.parentShardId, s.adjacentParentShardId]) if (p) expect(ids.has(p)).toBe(true);
        }
        for (const p of out.seal) expect(out.shards.find((s) => s.partition === p)?.closedAt).toBe(10);
      }),
    );
  });
});
