/**
 * Contract: the bus's documents (DocumentTable in port.ts: archives, replays, connections, API
 * destinations) and archived events (EventArchiveStore). Both adapters create a document once,
 * list by key prefix with paging, update under the version check and delete; and append events
 * to an archive's log in the transaction that deletes their outbox rows, once per row however
 * often it is dispatched, with dense seqs, counts and sizes that follow retention.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord, EventArchiveRecord } from '../port.js';
import { T0 } from './fixtures.js';
import { allPages, type StoreContext } from './harness.js';

const PREFIX = 'arn:aws:events:us-east-1:123456789012:';

function connection(name: string, overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    arn: `${PREFIX}connection/${name}/0f6e9a35-8d6c-4b0a-9b1e-1f2a3b4c5d6e`,
    name,
    authorizationType: 'API_KEY',
    authParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'secret' } },
    state: 'AUTHORIZED',
    secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/x',
    createdAt: T0,
    lastModifiedAt: T0,
    version: 1,
    ...overrides,
  };
}

const bytes = (text: string) => new TextEncoder().encode(text);

export function describeEventArchives(ctx: StoreContext): void {
  describe('bus documents', () => {
    const table = () => ctx.store.connections;
    const key = (name: string) => `${PREFIX}connection/${name}`;

    it('creates once, reads, lists by key prefix with paging, and deletes', async () => {
      for (const name of ['b', 'a', 'ab', 'c'])
        expect(await table().create(key(name), connection(name))).toBe('created');
      expect(await table().create(key('a'), connection('a', { description: 'other' }))).toBe('alreadyExists');
      expect(await table().get(key('a'))).toEqual(connection('a'));
      const pages = await allPages((p) => table().list(`${PREFIX}connection/`, p), 3);
      expect(pages.map((p) => p.items.map((c) => c.name))).toEqual([['a', 'ab', 'b'], ['c']]);
      expect((await table().list(key('a'), { limit: 10 })).items.map((c) => c.name)).toEqual(['a', 'ab']);
      // Kinds are apart: the same key names nothing among API destinations.
      expect(await ctx.store.apiDestinations.get(key('a'))).toBeUndefined();
      expect(await table().delete(key('a'))).toBe(true);
      expect(await table().delete(key('a'))).toBe(false);
      expect(await table().get(key('a'))).toBeUndefined();
    });

    it('updates only from the version the caller read', async () => {
      await table().create(key('v'), connection('v'));
      const next = connection('v', { state: 'DEAUTHORIZED', version: 2 });
      const outcomes = await Promise.all([
        table().update(key('v'), next),
        table().update(key('v'), { ...next, description: 'b' }),
      ]);
      expect([...outcomes].sort()).toEqual(['conflict', 'updated']);
      expect((await table().get(key('v')))?.version).toBe(2);
      expect(await table().update(key('gone'), connection('gone', { version: 2 }))).toBe('conflict');
    });
  });

  describe('archived events', () => {
    const archives = () => ctx.store.eventArchives;

    async function archive(name: string): Promise<EventArchiveRecord> {
      const logId = await ctx.store.log.create(`archive:${name}`, [0]);
      const record: EventArchiveRecord = {
        arn: `${PREFIX}archive/${name}`,
        name,
        eventSourceArn: `${PREFIX}event-bus/default`,
        retentionDays: 0,
        state: 'ENABLED',
        createdAt: T0,
        logId,
        version: 1,
      };
      expect(await archives().create(record.arn, record)).toBe('created');
      return record;
    }

    /** An outbox row of an archive's managed rule, and the event it archives. */
    async function delivered(logId: number, id: string) {
      const rule = `${PREFIX}rule/Events-Archive-x`;
      await ctx.store.bus.enqueue([
        {
          id: `d-${id}-${logId}`,
          ruleArn: rule,
          targetId: 'x',
          target: { Id: 'x', Arn: `${PREFIX}archive/x` },
          event: `{"id":"${id}"}`,
          ingestedAt: T0,
          dueAt: T0,
        },
      ]);
      return { logId, deliveryId: `d-${id}-${logId}`, eventId: id, data: bytes(`{"id":"${id}"}`) };
    }

    it('appends an event with the deletion of its outbox row, once however often the row is dispatched', async () => {
      const a = await archive('a');
      const b = await archive('b');
      const [a1, b1, a2] = [
        await delivered(a.logId, 'e1'),
        await delivered(b.logId, 'e1'),
        await delivered(a.logId, 'e2'),
      ];
      expect(await archives().append([a1!, b1!, a2!], T0)).toEqual(['archived', 'archived', 'archived']);
      expect(await ctx.store.bus.pending()).toBe(0);
      // The same rows dispatched again (a lease that ran out): nothing more is kept.
      const a3 = await delivered(a.logId, 'e3');
      expect(await archives().append([a2!, a3, a3], T0 + 5)).toEqual([
        'alreadyArchived',
        'archived',
        'alreadyArchived',
      ]);
      const read = await ctx.store.log.read({
        log: a.logId,
        partition: 0,
        from: 1,
        limit: 10,
        maxBytes: 1 << 20,
        notBefore: 0,
      });
      expect(read.map((r) => [r.seq, r.key, r.at, new TextDecoder().decode(r.data)])).toEqual([
        [1, 'e1', T0, '{"id":"e1"}'],
        [2, 'e2', T0, '{"id":"e2"}'],
        [3, 'e3', T0 + 5, '{"id":"e3"}'],
      ]);
      expect(await archives().stats(a.logId)).toEqual({ eventCount: 3, sizeBytes: 33 });
      expect(await archives().stats(b.logId)).toEqual({ eventCount: 1, sizeBytes: 11 });
    });

    it('archives concurrent attempts at one row once', async () => {
      const a = await archive('c');
      const row = await delivered(a.logId, 'e1');
      const outcomes = await Promise.all([archives().append([row], T0), archives().append([row], T0)]);
      expect(outcomes.flat().sort()).toEqual(['alreadyArchived', 'archived']);
      expect((await archives().stats(a.logId)).eventCount).toBe(1);
    });

    it('drops the row of an archive whose log is gone, and trims with retention, counts following', async () => {
      const gone = await archive('gone');
      await archives().dropLog(gone.logId);
      expect(await archives().append([await delivered(gone.logId, 'e9')], T0)).toEqual(['noLog']);
      expect(await ctx.store.bus.pending()).toBe(0);
      expect(await archives().stats(gone.logId)).toEqual({ eventCount: 0, sizeBytes: 0 });
      const r = await archive('r');
      for (let i = 1; i <= 4; i++) await archives().append([await delivered(r.logId, `e${i}`)], T0 + i);
      expect(await archives().trim(r.logId, await ctx.store.log.seqAt(r.logId, 0, T0 + 3))).toBe(2);
      expect(await archives().stats(r.logId)).toEqual({ eventCount: 2, sizeBytes: 22 });
    });
  });
}
