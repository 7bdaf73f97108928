/**
 * Contract: pipes (PipeStore in port.ts). Both adapters keep pipes as versioned records listed by
 * ARN with ListPipes' filters, update them optimistically, and lease each pipe to one node at a
 * time (taken when free or ended, renewed by its holder, given back only by its holder).
 */
import { describe, expect, it } from 'vitest';
import type { PipeRecord } from '../port.js';
import { ACCOUNT, REGION, T0 } from './fixtures.js';
import { allPages, type StoreContext } from './harness.js';

const prefix = (region = REGION) => `arn:aws:pipes:${region}:${ACCOUNT}:pipe/`;

function pipe(name: string, overrides: Partial<PipeRecord> = {}, region = REGION): PipeRecord {
  return {
    arn: `${prefix(region)}${name}`,
    name,
    desiredState: 'RUNNING',
    currentState: 'RUNNING',
    source: `arn:aws:sqs:${region}:${ACCOUNT}:${name}-in`,
    target: `arn:aws:sqs:${region}:${ACCOUNT}:${name}-out`,
    settings: {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/pipes`,
      SourceParameters: { SqsQueueParameters: { BatchSize: 5 } },
    },
    createdAt: T0,
    lastModifiedAt: T0,
    version: 1,
    ...overrides,
  };
}

export function describePipes(ctx: StoreContext): void {
  const pipes = () => ctx.store.pipes;

  describe('pipes', () => {
    it('creates a pipe at version 1, reads it back, and refuses a second with its ARN', async () => {
      const record = pipe('orders', { enrichment: 'arn:aws:lambda:us-east-1:123456789012:function:enrich' });
      expect(await pipes().create({ ...record, version: 7 })).toEqual({ kind: 'created' });
      expect(await pipes().get(record.arn)).toEqual(record);
      expect(await pipes().create(pipe('orders', { target: 'other' }))).toEqual({
        kind: 'alreadyExists',
        existing: record,
      });
      expect(await pipes().get(`${prefix()}missing`)).toBeUndefined();
    });

    it('lists by ARN prefix and by every ListPipes filter, a page at a time', async () => {
      await pipes().create(pipe('a-1'));
      await pipes().create(pipe('a-2', { desiredState: 'STOPPED', currentState: 'STOPPED' }));
      await pipes().create(pipe('a-3', { source: 'arn:aws:kinesis:us-east-1:123456789012:stream/rides' }));
      await pipes().create(pipe('b-1', { currentState: 'CREATE_FAILED', target: 'arn:aws:lambda:x' }));
      await pipes().create(pipe('a-9', {}, 'eu-west-1'));
      const names = async (arnPrefix: string, filter = {}) =>
        (await allPages((p) => pipes().list(arnPrefix, filter, p), 2)).flatMap((p) => p.items.map((i) => i.name));

      expect(await names(prefix())).toEqual(['a-1', 'a-2', 'a-3', 'b-1']);
      expect(await names(`${prefix()}a-`)).toEqual(['a-1', 'a-2', 'a-3']);
      expect(await names(prefix(), { desiredState: 'STOPPED' })).toEqual(['a-2']);
      expect(await names(prefix(), { currentState: 'CREATE_FAILED' })).toEqual(['b-1']);
      expect(await names(prefix(), { sourcePrefix: 'arn:aws:kinesis:' })).toEqual(['a-3']);
      expect(await names(prefix(), { targetPrefix: 'arn:aws:sqs:us-east-1:123456789012:a-' })).toEqual([
        'a-1',
        'a-2',
        'a-3',
      ]);
      expect(
        await names(prefix(), { desiredState: 'RUNNING', currentState: 'RUNNING', targetPrefix: 'arn:aws:sqs' }),
      ).toEqual(['a-1', 'a-3']);
      const first = await pipes().list(prefix(), {}, { limit: 3 });
      expect(first.items.map((i) => i.name)).toEqual(['a-1', 'a-2', 'a-3']);
      expect(first.next).toBeDefined();
      expect((await pipes().list(prefix(), {}, { limit: 3, after: first.next! })).items.map((i) => i.name)).toEqual([
        'b-1',
      ]);
    });

    it('updates only at the version read: the stored version moves on; a stale or missing pipe changes nothing', async () => {
      const record = pipe('orders');
      await pipes().create(record);
      const stopped = {
        ...record,
        desiredState: 'STOPPED' as const,
        currentState: 'STOPPED' as const,
        lastModifiedAt: T0 + 5,
      };
      expect(await pipes().update(stopped)).toBe('updated');
      expect(await pipes().get(record.arn)).toEqual({ ...stopped, version: 2 });
      expect(await pipes().update({ ...record, target: 'stale' })).toBe('conflict');
      expect((await pipes().get(record.arn))?.target).toBe(record.target);
      expect(await pipes().update(pipe('missing'))).toBe('notFound');
      expect(await pipes().list(prefix(), { desiredState: 'STOPPED' }, { limit: 10 })).toMatchObject({
        items: [{ name: 'orders', version: 2 }],
      });
    });

    it('lists the pipes meant to run, in every region', async () => {
      await pipes().create(pipe('run'));
      await pipes().create(pipe('stopped', { desiredState: 'STOPPED', currentState: 'STOPPED' }));
      await pipes().create(pipe('failed', { currentState: 'CREATE_FAILED' }));
      await pipes().create(pipe('elsewhere', {}, 'eu-west-1'));
      expect((await pipes().listRunning()).map((p) => p.name).sort()).toEqual(['elsewhere', 'failed', 'run']);
    });

    it('leases a pipe to one node at a time: renewed by its holder, taken over once ended', async () => {
      const a = pipe('a');
      const b = pipe('b');
      await pipes().create(a);
      await pipes().create(b);
      const missing = `${prefix()}missing`;
      expect((await pipes().lease([a.arn, b.arn, missing], 'node-1', T0, T0 + 100)).sort()).toEqual([a.arn, b.arn]);
      expect(await pipes().lease([a.arn, b.arn], 'node-2', T0 + 50, T0 + 150)).toEqual([]);
      expect(await pipes().lease([a.arn], 'node-1', T0 + 60, T0 + 200)).toEqual([a.arn]);
      // b's lease ended at T0 + 100 and was not renewed; a's runs to T0 + 200.
      expect(await pipes().lease([a.arn, b.arn], 'node-2', T0 + 100, T0 + 300)).toEqual([b.arn]);
      await pipes().release([a.arn, b.arn], 'node-2');
      expect(await pipes().lease([a.arn], 'node-2', T0 + 150, T0 + 300)).toEqual([]);
      expect(await pipes().lease([b.arn], 'node-3', T0 + 150, T0 + 300)).toEqual([b.arn]);
    });

    it('deletes a pipe with its lease, so a new pipe of that name starts unleased', async () => {
      const record = pipe('orders');
      await pipes().create(record);
      await pipes().lease([record.arn], 'node-1', T0, T0 + 1_000);
      expect(await pipes().delete(record.arn)).toBe(true);
      expect(await pipes().get(record.arn)).toBeUndefined();
      expect(await pipes().delete(record.arn)).toBe(false);
      await pipes().create(record);
      expect(await pipes().lease([record.arn], 'node-2', T0 + 1, T0 + 1_000)).toEqual([record.arn]);
    });
  });
}
