/**
 * Contract: logs and streams (LogStore and StreamStore in streams-port.ts). Both adapters append
 * in order with dense seqs and non-decreasing arrival times, refuse appends to sealed or missing
 * partitions, read within limits and retention, find positions by time, trim prefixes; keep
 * stream records with optimistic updates that seal and open partitions atomically; and
 * coordinate consumer groups (read-decide-write) with checkpoints guarded by leases.
 */
import { describe, expect, it } from 'vitest';
import type { GroupState, NewStream, StreamShardRecord } from '../port.js';
import { T0 } from './fixtures.js';
import type { StoreContext } from './harness.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (data: Uint8Array) => Buffer.from(data).toString();

function shard(partition: number, overrides: Partial<StreamShardRecord> = {}): StreamShardRecord {
  return {
    shardId: `shardId-${String(partition).padStart(12, '0')}`,
    partition,
    startingHashKey: '0',
    endingHashKey: '340282366920938463463374607431768211455',
    createdAt: T0,
    ...overrides,
  };
}

function stream(name: string, shards = [shard(0)]): NewStream {
  return {
    arn: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`,
    name,
    status: 'ACTIVE',
    mode: 'PROVISIONED',
    retentionHours: 24,
    createdAt: T0,
    shards,
    consumers: [],
    scalings: [],
  };
}

export function describeStreams(ctx: StoreContext): void {
  const log = () => ctx.store.log;
  const streams = () => ctx.store.streams;

  describe('logs', () => {
    it('appends in order with dense seqs per partition and reads back from a position', async () => {
      const id = await log().create('l', [0, 1]);
      const out = await log().append([
        {
          log: id,
          partition: 0,
          records: [
            { key: 'a', data: bytes('a1') },
            { key: 'a', data: bytes('a2') },
          ],
          now: T0,
        },
        { log: id, partition: 1, records: [{ key: 'b', data: bytes('b1') }], now: T0 },
        { log: id, partition: 0, records: [{ key: 'c', data: bytes('c1') }], now: T0 + 5 },
      ]);
      expect(out).toEqual([
        { kind: 'appended', firstSeq: 1, at: T0 },
        { kind: 'appended', firstSeq: 1, at: T0 },
        { kind: 'appended', firstSeq: 3, at: T0 + 5 },
      ]);
      const read = await log().read({ log: id, partition: 0, from: 2, limit: 10, maxBytes: 1 << 20, notBefore: 0 });
      expect(read.map((r) => [r.seq, r.at, r.key, text(r.data)])).toEqual([
        [2, T0, 'a', 'a2'],
        [3, T0 + 5, 'c', 'c1'],
      ]);
      expect(await log().partition(id, 0)).toEqual({ partition: 0, nextSeq: 4, lastAt: T0 + 5, sealed: false });
      expect(await log().partition(id, 7)).toBeUndefined();
    });

    it('never lets arrival times go back within a partition', async () => {
      const id = await log().create('l', [0]);
      await log().append([{ log: id, partition: 0, records: [{ key: 'k', data: bytes('x') }], now: T0 + 100 }]);
      const [late] = await log().append([
        { log: id, partition: 0, records: [{ key: 'k', data: bytes('y') }], now: T0 },
      ]);
      expect(late).toEqual({ kind: 'appended', firstSeq: 2, at: T0 + 100 });
    });

    it('refuses appends to sealed and missing partitions, changing nothing', async () => {
      const id = await log().create('l', [0, 1]);
      await log().seal(id, [0]);
      const out = await log().append([
        { log: id, partition: 0, records: [{ key: 'k', data: bytes('x') }], now: T0 },
        { log: id, partition: 2, records: [{ key: 'k', data: bytes('x') }], now: T0 },
        { log: id, partition: 1, records: [{ key: 'k', data: bytes('x') }], now: T0 },
      ]);
      expect(out.map((o) => o.kind)).toEqual(['sealed', 'noPartition', 'appended']);
      expect((await log().partition(id, 0))?.nextSeq).toBe(1);
      await log().extend(id, [2]);
      const [later] = await log().append([
        { log: id, partition: 2, records: [{ key: 'k', data: bytes('x') }], now: T0 },
      ]);
      expect(later?.kind).toBe('appended');
    });

    it('reads within the record limit, the byte budget (at least one record) and retention', async () => {
      const id = await log().create('l', [0]);
      for (let i = 0; i < 10; i++) {
        await log().append([
          { log: id, partition: 0, records: [{ key: 'k', data: bytes('x'.repeat(99)) }], now: T0 + i },
        ]);
      }
      const read = (limit: number, maxBytes: number, notBefore = 0) =>
        log().read({ log: id, partition: 0, from: 1, limit, maxBytes, notBefore });
      expect(await read(3, 1 << 20)).toHaveLength(3);
      expect((await read(10, 250)).map((r) => r.seq)).toEqual([1, 2]);
      expect((await read(10, 10)).map((r) => r.seq)).toEqual([1]);
      expect((await read(10, 1 << 20, T0 + 7)).map((r) => r.seq)).toEqual([8, 9, 10]);
    });

    it('finds the first seq at or after an instant, and trims the records before one', async () => {
      const id = await log().create('l', [0]);
      for (let i = 0; i < 20; i++) {
        await log().append([{ log: id, partition: 0, records: [{ key: 'k', data: bytes(`${i}`) }], now: T0 + i * 10 }]);
      }
      expect(await log().seqAt(id, 0, 0)).toBe(1);
      expect(await log().seqAt(id, 0, T0 + 55)).toBe(7);
      expect(await log().seqAt(id, 0, T0 + 60)).toBe(7);
      expect(await log().seqAt(id, 0, T0 + 1000)).toBe(21);
      expect(await log().trim(id, 0, T0 + 100)).toBe(10);
      expect(await log().seqAt(id, 0, 0)).toBe(11);
      const rest = await log().read({ log: id, partition: 0, from: 1, limit: 100, maxBytes: 1 << 20, notBefore: 0 });
      expect(rest.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 11));
      await log().drop(id);
      expect(await log().partition(id, 0)).toBeUndefined();
    });
  });

  describe('streams', () => {
    it('creates a stream with a log holding one partition per shard, once', async () => {
      const created = await streams().create(stream('s', [shard(0), shard(1)]));
      if (created.kind !== 'created') throw new Error('not created');
      expect(created.record.version).toBe(1);
      expect(await streams().get(created.record.arn)).toEqual(created.record);
      expect((await log().partition(created.record.logId, 1))?.sealed).toBe(false);
      const again = await streams().create(stream('s', [shard(0)]));
      expect(again).toEqual({ kind: 'alreadyExists', existing: created.record });
    });

    it('lists by prefix in ARN order, in pages', async () => {
      for (const name of ['b', 'a', 'c']) await streams().create(stream(name));
      const prefix = 'arn:aws:kinesis:us-east-1:123456789012:stream/';
      const first = await streams().list(prefix, { limit: 2 });
      expect(first.items.map((s) => s.name)).toEqual(['a', 'b']);
      const second = await streams().list(prefix, { limit: 2, after: first.next! });
      expect(second).toEqual({ items: [expect.objectContaining({ name: 'c' })] });
      expect((await streams().list('arn:aws:kinesis:eu-west-1:', { limit: 10 })).items).toEqual([]);
    });

    it('updates optimistically, sealing and opening partitions with the record', async () => {
      const created = await streams().create(stream('s'));
      if (created.kind !== 'created') throw new Error('not created');
      const record = created.record;
      const closed = { ...record, shards: [{ ...record.shards[0]!, closedAt: T0 + 1 }, shard(1), shard(2)] };
      expect(await streams().update(closed, { seal: [0], open: [1, 2] })).toBe('updated');
      expect(await streams().update(closed, { seal: [1], open: [3] })).toBe('conflict');
      const stored = await streams().get(record.arn);
      expect(stored?.version).toBe(2);
      expect(stored?.shards).toHaveLength(3);
      expect((await log().partition(record.logId, 0))?.sealed).toBe(true);
      expect((await log().partition(record.logId, 1))?.sealed).toBe(false);
      expect(await log().partition(record.logId, 3)).toBeUndefined();
      // A partition opened and sealed by one change (a short-lived shard of a resharding) ends up sealed.
      const again = (await streams().get(record.arn))!;
      expect(await streams().update(again, { seal: [1, 3], open: [3, 4] })).toBe('updated');
      expect((await log().partition(record.logId, 3))?.sealed).toBe(true);
      expect((await log().partition(record.logId, 4))?.sealed).toBe(false);
    });

    it('deletes the record with its log and groups', async () => {
      const created = await streams().create(stream('s'));
      if (created.kind !== 'created') throw new Error('not created');
      const key = { streamArn: created.record.arn, group: 'g' };
      await streams().coordinate(key, () => ({ members: [{ id: 'm', expiresAt: T0 }], leases: [] }));
      expect(await streams().delete(created.record.arn)).toBe(true);
      expect(await streams().get(created.record.arn)).toBeUndefined();
      expect(await log().partition(created.record.logId, 0)).toBeUndefined();
      expect(await streams().group(key)).toBeUndefined();
      expect(await streams().delete(created.record.arn)).toBe(false);
    });
  });

  describe('consumer groups', () => {
    const key = { streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', group: 'g' };
    const take =
      (owner: string, leaseUntil: number, checkpoint?: string) =>
      (state: GroupState): GroupState => ({
        members: [...state.members.filter((m) => m.id !== owner), { id: owner, expiresAt: leaseUntil }],
        leases: [
          {
            shardId: 'shardId-000000000000',
            owner,
            leaseUntil,
            finished: false,
            ...(checkpoint !== undefined ? { checkpoint } : {}),
          },
        ],
      });

    it('starts a group from the empty state and stores what the decision returns', async () => {
      expect(await streams().group(key)).toBeUndefined();
      let seen: GroupState | undefined;
      const state = await streams().coordinate(key, (s) => {
        seen = s;
        return take('m1', T0 + 1000, '1')(s);
      });
      expect(seen).toEqual({ members: [], leases: [] });
      expect(state).toEqual({
        members: [{ id: 'm1', expiresAt: T0 + 1000 }],
        leases: [
          { shardId: 'shardId-000000000000', owner: 'm1', leaseUntil: T0 + 1000, checkpoint: '1', finished: false },
        ],
      });
      expect(await streams().groups(key.streamArn)).toEqual(['g']);
    });

    const checkpoint = async (shardId: string, member: string, now: number, sequence: string, finished: boolean) =>
      (await streams().checkpoint([{ key, shardId, member, now, checkpoint: sequence, finished }]))[0];

    it('stores checkpoints only from the lease holder while the lease lasts', async () => {
      await streams().coordinate(key, take('m1', T0 + 1000));
      expect(await checkpoint('shardId-000000000000', 'm2', T0, '5', false)).toBe('leaseLost');
      expect(await checkpoint('shardId-000000000000', 'm1', T0 + 1000, '5', false)).toBe('leaseLost');
      expect(await checkpoint('shardId-000000000000', 'm1', T0, '5', true)).toBe('stored');
      // A later coordination moves the lease but never the checkpoint.
      const state = await streams().coordinate(key, take('m2', T0 + 2000, '1'));
      expect(state.leases[0]).toEqual({
        shardId: 'shardId-000000000000',
        owner: 'm2',
        leaseUntil: T0 + 2000,
        checkpoint: '5',
        finished: true,
      });
      expect(await checkpoint('shardId-000000000000', 'm1', T0, '6', false)).toBe('leaseLost');
      // A group of checkpoints: one outcome each, in order.
      const r = (shardId: string, member: string) => ({
        key,
        shardId,
        member,
        now: T0,
        checkpoint: '7',
        finished: false,
      });
      expect(
        await streams().checkpoint([r('shardId-000000000000', 'm2'), r('shardId-000000000000', 'm1'), r('x', 'm2')]),
      ).toEqual(['stored', 'leaseLost', 'leaseLost']);
      await streams().deleteGroup(key);
      expect(await streams().group(key)).toBeUndefined();
    });

    it('serializes concurrent coordinations of one group', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          streams().coordinate(key, (s) => ({
            members: [...s.members, { id: `m${i}`, expiresAt: T0 }],
            leases: s.leases,
          })),
        ),
      );
      expect((await streams().group(key))?.members).toHaveLength(8);
    });
  });
}
