import { describe, expect, it } from 'vitest';
import type { Shard } from '../api/kinesis.js';
import { hashKeyShare, shardRows } from './shards.js';

const MAX = (2n ** 128n - 1n).toString();
const HALF = (2n ** 127n).toString();
const THIRD = (2n ** 128n / 3n).toString();

const shard = (id: string, start: string, end: string, more: Partial<Shard> = {}): Shard => ({
  ShardId: id,
  HashKeyRange: { StartingHashKey: start, EndingHashKey: end },
  SequenceNumberRange: { StartingSequenceNumber: '1' },
  ...more,
});

describe('hashKeyShare', () => {
  it('shows a range as percentages of the 128-bit key space, the ending key inclusive', () => {
    expect(hashKeyShare({ StartingHashKey: '0', EndingHashKey: MAX })).toBe('0–100%');
    expect(hashKeyShare({ StartingHashKey: '0', EndingHashKey: (2n ** 127n - 1n).toString() })).toBe('0–50%');
    expect(hashKeyShare({ StartingHashKey: HALF, EndingHashKey: MAX })).toBe('50–100%');
    expect(hashKeyShare({ StartingHashKey: THIRD, EndingHashKey: MAX })).toBe('33.3–100%');
    expect(hashKeyShare({ StartingHashKey: 'x', EndingHashKey: MAX })).toBe('?–100%');
  });
});

describe('shardRows', () => {
  it('puts open shards first, with their parents, and names a closed shard’s children', () => {
    const closed = { StartingSequenceNumber: '1', EndingSequenceNumber: '9' };
    const rows = shardRows([
      shard('shardId-000000000000', '0', MAX, { SequenceNumberRange: closed }),
      shard('shardId-000000000002', HALF, MAX, { ParentShardId: 'shardId-000000000000' }),
      shard('shardId-000000000001', '0', (2n ** 127n - 1n).toString(), { ParentShardId: 'shardId-000000000000' }),
      shard('shardId-000000000003', '0', MAX, {
        ParentShardId: 'shardId-000000000001',
        AdjacentParentShardId: 'shardId-000000000002',
      }),
    ]);
    expect(rows.map((r) => [r.shard.ShardId, r.open, r.parents, r.children, r.share])).toEqual([
      ['shardId-000000000001', true, ['shardId-000000000000'], ['shardId-000000000003'], '0–50%'],
      ['shardId-000000000002', true, ['shardId-000000000000'], ['shardId-000000000003'], '50–100%'],
      ['shardId-000000000003', true, ['shardId-000000000001', 'shardId-000000000002'], [], '0–100%'],
      ['shardId-000000000000', false, [], ['shardId-000000000001', 'shardId-000000000002'], '0–100%'],
    ]);
  });
});
