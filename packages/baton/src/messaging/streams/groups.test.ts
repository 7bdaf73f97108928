import { describe, expect, it } from 'vitest';
import type { GroupState } from '../../store/port.js';
import { type GroupShard, type Heartbeat, heartbeat } from './groups.js';

const shards: GroupShard[] = [
  { shardId: 'shardId-000000000000', parents: [], closed: true },
  { shardId: 'shardId-000000000001', parents: ['shardId-000000000000'], closed: false },
  { shardId: 'shardId-000000000002', parents: ['shardId-000000000000'], closed: false },
  { shardId: 'shardId-000000000003', parents: [], closed: false },
];
const empty: GroupState = { members: [], leases: [] };
const hb = (member: string, now: number, held: string[] = [], more: Partial<Heartbeat> = {}): Heartbeat => ({
  member,
  held,
  now,
  leaseMs: 1000,
  leaving: false,
  start: 'TRIM_HORIZON',
  ...more,
});

describe('consumer group coordination', () => {
  it('assigns parents before children, and children once the parents are finished', () => {
    const first = heartbeat(empty, shards, hb('a', 0));
    expect(first.assigned.map((a) => a.shardId)).toEqual(['shardId-000000000000', 'shardId-000000000003']);
    const finished: GroupState = {
      ...first.state,
      leases: first.state.leases.map((l) => (l.shardId === 'shardId-000000000000' ? { ...l, finished: true } : l)),
    };
    const next = heartbeat(finished, shards, hb('a', 100, ['shardId-000000000003']));
    expect(next.assigned.map((a) => a.shardId).sort()).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
      'shardId-000000000003',
    ]);
  });

  it('rebalances through release: a held shard moves only after its holder lets it go', () => {
    const open = shards.slice(3).concat([
      { shardId: 'shardId-000000000004', parents: [], closed: false },
      { shardId: 'shardId-000000000005', parents: [], closed: false },
      { shardId: 'shardId-000000000006', parents: [], closed: false },
    ]);
    const a1 = heartbeat(empty, open, hb('a', 0));
    expect(a1.assigned).toHaveLength(4);
    const b1 = heartbeat(a1.state, open, hb('b', 10));
    expect(b1.assigned).toEqual([]); // all held by a
    const a2 = heartbeat(
      b1.state,
      open,
      hb(
        'a',
        20,
        a1.assigned.map((x) => x.shardId),
      ),
    );
    expect(a2.assigned).toHaveLength(2);
    expect(a2.release).toHaveLength(2);
    const b2 = heartbeat(a2.state, open, hb('b', 30));
    expect(b2.assigned).toEqual([]); // a has not let go yet
    const a3 = heartbeat(
      b2.state,
      open,
      hb(
        'a',
        40,
        a2.assigned.map((x) => x.shardId),
      ),
    );
    expect(a3.release).toEqual([]);
    const b3 = heartbeat(a3.state, open, hb('b', 50));
    expect(b3.assigned.map((x) => x.shardId)).toEqual(a2.release);
  });

  it("gives a gone member's shards to the others once its session ends", () => {
    const open = [shards[3]!];
    const a = heartbeat(empty, open, hb('a', 0));
    const b = heartbeat(a.state, open, hb('b', 500));
    expect(b.assigned).toEqual([]);
    const later = heartbeat(b.state, open, hb('b', 1001));
    expect(later.assigned.map((x) => x.shardId)).toEqual(['shardId-000000000003']);
    expect(later.members).toBe(1);
  });

  it('starts a new group at LATEST: open shards after their newest record, closed shards finished', () => {
    const withLatest = shards.map((s) => (s.closed ? s : { ...s, latest: `seq-${s.shardId}` }));
    const out = heartbeat(empty, withLatest, hb('a', 0, [], { start: 'LATEST' }));
    expect(out.assigned.map((a) => [a.shardId, a.checkpoint])).toEqual([
      ['shardId-000000000001', 'seq-shardId-000000000001'],
      ['shardId-000000000002', 'seq-shardId-000000000002'],
      ['shardId-000000000003', 'seq-shardId-000000000003'],
    ]);
  });
});
